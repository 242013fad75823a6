#include "web/PageRenderer.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/formats/BankResultFile.h"
#include "adapters/formats/PlanJson.h"
#include "adapters/sqlite/RosterImport.h"
#include "support/DemoDatabase.h"

using namespace huzhu;

namespace {

const std::string SourceDir = HUZHU_SOURCE_DIR;

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// For the scanners of C++ source below: whether text[i] belongs to a string literal (its
/// quotes included), keeping `quoted` up to date and stepping `i` over escapes.
bool inLiteral(const std::string& text, std::size_t& i, bool& quoted) {
    if (quoted) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            quoted = false;
        return true;
    }
    if (text[i] != '"') return false;
    quoted = true;
    return true;
}

/// The argument list after `open` in `text` (from just after the bracket to its match).
std::string argumentsAt(const std::string& text, std::size_t open) {
    int depth = 1;
    bool quoted = false;
    std::size_t i = open;
    for (; i < text.size() && depth > 0; ++i) {
        if (inLiteral(text, i, quoted)) continue;
        if (text[i] == '(' || text[i] == '{') ++depth;
        if (text[i] == ')' || text[i] == '}') --depth;
    }
    return text.substr(open, i - open - 1);
}

/// A sample of the message an expression like `"batch " + id + " is " + status` makes: a
/// term that is a string literal (or `std::string("...")`) as written, any other term "X".
/// Conditionals are expanded first (samples()).
std::string sampleMessage(const std::string& expression) {
    std::string out, term, literals;
    bool quoted = false;
    int depth = 0;
    const auto endTerm = [&] {
        const std::size_t start = term.find_first_not_of(" \t\n");
        if (start != std::string::npos) {
            const bool literal =
                term[start] == '"' || term.compare(start, 13, "std::string(\"") == 0;
            out += literal ? literals : "X";
        }
        term.clear();
        literals.clear();
    };
    for (std::size_t i = 0; i < expression.size(); ++i) {
        const char c = expression[i];
        if (quoted) {
            if (c == '\\' && i + 1 < expression.size())
                literals += expression[++i];
            else if (c == '"')
                quoted = false;
            else
                literals += c;
            term += c;
            continue;
        }
        if (c == '"') quoted = true;
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (c == '+' && depth == 0) {
            endTerm();
            continue;
        }
        term += c;
    }
    endTerm();
    return out;
}

/// The branches of a top-level conditional `cond ? a : b` (recursively), else the expression.
std::vector<std::string> branchesOf(const std::string& e) {
    int depth = 0;
    bool quoted = false;
    std::size_t question = std::string::npos;
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (inLiteral(e, i, quoted)) continue;
        const char c = e[i];
        if (c == '(' || c == '{' || c == '[') ++depth;
        if (c == ')' || c == '}' || c == ']') --depth;
        if (depth != 0) continue;
        if (c == '?' && question == std::string::npos) question = i;
        const bool scope = (i + 1 < e.size() && e[i + 1] == ':') || (i > 0 && e[i - 1] == ':');
        if (c == ':' && !scope && question != std::string::npos) {
            std::vector<std::string> out = branchesOf(e.substr(question + 1, i - question - 1));
            for (std::string& b : branchesOf(e.substr(i + 1))) out.push_back(std::move(b));
            return out;
        }
    }
    return {e};
}

/// The top-level arguments of a call (from argumentsAt), split on commas outside strings and
/// brackets.
std::vector<std::string> splitArguments(const std::string& args) {
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::size_t from = i;
        if (inLiteral(args, i, quoted)) {
            parts.back() += args.substr(from, i - from + 1);  // with an escape's two characters
            continue;
        }
        const char c = args[i];
        if (c == '(' || c == '{') ++depth;
        if (c == ')' || c == '}') --depth;
        if (c == ',' && depth == 0) {
            parts.emplace_back();
            continue;
        }
        parts.back() += c;
    }
    return parts;
}

