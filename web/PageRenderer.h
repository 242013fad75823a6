#pragma once

#include <kainjow/mustache.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

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
    /// A use case's message (core::Outcome::message(), written in English) in `lang`: from
    /// `templateDir`/i18n/problems.zh.json, whose keys are the English messages; a key with
    /// `{}` matches any text there (longer keys are tried first), and the value's `{}` take the
    /// matched parts in order; a part that is itself a catalogued phrase ("is empty") is
    /// translated, unless the key quotes it ('{}', "{}", <{}>). A message the catalog lacks
    /// stays in English.
    std::string problem(const std::string& lang, const std::string& message) const;
    /// A line of a file's validation report as the CLI prints it (an import, a bank result
    /// file): "line N[, column C]: [PATH: [CODE: ]]reason", in `lang`. The position is put in
    /// words, the reason comes from the problems catalog; paths, codes, column names and
    /// values stay as written, as they are in the file. A line longer than MaxReportLine bytes
    /// (a huge value from the file) is cut and left as written.
    std::string report(const std::string& lang, const std::string& line) const;
    static constexpr std::size_t MaxReportLine = 1000;
    /// `text` with its "{}" replaced by `values` in order.
    static std::string fill(std::string text, const std::vector<std::string>& values);
    static std::string language(const std::string& requested) {
        return requested == "en" ? "en" : "zh";
    }

private:
    std::string renderTemplate(const std::string& name, const PageData& context) const;
    /// report()'s reason: after at most two leading "NAME: ", from the catalog.
    std::string reportReason(const std::string& text) const;

    std::map<std::string, std::string> _templates;
    std::map<std::string, std::map<std::string, std::string>> _strings;  // lang → key → text
    std::map<std::string, PageData> _catalogs;                           // lang → data
    std::map<std::string, std::string> _problems;  // English message → Chinese
    std::vector<std::pair<std::string, std::string>> _problemPatterns;  // with {}, in order
};

}  // namespace huzhu::web
