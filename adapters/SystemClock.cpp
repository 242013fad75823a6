#include "adapters/SystemClock.h"

#include <cstdio>
#include <ctime>

namespace huzhu::adapters {

namespace {

// localtime_r reads the time zone once per process; Poco::LocalDateTime calls tzset(), which
// stats /etc/localtime on every call (measured: 5 % of a claim view in bench/http_bench.sh).
std::tm localNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

}  // namespace

core::Date SystemClock::today() const {
    const std::tm tm = localNow();
    return core::Date(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                      static_cast<unsigned>(tm.tm_mday));
}

std::string SystemClock::now() const {
    // ISO 8601 as Poco's ISO8601_FORMAT writes local time: "2026-11-29T13:34:06+08:00".
    const std::tm tm = localNow();
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    const long offset = tm.tm_gmtoff;
    const long minutes = (offset < 0 ? -offset : offset) / 60;
    std::snprintf(text + n, sizeof text - n, "%c%02ld:%02ld", offset < 0 ? '-' : '+', minutes / 60,
                  minutes % 60);
    return text;
}

std::int64_t SystemClock::epochSeconds() const {
    return std::time(nullptr);
}

}  // namespace huzhu::adapters