/// The expression once for each branch of each conditional in brackets inside it
/// (`"plan " + p + (union ? " or not yours" : "")`), recursively; a call's brackets
/// (`f(a ? b : c)`) are left alone.
std::vector<std::string> expandConditionals(const std::string& e) {
    bool quoted = false;
    for (std::size_t open = 0; open < e.size(); ++open) {
        if (inLiteral(e, open, quoted) || e[open] != '(') continue;
        const std::size_t before = e.find_last_not_of(" \t\n", open == 0 ? 0 : open - 1);
        if (open > 0 && before != std::string::npos &&
            (std::isalnum(static_cast<unsigned char>(e[before])) || e[before] == '_'))
            continue;  // a call
        const std::string inner = argumentsAt(e, open + 1);
        const std::vector<std::string> branches = branchesOf(inner);
        if (branches.size() < 2) continue;
        std::vector<std::string> out;
        for (const std::string& b : branches)
            for (std::string& x :
                 expandConditionals(e.substr(0, open) + b + e.substr(open + inner.size() + 2)))
                out.push_back(std::move(x));
        return out;
    }
    return {e};
}

/// Samples of the message an argument expression makes (none when it has no string literal:
/// a message passed through), one for each branch of its conditionals.
std::vector<std::string> samples(const std::string& message) {
    if (message.find('"') == std::string::npos) return {};
    std::vector<std::string> out;
    for (const std::string& b : branchesOf(message))
        for (const std::string& x : expandConditionals(b)) out.push_back(sampleMessage(x));
    return out;
}

/// The message argument of each refusal the use cases write: Outcome::invalid(field, MSG),
/// forbidden(MSG), notFound(MSG), conflict(code, MSG[, field]) and FieldError{field, MSG}.
std::vector<std::pair<std::string, std::string>> useCaseMessages() {
    std::vector<std::pair<std::string, std::string>> found;  // where, sample message
    const std::regex call(R"(Outcome::(invalid|forbidden|notFound|conflict)\(|FieldError\{)");
    for (const char* dir : {"core", "claims", "adapters/sqlite"})
        for (const auto& entry : std::filesystem::directory_iterator(SourceDir + "/" + dir)) {
            if (entry.path().extension() != ".cpp") continue;
            const std::string text = readAll(entry.path());
            for (auto it = std::sregex_iterator(text.begin(), text.end(), call);
                 it != std::sregex_iterator(); ++it) {
                const std::string kind = (*it)[1];
                const std::size_t open = static_cast<std::size_t>(it->position() + it->length());
                const std::vector<std::string> parts = splitArguments(argumentsAt(text, open));
                std::string message;
                if (kind == "forbidden" || kind == "notFound")
                    message = parts[0];
                else if (parts.size() >= 2)
                    message = parts[1];  // invalid, conflict, FieldError
                for (const std::string& sample : samples(message))
                    found.emplace_back(entry.path().filename().string(), sample);
            }
        }
    return found;
}

/// The messages of the validation reports a page shows (imports, bank result files): the
/// last argument of each call that reports a problem in the parsers and importers, as samples.
std::vector<std::pair<std::string, std::string>> reportMessages() {
    std::vector<std::pair<std::string, std::string>> found;  // where, sample message
    const std::regex call(
        R"(\b(fail|error|addError|bad|PlanError|JsonInputError|push_back)\(|\b(return) (?="))");
    for (const char* file :
         {"adapters/formats/CsvReader.cpp", "adapters/formats/BankResultCsv.cpp",
          "adapters/formats/BankResultFile.cpp", "adapters/formats/StrictJson.cpp",
          "adapters/formats/PlanJson.cpp", "adapters/sqlite/RosterImport.cpp"}) {
        const std::string text = readAll(SourceDir + "/" + file);
        for (auto it = std::sregex_iterator(text.begin(), text.end(), call);
             it != std::sregex_iterator(); ++it) {
            const std::size_t open = static_cast<std::size_t>(it->position() + it->length());
            std::string last;
            if ((*it)[2].matched) {  // a phrase: `return "is empty";`
                const std::size_t end = text.find(";\n", open);
                last = text.substr(open, end - open);
                if (last.empty() || last[0] != '"') continue;
            } else {
                last = splitArguments(argumentsAt(text, open)).back();
            }
            for (const std::string& sample : samples(last)) found.emplace_back(file, sample);
        }
    }
    return found;
}

