#include "core/Date.h"

#include "core/Money.h"

#include <stdexcept>

namespace huzhu::core {

namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

constexpr bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr unsigned kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/// REQUIRES: month in 1..12.
constexpr unsigned daysInMonth(int year, unsigned month) {
    return month == 2 && isLeapYear(year) ? 29U : kDaysInMonth[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain), specialised to the
// positive years 1..9999 that Date admits, so every intermediate value is non-negative.

constexpr std::int64_t daysFromCivil(int year, unsigned month, unsigned day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = y / 400;  // y >= 0 for years 1..9999
    const std::int64_t yearOfEra = y - era * 400;
    const std::int64_t shiftedMonth = month > 2 ? month - 3 : month + 9;  // March = 0
    const std::int64_t dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

struct Civil {
    int year;
    unsigned month;
    unsigned day;
};

/// REQUIRES: days lies within [daysFromCivil(1,1,1), daysFromCivil(9999,12,31)].
Civil civilFromDays(std::int64_t days) {
    const std::int64_t z = days + 719468;  // >= 0 for every admitted date
    const std::int64_t era = z / 146097;
    const std::int64_t dayOfEra = z - era * 146097;
    const std::int64_t yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;
    const std::int64_t day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    const std::int64_t month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    const std::int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return Civil{static_cast<int>(year), static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

constexpr std::int64_t kMinDayNumber = daysFromCivil(kMinYear, 1, 1);
constexpr std::int64_t kMaxDayNumber = daysFromCivil(kMaxYear, 12, 31);

}  // namespace

Date::Date(int year, unsigned month, unsigned day) : _year(year), _month(month), _day(day) {
    if (!isValid(year, month, day)) {
        throw std::invalid_argument("huzhu::core::Date: invalid date " + std::to_string(year) +
                                    "-" + std::to_string(month) + "-" + std::to_string(day));
    }
}

bool Date::isValid(int year, unsigned month, unsigned day) {
    return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 &&
           day <= daysInMonth(year, month);
}

std::optional<Date> Date::parse(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
        return std::nullopt;
    }
    const auto number = [iso](std::size_t pos, std::size_t count) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = pos; i < pos + count; ++i) {
            if (iso[i] < '0' || iso[i] > '9') {
                return std::nullopt;
            }
            value = value * 10 + (iso[i] - '0');
        }
        return value;
    };
    const auto year = number(0, 4);
    const auto month = number(5, 2);
    const auto day = number(8, 2);
    if (!year || !month || !day) {
        return std::nullopt;
    }
    const auto m = static_cast<unsigned>(*month);
    const auto d = static_cast<unsigned>(*day);
    if (!isValid(*year, m, d)) {
        return std::nullopt;
    }
    return Date(*year, m, d);
}

Date Date::fromDayNumber(std::int64_t daysSince1970) {
    if (daysSince1970 < kMinDayNumber || daysSince1970 > kMaxDayNumber) {
        throw std::out_of_range("huzhu::core::Date::fromDayNumber: day number " +
                                std::to_string(daysSince1970) + " outside years 1..9999");
    }
    const Civil civil = civilFromDays(daysSince1970);
    return Date(civil.year, civil.month, civil.day);
}

std::int64_t Date::dayNumber() const {
    return daysFromCivil(_year, _month, _day);
}

Date Date::addDays(std::int64_t days) const {
    return fromDayNumber(checkedAdd(dayNumber(), days));
}

std::int64_t Date::daysBetween(const Date& a, const Date& b) {
    return b.dayNumber() - a.dayNumber();
}

std::string Date::iso() const {
    std::string text(10, '-');
    const auto put = [&text](std::size_t pos, std::size_t count, unsigned value) {
        for (std::size_t i = pos + count; i > pos; --i) {
            text[i - 1] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, 4, static_cast<unsigned>(_year));
    put(5, 2, _month);
    put(8, 2, _day);
    return text;
}

}  // namespace huzhu::core
