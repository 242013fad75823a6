#include "core/JsonWriter.h"

#include <cassert>

namespace huzhu::core {

void JsonWriter::beforeValue() {
    if (_afterKey) {
        _afterKey = false;
        return;
    }
    if (!_first.empty()) {
        if (!_first.back()) _out += ',';
        _first.back() = false;
    }
}

JsonWriter& JsonWriter::beginObject() {
    beforeValue();
    _out += '{';
    _first.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    assert(!_first.empty() && !_afterKey);
    _first.pop_back();
    _out += '}';
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    beforeValue();
    _out += '[';
    _first.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    assert(!_first.empty());
    _first.pop_back();
    _out += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    assert(!_first.empty() && !_afterKey);
    beforeValue();
    _out += '"';
    appendEscaped(_out, name);
    _out += "\":";
    _afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    beforeValue();
    _out += '"';
    appendEscaped(_out, text);
    _out += '"';
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    beforeValue();
    _out += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    beforeValue();
    _out += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    beforeValue();
    _out += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    beforeValue();
    _out += json;
    return *this;
}

void JsonWriter::appendEscaped(std::string& out, std::string_view text) {
    static const char* const Hex = "0123456789abcdef";
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '<':
            case '>':
            case '&':
                out += "\\u00";
                out += Hex[u >> 4];
                out += Hex[u & 0xF];
                break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out += Hex[u >> 4];
                    out += Hex[u & 0xF];
                } else {
                    out += c;
                }
        }
    }
}

}  // namespace huzhu::core
