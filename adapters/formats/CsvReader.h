#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace huzhu::adapters::formats {

/// A malformed CSV file: which line (1-based, physical) and why. The reader cannot go on
/// after it: the rest of the file has no reliable structure.
struct CsvError {
    std::int64_t line = 0;
    std::string message;
};

/// A streaming RFC 4180 reader for UTF-8 import files: an optional BOM, LF or CRLF line ends,
/// quoted fields with commas, doubled quotes and line breaks. Memory is bounded by the longest
/// record (fields over `maxFieldBytes` are an error), not by the file. Every field is checked
/// to be valid UTF-8 (GBK bytes, a common mistake with spreadsheet exports, are refused).
/// Written here rather than taken from a library because the import report needs the exact
/// line of each record and these checks on every field; Debian's libcsv offers neither.
/// Not thread-safe; one reader per stream.
class CsvReader {
public:
    static constexpr std::size_t DefaultMaxFieldBytes = 4096;

    explicit CsvReader(std::istream& in, std::size_t maxFieldBytes = DefaultMaxFieldBytes);

    /// Reads the next record into `fields`; false at the end of the input. Blank lines are
    /// skipped. Throws nothing; a malformed record sets error() and returns false.
    bool next(std::vector<std::string>& fields);

    /// The physical line on which the last record returned started.
    std::int64_t recordLine() const { return _recordLine; }
    const std::optional<CsvError>& error() const { return _error; }

private:
    int get();
    bool fail(std::int64_t line, std::string message);

    std::istream& _in;
    std::size_t _maxFieldBytes;
    std::int64_t _line = 1;
    std::int64_t _recordLine = 0;
    bool _started = false;
    std::optional<CsvError> _error;
    char _buffer[1 << 16];
    std::size_t _pos = 0, _end = 0;
};

/// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool isValidUtf8(std::string_view text);

}  // namespace huzhu::adapters::formats
