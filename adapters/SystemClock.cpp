#include "adapters/SystemClock.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

namespace huzhu::adapters {

core::Date SystemClock::today() const {
    Poco::LocalDateTime now;
    return core::Date(now.year(), static_cast<unsigned>(now.month()),
                      static_cast<unsigned>(now.day()));
}

std::string SystemClock::now() const {
    return Poco::DateTimeFormatter::format(Poco::LocalDateTime(),
                                           Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::int64_t SystemClock::epochSeconds() const {
    return Poco::Timestamp().epochTime();
}

}  // namespace huzhu::adapters
