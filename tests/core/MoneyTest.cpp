#include "core/Money.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace bdata = boost::unit_test::data;

using huzhu::core::Fen;
using huzhu::core::OverflowError;
using huzhu::core::RoundingMode;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

/// One input evaluated in all three rounding modes.
struct RoundingCase {
    std::int64_t left;   ///< numerator (divideRounded) or amount (applyBasisPoints)
    std::int64_t right;  ///< denominator (divideRounded) or basis points (applyBasisPoints)
    std::int64_t halfUp;
    std::int64_t halfEven;
    std::int64_t down;
};

std::ostream& operator<<(std::ostream& out, const RoundingCase& c) {
    return out << "{" << c.left << ", " << c.right << " -> " << c.halfUp << "/" << c.halfEven << "/"
               << c.down << "}";
}

struct FormatCase {
    Fen fen;
    std::string_view text;
};

std::ostream& operator<<(std::ostream& out, const FormatCase& c) {
    return out << "{" << c.fen << " <-> \"" << c.text << "\"}";
}

const std::vector<RoundingCase> kDivideCases = {
    {0, 7, 0, 0, 0},
    {6, 3, 2, 2, 2},
    {-6, 3, -2, -2, -2},
    {5, 2, 3, 2, 2},       // 2.5
    {15, 2, 8, 8, 7},      // 7.5
    {-5, 2, -3, -2, -2},   // -2.5
    {-15, 2, -8, -8, -7},  // -7.5
    {1, 2, 1, 0, 0},       // 0.5
    {-1, 2, -1, 0, 0},     // -0.5
    {3, 2, 2, 2, 1},       // 1.5
    {-3, 2, -2, -2, -1},   // -1.5
    {7, 3, 2, 2, 2},       // 2.33
    {8, 3, 3, 3, 2},       // 2.67
    {-7, 3, -2, -2, -2},   // -2.33
    {-8, 3, -3, -3, -2},   // -2.67
    {1, 3, 0, 0, 0},
    {-1, 3, 0, 0, 0},
    {25001, 10000, 3, 3, 2},  // 2.5001: just above half
    {24999, 10000, 2, 2, 2},  // 2.4999: just below half
    {kMax, 1, kMax, kMax, kMax},
    {kMin, 1, kMin, kMin, kMin},
    {kMin, 2, kMin / 2, kMin / 2, kMin / 2},
    {kMax, 2, 4611686018427387904, 4611686018427387904, 4611686018427387903},
    {kMin + 1, 2, -4611686018427387904, -4611686018427387904, -4611686018427387903},
    {kMax, kMax, 1, 1, 1},
    {kMin, kMax, -1, -1, -1},  // -1 - 1/kMax
    {1, kMax, 0, 0, 0},
    // 2 * numerator would overflow; rounding must still see "more than half" / "less than half".
    {4611686018427387904, kMax, 1, 1, 0},
    {4611686018427387903, kMax, 0, 0, 0},
    {-4611686018427387904, kMax, -1, -1, 0},
};

const std::vector<RoundingCase> kBasisPointCases = {
    {0, 6000, 0, 0, 0},
    {12345, 0, 0, 0, 0},
    {1, 10000, 1, 1, 1},
    {5, 5000, 3, 2, 2},       // 2.5
    {15, 5000, 8, 8, 7},      // 7.5
    {3, 5000, 2, 2, 1},       // 1.5
    {1, 5000, 1, 0, 0},       // 0.5
    {1, 4999, 0, 0, 0},       // 0.4999
    {1, 5001, 1, 1, 0},       // 0.5001
    {-5, 5000, -3, -2, -2},   // -2.5
    {-15, 5000, -8, -8, -7},  // -7.5
    {5, -5000, -3, -2, -2},   // negative rate
    {-5, -5000, 3, 2, 2},
    {25, 6000, 15, 15, 15},
    {12345, 6000, 7407, 7407, 7407},
    {10001, 6000, 6001, 6001, 6000},                     // 6000.6
    {10001, 5000, 5001, 5000, 5000},                     // 5000.5
    {10003, 5000, 5002, 5002, 5001},                     // 5001.5
    {123456789, 8500, 104938271, 104938271, 104938270},  // 104938270.65
    {kMax, 10000, kMax, kMax, kMax},                     // no spurious intermediate overflow
    {kMin, 10000, kMin, kMin, kMin},
    {kMax, 5000, 4611686018427387904, 4611686018427387904, 4611686018427387903},
    {kMin, 5000, kMin / 2, kMin / 2, kMin / 2},
    {1, kMax, 922337203685478, 922337203685478, 922337203685477},  // 922337203685477.5807
    {kMax, 1, 922337203685478, 922337203685478, 922337203685477},
    {kMax, 0, 0, 0, 0},
};

