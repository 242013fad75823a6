// A libFuzzer target for the bank result reader (CSV, pain.002, camt.054): any bytes must give
// results or errors, never a crash, a hang, unbounded memory or output from libxml2, and what
// it returns must keep the reader's promises.
//
// Built with clang++ -fsanitize=fuzzer,address,undefined (tests/fuzz/CMakeLists.txt). Without
// libFuzzer, HUZHU_FUZZ_STANDALONE adds a main() that replays the seed files and a fixed number
// of deterministic mutations of them through the same function.

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/formats/BankResultFile.h"

namespace {

using huzhu::adapters::formats::BankResultFile;
using huzhu::adapters::formats::parseBankResultFile;

[[noreturn]] void broken(const char* promise) {
    std::fprintf(stderr, "parseBankResultFile broke a promise: %s\n", promise);
    std::abort();
}

void check(bool ok, const char* promise) {
    if (!ok) broken(promise);
}

// libxml2's generic error channel prints to stderr; the reader must never let it.
void libxml2Printed(void*, const char* format, ...) {
    std::fprintf(stderr, "libxml2 printed: ");
    va_list args;
    va_start(args, format);
    std::vfprintf(stderr, format, args);
    va_end(args);
    broken("libxml2 prints nothing");
}

bool trapLibxml2Output() {
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, libxml2Printed);
    return true;
}

bool same(const BankResultFile& a, const BankResultFile& b) {
    if (a.format != b.format || a.originalMessageId != b.originalMessageId ||
        a.pending != b.pending || a.groupRejection != b.groupRejection ||
        a.results.size() != b.results.size())
        return false;
    for (std::size_t i = 0; i < a.results.size(); ++i) {
        const auto &x = a.results[i], &y = b.results[i];
        if (x.line != y.line || x.reference != y.reference || x.success != y.success ||
            x.reason != y.reason)
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool trapped = trapLibxml2Output();
    check(trapped, "libxml2's output is trapped");
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::int64_t lineBreaks = 0;
    for (char c : input) lineBreaks += c == '\n' || c == '\r';
    const std::int64_t lastLine = lineBreaks + 1;

    std::vector<std::string> errors;
    const BankResultFile file = parseBankResultFile(input, errors);

    check(file.format.empty() || file.format == "csv" || file.format == "pain.002" ||
              file.format == "camt.054",
          "the format is csv, pain.002 or camt.054");
    check(file.pending >= 0, "pending is not negative");
    for (const auto& e : errors) check(e.starts_with("line "), "an error names its line");
    if (errors.empty()) {
        check(!file.format.empty(), "a file without errors has a format");
        check(!file.results.empty() || file.pending > 0 || !file.groupRejection.empty(),
              "a file without errors has results, pending transfers or a group rejection");
        std::set<std::string> references;
        for (const auto& r : file.results)
            check(references.insert(r.reference).second,
                  "a file without errors names each payout once");
    }
    // The XML readers return only sound results; the CSV reader may also return a failure
    // without a reason next to the error that says so (nothing is applied then anyway).
    const bool sound = errors.empty() || file.format != "csv";
    for (const auto& r : file.results) {
        check(r.line >= 1 && r.line <= lastLine, "result lines exist");
        if (!sound) continue;
        check(!r.reference.empty(), "every result has a reference");
        check(r.success || !r.reason.empty(), "every failure has a reason");
    }
    if (!file.groupRejection.empty())
        check(file.format == "pain.002", "only pain.002 rejects a whole group");

    // Nothing is kept between calls: the same bytes read the same.
    std::vector<std::string> again;
    check(same(parseBankResultFile(input, again), file) && again == errors,
          "the same bytes read the same");
    return 0;
}

#ifdef HUZHU_FUZZ_STANDALONE
// A deterministic stand-in for libFuzzer: each seed as is, then `runs` mutations (byte flips,
// insertions of XML- and CSV-significant bytes and tokens, deletions, splices of two seeds)
// from a fixed PRNG.

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
    static const char Special[] = {'<', '>',    '/',    '"',    '&',    ';',    '\n', '\r',
                                   ',', '\xEF', '\xBB', '\xBF', '\xd5', '\x80', ' '};
    static const char* const Tokens[] = {"<!DOCTYPE Document [<!ENTITY e \"x\">]>",
                                         "&e;",
                                         "&amp;",
                                         "<![CDATA[",
                                         "]]>",
                                         "<!-- -->",
                                         "<TxSts>RJCT</TxSts>",
                                         "<TxSts>ACSC</TxSts>",
                                         "<Sts>PDNG</Sts>",
                                         "<CdtDbtInd>DBIT</CdtDbtInd>",
                                         "<RtrInf/>",
                                         "NOTPROVIDED",
                                         "xmlns:x=\"urn:x\"",
                                         "x:",
                                         "camt.054.001.04",
                                         "pain.002.001.09"};
    for (long run = 0; run < runs; ++run) {
        std::string s = seeds[next() % seeds.size()];
        const int edits = 1 + static_cast<int>(next() % 8);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = s.empty() ? 0 : next() % (s.size() + 1);
            switch (next() % 6) {
                case 0:
                    if (at < s.size()) s[at] = static_cast<char>(next());
                    break;
                case 1:
                    s.insert(at, 1, Special[next() % sizeof Special]);
                    break;
                case 2:
                    if (at < s.size()) s.erase(at, 1 + next() % 16);
                    break;
                case 3: {
                    const std::string& other = seeds[next() % seeds.size()];
                    const std::size_t from = other.empty() ? 0 : next() % other.size();
                    s.insert(at, other.substr(from, next() % 128));
                    break;
                }
                case 4:
                    s.insert(at, Tokens[next() % (sizeof Tokens / sizeof Tokens[0])]);
                    break;
                default:
                    s.resize(at);  // truncated
                    break;
            }
        }
        feed(s);
    }
    std::printf("%zu seeds and %ld mutations read without a broken promise\n", seeds.size(), runs);
    return 0;
}
#endif
