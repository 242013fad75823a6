#include "core/Identifiers.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace bdata = boost::unit_test::data;

using huzhu::core::Date;

namespace {

/// Returns first17 followed by its computed resident ID check character.
std::string withResidentCheck(std::string_view first17) {
    return std::string(first17) + huzhu::core::residentIdCheckChar(first17);
}

/// Returns first17 followed by its computed credit code check character.
std::string withCreditCheck(std::string_view first17) {
    return std::string(first17) + huzhu::core::creditCodeCheckChar(first17);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(identifiers)

// ---- resident ID (GB 11643) ----

BOOST_AUTO_TEST_CASE(resident_id_known_valid_example) {
    BOOST_TEST(huzhu::core::residentIdCheckChar("11010519491231002") == 'X');
    const auto info = huzhu::core::parseResidentId("11010519491231002X");
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(info->birthDate.iso() == "1949-12-31");
    BOOST_TEST(info->gender == 'F');
}

// Check characters below were computed independently of the code under test.
BOOST_DATA_TEST_CASE(
    resident_id_check_char_values,
    bdata::make({std::string_view("11010519491231002"), std::string_view("11010519900307123"),
                 std::string_view("44030619990230123"), std::string_view("31011520000229456"),
                 std::string_view("11010519000101001"), std::string_view("11010520991231002"),
                 std::string_view("11010519000101000")}) ^
        bdata::make({'X', '9', '0', '7', 'X', '9', '1'}),
    first17, expected) {
    BOOST_TEST(huzhu::core::residentIdCheckChar(first17) == expected);
}

BOOST_DATA_TEST_CASE(
    resident_id_valid_constructed,
    bdata::make({std::string_view("11010519900307123"), std::string_view("31011520000229456"),
                 std::string_view("11010519000101001"), std::string_view("11010520991231002"),
                 std::string_view("11010519000101000")}) ^
        bdata::make({std::string_view("1990-03-07"), std::string_view("2000-02-29"),
                     std::string_view("1900-01-01"), std::string_view("2099-12-31"),
                     std::string_view("1900-01-01")}) ^
        bdata::make({'M', 'F', 'M', 'F', 'F'}),
    first17, birth, gender) {
    const auto info = huzhu::core::parseResidentId(withResidentCheck(first17));
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(info->birthDate.iso() == std::string(birth));
    BOOST_TEST(info->gender == gender);
}

BOOST_AUTO_TEST_CASE(resident_id_full_literal_examples) {
    BOOST_TEST(huzhu::core::parseResidentId("110105199003071239").has_value());
    BOOST_TEST(huzhu::core::parseResidentId("310115200002294567").has_value());
    BOOST_TEST(huzhu::core::parseResidentId("11010519000101001X").has_value());
}

BOOST_DATA_TEST_CASE(resident_id_rejects,
                     bdata::make({
                         std::string_view("11010519491231002x"),   // lowercase x
                         std::string_view("110105194912310021"),   // wrong check digit
                         std::string_view("110105194912310020"),   // wrong check digit
                         std::string_view("11010519491231002"),    // 17 chars
                         std::string_view("11010519491231002X0"),  // 19 chars
                         std::string_view("110105491231002"),      // old 15-digit form
                         std::string_view(""),
                         std::string_view("440306199902301230"),   // check ok, 1999-02-30
                         std::string_view("11010518991231001X"),   // year 1899
                         std::string_view("11010521000101001X"),   // year 2100
                         std::string_view("1101051949123100 X"),   // space in body
                         std::string_view("A1010519491231002X"),   // letter in body
                         std::string_view("11010519491231002 "),   // space as check
                         std::string_view(" 11010519491231002X"),  // leading space
                     }),
                     id) {
    BOOST_TEST(!huzhu::core::parseResidentId(id).has_value());
}

BOOST_AUTO_TEST_CASE(resident_id_rejects_bad_birth_dates_even_with_correct_check) {
    for (const std::string_view first17 :
         {"44030619990230123", "44030619991301123", "44030619990100123", "44030620230229123",
          "44030619000229123", "44030618991231123", "44030621000101123"}) {
        BOOST_TEST(!huzhu::core::parseResidentId(withResidentCheck(first17)).has_value(), first17);
    }
}

BOOST_AUTO_TEST_CASE(resident_id_rejects_every_wrong_check_char) {
    const std::string_view first17 = "11010519900307123";
    const char correct = huzhu::core::residentIdCheckChar(first17);
    BOOST_TEST(correct == '9');
    for (const char candidate : std::string_view("0123456789Xx")) {
        const std::string id = std::string(first17) + candidate;
        BOOST_TEST(huzhu::core::parseResidentId(id).has_value() == (candidate == correct), id);
    }
}

BOOST_DATA_TEST_CASE(resident_id_check_char_requires_17_digits,
                     bdata::make({std::string_view(""), std::string_view("1101051949123100"),
                                  std::string_view("110105194912310021"),
                                  std::string_view("1101051949123100X")}),
                     bad) {
    BOOST_CHECK_THROW(huzhu::core::residentIdCheckChar(bad), std::invalid_argument);
}

// ---- unified social credit code (GB 32100-2015) ----

BOOST_AUTO_TEST_CASE(credit_code_known_valid_example) {
    BOOST_TEST(huzhu::core::isValidCreditCode("91350100M000100Y43"));
    BOOST_TEST(huzhu::core::creditCodeCheckChar("91350100M000100Y4") == '3');
}

// Check characters below were computed independently of the code under test.
BOOST_DATA_TEST_CASE(
    credit_code_check_char_values,
    bdata::make({std::string_view("91350100M000100Y4"), std::string_view("91110108MA0123456"),
                 std::string_view("12100000400000624"), std::string_view("00000000000000000")}) ^
        bdata::make({'3', 'G', 'D', '0'}),
    first17, expected) {
    BOOST_TEST(huzhu::core::creditCodeCheckChar(first17) == expected);
    BOOST_TEST(huzhu::core::isValidCreditCode(withCreditCheck(first17)));
}

BOOST_DATA_TEST_CASE(credit_code_rejects,
                     bdata::make({
                         std::string_view("91350100M000100Y44"),   // wrong check
                         std::string_view("91350100M000100Y4"),    // 17 chars
                         std::string_view("91350100M000100Y430"),  // 19 chars
                         std::string_view(""),
                         std::string_view("91350100m000100y43"),  // lowercase
                         std::string_view("91350100I000100Y43"),  // I not in alphabet
                         std::string_view("91350100O000100Y43"),  // O not in alphabet
                         std::string_view("91350100Z000100Y43"),  // Z not in alphabet
                         std::string_view("91350100S000100Y43"),  // S not in alphabet
                         std::string_view("91350100V000100Y43"),  // V not in alphabet
                         std::string_view("91350100M000100Y4I"),  // I as check
                         std::string_view("91350100M000100Y4 "),
                         std::string_view("91110108MA01234560"),
                     }),
                     code) {
    BOOST_TEST(!huzhu::core::isValidCreditCode(code));
}

BOOST_DATA_TEST_CASE(credit_code_check_char_requires_17_alphabet_chars,
                     bdata::make({std::string_view(""), std::string_view("91350100M000100Y"),
                                  std::string_view("91350100M000100Y43"),
                                  std::string_view("91350100m000100Y4"),
                                  std::string_view("91350100I000100Y4")}),
                     bad) {
    BOOST_CHECK_THROW(huzhu::core::creditCodeCheckChar(bad), std::invalid_argument);
}

// ---- Luhn and bank accounts ----

BOOST_DATA_TEST_CASE(luhn_examples,
                     bdata::make({std::string_view("79927398713"), std::string_view("79927398710"),
                                  std::string_view("4111111111111111"),
                                  std::string_view("4111111111111112"),
                                  std::string_view("6228480402564890018"), std::string_view("18"),
                                  std::string_view("00"), std::string_view("0"),
                                  std::string_view(""), std::string_view("7992739871a"),
                                  std::string_view(" 79927398713"), std::string_view("-18")}) ^
                         bdata::make({true, false, true, false, true, true, true, false, false,
                                      false, false, false}),
                     digits, expected) {
    BOOST_TEST(huzhu::core::luhnValid(digits) == expected);
}

BOOST_DATA_TEST_CASE(luhn_check_digit_values,
                     bdata::make({std::string_view("7992739871"),
                                  std::string_view("411111111111111"),
                                  std::string_view("622848040256489001"), std::string_view("1"),
                                  std::string_view("0")}) ^
                         bdata::make({'3', '1', '8', '8', '0'}),
                     payload, expected) {
    const char check = huzhu::core::luhnCheckDigit(payload);
    BOOST_TEST(check == expected);
    // Exactly one appended digit makes the payload valid.
    for (char candidate = '0'; candidate <= '9'; ++candidate) {
        BOOST_TEST(huzhu::core::luhnValid(std::string(payload) + candidate) ==
                   (candidate == expected));
    }
}

BOOST_DATA_TEST_CASE(luhn_check_digit_requires_digits,
                     bdata::make({std::string_view(""), std::string_view("12a"),
                                  std::string_view(" 1")}),
                     bad) {
    BOOST_CHECK_THROW(huzhu::core::luhnCheckDigit(bad), std::invalid_argument);
}

BOOST_DATA_TEST_CASE(bank_account_rules,
                     bdata::make({
                         std::string_view("123456789012"),                     // 12, no Luhn
                         std::string_view("12345678901"),                      // 11
                         std::string_view("123456789012345"),                  // 15, no Luhn
                         std::string_view("4111111111111111"),                 // 16, Luhn ok
                         std::string_view("4111111111111112"),                 // 16, Luhn bad
                         std::string_view("6228480402564890018"),              // 19, Luhn ok
                         std::string_view("6222020200000000000"),              // 19, Luhn bad
                         std::string_view("62220202000000000000"),             // 20, no Luhn
                         std::string_view("123456789012345678901234567890"),   // 30
                         std::string_view("1234567890123456789012345678901"),  // 31
                         std::string_view("1234 5678 9012"),
                         std::string_view("12345678901X"),
                         std::string_view(""),
                     }) ^ bdata::make({true, false, true, true, false, true, false, true, true,
                                       false, false, false, false}),
                     account, expected) {
    BOOST_TEST(huzhu::core::isValidBankAccount(account) == expected);
}

// ---- masking ----

BOOST_DATA_TEST_CASE(mask_identifier_examples,
                     bdata::make({
                         std::string_view("110105199001011234"),
                         std::string_view("11010519491231002X"),
                         std::string_view("91350100M000100Y43"),
                         std::string_view("13812345678"),
                         std::string_view("1234567890"),
                         std::string_view("12345"),
                         std::string_view("1234"),
                         std::string_view("1"),
                         std::string_view(""),
                         std::string_view("6228480402564890018"),
                     }) ^ bdata::make({
                              std::string_view("110105********1234"),
                              std::string_view("110105********002X"),
                              std::string_view("913501********0Y43"),
                              std::string_view("138123*5678"),
                              std::string_view("******7890"),
                              std::string_view("*2345"),
                              std::string_view("****"),
                              std::string_view("*"),
                              std::string_view(""),
                              std::string_view("622848*********0018"),
                          }),
                     value, expected) {
    BOOST_TEST(huzhu::core::maskIdentifier(value) == std::string(expected));
}

BOOST_AUTO_TEST_SUITE_END()
