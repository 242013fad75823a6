#include "adapters/formats/CsvReader.h"

namespace huzhu::adapters::formats {

bool isValidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

CsvReader::CsvReader(std::istream& in, std::size_t maxFieldBytes)
    : _in(in), _maxFieldBytes(maxFieldBytes) {}

int CsvReader::get() {
    if (_pos == _end) {
        _in.read(_buffer, sizeof _buffer);
        _end = static_cast<std::size_t>(_in.gcount());
        _pos = 0;
        if (_end == 0) return -1;
    }
    return static_cast<unsigned char>(_buffer[_pos++]);
}

bool CsvReader::fail(std::int64_t line, std::string message) {
    _error = CsvError{line, std::move(message)};
    return false;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    if (_error) return false;
    fields.clear();
    int c = get();
    if (!_started) {
        _started = true;
        // A UTF-8 byte order mark. Other characters that start with the byte EF (U+F000 to
        // U+FFFF, such as the fullwidth "（") are data. The first read filled the buffer.
        if (c == 0xEF && _end - _pos >= 2 && static_cast<unsigned char>(_buffer[_pos]) == 0xBB &&
            static_cast<unsigned char>(_buffer[_pos + 1]) == 0xBF) {
            _pos += 2;
            c = get();
        }
    }
    // Skip blank lines between records.
    while (c == '\n' || c == '\r') {  // LF, CRLF or a lone CR
        ++_line;
        const int d = get();
        c = (c == '\r' && d == '\n') ? get() : d;
    }
    if (c < 0) return false;
    _recordLine = _line;

    std::string field;
    bool quoted = false;     // inside quotes
    bool wasQuoted = false;  // the current field was quoted (only a separator may follow)
    auto finishField = [&]() -> bool {
        if (!isValidUtf8(field))
            return fail(_recordLine, "field " + std::to_string(fields.size() + 1) +
                                         " is not valid UTF-8 (save the file as UTF-8, not GBK)");
        fields.push_back(std::move(field));
        field.clear();
        wasQuoted = false;
        return true;
    };
    for (;; c = get()) {
        if (quoted) {
            if (c < 0) return fail(_recordLine, "a quoted field is not closed");
            if (c == '"') {
                const int d = get();
                if (d != '"') {
                    quoted = false;
                    wasQuoted = true;
                    if (d < 0) {
                        c = d;
                        break;
                    }
                    --_pos;  // look at d again as an ordinary character
                    continue;
                }
                field += '"';  // a doubled quote: counts towards the size limit below
            } else {
                if (c == '\n') ++_line;
                field += static_cast<char>(c);
            }
        } else if (c == ',') {
            if (!finishField()) return false;
            continue;
        } else if (c == '\n' || c == '\r' || c < 0) {
            if (c == '\r') {
                const int d = get();
                if (d != '\n' && d >= 0) --_pos;
            }
            if (c >= 0) ++_line;
            break;
        } else if (c == '"') {
            if (!field.empty() || wasQuoted)
                return fail(_line,
                            "a quote inside an unquoted field (quote the whole field and "
                            "double the inner quotes)");
            quoted = true;
            continue;
        } else {
            if (wasQuoted) return fail(_line, "text after a closing quote");
            field += static_cast<char>(c);
        }
        if (field.size() > _maxFieldBytes)
            return fail(_recordLine, "field " + std::to_string(fields.size() + 1) +
                                         " is longer than " + std::to_string(_maxFieldBytes) +
                                         " bytes");
    }
    return finishField();
}

}  // namespace huzhu::adapters::formats