const std::vector<FormatCase> kFormatCases = {
    {0, "0.00"},
    {1, "0.01"},
    {-1, "-0.01"},
    {-5, "-0.05"},
    {10, "0.10"},
    {99, "0.99"},
    {100, "1.00"},
    {-100, "-1.00"},
    {123450, "1234.50"},
    {-123456, "-1234.56"},
    {100000000, "1000000.00"},
    {kMax, "92233720368547758.07"},
    {kMin, "-92233720368547758.08"},
    {kMin + 1, "-92233720368547758.07"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(money)

BOOST_AUTO_TEST_CASE(checked_arithmetic_returns_exact_values) {
    BOOST_TEST(huzhu::core::checkedAdd(2, 3) == 5);
    BOOST_TEST(huzhu::core::checkedAdd(kMax, 0) == kMax);
    BOOST_TEST(huzhu::core::checkedAdd(kMax, kMin) == -1);
    BOOST_TEST(huzhu::core::checkedAdd(kMin, 0) == kMin);
    BOOST_TEST(huzhu::core::checkedSub(2, 3) == -1);
    BOOST_TEST(huzhu::core::checkedSub(kMin, kMin) == 0);
    BOOST_TEST(huzhu::core::checkedSub(-1, kMax) == kMin);
    BOOST_TEST(huzhu::core::checkedMul(-4, 25) == -100);
    BOOST_TEST(huzhu::core::checkedMul(kMax, 1) == kMax);
    BOOST_TEST(huzhu::core::checkedMul(kMax, -1) == kMin + 1);
    BOOST_TEST(huzhu::core::checkedMul(kMin, 0) == 0);
}

BOOST_AUTO_TEST_CASE(checked_arithmetic_throws_on_overflow) {
    BOOST_CHECK_THROW(huzhu::core::checkedAdd(kMax, 1), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedAdd(kMin, -1), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedAdd(kMax, kMax), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedSub(kMin, 1), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedSub(kMax, -1), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedSub(0, kMin), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedMul(kMax, 2), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedMul(kMin, -1), OverflowError);
    BOOST_CHECK_THROW(huzhu::core::checkedMul(4294967296, 4294967296), OverflowError);
    // OverflowError is catchable as the standard exception it derives from.
    BOOST_CHECK_THROW(huzhu::core::checkedAdd(kMax, 1), std::overflow_error);
}

BOOST_DATA_TEST_CASE(divide_rounded_in_each_mode, bdata::make(kDivideCases), c) {
    BOOST_TEST(huzhu::core::divideRounded(c.left, c.right, RoundingMode::HalfUp) == c.halfUp);
    BOOST_TEST(huzhu::core::divideRounded(c.left, c.right, RoundingMode::HalfEven) == c.halfEven);
    BOOST_TEST(huzhu::core::divideRounded(c.left, c.right, RoundingMode::Down) == c.down);
}

BOOST_DATA_TEST_CASE(divide_rounded_rejects_non_positive_denominator,
                     bdata::make({std::int64_t{0}, std::int64_t{-1}, kMin}), denominator) {
    BOOST_CHECK_THROW(huzhu::core::divideRounded(10, denominator, RoundingMode::HalfUp),
                      std::invalid_argument);
}

BOOST_DATA_TEST_CASE(apply_basis_points_in_each_mode, bdata::make(kBasisPointCases), c) {
    BOOST_TEST(huzhu::core::applyBasisPoints(c.left, c.right, RoundingMode::HalfUp) == c.halfUp);
    BOOST_TEST(huzhu::core::applyBasisPoints(c.left, c.right, RoundingMode::HalfEven) ==
               c.halfEven);
    BOOST_TEST(huzhu::core::applyBasisPoints(c.left, c.right, RoundingMode::Down) == c.down);
}

BOOST_AUTO_TEST_CASE(apply_basis_points_throws_on_overflow) {
    for (const auto mode : {RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down}) {
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMax, 10001, mode), OverflowError);
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMax, 20000, mode), OverflowError);
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMin, 10001, mode), OverflowError);
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMin, -10000, mode), OverflowError);
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMax, kMax, mode), OverflowError);
        BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kMin, kMin, mode), OverflowError);
    }
    // 1229782938247303441 * 75000 / 10000 == INT64_MAX + 0.5 exactly: only the rounding step
    // leaves the range, and only in the modes that round this half away from zero.
    constexpr Fen kAmount = 1229782938247303441;
    BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kAmount, 75000, RoundingMode::HalfUp),
                      OverflowError);
    BOOST_CHECK_THROW(huzhu::core::applyBasisPoints(kAmount, 75000, RoundingMode::HalfEven),
                      OverflowError);
    BOOST_TEST(huzhu::core::applyBasisPoints(kAmount, 75000, RoundingMode::Down) == kMax);
}

