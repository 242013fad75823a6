#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace huzhu::core {

/// Immutable civil date in the proleptic Gregorian calendar, restricted to years 1..9999.
/// Value type; ordering is chronological. There is no default constructor: every Date is valid.
class Date {
public:
    /// Constructs year-month-day. Throws std::invalid_argument unless isValid(year, month, day).
    Date(int year, unsigned month, unsigned day);

    /// Returns true when year is in 1..9999 and month/day name a real calendar day
    /// (2024-02-29 true, 2026-02-29 false, 1900-02-29 false, 2000-02-29 true, 2026-04-31 false).
    static bool isValid(int year, unsigned month, unsigned day);

    /// Parses strict "YYYY-MM-DD": exactly 10 characters, zero-padded ASCII digits, '-' separators,
    /// a real date with year 0001..9999. Returns nullopt otherwise ("2026-2-01", "20260201",
    /// "2026-02-30", " 2026-02-01", "2026/02/01", "0000-01-01").
    static std::optional<Date> parse(std::string_view iso);

    /// Returns the date daysSince1970 days after 1970-01-01 (0 = 1970-01-01, -1 = 1969-12-31).
    /// Throws std::out_of_range when the result would fall outside years 1..9999.
    static Date fromDayNumber(std::int64_t daysSince1970);

    /// Returns the number of days since 1970-01-01 (negative before it).
    std::int64_t dayNumber() const;

    /// Returns the year (1..9999).
    int year() const { return _year; }
    /// Returns the month (1..12).
    unsigned month() const { return _month; }
    /// Returns the day of month (1..31).
    unsigned day() const { return _day; }

    /// Returns the date `days` days later (earlier when negative). Throws std::out_of_range when
    /// the result falls outside years 1..9999 and OverflowError when days is so large that the
    /// day number itself overflows int64.
    Date addDays(std::int64_t days) const;

    /// Returns b - a in days: positive when b is later than a, 0 when equal. Never throws.
    static std::int64_t daysBetween(const Date& a, const Date& b);

    /// Returns the ISO 8601 form "YYYY-MM-DD", e.g. "2026-03-01", "0987-01-05".
    std::string iso() const;

    /// Chronological ordering (members are compared year, then month, then day).
    auto operator<=>(const Date&) const = default;
    bool operator==(const Date&) const = default;

private:
    int _year;
    unsigned _month;
    unsigned _day;
};

}  // namespace huzhu::core
