#include "web/PageRenderer.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

namespace huzhu::web {

namespace {

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
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
