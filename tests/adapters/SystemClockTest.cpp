#include "adapters/SystemClock.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>
#include <string>

using namespace huzhu;

namespace {

/// Runs `check` with the TZ environment variable set to `zone`, restoring it afterwards.
template <class Check>
void inZone(const char* zone, Check check) {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    setenv("TZ", zone, 1);
    tzset();
    check();
    if (old)
        setenv("TZ", saved.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_clock)

// The audit trail and the claims keep SystemClock::now()'s text: it must stay the ISO 8601 form
// Poco's formatter wrote before (offset as +hh:mm, +00:00 at UTC), in any zone.
BOOST_AUTO_TEST_CASE(now_is_iso_8601_with_the_local_offset_as_poco_writes_it) {
    const adapters::SystemClock clock;
    for (const char* zone : {"UTC0", "CST-8", "EST5", "IST-5:30"}) {
        inZone(zone, [&] {
            std::string ours, poco;
            for (int attempt = 0; attempt < 3; ++attempt) {  // a second may tick in between
                ours = clock.now();
                poco = Poco::DateTimeFormatter::format(Poco::LocalDateTime(),
                                                       Poco::DateTimeFormat::ISO8601_FORMAT);
                if (ours == poco) break;
            }
            BOOST_TEST(ours == poco, zone << ": " << ours << " vs " << poco);
            const Poco::LocalDateTime local;
            BOOST_TEST(clock.today().iso() == Poco::DateTimeFormatter::format(local, "%Y-%m-%d"),
                       zone);
        });
    }
}

BOOST_AUTO_TEST_SUITE_END()