BOOST_DATA_TEST_CASE(format_yuan_exact_text, bdata::make(kFormatCases), c) {
    BOOST_TEST(huzhu::core::formatYuan(c.fen) == std::string(c.text));
}

BOOST_DATA_TEST_CASE(parse_yuan_inverts_format, bdata::make(kFormatCases), c) {
    const auto parsed = huzhu::core::parseYuan(c.text);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(*parsed == c.fen);
}

BOOST_DATA_TEST_CASE(
    parse_yuan_accepts,
    bdata::make({std::string_view("12"), std::string_view("12.3"), std::string_view("12.30"),
                 std::string_view("-1.05"), std::string_view("0"), std::string_view("-0"),
                 std::string_view("0.5"), std::string_view("-0.00"), std::string_view("1000000")}) ^
        bdata::make({Fen{1200}, Fen{1230}, Fen{1230}, Fen{-105}, Fen{0}, Fen{0}, Fen{50}, Fen{0},
                     Fen{100000000}}),
    text, expected) {
    const auto parsed = huzhu::core::parseYuan(text);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(*parsed == expected);
}

BOOST_DATA_TEST_CASE(parse_yuan_rejects,
                     bdata::make({
                         std::string_view("12.345"),
                         std::string_view(""),
                         std::string_view("1e3"),
                         std::string_view(" 1"),
                         std::string_view("1 "),
                         std::string_view("1."),
                         std::string_view(".5"),
                         std::string_view("+1"),
                         std::string_view("-"),
                         std::string_view("-.5"),
                         std::string_view("--1"),
                         std::string_view("01"),
                         std::string_view("-01.00"),
                         std::string_view("1,000"),
                         std::string_view("1.2.3"),
                         std::string_view("1.-5"),
                         std::string_view("0x10"),
                         std::string_view("1.5a"),
                         std::string_view("abc"),
                         std::string_view("92233720368547758.08"),   // INT64_MAX + 1 fen
                         std::string_view("-92233720368547758.09"),  // INT64_MIN - 1 fen
                         std::string_view("92233720368547759"),
                         std::string_view("99999999999999999999"),
                         std::string_view("100000000000000000000000000000"),
                     }),
                     text) {
    BOOST_TEST(!huzhu::core::parseYuan(text).has_value());
}

BOOST_AUTO_TEST_CASE(parse_yuan_rejects_embedded_nul) {
    BOOST_TEST(!huzhu::core::parseYuan(std::string_view("1\0", 2)).has_value());
}

BOOST_DATA_TEST_CASE(rounding_mode_names_round_trip,
                     bdata::make({std::string_view("half_up"), std::string_view("half_even"),
                                  std::string_view("down")}) ^
                         bdata::make({0, 1, 2}),
                     name, index) {
    const RoundingMode modes[] = {RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down};
    const RoundingMode mode = modes[index];
    BOOST_TEST(huzhu::core::toString(mode) == name);
    const auto parsed = huzhu::core::parseRoundingMode(name);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST((*parsed == mode));
}

BOOST_DATA_TEST_CASE(rounding_mode_rejects,
                     bdata::make({std::string_view(""), std::string_view("HALF_UP"),
                                  std::string_view("half-up"), std::string_view("halfup"),
                                  std::string_view(" down"), std::string_view("Down"),
                                  std::string_view("up")}),
                     text) {
    BOOST_TEST(!huzhu::core::parseRoundingMode(text).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
