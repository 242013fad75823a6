#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/Statistics.h"

/// Server-rendered charts for the dashboard: standalone SVG documents that need no script and
/// no style attribute or element (the portal's CSP has style-src 'self'); colours and fonts are
/// SVG presentation attributes, and every element a stylesheet may want carries a class
/// (chart, chart-title, chart-bar, chart-label, chart-value, chart-empty). 360 units wide,
/// width 100%: one phone screen across. Accessible: role="img", aria-label and <title> name
/// the chart, <desc> lists every bar's figures, and each bar has its own <title>.
/// Amounts are yuan with two decimals (core::formatYuan); bar lengths are integer arithmetic
/// (never floating point), so the same input gives the same bytes. Every text from the input
/// is XML-escaped, with invalid UTF-8 and characters XML cannot carry replaced by U+FFFD.
/// Pure functions; thread-safe.
namespace huzhu::web {

/// Vertical bars in the order given, e.g. paid by month. Keys of the form "YYYY-MM" are
/// labelled by month, with the year under the first bar and wherever it changes; other keys
/// are shortened to fit. No items: a chart saying "暂无数据 / no data".
std::string svgColumnChart(std::string_view title, const std::vector<core::CountAmount>& items);

/// Horizontal bars in the order given, one row each with the key above its bar, for long
/// labels (unions, plans). No items: a chart saying "暂无数据 / no data".
std::string svgBarChart(std::string_view title, const std::vector<core::CountAmount>& items);

/// `text` as XML character data or attribute value: & < > " ' escaped; invalid UTF-8 and
/// characters not allowed in XML 1.0 (controls other than tab, newline, carriage return;
/// U+FFFE, U+FFFF) replaced by U+FFFD.
std::string xmlEscape(std::string_view text);

}  // namespace huzhu::web
