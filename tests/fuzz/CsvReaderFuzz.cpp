// A libFuzzer target for the CSV reader: any bytes must give records or one error, never a
// crash, a hang or unbounded memory, and what it returns must keep the reader's promises.
//
// Built with clang++ -fsanitize=fuzzer,address,undefined (tests/fuzz/CMakeLists.txt). Without
// libFuzzer, HUZHU_FUZZ_STANDALONE adds a main() that replays the seed files and a fixed number
// of deterministic mutations of them through the same function.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/formats/CsvReader.h"

namespace {

using huzhu::adapters::formats::CsvReader;
using huzhu::adapters::formats::isValidUtf8;

constexpr std::size_t MaxFieldBytes = 64;

[[noreturn]] void broken(const char* promise) {
    std::fprintf(stderr, "CsvReader broke a promise: %s\n", promise);
    std::abort();
}

void check(bool ok, const char* promise) {
    if (!ok) broken(promise);
}

/// Every record read from `data` (stopping at an error).
struct Read {
    std::vector<std::vector<std::string>> records;
    std::vector<std::int64_t> lines;
    bool failed = false;
    std::int64_t errorLine = 0;
};

Read readAll(std::string_view data) {
    std::istringstream in{std::string(data)};
    CsvReader reader(in, MaxFieldBytes);
    Read r;
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        r.records.push_back(fields);
        r.lines.push_back(reader.recordLine());
    }
    if (reader.error()) {
        r.failed = true;
        r.errorLine = reader.error()->line;
        check(!reader.error()->message.empty(), "an error has a message");
    }
    check(!reader.next(fields), "nothing after the end or an error");
    return r;
}

/// The records written back as RFC 4180, every field quoted.
std::string write(const std::vector<std::vector<std::string>>& records) {
    std::string out;
    for (const auto& record : records) {
        for (std::size_t i = 0; i < record.size(); ++i) {
            if (i) out += ',';
            out += '"';
            for (char c : record[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
            out += '"';
        }
        out += '\n';
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::int64_t lineBreaks = 0;
    for (char c : input) lineBreaks += c == '\n' || c == '\r';
    const std::int64_t lastLine = lineBreaks + 1;

    const Read r = readAll(input);
    std::int64_t previous = 0;
    for (std::size_t i = 0; i < r.records.size(); ++i) {
        check(!r.records[i].empty(), "a record has at least one field");
        for (const auto& field : r.records[i]) {
            check(field.size() <= MaxFieldBytes, "fields are at most maxFieldBytes");
            check(isValidUtf8(field), "fields are valid UTF-8");
        }
        check(r.lines[i] > previous, "record lines increase");
        check(r.lines[i] <= lastLine, "record lines exist");
        previous = r.lines[i];
    }
    if (r.failed) {
        check(r.errorLine >= 1 && r.errorLine <= lastLine, "error lines exist");
        check(r.errorLine >= (r.lines.empty() ? 1 : r.lines.back()), "errors come after records");
    }

    // What was read, written back, reads back the same and without error.
    const Read again = readAll(write(r.records));
    check(!again.failed, "written records read back without error");
    check(again.records == r.records, "written records read back the same");
    return 0;
}

#ifdef HUZHU_FUZZ_STANDALONE
// A deterministic stand-in for libFuzzer: each seed as is, then `runs` mutations (byte flips,
// insertions of CSV-significant bytes, deletions, splices of two seeds) from a fixed PRNG.

#include <filesystem>
#include <fstream>
#include <iterator>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s SEED_DIR [RUNS]\n", argv[0]);
        return 2;
    }
    const long runs = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 100000;
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "no seeds in %s\n", argv[1]);
        return 2;
    }
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&state]() {  // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 0x2545F4914F6CDD1DULL;
    };
    auto feed = [](const std::string& s) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    for (const auto& s : seeds) feed(s);
    static const char Special[] = {'"',    ',',    '\n',   '\r',   '\xEF',
                                   '\xBB', '\xBF', '\xd5', '\x80', ' '};
    for (long run = 0; run < runs; ++run) {
        std::string s = seeds[next() % seeds.size()];
        const int edits = 1 + static_cast<int>(next() % 8);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = s.empty() ? 0 : next() % (s.size() + 1);
            switch (next() % 5) {
                case 0:
                    if (at < s.size()) s[at] = static_cast<char>(next());
                    break;
                case 1:
                    s.insert(at, 1, Special[next() % sizeof Special]);
                    break;
                case 2:
                    if (at < s.size()) s.erase(at, 1 + next() % 4);
                    break;
                case 3: {
                    const std::string& other = seeds[next() % seeds.size()];
                    const std::size_t from = other.empty() ? 0 : next() % other.size();
                    s.insert(at, other.substr(from, next() % 32));
                    break;
                }
                default:
                    s.insert(at, std::string(1 + next() % (2 * MaxFieldBytes), 'a'));
                    break;
            }
        }
        feed(s);
    }
    std::printf("%zu seeds and %ld mutations read without a broken promise\n", seeds.size(), runs);
    return 0;
}
#endif
