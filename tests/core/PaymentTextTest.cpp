#include "core/PaymentText.h"

#include <boost/test/unit_test.hpp>

using huzhu::core::paymentTextProblem;

BOOST_AUTO_TEST_SUITE(payment_text)

BOOST_AUTO_TEST_CASE(counts_characters_and_refuses_what_no_bank_file_carries) {
    BOOST_TEST(paymentTextProblem("阿依古丽·买买提", 8) == "");
    BOOST_TEST(paymentTextProblem("阿依古丽·买买提", 7) ==
               "has 8 characters; the file allows at most 7");
    BOOST_TEST(paymentTextProblem("𠀀", 1) == "");  // four bytes, one character
    BOOST_TEST(paymentTextProblem("", 5) == "is empty");
    BOOST_TEST(paymentTextProblem("a\nb", 5) ==
               "contains a control character (U+000A) that the file cannot carry");
    BOOST_TEST(paymentTextProblem("a\x7F", 5).find("U+007F") != std::string::npos);
    BOOST_TEST(paymentTextProblem("a\xC2\x85", 5).find("U+0085") != std::string::npos);
    BOOST_TEST(paymentTextProblem("\xD5\xC5", 5) == "is not valid UTF-8");      // GBK 张
    BOOST_TEST(paymentTextProblem("\xE4\xBA", 5) == "is not valid UTF-8");      // cut short
    BOOST_TEST(paymentTextProblem("\xC0\xAF", 5) == "is not valid UTF-8");      // overlong
    BOOST_TEST(paymentTextProblem("\xED\xA0\x80", 5) == "is not valid UTF-8");  // surrogate
}

BOOST_AUTO_TEST_SUITE_END()
