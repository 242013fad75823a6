#include "web/SvgCharts.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Statistics.h"
#include "web/StatsRoutes.h"

using namespace huzhu;
using core::CountAmount;

namespace {

using XmlDoc = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

/// The parsed document, or null when `svg` is not well-formed XML (no network, no entities
/// from outside).
XmlDoc parse(const std::string& svg) {
    return XmlDoc(xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "chart.svg", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
                  xmlFreeDoc);
}

/// Every element's name, and every attribute's name, in document order.
void names(const xmlNode* node, std::vector<std::string>& elements,
           std::vector<std::string>& attributes) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        elements.emplace_back(reinterpret_cast<const char*>(node->name));
        for (const xmlAttr* a = node->properties; a; a = a->next)
            attributes.emplace_back(reinterpret_cast<const char*>(a->name));
        names(node->children, elements, attributes);
    }
}

/// The text of every element with this name and class attribute (any class when empty).
void texts(const xmlNode* node, const std::string& name, const std::string& cls,
           std::vector<std::string>& out) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (name == reinterpret_cast<const char*>(node->name)) {
            xmlChar* c = xmlGetProp(node, BAD_CAST "class");
            const bool match = cls.empty() || (c && cls == reinterpret_cast<const char*>(c));
            xmlFree(c);
            if (match) {
                xmlChar* content = xmlNodeGetContent(node);
                out.emplace_back(reinterpret_cast<const char*>(content));
                xmlFree(content);
            }
        }
        texts(node->children, name, cls, out);
    }
}

/// An attribute of every element with this name and class, in document order.
void collectAttribute(const xmlNode* node, const std::string& name, const std::string& cls,
                      const std::string& attribute, std::vector<std::string>& out) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (name == reinterpret_cast<const char*>(node->name)) {
            xmlChar* c = xmlGetProp(node, BAD_CAST "class");
            const bool match = c && cls == reinterpret_cast<const char*>(c);
            xmlFree(c);
            if (match) {
                xmlChar* v = xmlGetProp(node, BAD_CAST attribute.c_str());
                out.emplace_back(v ? reinterpret_cast<const char*>(v) : "");
                xmlFree(v);
            }
        }
        collectAttribute(node->children, name, cls, attribute, out);
    }
}

std::vector<std::string> attributeOf(const xmlNode* node, const std::string& name,
                                     const std::string& cls, const std::string& attribute) {
    std::vector<std::string> out;
    collectAttribute(node, name, cls, attribute, out);
    return out;
}

const xmlNode* root(const XmlDoc& doc) {
    return xmlDocGetRootElement(doc.get());
}

/// Checks what every chart must be: well-formed SVG, named for assistive technology, no
/// script, no style, no event handler.
void checkChart(const std::string& svg, const std::string& title) {
    XmlDoc doc = parse(svg);
    BOOST_REQUIRE_MESSAGE(doc, "not well-formed:\n" << svg);
    const xmlNode* svgNode = root(doc);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(svgNode->name)) == "svg");
    BOOST_REQUIRE(svgNode->ns);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(svgNode->ns->href)) ==
               "http://www.w3.org/2000/svg");
    auto prop = [&](const char* name) {
        xmlChar* v = xmlGetProp(svgNode, BAD_CAST name);
        std::string s = v ? reinterpret_cast<const char*>(v) : "";
        xmlFree(v);
        return s;
    };
    BOOST_TEST(prop("role") == "img");
    BOOST_TEST(prop("aria-label") == title);
    BOOST_TEST(prop("width") == "100%");
    BOOST_TEST(prop("viewBox").rfind("0 0 360 ", 0) == 0u);
    // <title> and <desc> are the root's first children.
    const xmlNode* first = svgNode->children;
    while (first && first->type != XML_ELEMENT_NODE) first = first->next;
    BOOST_REQUIRE(first);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(first->name)) == "title");
    xmlChar* t = xmlNodeGetContent(first);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(t)) == title);
    xmlFree(t);
    const xmlNode* second = first->next;
    while (second && second->type != XML_ELEMENT_NODE) second = second->next;
    BOOST_REQUIRE(second);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(second->name)) == "desc");

    std::vector<std::string> elements, attributes;
    names(svgNode, elements, attributes);
    for (const std::string& e : elements) {
        BOOST_TEST(e != "script");
        BOOST_TEST(e != "style");
        BOOST_TEST(e != "foreignObject");
    }
    for (const std::string& a : attributes) {
        BOOST_TEST(a != "style");
        BOOST_TEST(a.rfind("on", 0) != 0u, a);  // onload, onclick, …
        BOOST_TEST(a != "href");
    }
    BOOST_TEST(svg.find("style") == std::string::npos);
}

const std::vector<CountAmount> Months{
    {"2025-11", 1, 5000}, {"2025-12", 2, 100000}, {"2026-01", 1, 50000}, {"2026-02", 3, 1}};

}  // namespace

BOOST_AUTO_TEST_SUITE(svg_charts)

