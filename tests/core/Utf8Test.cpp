#include "core/Utf8.h"

#include <boost/test/unit_test.hpp>

#include <string>

using huzhu::core::decodeUtf8;

namespace {

/// The code point decoded at the start of `bytes` and how far it advanced.
std::pair<std::int32_t, std::size_t> first(const std::string& bytes) {
    std::size_t i = 0;
    const std::int32_t cp = decodeUtf8(bytes, i);
    return {cp, i};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(well_formed_sequences_of_every_length) {
    BOOST_TEST((first("A") == std::pair<std::int32_t, std::size_t>{0x41, 1}));
    BOOST_TEST((first("\xC3\xA9") == std::pair<std::int32_t, std::size_t>{0xE9, 2}));        // é
    BOOST_TEST((first("\xE4\xBA\x92") == std::pair<std::int32_t, std::size_t>{0x4E92, 3}));  // 互
    BOOST_TEST((first("\xF0\x9F\x98\x80") == std::pair<std::int32_t, std::size_t>{0x1F600, 4}));
    // Decoding walks a whole string.
    const std::string text = "互助 ok";
    std::size_t i = 0, n = 0;
    while (i < text.size() && decodeUtf8(text, i) >= 0) ++n;
    BOOST_TEST(n == 5u);
    BOOST_TEST(i == text.size());
}

BOOST_AUTO_TEST_CASE(malformed_bytes_are_refused_without_advancing) {
    for (const std::string& bad :
         {std::string("\x80"), std::string("\xC0\xAF"),  // continuation; overlong
          std::string("\xE0\x80\xAF"),                   // overlong
          std::string("\xED\xA0\x80"),                   // surrogate
          std::string("\xF4\x90\x80\x80"),               // above U+10FFFF
          std::string("\xF8\x88\x80\x80\x80"),           // invalid lead
          std::string("\xE4\xBA"),                       // truncated
          std::string("\xE4"
                      "A"
                      "\x92")}) {  // not continued
        BOOST_TEST((first(bad) == std::pair<std::int32_t, std::size_t>{-1, 0}));
    }
}

BOOST_AUTO_TEST_SUITE_END()
