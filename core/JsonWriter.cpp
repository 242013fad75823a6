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
    // Runs of characters that need no escape are appended whole: a claim's JSON is mostly
    // such runs, and appending them a character at a time was 2 % of a claim view's CPU.
    static const char* const Hex = "0123456789abcdef";
    std::size_t run = 0;  // where the current run of unescaped characters began
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        const bool plain = u >= 0x20 && u != '"' && u != '\\' && u != '<' && u != '>' && u != '&';
        if (plain) continue;
        out.append(text.substr(run, i - run));
        run = i + 1;
        switch (u) {
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
            default:  // the other control characters, and < > & (safe inside <script>)
                out += "\\u00";
                out += Hex[u >> 4];
                out += Hex[u & 0xF];
        }
    }
    out.append(text.substr(run));
}

}  // namespace huzhu::core