BOOST_AUTO_TEST_CASE(empty_charts_say_no_data) {
    for (const std::string& svg : {web::svgColumnChart("每月支付 Paid by month", {}),
                                   web::svgBarChart("按工会支付 Paid by union", {})}) {
        checkChart(svg, svg.find("month") != std::string::npos ? "每月支付 Paid by month"
                                                               : "按工会支付 Paid by union");
        XmlDoc doc = parse(svg);
        std::vector<std::string> empty;
        texts(root(doc), "text", "chart-empty", empty);
        BOOST_TEST(empty == std::vector<std::string>{"暂无数据 / no data"});
        std::vector<std::string> desc;
        texts(root(doc), "desc", "", desc);
        BOOST_TEST(desc == std::vector<std::string>{"暂无数据 / no data"});
        BOOST_TEST(attributeOf(root(doc), "rect", "chart-bar", "width").empty());
    }
}

BOOST_AUTO_TEST_CASE(columns_scale_by_integers_and_label_amounts_in_yuan) {
    const std::string svg = web::svgColumnChart("每月支付 Paid by month", Months);
    checkChart(svg, "每月支付 Paid by month");
    XmlDoc doc = parse(svg);
    // 104 units for the largest amount, rounded down, at least 1 for any money at all.
    BOOST_TEST(attributeOf(root(doc), "rect", "chart-bar", "height") ==
               (std::vector<std::string>{"5", "104", "52", "1"}));
    // Bars stand on the baseline (y 220).
    BOOST_TEST(attributeOf(root(doc), "rect", "chart-bar", "y") ==
               (std::vector<std::string>{"215", "116", "168", "219"}));
    std::vector<std::string> values, labels;
    texts(root(doc), "text", "chart-value", values);
    BOOST_TEST(values == (std::vector<std::string>{"50.00", "1000.00", "500.00", "0.01"}));
    texts(root(doc), "text", "chart-label", labels);
    BOOST_TEST(labels == (std::vector<std::string>{"11", "12", "01", "02"}));
    std::vector<std::string> years;
    texts(root(doc), "text", "chart-label chart-year", years);
    BOOST_TEST(years == (std::vector<std::string>{"2025", "2026"}));
    std::vector<std::string> desc;
    texts(root(doc), "desc", "", desc);
    BOOST_TEST(desc.at(0) ==
               "合计 total：1550.01 元 · 7 笔；2025-11：50.00 元 · 1 笔；2025-12：1000.00 元 · 2 "
               "笔；2026-01：500.00 元 · 1 笔；2026-02：0.01 元 · 3 笔");
    // Every bar has its own accessible name.
    std::vector<std::string> titles;
    texts(root(doc), "title", "", titles);
    BOOST_TEST(titles.size() == 5u);
    BOOST_TEST(titles.at(2) == "2025-12：1000.00 元 · 2 笔");

    // Deterministic, to the byte.
    BOOST_TEST(web::svgColumnChart("每月支付 Paid by month", Months) == svg);
    // With a dozen bars the amounts turn upright along their bars.
    std::vector<CountAmount> twelve;
    for (int m = 1; m <= 12; ++m)
        twelve.push_back(
            {"2025-" + std::string(m < 10 ? "0" : "") + std::to_string(m), 1, m * 123456});
    const std::string rotated = web::svgColumnChart("12", twelve);
    checkChart(rotated, "12");
    BOOST_TEST(rotated.find("transform=\"rotate(-90 ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bars_scale_by_integers_even_for_the_largest_amounts) {
    const std::vector<CountAmount> items{{"贵阳第一机床厂工会", 3, INT64_MAX},
                                         {"贵阳市第二人民医院工会", 2, INT64_MAX / 2},
                                         {"其他", 1, 1}};
    const std::string svg = web::svgBarChart("按工会支付 Paid by union", items);
    checkChart(svg, "按工会支付 Paid by union");
    XmlDoc doc = parse(svg);
    BOOST_TEST(attributeOf(root(doc), "rect", "chart-bar", "width") ==
               (std::vector<std::string>{"200", "99", "1"}));
    std::vector<std::string> values, labels;
    texts(root(doc), "text", "chart-value", values);
    BOOST_TEST(values.at(0) == "92233720368547758.07 元 · 3 笔");
    BOOST_TEST(values.at(2) == "0.01 元 · 1 笔");
    // No total where it would not fit; every bar is still described.
    std::vector<std::string> desc;
    texts(root(doc), "desc", "", desc);
    BOOST_TEST(desc.at(0).rfind("贵阳第一机床厂工会：92233720368547758.07 元 · 3 笔；", 0) == 0u);
    texts(root(doc), "text", "chart-label", labels);
    BOOST_TEST(labels ==
               (std::vector<std::string>{"贵阳第一机床厂工会", "贵阳市第二人民医院工会", "其他"}));
    // The figures' text starts 6 units after the end of its bar.
    BOOST_TEST(attributeOf(root(doc), "text", "chart-value", "x") ==
               (std::vector<std::string>{"214", "113", "15"}));
}

BOOST_AUTO_TEST_CASE(hostile_labels_render_as_text) {
    const std::string hostile = "<script>alert(1)</script>";
    const std::vector<CountAmount> items{
        {hostile, 1, 100},
        {"\"/><image href=x onerror=alert(1)>&amp;'", 1, 50},
        {std::string("bad\x01utf8\xC3\x28 \xED\xA0\x80 \xEF\xBF\xBF end"), 1, 25},
    };
    for (const std::string& svg :
         {web::svgBarChart(hostile, items), web::svgColumnChart(hostile, items)}) {
        checkChart(svg, hostile);
        BOOST_TEST(svg.find("<script") == std::string::npos);
        BOOST_TEST(svg.find("<image") == std::string::npos);
        BOOST_TEST(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        XmlDoc doc = parse(svg);
        std::vector<std::string> titles;
        texts(root(doc), "title", "", titles);
        BOOST_REQUIRE(titles.size() == 4u);
        BOOST_TEST(titles[0] == hostile);
        BOOST_TEST(titles[1] == hostile + "：1.00 元 · 1 笔");
        BOOST_TEST(titles[2] == "\"/><image href=x onerror=alert(1)>&amp;'：0.50 元 · 1 笔");
        // Invalid UTF-8, a control character, a surrogate and U+FFFF become U+FFFD.
        BOOST_TEST(titles[3] ==
                   "bad\xEF\xBF\xBDutf8\xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                   "\xEF\xBF\xBD end：0.25 元 · 1 笔");
    }
    std::vector<std::string> labels;
    XmlDoc doc = parse(web::svgBarChart("t", items));
    texts(root(doc), "text", "chart-label", labels);
    BOOST_TEST(labels.at(0) == hostile);
}

BOOST_AUTO_TEST_CASE(long_names_are_shortened_on_screen_but_named_in_full) {
    const std::string name =
        "贵州省贵阳市南明区某某街道某某社区某某有限责任公司第一分公司工会委员会";
    const std::string svg = web::svgBarChart("t", {{name, 1, 100}});
    checkChart(svg, "t");
    XmlDoc doc = parse(svg);
    std::vector<std::string> labels, titles;
    texts(root(doc), "text", "chart-label", labels);
    BOOST_TEST(labels.at(0) == "贵州省贵阳市南明区某某街道某某社区某某有限责任公司第一…");
    texts(root(doc), "title", "", titles);
    BOOST_TEST(titles.at(1) == name + "：1.00 元 · 1 笔");
}

BOOST_AUTO_TEST_CASE(xml_escape) {
    BOOST_TEST(web::xmlEscape("a<b>&\"'c") == "a&lt;b&gt;&amp;&quot;&apos;c");
    BOOST_TEST(web::xmlEscape("工会·买买提\t\n") == "工会·买买提\t\n");
    BOOST_TEST(web::xmlEscape("\x7F") == "\x7F");  // allowed by XML 1.0
    BOOST_TEST(web::xmlEscape(std::string("\0", 1)) == "\xEF\xBF\xBD");
    BOOST_TEST(web::xmlEscape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    BOOST_TEST(web::xmlEscape("\xE4\xBD") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
    BOOST_TEST(web::xmlEscape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // U+1F600
    BOOST_TEST(web::xmlEscape("").empty());
}

BOOST_AUTO_TEST_CASE(statistics_json_has_every_field_in_fen) {
    core::Statistics st;
    st.asOf = core::Date(2026, 6, 15);
    st.readAt = "2026-06-15T10:00:00+08:00";
    st.members = 20;
    st.activeCovers = 19;
    st.beneficiaries = 1;
    st.claims = 2;
    st.claimsByStatus = {{"paid", 1}, {"returned", 1}};
    st.paidCount = 1;
    st.paidFen = 702000;
    st.approvedUnpaidFen = 282000;
    st.paidByMonth = {{"2026-06", 1, 702000}};
    st.paidByUnion = {{"<工会>", 1, 702000}};
    st.paidByPlan = {{"demo-inpatient v2026", 1, 702000}};
    BOOST_TEST(web::statisticsJson(st) ==
               R"({"as_of":"2026-06-15","read_at":"2026-06-15T10:00:00+08:00","members":20,)"
               R"("active_covers":19,"beneficiaries":1,)"
               R"("claims":2,"claims_by_status":{"paid":1,"returned":1},"paid_count":1,)"
               R"("paid_fen":702000,"approved_unpaid_fen":282000,"paid_by_month":[{"key":)"
               R"("2026-06","count":1,"amount_fen":702000}],"paid_by_union":[{"key":)"
               R"("\u003c工会\u003e","count":1,"amount_fen":702000}],"paid_by_plan":[{"key":)"
               R"("demo-inpatient v2026","count":1,"amount_fen":702000}]})");
}

BOOST_AUTO_TEST_SUITE_END()