/// An English phrase left in a translated text: two Latin words in a row, outside quotes.
std::optional<std::string> englishIn(std::string text) {
    static const std::regex quoted(R"('[^']*'|"[^"]*"|<[^>]*>|“[^”]*”)");
    static const std::regex phrase(R"(\b[A-Za-z]+ [A-Za-z]{2,}\b)");
    text = std::regex_replace(text, quoted, "");
    std::smatch m;
    if (std::regex_search(text, m, phrase)) return m.str();
    return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(problems_catalog)

BOOST_AUTO_TEST_CASE(fixed_and_patterned_messages_are_translated) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    BOOST_TEST(r.problem("zh", "wrong username or password") == "用户名或密码不正确");
    BOOST_TEST(r.problem("en", "wrong username or password") == "wrong username or password");
    BOOST_TEST(r.problem("zh", "settlement number JS-2026-001 is already claimed") ==
               "结算单号 JS-2026-001 已经申请过");
    BOOST_TEST(r.problem("zh", "member M000009 is not enrolled in plan demo-inpatient") ==
               "会员 M000009 未参加互助计划 demo-inpatient");
    BOOST_TEST(r.problem("zh",
                         "member M000009 is not enrolled in plan demo-inpatient or not a "
                         "member of your union") ==
               "会员 M000009 未参加互助计划 demo-inpatient，或不属于本工会");
    // A matched part that is itself a catalogued phrase is translated too.
    BOOST_TEST(r.problem("zh",
                         "the bank and branch is empty (at most 60 characters, as bank "
                         "files allow)") == "开户行及网点为空（银行文件最多允许 60 个字符）");
    // Unknown text stays as it is, in any language.
    BOOST_TEST(r.problem("zh", "something new") == "something new");
}

// Every refusal a use case can show on a page has its Chinese text: the messages are read
// from the sources (core/, claims/, adapters/sqlite/), with "X" for the parts computed at run
// time, and each must come out of PageRenderer::problem changed.
BOOST_AUTO_TEST_CASE(every_use_case_message_has_chinese_text) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    const auto messages = useCaseMessages();
    BOOST_TEST(messages.size() > 60u);  // the scan found them
    for (const auto& [where, sample] : messages) {
        const std::string zh = r.problem("zh", sample);
        const auto english = englishIn(zh);
        BOOST_TEST((zh != sample && !english), where << ": \"" << sample << "\" is \"" << zh
                                                     << "\", with \"" << english.value_or("")
                                                     << "\"");
    }
}

BOOST_AUTO_TEST_CASE(report_lines_put_the_position_in_words) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    const std::string csv = "line 3, column 状态: must be 成功 or 失败, not '退回'";
    BOOST_TEST(r.report("zh", csv) == "第 3 行“状态”列：须为“成功”或“失败”，不能是“退回”");
    BOOST_TEST(r.report("en", csv) == csv);
    BOOST_TEST(r.report("zh",
                        "line 14: CstmrPmtStsRpt/OrgnlPmtInfAndSts/TxInfAndSts/OrgnlEndToEndId: "
                        "is missing; cannot tell which payout this is") ==
               "第 14 行：CstmrPmtStsRpt/OrgnlPmtInfAndSts/TxInfAndSts/OrgnlEndToEndId："
               "缺失，无法确定是哪一笔付款");
    BOOST_TEST(r.report("zh",
                        "line 8: CstmrPmtStsRpt/OrgnlGrpInfAndSts/GrpSts: PART: the bank "
                        "accepted only part of the file but lists no transactions "
                        "(TxInfAndSts); cannot tell which payouts failed") ==
               "第 8 行：CstmrPmtStsRpt/OrgnlGrpInfAndSts/GrpSts：PART：银行只接受了文件的一部分，"
               "但没有列出交易明细（TxInfAndSts），无法确定哪些付款失败");
    BOOST_TEST(r.report("zh", "benefits[0].bands[1].upto_fen: bands must be in ascending order") ==
               "benefits[0].bands[1].upto_fen：各档须按从低到高排列");
    // A reason the catalog lacks stays as written, after the position.
    BOOST_TEST(r.report("zh", "line 2: something new") == "第 2 行：something new");
    BOOST_TEST(r.report("zh", "no position: something new") == "no position: something new");
}

