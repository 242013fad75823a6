#include "web/SvgCharts.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/Money.h"
#include "core/Utf8.h"

namespace huzhu::web {

using core::CountAmount;
using core::Fen;

namespace {

constexpr int Width = 360;
constexpr int Margin = 8;
constexpr int PlotWidth = Width - 2 * Margin;
constexpr std::string_view Ink = "#1f2328";
constexpr std::string_view Muted = "#57606a";
constexpr std::string_view BarFill = "#0969da";
constexpr std::string_view LineStroke = "#d0d7de";
constexpr std::string_view Font =
    "system-ui, PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif";
constexpr std::string_view NoData = "暂无数据 / no data";
constexpr std::string_view Replacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view Ellipsis = "…";

/// The character at text[i] as UTF-8 (advancing i past it), or U+FFFD for a byte that does not
/// start a well-formed sequence (i advances by one) and for a code point XML 1.0 forbids.
std::string_view nextCharacter(std::string_view text, std::size_t& i) {
    const std::size_t start = i;
    const std::int32_t cp = core::decodeUtf8(text, i);
    if (cp < 0) {
        ++i;
        return Replacement;
    }
    const std::string_view piece = text.substr(start, i - start);
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    return allowed ? piece : Replacement;
}

/// `text` cut to at most `maxCharacters` characters, the last one an ellipsis when cut;
/// sanitised as by xmlEscape but not escaped.
std::string shortened(std::string_view text, std::size_t maxCharacters) {
    std::vector<std::string_view> characters;
    for (std::size_t i = 0; i < text.size();) characters.push_back(nextCharacter(text, i));
    std::string out;
    const bool cut = characters.size() > maxCharacters;
    const std::size_t keep = cut ? (maxCharacters > 0 ? maxCharacters - 1 : 0) : characters.size();
    for (std::size_t i = 0; i < keep; ++i) out += characters[i];
    if (cut) out += Ellipsis;
    return out;
}

/// value / max of `span` units, rounded down, at least 1 for any positive value so that no
/// bar with money behind it disappears. Exact for every Fen (128-bit intermediate).
int scaled(Fen value, Fen max, int span) {
    if (value <= 0 || max <= 0 || span <= 0) return 0;
    __extension__ using Wide = unsigned __int128;
    const Wide v =
        static_cast<Wide>(std::min(value, max)) * static_cast<Wide>(span) / static_cast<Wide>(max);
    return std::max(1, static_cast<int>(v));
}

Fen largest(const std::vector<CountAmount>& items) {
    Fen max = 0;
    for (const CountAmount& item : items) max = std::max(max, item.amountFen);
    return max;
}

std::string figures(const CountAmount& item) {
    return core::formatYuan(item.amountFen) + " 元 · " + std::to_string(item.count) + " 笔";
}

/// What <desc> says: the total, then every bar. A total beyond Fen (only with made-up
/// figures: each amount is itself a sum that fitted) is left out rather than refused.
std::string description(const std::vector<CountAmount>& items) {
    if (items.empty()) return std::string(NoData);
    CountAmount total{"合计 total", 0, 0};
    bool fits = true;
    for (const CountAmount& item : items)
        fits = fits && !__builtin_add_overflow(total.count, item.count, &total.count) &&
               !__builtin_add_overflow(total.amountFen, item.amountFen, &total.amountFen);
    std::string out = fits ? total.key + "：" + figures(total) : std::string();
    for (const CountAmount& item : items) {
        if (!out.empty()) out += "；";
        out += item.key + "：" + figures(item);
    }
    return out;
}

/// Appends ` name="value"` (value escaped).
void attribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    out += xmlEscape(value);
    out += '"';
}

void attribute(std::string& out, std::string_view name, int value) {
    attribute(out, name, std::to_string(value));
}

/// A <text> element with the given class, position, size and fill; `extra` is appended to the
/// start tag verbatim (fixed attributes only).
void text(std::string& out, std::string_view cls, int x, int y, int size, std::string_view fill,
          std::string_view content, std::string_view extra = "") {
    out += "<text";
    attribute(out, "class", cls);
    attribute(out, "x", x);
    attribute(out, "y", y);
    attribute(out, "font-size", size);
    attribute(out, "fill", fill);
    out += extra;
    out += '>';
    out += xmlEscape(content);
    out += "</text>\n";
}

void rect(std::string& out, std::string_view cls, int x, int y, int width, int height,
          std::string_view fill) {
    out += "<rect";
    attribute(out, "class", cls);
    attribute(out, "x", x);
    attribute(out, "y", y);
    attribute(out, "width", width);
    attribute(out, "height", height);
    attribute(out, "fill", fill);
    out += "/>\n";
}

/// The document's start: the root element, its names, a white background, the visible title
/// and the unit.
std::string begin(std::string_view title, std::string_view kind, int height,
                  const std::vector<CountAmount>& items) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg";
    attribute(out, "xmlns", "http://www.w3.org/2000/svg");
    attribute(out, "viewBox", "0 0 " + std::to_string(Width) + " " + std::to_string(height));
    attribute(out, "width", "100%");
    attribute(out, "role", "img");
    attribute(out, "aria-label", title);
    attribute(out, "class", "chart chart-" + std::string(kind));
    attribute(out, "font-family", Font);
    out += ">\n<title>" + xmlEscape(title) + "</title>\n";
    out += "<desc>" + xmlEscape(description(items)) + "</desc>\n";
    rect(out, "chart-background", 0, 0, Width, height, "#ffffff");
    text(out, "chart-title", Margin, 22, 15, Ink, title, " font-weight=\"600\"");
    text(out, "chart-unit", Margin, 40, 11, Muted, "金额：元 · amounts in yuan");
    return out;
}

