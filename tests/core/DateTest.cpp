#include "core/Date.h"

#include "core/Money.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bdata = boost::unit_test::data;

using huzhu::core::Date;

namespace {

struct Ymd {
    int year;
    unsigned month;
    unsigned day;
    bool valid;
};

std::ostream& operator<<(std::ostream& out, const Ymd& c) {
    return out << "{" << c.year << "-" << c.month << "-" << c.day << " valid=" << c.valid << "}";
}

struct DayNumberCase {
    std::string_view iso;
    std::int64_t dayNumber;
};

std::ostream& operator<<(std::ostream& out, const DayNumberCase& c) {
    return out << "{" << c.iso << " = " << c.dayNumber << "}";
}

struct AddDaysCase {
    std::string_view from;
    std::int64_t days;
    std::string_view to;
};

std::ostream& operator<<(std::ostream& out, const AddDaysCase& c) {
    return out << "{" << c.from << " + " << c.days << " = " << c.to << "}";
}

Date parseOrFail(std::string_view iso) {
    const auto date = Date::parse(iso);
    BOOST_REQUIRE_MESSAGE(date.has_value(), "expected a valid date: " << iso);
    return *date;
}

const std::vector<Ymd> kValidityCases = {
    {2024, 2, 29, true},  {2026, 2, 29, false}, {1900, 2, 29, false},  {2000, 2, 29, true},
    {2100, 2, 29, false}, {2026, 2, 28, true},  {2026, 2, 30, false},  {2026, 4, 30, true},
    {2026, 4, 31, false}, {2026, 6, 31, false}, {2026, 9, 31, false},  {2026, 11, 31, false},
    {2026, 1, 31, true},  {2026, 12, 31, true}, {2026, 13, 1, false},  {2026, 0, 1, false},
    {2026, 1, 0, false},  {2026, 1, 32, false}, {2026, 1, 257, false},  // 257 % 256 == 1
    {1, 1, 1, true},      {0, 1, 1, false},     {-1, 12, 31, false},   {9999, 12, 31, true},
    {10000, 1, 1, false}, {4, 2, 29, true},     {1600, 2, 29, true},   {1700, 2, 29, false},
};

const std::vector<DayNumberCase> kDayNumberCases = {
    {"1970-01-01", 0},     {"1969-12-31", -1},    {"1970-01-02", 1},       {"2000-03-01", 11017},
    {"2026-03-01", 20513}, {"1949-12-31", -7306}, {"0001-01-01", -719162}, {"9999-12-31", 2932896},
};

const std::vector<AddDaysCase> kAddDaysCases = {
    {"2025-12-31", 1, "2026-01-01"},       {"2026-01-01", -1, "2025-12-31"},
    {"2024-02-28", 1, "2024-02-29"},       {"2024-02-29", 1, "2024-03-01"},
    {"2024-03-01", -1, "2024-02-29"},      {"2023-02-28", 1, "2023-03-01"},
    {"1900-02-28", 1, "1900-03-01"},       {"2000-02-28", 1, "2000-02-29"},
    {"2024-01-01", 366, "2025-01-01"},     {"2025-01-01", 365, "2026-01-01"},
    {"2026-03-01", 0, "2026-03-01"},       {"2026-12-20", 30, "2027-01-19"},
    {"2027-01-19", -30, "2026-12-20"},     {"1970-01-01", 20513, "2026-03-01"},
    {"9999-12-30", 1, "9999-12-31"},       {"0001-01-02", -1, "0001-01-01"},
    {"0001-01-01", 3652058, "9999-12-31"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(date)

BOOST_DATA_TEST_CASE(is_valid_calendar_rules, bdata::make(kValidityCases), c) {
    BOOST_TEST(Date::isValid(c.year, c.month, c.day) == c.valid);
    if (c.valid) {
        const Date date(c.year, c.month, c.day);
        BOOST_TEST(date.year() == c.year);
        BOOST_TEST(date.month() == c.month);
        BOOST_TEST(date.day() == c.day);
    } else {
        BOOST_CHECK_THROW(Date(c.year, c.month, c.day), std::invalid_argument);
    }
}

BOOST_DATA_TEST_CASE(parse_accepts_and_formats_back,
                     bdata::make({std::string_view("2026-03-01"), std::string_view("2024-02-29"),
                                  std::string_view("2000-02-29"), std::string_view("0001-01-01"),
                                  std::string_view("9999-12-31"), std::string_view("0987-01-05"),
                                  std::string_view("1949-12-31")}),
                     iso) {
    const Date date = parseOrFail(iso);
    BOOST_TEST(date.iso() == std::string(iso));
}

BOOST_AUTO_TEST_CASE(parse_extracts_fields) {
    const Date date = parseOrFail("2026-03-01");
    BOOST_TEST(date.year() == 2026);
    BOOST_TEST(date.month() == 3U);
    BOOST_TEST(date.day() == 1U);
    BOOST_TEST(Date(987, 1, 5).iso() == "0987-01-05");
    BOOST_TEST(Date(1, 1, 1).iso() == "0001-01-01");
}

BOOST_DATA_TEST_CASE(parse_rejects,
                     bdata::make({
                         std::string_view("2026-2-01"),
                         std::string_view("2026-02-1"),
                         std::string_view("2026-02-30"),
                         std::string_view("2026-02-29"),
                         std::string_view("1900-02-29"),
                         std::string_view("20260201"),
                         std::string_view(""),
                         std::string_view(" 2026-02-01"),
                         std::string_view("2026-02-01 "),
                         std::string_view("2026/02/01"),
                         std::string_view("2026-02-01T00:00"),
                         std::string_view("0000-01-01"),
                         std::string_view("2026-00-10"),
                         std::string_view("2026-13-01"),
                         std::string_view("2026-01-00"),
                         std::string_view("2026-01-32"),
                         std::string_view("+026-01-01"),
                         std::string_view("-026-01-01"),
                         std::string_view("2026--2-01"),
                         std::string_view("2026-0a-01"),
                         std::string_view("2026-01-0 "),
                         std::string_view("02026-01-01"),
                         std::string_view("2026-01-01-"),
                     }),
                     iso) {
    BOOST_TEST(!Date::parse(iso).has_value());
}

BOOST_DATA_TEST_CASE(day_number_known_values, bdata::make(kDayNumberCases), c) {
    const Date date = parseOrFail(c.iso);
    BOOST_TEST(date.dayNumber() == c.dayNumber);
    BOOST_TEST(Date::fromDayNumber(c.dayNumber).iso() == std::string(c.iso));
}

BOOST_AUTO_TEST_CASE(from_day_number_matches_naive_calendar_over_whole_range) {
    // Walk every day of years 1..9999 with a naive successor and compare both directions.
    int year = 1;
    unsigned month = 1;
    unsigned day = 1;
    std::int64_t expectedDayNumber = -719162;
    std::int64_t mismatches = 0;
    for (;;) {
        const Date date(year, month, day);
        const Date fromNumber = Date::fromDayNumber(expectedDayNumber);
        if (date.dayNumber() != expectedDayNumber || !(fromNumber == date)) {
            ++mismatches;
        }
        if (year == 9999 && month == 12 && day == 31) {
            break;
        }
        ++expectedDayNumber;
        if (Date::isValid(year, month, day + 1)) {
            ++day;
        } else if (month < 12) {
            ++month;
            day = 1;
        } else {
            ++year;
            month = 1;
            day = 1;
        }
    }
    BOOST_TEST(mismatches == 0);
    BOOST_TEST(expectedDayNumber == 2932896);
}

BOOST_AUTO_TEST_CASE(from_day_number_rejects_out_of_range) {
    BOOST_CHECK_THROW(Date::fromDayNumber(-719163), std::out_of_range);
    BOOST_CHECK_THROW(Date::fromDayNumber(2932897), std::out_of_range);
    BOOST_CHECK_THROW(Date::fromDayNumber(std::numeric_limits<std::int64_t>::max()),
                      std::out_of_range);
    BOOST_CHECK_THROW(Date::fromDayNumber(std::numeric_limits<std::int64_t>::min()),
                      std::out_of_range);
}

BOOST_DATA_TEST_CASE(add_days_known_values, bdata::make(kAddDaysCases), c) {
    const Date from = parseOrFail(c.from);
    const Date to = parseOrFail(c.to);
    BOOST_TEST(from.addDays(c.days).iso() == std::string(c.to));
    BOOST_TEST(Date::daysBetween(from, to) == c.days);
    BOOST_TEST(Date::daysBetween(to, from) == -c.days);
}

BOOST_AUTO_TEST_CASE(add_days_out_of_range_throws) {
    BOOST_CHECK_THROW(Date(9999, 12, 31).addDays(1), std::out_of_range);
    BOOST_CHECK_THROW(Date(1, 1, 1).addDays(-1), std::out_of_range);
    BOOST_CHECK_THROW(Date(2026, 3, 1).addDays(4000000), std::out_of_range);
    BOOST_CHECK_THROW(Date(2026, 3, 1).addDays(std::numeric_limits<std::int64_t>::max()),
                      huzhu::core::OverflowError);
    BOOST_CHECK_THROW(Date(1969, 12, 31).addDays(std::numeric_limits<std::int64_t>::min()),
                      huzhu::core::OverflowError);
}

BOOST_AUTO_TEST_CASE(days_between_examples) {
    BOOST_TEST(Date::daysBetween(Date(2026, 1, 1), Date(2026, 12, 31)) == 364);
    BOOST_TEST(Date::daysBetween(Date(2026, 12, 31), Date(2026, 1, 1)) == -364);
    BOOST_TEST(Date::daysBetween(Date(2024, 1, 1), Date(2025, 1, 1)) == 366);
    BOOST_TEST(Date::daysBetween(Date(2026, 3, 1), Date(2026, 3, 1)) == 0);
    BOOST_TEST(Date::daysBetween(Date(1949, 12, 31), Date(2026, 3, 1)) == 27819);
    BOOST_TEST(Date::daysBetween(Date(1, 1, 1), Date(9999, 12, 31)) == 3652058);
}

BOOST_AUTO_TEST_CASE(comparison_is_chronological) {
    const Date a(2025, 12, 31);
    const Date b(2026, 1, 1);
    const Date c(2026, 2, 1);
    const Date d(2026, 2, 2);
    BOOST_TEST((a < b));
    BOOST_TEST((b < c));
    BOOST_TEST((c < d));
    BOOST_TEST((d > a));
    BOOST_TEST((a <= a));
    BOOST_TEST((a >= a));
    BOOST_TEST((a == Date(2025, 12, 31)));
    BOOST_TEST((a != b));
    BOOST_TEST(((a <=> b) == std::strong_ordering::less));
    BOOST_TEST(((d <=> c) == std::strong_ordering::greater));
    BOOST_TEST(((c <=> Date(2026, 2, 1)) == std::strong_ordering::equal));

    std::vector<Date> dates = {d, a, c, b};
    std::sort(dates.begin(), dates.end());
    BOOST_TEST(dates.front().iso() == "2025-12-31");
    BOOST_TEST(dates[1].iso() == "2026-01-01");
    BOOST_TEST(dates[2].iso() == "2026-02-01");
    BOOST_TEST(dates.back().iso() == "2026-02-02");
}

BOOST_AUTO_TEST_SUITE_END()
