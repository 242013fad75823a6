#include "adapters/formats/CsvReader.h"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

using huzhu::adapters::formats::CsvReader;
using huzhu::adapters::formats::isValidUtf8;

namespace {

using Fields = std::vector<std::string>;

/// One record as the reader returned it.
struct Record {
    std::int64_t line;
    Fields fields;
    bool operator==(const Record&) const = default;
};

/// Everything a reader makes of `text`: the records, and the error if it stopped on one.
struct Parsed {
    std::vector<Record> records;
    bool failed = false;
    std::int64_t errorLine = 0;
    std::string errorMessage;
};

Parsed parse(const std::string& text, std::size_t maxFieldBytes = CsvReader::DefaultMaxFieldBytes) {
    std::istringstream in(text);
    CsvReader reader(in, maxFieldBytes);
    Parsed p;
    Fields fields;
    while (reader.next(fields)) p.records.push_back({reader.recordLine(), fields});
    if (reader.error()) {
        p.failed = true;
        p.errorLine = reader.error()->line;
        p.errorMessage = reader.error()->message;
    }
    // The reader stays at the end (or on its error).
    BOOST_TEST(!reader.next(fields));
    if (!p.failed) BOOST_TEST(fields.empty());
    return p;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(lf_crlf_and_blank_lines) {
    const std::vector<Record> expected = {{1, {"a", "b", "c"}}, {2, {"1", "", "3"}}, {4, {"x"}}};
    const Parsed lf = parse("a,b,c\n1,,3\n\nx\n");
    BOOST_TEST(!lf.failed);
    BOOST_TEST((lf.records == expected));
    const Parsed crlf = parse("a,b,c\r\n1,,3\r\n\r\nx\r\n");
    BOOST_TEST(!crlf.failed);
    BOOST_TEST((crlf.records == expected));
    // Blank lines anywhere, including first and last; a final empty field is kept.
    const Parsed blanks = parse("\n\r\n\na,\n\n\n\nb\n\n");
    BOOST_TEST(!blanks.failed);
    BOOST_TEST((blanks.records == std::vector<Record>{{4, {"a", ""}}, {8, {"b"}}}));
    // A lone CR ends a line as well (classic Mac spreadsheet exports), blank ones included.
    const Parsed cr = parse("a\rb\r\rc\r");
    BOOST_TEST(!cr.failed);
    BOOST_TEST((cr.records == std::vector<Record>{{1, {"a"}}, {2, {"b"}}, {4, {"c"}}}));
    // Spaces are data, not blank lines.
    BOOST_TEST((parse(" \n").records == std::vector<Record>{{1, {" "}}}));
    BOOST_TEST((parse(",\n").records == std::vector<Record>{{1, {"", ""}}}));
}

BOOST_AUTO_TEST_CASE(byte_order_mark) {
    const Parsed p = parse("\xEF\xBB\xBFmember_no,name\nM1,王伟\n");
    BOOST_TEST(!p.failed);
    BOOST_TEST((p.records == std::vector<Record>{{1, {"member_no", "name"}}, {2, {"M1", "王伟"}}}));
    // Only at the start: later it is an ordinary (valid UTF-8) character.
    const Parsed later = parse("a\n\xEF\xBB\xBF\n");
    BOOST_TEST((later.records == std::vector<Record>{{1, {"a"}}, {2, {"\xEF\xBB\xBF"}}}));
    // A BOM alone is an empty file.
    const Parsed alone = parse("\xEF\xBB\xBF");
    BOOST_TEST(!alone.failed);
    BOOST_TEST(alone.records.empty());
    // A file whose first character merely starts with the byte EF (U+FF08 "（", U+FF0C "，")
    // has no BOM: the character is data.
    const Parsed fullwidth = parse("\xEF\xBC\x88工会\xEF\xBC\x89,\xEF\xBC\x8C\n");
    BOOST_TEST(!fullwidth.failed, fullwidth.errorMessage);
    BOOST_TEST((fullwidth.records == std::vector<Record>{{1, {"（工会）", "，"}}}));
    // A truncated BOM is refused on line 1.
    const Parsed broken = parse("\xEF\xBBx,y\n");
    BOOST_TEST(broken.failed);
    BOOST_TEST(broken.errorLine == 1);
    BOOST_TEST(broken.records.empty());
}

BOOST_AUTO_TEST_CASE(quoted_fields) {
    const Parsed p = parse(
        "\"a,b\",\"say \"\"hi\"\"\",\"\"\n"
        "\"two\nlines\",x\n"
        "\"three\r\nphysical\r\nlines\"\n"
        "next,\"\"\"\"\n"
        "\"\"\n");
    BOOST_TEST(!p.failed, p.errorMessage);
    const std::vector<Record> expected = {
        {1, {"a,b", "say \"hi\"", ""}},
        {2, {"two\nlines", "x"}},
        {4, {"three\r\nphysical\r\nlines"}},
        {7, {"next", "\""}},
        {8, {""}},  // a quoted empty field is a record, not a blank line
    };
    BOOST_TEST((p.records == expected));
    // A quoted last field at the end of input, no newline.
    BOOST_TEST((parse("a,\"b\"").records == std::vector<Record>{{1, {"a", "b"}}}));
    BOOST_TEST((parse("\"a\"\r\n\"b\"").records == std::vector<Record>{{1, {"a"}}, {2, {"b"}}}));
}

BOOST_AUTO_TEST_CASE(quote_inside_unquoted_field) {
    const Parsed p = parse("a,b\nc,d\"e\",f\n");
    BOOST_TEST(p.failed);
    BOOST_TEST(p.errorLine == 2);
    BOOST_TEST(contains(p.errorMessage, "a quote inside an unquoted field"), p.errorMessage);
    BOOST_TEST((p.records == std::vector<Record>{{1, {"a", "b"}}}));
    // Even after leading spaces.
    const Parsed spaced = parse("x\n\n \"a\"\n");
    BOOST_TEST(spaced.failed);
    BOOST_TEST(spaced.errorLine == 3);
}

BOOST_AUTO_TEST_CASE(text_after_closing_quote) {
    const Parsed p = parse("ok\n\"a\"b,c\n");
    BOOST_TEST(p.failed);
    BOOST_TEST(p.errorLine == 2);
    BOOST_TEST(contains(p.errorMessage, "text after a closing quote"), p.errorMessage);
    const Parsed space = parse("\"a\" ,b\n");
    BOOST_TEST(space.failed);
    BOOST_TEST(space.errorLine == 1);
    BOOST_TEST(space.records.empty());
}

BOOST_AUTO_TEST_CASE(unterminated_quote_names_the_first_line) {
    const Parsed p = parse("h1,h2\nv1,\"open\nmore\nand more\n");
    BOOST_TEST(p.failed);
    BOOST_TEST(p.errorLine == 2);
    BOOST_TEST(contains(p.errorMessage, "not closed"), p.errorMessage);
    BOOST_TEST((p.records == std::vector<Record>{{1, {"h1", "h2"}}}));
    const Parsed single = parse("\"");
    BOOST_TEST(single.failed);
    BOOST_TEST(single.errorLine == 1);
}

BOOST_AUTO_TEST_CASE(gbk_bytes_are_refused_with_the_line) {
    // "张三" in GBK.
    const Parsed middle = parse("member_no,name,union\nM1,\xd5\xc5\xc8\xfd,U1\n");
    BOOST_TEST(middle.failed);
    BOOST_TEST(middle.errorLine == 2);
    BOOST_TEST(contains(middle.errorMessage, "field 2 is not valid UTF-8"), middle.errorMessage);
    // In the last field of a line the line is still the record's.
    const Parsed last = parse("member_no,name\nM1,\xd5\xc5\xc8\xfd\nM2,x\n");
    BOOST_TEST(last.failed);
    BOOST_TEST(last.errorLine == 2);
    BOOST_TEST(contains(last.errorMessage, "field 2 is not valid UTF-8"), last.errorMessage);
    const Parsed lastCrlf = parse("a\r\n\xd5\xc5\r\n");
    BOOST_TEST(lastCrlf.errorLine == 2);
    const Parsed atEnd = parse("a\nb,\xd5\xc5");
    BOOST_TEST(atEnd.failed);
    BOOST_TEST(atEnd.errorLine == 2);
    // A quoted field over several lines: the record's first line.
    const Parsed quoted = parse("a\n\"x\ny\xd5\xc5\",z\n");
    BOOST_TEST(quoted.failed);
    BOOST_TEST(quoted.errorLine == 2);
    BOOST_TEST(contains(quoted.errorMessage, "field 1 is not valid UTF-8"), quoted.errorMessage);
}

BOOST_AUTO_TEST_CASE(utf8_validation) {
    BOOST_TEST(isValidUtf8(""));
    BOOST_TEST(isValidUtf8("ascii"));
    BOOST_TEST(isValidUtf8("王伟 阿依古丽·买买提"));
    BOOST_TEST(isValidUtf8("\xC2\x80"));                   // U+0080, smallest 2-byte
    BOOST_TEST(isValidUtf8("\xE0\xA0\x80"));               // U+0800, smallest 3-byte
    BOOST_TEST(isValidUtf8("\xED\x9F\xBF"));               // U+D7FF, just below surrogates
    BOOST_TEST(isValidUtf8("\xEE\x80\x80"));               // U+E000, just above them
    BOOST_TEST(isValidUtf8("\xF0\x90\x80\x80"));           // U+10000, smallest 4-byte
    BOOST_TEST(isValidUtf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF
    BOOST_TEST(isValidUtf8(std::string("a\0b", 3)));       // NUL is valid UTF-8
    BOOST_TEST(!isValidUtf8("\xd5\xc5\xc8\xfd"));          // GBK "张三"
    BOOST_TEST(!isValidUtf8("\xC0\xAF"));                  // overlong "/"
    BOOST_TEST(!isValidUtf8("\xC1\xBF"));                  // overlong U+007F
    BOOST_TEST(!isValidUtf8("\xE0\x80\xAF"));              // overlong 3-byte "/"
    BOOST_TEST(!isValidUtf8("\xE0\x9F\xBF"));              // overlong U+07FF
    BOOST_TEST(!isValidUtf8("\xF0\x80\x80\xAF"));          // overlong 4-byte "/"
    BOOST_TEST(!isValidUtf8("\xF0\x8F\xBF\xBF"));          // overlong U+FFFF
    BOOST_TEST(!isValidUtf8("\xED\xA0\x80"));              // U+D800 (surrogate)
    BOOST_TEST(!isValidUtf8("\xED\xBF\xBF"));              // U+DFFF (surrogate)
    BOOST_TEST(!isValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 surrogate pair
    BOOST_TEST(!isValidUtf8("\xF4\x90\x80\x80"));          // U+110000
    BOOST_TEST(!isValidUtf8("\xF8\x88\x80\x80\x80"));      // 5-byte form
    BOOST_TEST(!isValidUtf8("\xFF"));
    BOOST_TEST(!isValidUtf8("\x80"));       // lone continuation byte
    BOOST_TEST(!isValidUtf8("\xE4\xBC"));   // truncated at the end
    BOOST_TEST(!isValidUtf8("\xE4\xBCx"));  // truncated in the middle
    // The reader refuses them in fields too.
    BOOST_TEST(parse("a,\xC0\xAF\n").failed);
    BOOST_TEST(parse("\xED\xA0\x80\n").failed);
}

BOOST_AUTO_TEST_CASE(field_size_limit) {
    BOOST_TEST(
        (parse("abcdefghij,x\n", 10).records == std::vector<Record>{{1, {"abcdefghij", "x"}}}));
    const Parsed over = parse("ok\nabcdefghijk,x\n", 10);
    BOOST_TEST(over.failed);
    BOOST_TEST(over.errorLine == 2);
    BOOST_TEST(over.errorMessage == "field 1 is longer than 10 bytes");
    // Quoted: the content counts, not the quotes; a line break in it too.
    BOOST_TEST(
        (parse("x,\"abcdefghij\"\n", 10).records == std::vector<Record>{{1, {"x", "abcdefghij"}}}));
    const Parsed quoted = parse("x\n\"abcde\nfghij\",y\n", 10);
    BOOST_TEST(quoted.failed);
    BOOST_TEST(quoted.errorLine == 2);
    BOOST_TEST(quoted.errorMessage == "field 1 is longer than 10 bytes");
    // Doubled quotes grow a field as much as any other character.
    const std::string tenQuotes(10, '"');
    BOOST_TEST((parse("\"" + std::string(20, '"') + "\"\n", 10).records ==
                std::vector<Record>{{1, {tenQuotes}}}));
    const Parsed quotes = parse("a,\"" + std::string(2'000'000, '"') + "\"\n", 10);
    BOOST_TEST(quotes.failed);
    BOOST_TEST(quotes.errorLine == 1);
    BOOST_TEST(quotes.errorMessage == "field 2 is longer than 10 bytes");
}

BOOST_AUTO_TEST_CASE(a_ten_megabyte_line_is_not_read_into_a_field) {
    std::string text = "a,b\nc,";
    text.append(10 * 1024 * 1024, 'x');
    text += "\nd,e\n";
    std::istringstream in(text);
    CsvReader reader(in, 64);
    Fields fields;
    BOOST_TEST_REQUIRE(reader.next(fields));
    BOOST_TEST(reader.recordLine() == 1);
    BOOST_TEST(!reader.next(fields));
    BOOST_TEST_REQUIRE(reader.error().has_value());
    BOOST_TEST(reader.error()->line == 2);
    BOOST_TEST(reader.error()->message == "field 2 is longer than 64 bytes");
    // It stopped within the first 64 KiB buffer rather than reading on to the end.
    BOOST_TEST(static_cast<std::int64_t>(in.tellg()) <= 65536);
}

BOOST_AUTO_TEST_CASE(empty_input) {
    for (const std::string text : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF\n"}) {
        const Parsed p = parse(text);
        BOOST_TEST(!p.failed);
        BOOST_TEST(p.records.empty());
    }
}

BOOST_AUTO_TEST_CASE(last_line_without_newline) {
    const Parsed p = parse("a,b\nc,d");
    BOOST_TEST(!p.failed);
    BOOST_TEST((p.records == std::vector<Record>{{1, {"a", "b"}}, {2, {"c", "d"}}}));
    BOOST_TEST((parse("a,b\nc,").records == std::vector<Record>{{1, {"a", "b"}}, {2, {"c", ""}}}));
    BOOST_TEST((parse("a\r").records == std::vector<Record>{{1, {"a"}}}));
}

BOOST_AUTO_TEST_CASE(records_straddling_the_buffer_boundary) {
    // The reader refills a 64 KiB buffer; put every byte of an awkward record (doubled
    // quotes, a quoted line break, CRLF, a multi-byte character) on the boundary in turn.
    constexpr std::size_t Buffer = 1 << 16;
    const std::string tricky = "\"a\"\"b\",\"c\r\nd\",王\r\nlast\n";
    for (std::size_t shift = 0; shift <= tricky.size() + 1; ++shift) {
        BOOST_TEST_CONTEXT("shift " << shift) {
            // Line 1: "pad" records; then a filler field sized so that tricky starts at
            // Buffer - shift.
            std::string text;
            for (int i = 0; i < 1000; ++i) text += "pad,pad\n";  // lines 1..1000
            const std::size_t fillerSize = Buffer - shift - text.size() - 1;
            text += std::string(fillerSize, 'f') + "\n";  // line 1001
            BOOST_TEST_REQUIRE(text.size() == Buffer - shift);
            text += tricky;  // lines 1002..1004
            const Parsed p = parse(text, Buffer);
            BOOST_TEST(!p.failed, p.errorMessage);
            BOOST_TEST_REQUIRE(p.records.size() == 1003u);
            BOOST_TEST((p.records[999] == Record{1000, {"pad", "pad"}}));
            BOOST_TEST((p.records[1000] == Record{1001, {std::string(fillerSize, 'f')}}));
            BOOST_TEST((p.records[1001] == Record{1002, {"a\"b", "c\r\nd", "王"}}));
            BOOST_TEST((p.records[1002] == Record{1004, {"last"}}));
        }
    }
    // An error past the boundary still names the right line.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "r" + std::to_string(i) + "\n";
    BOOST_TEST_REQUIRE(text.size() > Buffer);
    text += "x\"y\n";
    const Parsed p = parse(text);
    BOOST_TEST(p.records.size() == 20000u);
    BOOST_TEST((p.records.back() == Record{20000, {"r19999"}}));
    BOOST_TEST(p.errorLine == 20001);
}

BOOST_AUTO_TEST_CASE(errors_stop_the_reader) {
    std::istringstream in("a\n\"b\"c\nd\n");
    CsvReader reader(in);
    Fields fields;
    BOOST_TEST(reader.next(fields));
    BOOST_TEST(!reader.next(fields));
    BOOST_TEST(reader.error().has_value());
    // Asking again gives nothing more, even though line 3 is well-formed.
    BOOST_TEST(!reader.next(fields));
    BOOST_TEST(reader.error()->line == 2);
}

BOOST_AUTO_TEST_SUITE_END()
