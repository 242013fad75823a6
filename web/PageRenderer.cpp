#include "web/PageRenderer.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <optional>
#include <regex>

namespace huzhu::web {

namespace {

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// Matches `text` against `pattern`, where each "{}" stands for any text (the shortest that
/// lets the rest match at the next literal); the parts matched, or nothing if it does not match.
std::optional<std::vector<std::string>> matchPattern(const std::string& pattern,
                                                     const std::string& text) {
    std::vector<std::string> literals;
    for (std::size_t from = 0;;) {
        const std::size_t hole = pattern.find("{}", from);
        literals.push_back(pattern.substr(from, hole - from));
        if (hole == std::string::npos) break;
        from = hole + 2;
    }
    if (text.compare(0, literals.front().size(), literals.front()) != 0) return std::nullopt;
    std::vector<std::string> parts;
    std::size_t at = literals.front().size();
    for (std::size_t i = 1; i < literals.size(); ++i) {
        const std::string& literal = literals[i];
        const bool last = i + 1 == literals.size();
        // The last literal must end the text; the others are found at their next occurrence.
        const std::size_t found =
            last ? (text.size() >= at + literal.size() &&
                            text.compare(text.size() - literal.size(), literal.size(), literal) == 0
                        ? text.size() - literal.size()
                        : std::string::npos)
                 : text.find(literal, at);
        if (found == std::string::npos || found < at) return std::nullopt;
        parts.push_back(text.substr(at, found - at));
        at = found + literal.size();
    }
    if (at != text.size()) return std::nullopt;
    return parts;
}

}  // namespace

PageRenderer::PageRenderer(const std::string& templateDir) {
    for (Poco::DirectoryIterator it(templateDir), end; it != end; ++it) {
        const Poco::Path path(it->path());
        if (path.getExtension() != "mustache") continue;
        const std::string text = readFile(path.toString());
        kainjow::mustache::mustache parsed(text);
        if (!parsed.is_valid())
            throw Poco::DataException(path.toString() + ": " + parsed.error_message());
        _templates[path.getBaseName()] = text;
    }
    if (!_templates.count("layout")) throw Poco::DataException(templateDir + ": no layout");
    for (const std::string lang : {"zh", "en"}) {
        const std::string file = templateDir + "/i18n/" + lang + ".json";
        const auto root = Poco::JSON::Parser().parse(readFile(file));
        const auto object = root.extract<Poco::JSON::Object::Ptr>();
        PageData catalog{PageData::type::object};
        for (const auto& [key, value] : *object) {
            const std::string text = value.convert<std::string>();
            _strings[lang][key] = text;
            catalog.set(key, text);
        }
        _catalogs.emplace(lang, std::move(catalog));
    }
    for (const auto& [key, text] : _strings["zh"])
        if (!_strings["en"].count(key))
            throw Poco::DataException("i18n: key " + key + " is in zh.json but not in en.json");
    for (const auto& [key, text] : _strings["en"])
        if (!_strings["zh"].count(key))
            throw Poco::DataException("i18n: key " + key + " is in en.json but not in zh.json");
    const std::string problems = templateDir + "/i18n/problems.zh.json";
    const auto root = Poco::JSON::Parser().parse(readFile(problems));
    for (const auto& [english, chinese] : *root.extract<Poco::JSON::Object::Ptr>()) {
        const std::string text = chinese.convert<std::string>();
        if (english.find("{}") == std::string::npos) {
            _problems[english] = text;
            continue;
        }
        std::size_t holes = 0, filled = 0;
        for (std::size_t i = english.find("{}"); i != std::string::npos;
             i = english.find("{}", i + 2))
            ++holes;
        for (std::size_t i = text.find("{}"); i != std::string::npos; i = text.find("{}", i + 2))
            ++filled;
        if (holes != filled)
            throw Poco::DataException(problems + ": \"" + english + "\" has " +
                                      std::to_string(holes) + " {} but its text " +
                                      std::to_string(filled));
        _problemPatterns.emplace_back(english, text);
    }
    // The most specific pattern first: "member {} is not enrolled in plan {} or not a member
    // of your union" before "member {} is not enrolled in plan {}".
    std::stable_sort(_problemPatterns.begin(), _problemPatterns.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string PageRenderer::problem(const std::string& lang, const std::string& message) const {
    if (language(lang) != "zh") return message;
    if (const auto it = _problems.find(message); it != _problems.end()) return it->second;
    for (const auto& [pattern, chinese] : _problemPatterns) {
        const auto parts = matchPattern(pattern, message);
        if (!parts) continue;
        std::string out;
        std::size_t from = 0, part = 0;
        for (std::size_t hole = chinese.find("{}"); hole != std::string::npos;
             from = hole + 2, hole = chinese.find("{}", from)) {
            // A matched part may itself be a catalogued phrase ("is empty") or message. It is
            // shorter than the message, so this ends.
            out += chinese.substr(from, hole - from) + problem(lang, (*parts)[part++]);
        }
        return out + chinese.substr(from);
    }
    return message;
}

std::string PageRenderer::report(const std::string& lang, const std::string& line) const {
    if (language(lang) != "zh") return line;
    static const std::regex position(R"(^line (\d+)(, column ([^:]*))?: )");
    std::smatch m;
    if (!std::regex_search(line, m, position)) return reportReason(line);
    std::string out = "第 " + m[1].str() + " 行";
    if (m[2].matched) out += "，" + m[3].str() + " 列";
    return out + "：" + reportReason(line.substr(static_cast<std::size_t>(m.length(0))));
}

std::string PageRenderer::reportReason(const std::string& text) const {
    const std::size_t colon = text.find(": ");
    if (colon != 0 && colon != std::string::npos && text.find(' ') > colon)
        return text.substr(0, colon) + "：" + reportReason(text.substr(colon + 2));
    return problem("zh", text);
}

std::string PageRenderer::renderTemplate(const std::string& name, const PageData& context) const {
    const auto it = _templates.find(name);
    if (it == _templates.end()) throw Poco::NotFoundException("no template " + name);
    kainjow::mustache::mustache tmpl(it->second);
    std::string out = tmpl.render(context);
    if (!tmpl.error_message().empty())
        throw Poco::DataException("template " + name + ": " + tmpl.error_message());
    return out;
}

std::string PageRenderer::render(const std::string& page, PageData context,
                                 const std::string& lang) const {
    const std::string l = language(lang);
    context.set("t", _catalogs.at(l));
    context.set("lang", l);
    context.set("htmlLang", l == "zh" ? "zh-CN" : "en");
    // Templates named _x are partials, included with {{> _x}}.
    for (const auto& [name, text] : _templates)
        if (name[0] == '_') {
            const std::string source = text;
            context.set(name, PageData(kainjow::mustache::partial([source] { return source; })));
        }
    context.set(l == "zh" ? "isZh" : "isEn", true);
    context.set("body", renderTemplate(page, context));
    return renderTemplate("layout", context);
}

std::string PageRenderer::text(const std::string& lang, const std::string& key) const {
    const auto& strings = _strings.at(language(lang));
    const auto it = strings.find(key);
    return it == strings.end() ? key : it->second;
}

}  // namespace huzhu::web
