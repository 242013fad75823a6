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
        std::string literal = english;
        for (std::size_t at = literal.find("{}"); at != std::string::npos; at = literal.find("{}"))
            literal.erase(at, 2);
        if (literal.size() < 3)
            throw Poco::DataException(problems + ": \"" + english + "\" would match anything");
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
        // A matched part may itself be a catalogued phrase ("is empty"), unless the pattern
        // quotes it ('{}', "{}", <{}>): a value stays as written. One level only.
        std::vector<std::string> filled;
        std::size_t hole = 0;
        for (const std::string& matched : *parts) {
            hole = pattern.find("{}", hole);
            const char before = hole > 0 ? pattern[hole - 1] : ' ';
            hole += 2;
            const auto known = _problems.find(matched);
            const bool quoted = before == '\'' || before == '"' || before == '<';
            filled.push_back(quoted || known == _problems.end() ? matched : known->second);
        }
        return fill(chinese, filled);
    }
    return message;
}

std::string PageRenderer::fill(std::string text, const std::vector<std::string>& values) {
    std::size_t at = 0;
    for (const std::string& v : values) {
        at = text.find("{}", at);
        if (at == std::string::npos) break;
        text.replace(at, 2, v);
        at += v.size();
    }
    return text;
}

std::string PageRenderer::report(const std::string& lang, const std::string& line) const {
    if (line.size() > MaxReportLine) {  // a huge value from the file: shown cut, as written
        std::size_t cut = MaxReportLine;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        return line.substr(0, cut) + "…";
    }
    if (language(lang) != "zh") return line;
    // "line N: " or "line N, column C: " (C without ": "), as the CLI prints the position.
    if (line.rfind("line ", 0) != 0) return reportReason(line);
    std::size_t numberEnd = 5;
    while (numberEnd < line.size() && line[numberEnd] >= '0' && line[numberEnd] <= '9') ++numberEnd;
    if (numberEnd == 5) return reportReason(line);
    const std::string number = line.substr(5, numberEnd - 5);
    if (line.compare(numberEnd, 2, ": ") == 0)
        return fill(text("zh", "report_line"), {number}) + "：" +
               reportReason(line.substr(numberEnd + 2));
    const std::string column = ", column ";
    const std::size_t colon = line.find(": ", numberEnd);
    if (line.compare(numberEnd, column.size(), column) != 0 || colon == std::string::npos)
        return reportReason(line);
    const std::string name =
        line.substr(numberEnd + column.size(), colon - numberEnd - column.size());
    return fill(text("zh", "report_line_column"), {number, name}) + "：" +
           reportReason(line.substr(colon + 2));
}

std::string PageRenderer::reportReason(const std::string& text) const {
    // At most two leading "NAME: " (a path, then a status code), each without spaces.
    std::string out;
    std::size_t from = 0;
    for (int i = 0; i < 2; ++i) {
        const std::size_t colon = text.find(": ", from);
        const std::size_t space = text.find(' ', from);
        if (colon == std::string::npos || colon == from || space < colon) break;
        out += text.substr(from, colon - from) + "：";
        from = colon + 2;
    }
    return out + problem("zh", text.substr(from));
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
