#include "core/Eligibility.h"

#include <boost/test/unit_test.hpp>

using namespace huzhu::core;

namespace {

/// Cover from 2026-03-01 under a 2026 calendar-year plan with a 30-day waiting period that a
/// renewal within 30 days waives.
Coverage coverage() {
    Coverage c;
    c.plan.periodStart = Date(2026, 1, 1);
    c.plan.periodEnd = Date(2026, 12, 31);
    c.plan.waiting.days = 30;
    c.plan.waiting.waivedIfRenewedWithinDays = 30;
    c.facts.coverStart = Date(2026, 3, 1);
    c.coverEnd = Date(2026, 12, 31);
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(eligibility)

BOOST_AUTO_TEST_CASE(not_enrolled_without_coverage) {
    const Eligibility e = checkEligibility(std::nullopt, Date(2026, 6, 1));
    BOOST_TEST(!e.covered);
    BOOST_TEST(toString(e.reason) == "not_enrolled");
    BOOST_TEST(!e.from.has_value());
}

BOOST_AUTO_TEST_CASE(waiting_period_day_30_and_31) {
    // Day 1 is 03-01, so day 30 is 03-30 (still waiting) and day 31 is 03-31 (covered).
    Eligibility day30 = checkEligibility(coverage(), Date(2026, 3, 30));
    BOOST_TEST(toString(day30.reason) == "waiting_period");
    BOOST_TEST(day30.waitingUntil->iso() == "2026-03-30");
    Eligibility day31 = checkEligibility(coverage(), Date(2026, 3, 31));
    BOOST_TEST(day31.covered);
    BOOST_TEST(day31.from->iso() == "2026-03-01");
    BOOST_TEST(day31.until->iso() == "2026-12-31");
}

BOOST_AUTO_TEST_CASE(renewal_waives_the_wait_at_the_limit_not_one_day_over) {
    Coverage c = coverage();
    c.facts.renewedAfterDays = 30;
    BOOST_TEST(checkEligibility(c, Date(2026, 3, 2)).covered);
    c.facts.renewedAfterDays = 31;
    BOOST_TEST(toString(checkEligibility(c, Date(2026, 3, 2)).reason) == "waiting_period");
}

BOOST_AUTO_TEST_CASE(before_start_after_end_and_left_union) {
    BOOST_TEST(toString(checkEligibility(coverage(), Date(2026, 2, 28)).reason) ==
               "before_cover_start");
    BOOST_TEST(toString(checkEligibility(coverage(), Date(2027, 1, 1)).reason) ==
               "after_cover_end");
    Coverage c = coverage();
    c.coverEnd = Date(2026, 9, 30);  // an enrolment cut short
    BOOST_TEST(checkEligibility(c, Date(2026, 9, 30)).covered);
    BOOST_TEST(toString(checkEligibility(c, Date(2026, 10, 1)).reason) == "after_cover_end");
    c.leftOn = Date(2026, 8, 15);
    BOOST_TEST(checkEligibility(c, Date(2026, 8, 14)).covered);
    BOOST_TEST(toString(checkEligibility(c, Date(2026, 8, 15)).reason) == "left_union");
}

BOOST_AUTO_TEST_SUITE_END()