// Values from the file are shown as written, even when they read like a catalogued phrase,
// and a hostile file cannot make the rendering deep or slow.
BOOST_AUTO_TEST_CASE(report_lines_keep_values_as_written) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    BOOST_TEST(r.report("zh", "line 3, column 状态: must be 成功 or 失败, not 'is empty'") ==
               "第 3 行“状态”列：须为“成功”或“失败”，不能是“is empty”");
    BOOST_TEST(r.report("zh", "line 4, column union_code: unknown union 'unknown key'") ==
               "第 4 行“union_code”列：未知的工会“unknown key”");
    // At most a path and a code are taken off the front; the rest is one reason.
    BOOST_TEST(r.report("zh", "line 1: a: b: c: is missing") == "第 1 行：a：b：c: is missing");
    std::string chain = "line 1: ";
    for (int i = 0; i < 200000; ++i) chain += "a: ";
    const std::string shown = r.report("zh", chain + "is missing");
    BOOST_TEST(shown.size() <= web::PageRenderer::MaxReportLine + 3);  // + "…"
    BOOST_TEST(shown.rfind(chain.substr(0, 100), 0) == 0u);            // cut, as written
    // A cut never splits a character: "错" takes bytes 999 to 1001 here.
    const std::string start = "line 1: " + std::string(991, 'x');
    BOOST_TEST(r.report("zh", start + "错误" + std::string(2000, 'y')) == start + "…");
}

// Every problem a validation report on a page can show (the admin's imports, finance's bank
// result files) comes out in Chinese: the messages are read from the parsers' and importers'
// sources, with "X" for the parts computed at run time, and none may keep an English phrase.
BOOST_AUTO_TEST_CASE(every_report_message_has_chinese_text) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    const auto messages = reportMessages();
    BOOST_TEST(messages.size() > 80u);               // the scan found them
    static const std::regex lineNumber("^line X+");  // run-time parts: a line is a number
    for (const auto& [where, sample] : messages) {
        const std::string zh = r.report("zh", std::regex_replace(sample, lineNumber, "line 1"));
        const auto english = englishIn(zh);
        BOOST_TEST(!english, where << ": \"" << sample << "\" is \"" << zh << "\", with \""
                                   << english.value_or("") << "\"");
    }
}

// The same for the reports the bad files of tests/data give at run time. libxml2's own
// description of malformed XML is quoted as it is, after a Chinese explanation.
BOOST_AUTO_TEST_CASE(the_bad_files_reports_are_chinese) {
    const web::PageRenderer r(SourceDir + "/web/templates");
    const std::filesystem::path data = SourceDir + "/tests/data";
    const std::regex parserDetail("（解析器的说明：.*）");
    std::size_t lines = 0;
    const auto check = [&](const std::string& file, const std::string& line) {
        ++lines;
        const std::string zh = r.report("zh", line);
        const auto english = englishIn(std::regex_replace(zh, parserDetail, ""));
        BOOST_TEST(!english, file << ": \"" << line << "\" is \"" << zh << "\", with \""
                                  << english.value_or("") << "\"");
    };
    for (const auto& f : std::filesystem::directory_iterator(data / "bank-results-bad")) {
        if (f.path().filename() == "EXPECTED.tsv") continue;
        std::vector<std::string> errors;
        adapters::formats::parseBankResultFile(readAll(f.path()), errors);
        for (const std::string& e : errors) check(f.path().filename(), e);
    }
    for (const auto& f : std::filesystem::directory_iterator(data / "plans-bad")) {
        try {
            adapters::formats::parsePlanJson(readAll(f.path()));
        } catch (const adapters::formats::PlanError& e) {
            check(f.path().filename(), e.what());
        }
    }
    for (const auto& f : std::filesystem::directory_iterator(data / "roster-bad")) {
        test::DemoDatabase d;  // each file on its own, as RosterImportTest does
        BOOST_TEST_REQUIRE(d.loaded);
        std::ifstream in(f.path(), std::ios::binary);
        const auto report = adapters::sqlite::importMembers(d.db, d.cipher, in, d.clock, "admin");
        for (const std::string& e : report.errors) check(f.path().filename(), e);
    }
    BOOST_TEST(lines > 70u);
}

BOOST_AUTO_TEST_SUITE_END()
