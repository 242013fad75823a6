#include "core/JsonWriter.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

using huzhu::core::JsonWriter;

namespace {

std::string escaped(std::string_view text) {
    std::string out;
    JsonWriter::appendEscaped(out, text);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(escapes_quotes_and_backslashes) {
    BOOST_TEST(escaped(R"(say "hi")") == R"(say \"hi\")");
    BOOST_TEST(escaped(R"(C:\dir\)") == R"(C:\\dir\\)");
    BOOST_TEST(escaped("") == "");
    BOOST_TEST(escaped("plain") == "plain");
}

BOOST_AUTO_TEST_CASE(escapes_control_characters) {
    BOOST_TEST(escaped("a\nb\rc\td") == R"(a\nb\rc\td)");
    BOOST_TEST(escaped(std::string("\x00", 1)) == R"(\u0000)");
    BOOST_TEST(escaped("\x01\x08\x0c\x1f") == R"(\u0001\u0008\u000c\u001f)");
    // 0x20 and 0x7f are not control characters for JSON.
    BOOST_TEST(escaped(" \x7f") == " \x7f");
}

BOOST_AUTO_TEST_CASE(escapes_html_characters) {
    BOOST_TEST(escaped("</script><b>&amp;") == R"(\u003c/script\u003e\u003cb\u003e\u0026amp;)");
}

BOOST_AUTO_TEST_CASE(keeps_utf8_as_is) {
    BOOST_TEST(escaped("阿依古丽·买买提") == "阿依古丽·买买提");
    BOOST_TEST(escaped("住院医疗互助 ¥") == "住院医疗互助 ¥");
}

BOOST_AUTO_TEST_CASE(writes_a_document) {
    JsonWriter w;
    w.beginObject()
        .key("name")
        .value("王\"伟\"")
        .key("k<e>y")
        .value(std::int64_t{-5})
        .key("max")
        .value(std::numeric_limits<std::int64_t>::max())
        .key("min")
        .value(std::numeric_limits<std::int64_t>::min())
        .key("ok")
        .value(true)
        .key("no")
        .value(false)
        .key("none")
        .null()
        .key("list")
        .beginArray()
        .value(1)
        .value("two")
        .beginObject()
        .endObject()
        .beginArray()
        .endArray()
        .raw(R"({"x":1})")
        .endArray()
        .key("empty")
        .beginObject()
        .endObject()
        .endObject();
    BOOST_TEST(w.str() == R"({"name":"王\"伟\"","k\u003ce\u003ey":-5,"max":9223372036854775807,)"
                          R"("min":-9223372036854775808,"ok":true,"no":false,"none":null,)"
                          R"("list":[1,"two",{},[],{"x":1}],"empty":{}})");
}

BOOST_AUTO_TEST_CASE(top_level_array) {
    JsonWriter w;
    w.beginArray().value("a\\b").value(0).endArray();
    BOOST_TEST(w.str() == R"(["a\\b",0])");
}

BOOST_AUTO_TEST_SUITE_END()