constexpr int EmptyHeight = 120;

std::string empty(std::string_view title, std::string_view kind) {
    std::string out = begin(title, kind, EmptyHeight, {});
    text(out, "chart-empty", Width / 2, 84, 14, Muted, NoData, " text-anchor=\"middle\"");
    out += "</svg>\n";
    return out;
}

bool isMonthKey(std::string_view key) {
    if (key.size() != 7 || key[4] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (key[i] < '0' || key[i] > '9') return false;
    return true;
}

/// The start of an item: a group with the bar's own tooltip and accessible name.
void beginItem(std::string& out, const CountAmount& item) {
    out += "<g class=\"chart-item\"><title>" + xmlEscape(item.key + "：" + figures(item)) +
           "</title>\n";
}

}  // namespace

std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::string_view c = nextCharacter(text, i);
        if (c == "&")
            out += "&amp;";
        else if (c == "<")
            out += "&lt;";
        else if (c == ">")
            out += "&gt;";
        else if (c == "\"")
            out += "&quot;";
        else if (c == "'")
            out += "&apos;";
        else
            out += c;
    }
    return out;
}

std::string svgColumnChart(std::string_view title, const std::vector<CountAmount>& items) {
    if (items.empty()) return empty(title, "columns");
    // The value labels stand on the bars and need up to ~60 units above the tallest one.
    constexpr int Height = 268, Baseline = 220, MaxBar = 104;
    std::string out = begin(title, "columns", Height, items);
    const Fen max = largest(items);
    const int n = static_cast<int>(items.size());
    const int slot = std::max(1, PlotWidth / n);
    const int left = Margin + std::max(0, (PlotWidth - slot * n) / 2);
    const int barWidth = std::clamp(slot * 3 / 5, 1, 48);
    const bool upright = slot >= 64;  // room for the amount across the bar
    out += "<line class=\"chart-axis\" x1=\"" + std::to_string(Margin) + "\" y1=\"" +
           std::to_string(Baseline) + "\" x2=\"" + std::to_string(Width - Margin) + "\" y2=\"" +
           std::to_string(Baseline) + "\" stroke=\"" + std::string(LineStroke) + "\"/>\n";
    for (int i = 0; i < n; ++i) {
        const CountAmount& item = items[static_cast<std::size_t>(i)];
        const int height = scaled(item.amountFen, max, MaxBar);
        const int top = Baseline - height;
        const int cx = left + i * slot + slot / 2;
        beginItem(out, item);
        rect(out, "chart-bar", left + i * slot + (slot - barWidth) / 2, top, barWidth, height,
             BarFill);
        const std::string amount = core::formatYuan(item.amountFen);
        if (upright) {
            text(out, "chart-value", cx, top - 4, 11, Ink, amount, " text-anchor=\"middle\"");
        } else {
            const std::string turn = " transform=\"rotate(-90 " + std::to_string(cx) + " " +
                                     std::to_string(top - 4) + ")\" dominant-baseline=\"central\"";
            text(out, "chart-value", cx, top - 4, 10, Ink, amount, turn);
        }
        if (isMonthKey(item.key)) {
            text(out, "chart-label", cx, Baseline + 14, 11, Ink, item.key.substr(5, 2),
                 " text-anchor=\"middle\"");
            const bool newYear =
                i == 0 || !isMonthKey(items[static_cast<std::size_t>(i - 1)].key) ||
                items[static_cast<std::size_t>(i - 1)].key.substr(0, 4) != item.key.substr(0, 4);
            if (newYear)
                text(out, "chart-label chart-year", cx, Baseline + 28, 10, Muted,
                     item.key.substr(0, 4), " text-anchor=\"middle\"");
        } else {
            const auto fits = static_cast<std::size_t>(std::max(1, slot / 8));
            text(out, "chart-label", cx, Baseline + 14, 11, Ink, shortened(item.key, fits),
                 " text-anchor=\"middle\"");
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

std::string svgBarChart(std::string_view title, const std::vector<CountAmount>& items) {
    if (items.empty()) return empty(title, "bars");
    // Per row: the key, then its bar with the figures after it (room for ~130 units of text).
    constexpr int Top = 52, Row = 38, MaxBar = 200, MaxKeyCharacters = 28;
    const int n = static_cast<int>(items.size());
    std::string out = begin(title, "bars", Top + n * Row + 4, items);
    const Fen max = largest(items);
    for (int i = 0; i < n; ++i) {
        const CountAmount& item = items[static_cast<std::size_t>(i)];
        const int y = Top + i * Row;
        const int width = scaled(item.amountFen, max, MaxBar);
        beginItem(out, item);
        text(out, "chart-label", Margin, y + 13, 12, Ink, shortened(item.key, MaxKeyCharacters));
        rect(out, "chart-bar", Margin, y + 19, width, 12, BarFill);
        text(out, "chart-value", Margin + width + 6, y + 29, 11, Ink, figures(item));
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

}  // namespace huzhu::web
