#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace huzhu::core {

/// A small streaming JSON writer with a fixed key order and no floating point, so that the
/// same values always give the same bytes (quotes must be byte-identical on every run).
/// Strings are written as UTF-8; control characters, quotes and backslashes are escaped, and
/// '<', '>' and '&' as \u escapes so that the output is safe to embed in HTML.
/// Misuse (a value where a key is due, unbalanced ends) is a programmer error and asserts.
/// Not thread-safe; one writer per document.
class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();
    /// Inserts an already serialised JSON value verbatim (REQUIRES: valid JSON).
    JsonWriter& raw(std::string_view json);

    /// The document so far; complete once every begin has its end.
    const std::string& str() const { return _out; }

    static void appendEscaped(std::string& out, std::string_view text);

private:
    void beforeValue();

    std::string _out;
    std::vector<bool> _first;  // per open container: no element written yet
    bool _afterKey = false;
};

}  // namespace huzhu::core
