#pragma once

#include <kainjow/mustache.hpp>

#include <map>
#include <string>

namespace huzhu::web {

using PageData = kainjow::mustache::data;

/// The portal's server-rendered pages: mustache templates (kainjow-mustache, Debian's
/// libkainjow-mustache-dev) in `templateDir`/NAME.mustache, each rendered inside
/// layout.mustache, and the message catalogs `templateDir`/i18n/zh.json and en.json (flat
/// key → text; both must have the same keys). Everything is loaded and parsed once, at
/// construction; a template that does not parse, or a catalog key missing in one language,
/// throws then. `{{x}}` escapes HTML (& < > " '); only the layout's `{{{body}}}` is raw.
/// Thread-safe: rendering parses a private copy of the template text.
class PageRenderer {
public:
    explicit PageRenderer(const std::string& templateDir);

    /// `page` inside the layout, in `lang` ("zh", else "en"). The context gains `t` (the
    /// catalog), `lang` and `htmlLang`; `title` should be set by the caller.
    std::string render(const std::string& page, PageData context, const std::string& lang) const;
    /// One message in `lang`, for text composed in code (e.g. an error); the key itself when
    /// the catalog lacks it.
    std::string text(const std::string& lang, const std::string& key) const;
    static std::string language(const std::string& requested) {
        return requested == "en" ? "en" : "zh";
    }

private:
    std::string renderTemplate(const std::string& name, const PageData& context) const;

    std::map<std::string, std::string> _templates;
    std::map<std::string, std::map<std::string, std::string>> _strings;  // lang → key → text
    std::map<std::string, PageData> _catalogs;                           // lang → data
};

}  // namespace huzhu::web
