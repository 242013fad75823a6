#include "web/PageRenderer.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace huzhu;

namespace {

const std::string SourceDir = HUZHU_SOURCE_DIR;

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The argument list after `open` in `text` (from just after the bracket to its match).
std::string argumentsAt(const std::string& text, std::size_t open) {
    int depth = 1;
    bool quoted = false;
    std::size_t i = open;
    for (; i < text.size() && depth > 0; ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(' || c == '{') {
            ++depth;
        } else if (c == ')' || c == '}') {
            --depth;
        }
    }
    return text.substr(open, i - open - 1);
}

/// A sample of the message an expression like `"batch " + id + " is " + status` makes: its
/// string literals, with "X" for every other operand (adjacent literals joined as C++ does).
std::string sampleMessage(const std::string& expression) {
    std::string out;
    bool quoted = false, operand = false;
    for (std::size_t i = 0; i < expression.size(); ++i) {
        const char c = expression[i];
        if (quoted) {
            if (c == '\\' && i + 1 < expression.size())
                out += expression[++i];
            else if (c == '"')
                quoted = false;
            else
                out += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '+') {
            if (operand) out += "X";
            operand = false;
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            operand = true;
        }
    }
    if (operand) out += "X";
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
                const std::string args = argumentsAt(text, open);
                // Split the top-level arguments on commas outside strings and brackets.
                std::vector<std::string> parts(1);
                int depth = 0;
                bool quoted = false;
                for (std::size_t i = 0; i < args.size(); ++i) {
                    const char c = args[i];
                    if (quoted && c == '\\' && i + 1 < args.size()) {
                        parts.back() += args.substr(i++, 2);
                        continue;
                    }
                    if (c == '"') quoted = !quoted;
                    if (!quoted && (c == '(' || c == '{')) ++depth;
                    if (!quoted && (c == ')' || c == '}')) --depth;
                    if (!quoted && c == ',' && depth == 0) {
                        parts.emplace_back();
                        continue;
                    }
                    parts.back() += c;
                }
                std::string message;
                if (kind == "forbidden" || kind == "notFound")
                    message = parts[0];
                else if (parts.size() >= 2)
                    message = parts[1];  // invalid, conflict, FieldError
                if (message.find('"') == std::string::npos)
                    continue;  // passed through (a variable)
                // A conditional message (`a ? "x" : "y"`) is checked branch by branch.
                const std::size_t colon = message.rfind(" : ");
                const std::size_t question = message.find(" ? ");
                std::vector<std::string> branches{message};
                if (question != std::string::npos && colon != std::string::npos &&
                    message.find('+') == std::string::npos)
                    branches = {message.substr(question + 3, colon - question - 3),
                                message.substr(colon + 3)};
                for (const std::string& b : branches)
                    found.emplace_back(entry.path().filename().string(), sampleMessage(b));
            }
        }
    return found;
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
    for (const auto& [where, sample] : messages)
        BOOST_TEST(r.problem("zh", sample) != sample, where << ": \"" << sample << "\"");
}

BOOST_AUTO_TEST_SUITE_END()
