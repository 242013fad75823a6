// The methods besides `ratio` with bands (lump_sum, daily, disability, ratio_by_hospital_level),
// a plan mixing methods, the facts validateClaim requires for them, and dates around
// 2028-02-29. Every case has its arithmetic in a comment; plans are built in C++.
// (Ratio bands, rounding of bands, caps on ratio lines, waiting and the renewal waiver at the
// limit are in PayoutEngineTest.cpp.)

#include <boost/test/unit_test.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/PayoutEngine.h"
#include "support/QuoteText.h"

using namespace huzhu::core;

namespace {

/// A 2026 plan with no benefit yet.
Plan emptyPlan() {
    Plan p;
    p.code = "methods";
    p.version = 2026;
    p.name = "方法测试";
    p.periodStart = Date(2026, 1, 1);
    p.periodEnd = Date(2026, 12, 31);
    p.priceFen = 5000;
    return p;
}

const std::vector<std::string> kCritical = {"C", "I21", "I60", "I61", "I63"};

/// A critical-illness lump sum with the given tiers, once per period.
Benefit lumpSum(std::vector<LumpSumTier> tiers, Once once = Once::Period) {
    Benefit b;
    b.name = "重大疾病互助";
    b.claimType = ClaimType::CriticalIllness;
    b.method = Method::LumpSum;
    b.tiers = std::move(tiers);
    b.once = once;
    return b;
}

Plan lumpSumPlan(std::vector<LumpSumTier> tiers, Once once = Once::Period) {
    Plan p = emptyPlan();
    p.maxShares = 3;
    p.benefits = {lumpSum(std::move(tiers), once)};
    return p;
}

/// The Beijing allowance: from day 4, 40 元 a day, cap 7,200 元.
Plan dailyPlan() {
    Plan p = emptyPlan();
    p.maxShares = 2;
    Benefit b;
    b.name = "住院津贴";
    b.method = Method::Daily;
    b.fromDay = 4;
    b.fenPerDay = 4000;
    b.capFen = 720000;
    p.benefits = {b};
    return p;
}

/// Changchun accident: 30,000 元 per share, grade 1 = 100 % … grade 10 = 10 %, cap = the sum.
Plan disabilityPlan() {
    Plan p = emptyPlan();
    p.maxShares = 4;
    Benefit b;
    b.name = "意外伤残互助";
    b.claimType = ClaimType::Accident;
    b.method = Method::Disability;
    b.sumFen = 3000000;
    for (int grade = 1; grade <= 10; ++grade) b.gradeBp[grade] = 10000 - (grade - 1) * 1000;
    b.capFen = 3000000;
    p.benefits = {b};
    return p;
}

/// Changchun inpatient: fund paid × 10.5 / 8.4 / 6.3 %, at least 100 元, 2 paid stays.
Plan hospitalLevelPlan() {
    Plan p = emptyPlan();
    Benefit b;
    b.name = "住院医疗互助";
    b.base = BaseAmount::FundPaid;
    b.ratioByHospitalLevel = HospitalLevelRatios{1050, 840, 630};
    b.minFen = 10000;
    b.maxClaims = 2;
    p.benefits = {b};
    return p;
}

MemberFacts member(int shares = 1) {
    MemberFacts m;
    m.coverStart = Date(2026, 1, 1);
    m.shares = shares;
    return m;
}

/// A claim without a stay (critical illness, accident) on `event`, filed a week later.
ClaimFacts eventClaim(ClaimType type, Date event, const std::string& diagnosis) {
    ClaimFacts c;
    c.type = type;
    c.eventDate = event;
    c.filed = event.addDays(7);
    c.diagnosis = diagnosis;
    return c;
}

ClaimFacts critical(const std::string& diagnosis, std::optional<std::string> severity = {}) {
    ClaimFacts c = eventClaim(ClaimType::CriticalIllness, Date(2026, 5, 10), diagnosis);
    c.severity = std::move(severity);
    return c;
}

ClaimFacts accident(std::optional<int> grade) {
    ClaimFacts c = eventClaim(ClaimType::Accident, Date(2026, 5, 10), "S82.2");
    c.disabilityGrade = grade;
    return c;
}

/// An inpatient stay with the given settlement figures, filed ten days after discharge.
ClaimFacts stay(Date admission, Date discharge, Fen total = 0, Fen fund = 0, Fen outOfScope = 0) {
    ClaimFacts c;
    c.type = ClaimType::Inpatient;
    c.admission = admission;
    c.discharge = discharge;
    c.filed = discharge.addDays(10);
    c.diagnosis = "K35.8";
    c.hospitalLevel = HospitalLevel::City;
    c.totalFen = total;
    c.fundPaidFen = fund;
    c.outOfScopeFen = outOfScope;
    return c;
}

ClaimFacts levelStay(HospitalLevel level, Fen total, Fen fund) {
    ClaimFacts c = stay(Date(2026, 3, 2), Date(2026, 3, 12), total, fund);
    c.hospitalLevel = level;
    return c;
}

using huzhu::test::describe;
using huzhu::test::statusOf;

Quote quote(const Plan& plan, const ClaimFacts& claim, const History& history = {},
            const MemberFacts& m = member()) {
    const auto bad = validateClaim(plan, m, claim);
    BOOST_REQUIRE_MESSAGE(!bad, "refused: " << (bad ? bad->field + " " + bad->message : ""));
    return quoteClaim(plan, m, history, claim);
}

History lumpSumHistory(std::optional<LumpSumPaid> paid) {
    History h;
    h.benefits["重大疾病互助"] = {.lumpSumPaid = paid};
    return h;
}

std::string rejectedField(const Plan& plan, const ClaimFacts& c, const MemberFacts& m = member()) {
    auto e = validateClaim(plan, m, c);
    return e ? e->field : "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payout_methods)

// ---------------------------------------------------------------------------------------------
// lump_sum
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(lump_sum_first_matching_tier_wins) {
    // tiers: C50 → 20,000 元; C → 10,000 元; any → 1,000 元.
    const Plan p = lumpSumPlan({{std::vector<std::string>{"C50"}, std::nullopt, 2000000},
                                {std::vector<std::string>{"C"}, std::nullopt, 1000000},
                                {std::nullopt, std::nullopt, 100000}});
    // C50.9 matches all three tiers: the first pays 2,000,000.
    Quote q = quote(p, critical("C50.9"));
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 2000000);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 2000000");
    // C34.1 misses C50, matches C: 1,000,000.
    BOOST_TEST(quote(p, critical("C34.1")).payoutFen == 1000000);
    // K35.8 matches only the tier without diseases: 100,000.
    q = quote(p, critical("K35.8"));
    BOOST_TEST(q.payoutFen == 100000);
    BOOST_TEST(statusOf(q.lines[0]) == "payable");
}

BOOST_AUTO_TEST_CASE(lump_sum_tier_order_is_plan_order) {
    // The open tier first: it matches everything, so C50.9 gets 100,000, not 2,000,000.
    const Plan p = lumpSumPlan({{std::nullopt, std::nullopt, 100000},
                                {std::vector<std::string>{"C50"}, std::nullopt, 2000000}});
    BOOST_TEST(quote(p, critical("C50.9")).payoutFen == 100000);
}

BOOST_AUTO_TEST_CASE(lump_sum_severity_tiers) {
    // Hubei style: severe 10,000 元 first, then mild 3,000 元, same disease list.
    Plan p = lumpSumPlan(
        {{kCritical, std::string("severe"), 1000000}, {kCritical, std::string("mild"), 300000}});
    p.benefits[0].diseases = kCritical;
    // severe: the first tier, 1,000,000.
    BOOST_TEST(quote(p, critical("C34.1", "severe")).payoutFen == 1000000);
    // mild: the first tier's severity differs, the second pays 300,000.
    Quote q = quote(p, critical("I21.0", "mild"));
    BOOST_TEST(q.payoutFen == 300000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 300000");
    // no severity: no tier matches → not_listed, no steps.
    q = quote(p, critical("C34.1"));
    BOOST_TEST(statusOf(q) == "not_listed");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q.lines[0]) == "not_listed");
    BOOST_TEST(q.lines[0].steps.empty());
    // a severity no tier names: not_listed.
    BOOST_TEST(statusOf(quote(p, critical("C34.1", "moderate"))) == "not_listed");
    // severe, but the diagnosis is not on the benefit's list: not_listed.
    BOOST_TEST(statusOf(quote(p, critical("K35.8", "severe"))) == "not_listed");
}

BOOST_AUTO_TEST_CASE(lump_sum_tier_with_severity_and_no_diseases) {
    // A tier without diseases matches any diagnosis, but its severity still has to match.
    const Plan p = lumpSumPlan({{std::nullopt, std::string("severe"), 500000}});
    BOOST_TEST(quote(p, critical("K35.8", "severe")).payoutFen == 500000);
    BOOST_TEST(statusOf(quote(p, critical("K35.8", "mild"))) == "not_listed");
}

BOOST_AUTO_TEST_CASE(lump_sum_no_tier_is_not_listed) {
    // Only C50 has a tier; the benefit itself lists no diseases. I21.0 → not_listed.
    const Plan p = lumpSumPlan({{std::vector<std::string>{"C50"}, std::nullopt, 1500000}});
    const Quote q = quote(p, critical("I21.0"));
    BOOST_TEST(statusOf(q) == "not_listed");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(statusOf(q.lines[0]) == "not_listed");
}

BOOST_AUTO_TEST_CASE(lump_sum_once_per_period) {
    const Plan p = lumpSumPlan({{kCritical, std::nullopt, 1000000}});
    // nothing paid before: 1,000,000.
    BOOST_TEST(quote(p, critical("C34.1"), lumpSumHistory(std::nullopt)).payoutFen == 1000000);
    // paid in this period: limit_reached, 0.
    Quote q = quote(p, critical("C34.1"), lumpSumHistory(LumpSumPaid::ThisPeriod));
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q.lines[0]) == "limit_reached");
    // paid only in an earlier period: once per period → payable again, 1,000,000.
    q = quote(p, critical("C34.1"), lumpSumHistory(LumpSumPaid::EarlierPeriod));
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 1000000);
}

BOOST_AUTO_TEST_CASE(lump_sum_once_per_lifetime) {
    const Plan p = lumpSumPlan({{kCritical, std::nullopt, 1500000}}, Once::Lifetime);
    BOOST_TEST(quote(p, critical("C50.9")).payoutFen == 1500000);
    // paid in an earlier edition: limit_reached.
    Quote q = quote(p, critical("C50.9"), lumpSumHistory(LumpSumPaid::EarlierPeriod));
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.payoutFen == 0);
    // paid this period: limit_reached as well.
    q = quote(p, critical("C50.9"), lumpSumHistory(LumpSumPaid::ThisPeriod));
    BOOST_TEST(statusOf(q) == "limit_reached");
}

BOOST_AUTO_TEST_CASE(lump_sum_times_shares) {
    // 1,000,000 × 3 shares = 3,000,000.
    Plan p = lumpSumPlan({{kCritical, std::nullopt, 1000000}});
    Quote q = quote(p, critical("C34.1"), {}, member(3));
    BOOST_TEST(q.payoutFen == 3000000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000; shares x3 3000000");
    // per_share false: one share's amount, 1,000,000.
    p.benefits[0].perShare = false;
    q = quote(p, critical("C34.1"), {}, member(3));
    BOOST_TEST(q.payoutFen == 1000000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000");
}

BOOST_AUTO_TEST_CASE(lump_sum_reduced_window) {
    // 30 waiting days, days 31–90 at 50 %. Cover from 2026-01-01: 2026-01-30 is day 30,
    // 2026-01-31 day 31, 2026-03-31 day 90, 2026-04-01 day 91.
    Plan p = lumpSumPlan({{kCritical, std::nullopt, 100001}});
    p.waiting = {.days = 30, .reducedDays = 60, .reducedRatioBp = 5000};
    auto on = [](Date d) {
        ClaimFacts c = critical("C34.1");
        c.eventDate = d;
        c.filed = d.addDays(7);
        return c;
    };
    BOOST_TEST(statusOf(quote(p, on(Date(2026, 1, 30)))) == "waiting_period");
    // day 31: 100,001 × 50 % = 50,000.5 → half_up 50,001.
    Quote q = quote(p, on(Date(2026, 1, 31)));
    BOOST_TEST(q.payoutFen == 50001);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 100001; reduced @5000 50001");
    // the same in half_even → 50,000 (the even neighbour).
    p.rounding = RoundingMode::HalfEven;
    BOOST_TEST(quote(p, on(Date(2026, 1, 31))).payoutFen == 50000);
    p.rounding = RoundingMode::HalfUp;
    // day 90 still reduced; day 91 full 100,001.
    BOOST_TEST(quote(p, on(Date(2026, 3, 31))).payoutFen == 50001);
    BOOST_TEST(quote(p, on(Date(2026, 4, 1))).payoutFen == 100001);
    // shares before the reduction: 100,001 × 3 = 300,003 × 50 % = 150,001.5 → 150,002.
    q = quote(p, on(Date(2026, 2, 1)), {}, member(3));
    BOOST_TEST(q.payoutFen == 150002);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 100001; shares x3 300003; reduced @5000 150002");
}

BOOST_AUTO_TEST_CASE(lump_sum_capped_by_the_benefit_cap) {
    // benefit cap 1,500,000; lump sum 1,000,000.
    Plan p = lumpSumPlan({{kCritical, std::nullopt, 1000000}});
    p.benefits[0].capFen = 1500000;
    History h;
    // paid 500,000 → room 1,000,000 = the lump sum: paid in full, no cap step.
    h.benefits["重大疾病互助"] = {.paidFen = 500000};
    Quote q = quote(p, critical("C34.1"), h);
    BOOST_TEST(q.payoutFen == 1000000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000");
    // paid 500,001 → room 999,999.
    h.benefits["重大疾病互助"].paidFen = 500001;
    q = quote(p, critical("C34.1"), h);
    BOOST_TEST(q.payoutFen == 999999);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000; benefit_cap 999999");
    // paid 1,500,000 → room 0 → limit_reached.
    h.benefits["重大疾病互助"].paidFen = 1500000;
    q = quote(p, critical("C34.1"), h);
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "limit_reached");
    // 2 shares: 1,000,000 × 2 = 2,000,000; cap 3,000,000 − paid 1,500,000 = room 1,500,000.
    q = quote(p, critical("C34.1"), h, member(2));
    BOOST_TEST(q.payoutFen == 1500000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000; shares x2 2000000; benefit_cap 1500000");
}

BOOST_AUTO_TEST_CASE(lump_sum_capped_by_the_plan_cap) {
    // Hangzhou style: plan cap 6,520,000; lump sum 1,500,000.
    Plan p = lumpSumPlan({{kCritical, std::nullopt, 1500000}});
    p.capFen = 6520000;
    History h;
    // plan paid 6,000,000 → room 520,000.
    h.paidFen = 6000000;
    Quote q = quote(p, critical("C34.1"), h);
    BOOST_TEST(q.payoutFen == 520000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1500000; plan_cap 520000");
    // plan paid 5,020,000 → room 1,500,000 exactly: no cap step.
    h.paidFen = 5020000;
    q = quote(p, critical("C34.1"), h);
    BOOST_TEST(q.payoutFen == 1500000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1500000");
    // plan paid 6,520,000 → limit_reached.
    h.paidFen = 6520000;
    q = quote(p, critical("C34.1"), h);
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.payoutFen == 0);
}

BOOST_AUTO_TEST_CASE(lump_sum_not_limited_by_the_indemnity) {
    // The member paid 10,000 (total 100,000 − fund 90,000), the lump sum is 1,000,000: paid
    // in full, no indemnity step.
    const Plan p = lumpSumPlan({{kCritical, std::nullopt, 1000000}});
    ClaimFacts c = critical("C34.1");
    c.totalFen = 100000;
    c.fundPaidFen = 90000;
    BOOST_REQUIRE_EQUAL(c.personalFen(), 10000);
    Quote q = quote(p, c);
    BOOST_TEST(q.payoutFen == 1000000);
    BOOST_TEST(describe(q.lines[0]) == "lump_sum 1000000");
    // No settlement figures at all (personal 0): still 1,000,000.
    q = quote(p, critical("C34.1"));
    BOOST_TEST(q.payoutFen == 1000000);
}

// ---------------------------------------------------------------------------------------------
// daily
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(daily_days_from_day_4) {
    const Plan p = dailyPlan();
    // 3-day stay (03-01 → 03-04): 3 − 4 + 1 = 0 days → zero.
    Quote q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 4)));
    BOOST_TEST(statusOf(q) == "zero");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(describe(q.lines[0]) == "daily d0 0");
    // 4-day stay (03-01 → 03-05): 1 day × 4,000 = 4,000.
    q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 5)));
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 4000);
    BOOST_TEST(describe(q.lines[0]) == "daily d1 4000");
    // 10-day stay (03-01 → 03-11): 7 days × 4,000 = 28,000.
    q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 11)));
    BOOST_TEST(q.payoutFen == 28000);
    BOOST_TEST(describe(q.lines[0]) == "daily d7 28000");
    // same-day stay: 0 − 4 + 1 < 0 → 0 days → zero.
    q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 1)));
    BOOST_TEST(statusOf(q) == "zero");
    BOOST_TEST(describe(q.lines[0]) == "daily d0 0");
    // across the end of February 2026 (28 days): 02-20 → 03-02 is 10 days → 7 × 4,000.
    BOOST_TEST(quote(p, stay(Date(2026, 2, 20), Date(2026, 3, 2))).payoutFen == 28000);
}

BOOST_AUTO_TEST_CASE(daily_from_day_1_counts_every_night) {
    // from_day 1: days = stay length; a same-day stay is 0, an overnight stay 1 day.
    Plan p = dailyPlan();
    p.benefits[0].fromDay = 1;
    BOOST_TEST(statusOf(quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 1)))) == "zero");
    BOOST_TEST(quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 2))).payoutFen == 4000);
}

BOOST_AUTO_TEST_CASE(daily_cap_hit_exactly_and_missed_by_one_fen) {
    // cap 720,000; the 10-day stay pays 7 × 4,000 = 28,000.
    const Plan p = dailyPlan();
    const ClaimFacts c = stay(Date(2026, 3, 1), Date(2026, 3, 11));
    History h;
    // paid 692,000 → room 28,000 = the amount: payable, no cap step.
    h.benefits["住院津贴"] = {.paidFen = 692000};
    Quote q = quote(p, c, h);
    BOOST_TEST(q.payoutFen == 28000);
    BOOST_TEST(describe(q.lines[0]) == "daily d7 28000");
    // paid 692,001 → room 27,999.
    h.benefits["住院津贴"].paidFen = 692001;
    q = quote(p, c, h);
    BOOST_TEST(q.payoutFen == 27999);
    BOOST_TEST(describe(q.lines[0]) == "daily d7 28000; benefit_cap 27999");
    // paid 720,000 → limit_reached.
    h.benefits["住院津贴"].paidFen = 720000;
    q = quote(p, c, h);
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.payoutFen == 0);
    // a 3-day stay (nothing due) with the cap used up: limit_reached, not zero.
    q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 4)), h);
    BOOST_TEST(statusOf(q) == "limit_reached");
}

BOOST_AUTO_TEST_CASE(daily_shares_and_no_indemnity) {
    // 2 shares: 28,000 × 2 = 56,000, although the member paid nothing (personal 0).
    const Plan p = dailyPlan();
    const Quote q = quote(p, stay(Date(2026, 3, 1), Date(2026, 3, 11)), {}, member(2));
    BOOST_TEST(q.payoutFen == 56000);
    BOOST_TEST(describe(q.lines[0]) == "daily d7 28000; shares x2 56000");
}

BOOST_AUTO_TEST_CASE(daily_without_a_stay_is_zero) {
    // A daily benefit answering a claim without a stay: 0 days → zero.
    Plan p = dailyPlan();
    p.benefits[0].claimType = ClaimType::Accident;
    const Quote q = quote(p, accident(std::nullopt));
    BOOST_TEST(statusOf(q) == "zero");
    BOOST_TEST(describe(q.lines[0]) == "daily d0 0");
}

// ---------------------------------------------------------------------------------------------
// disability
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(disability_grade_1_and_10) {
    const Plan p = disabilityPlan();
    // grade 1: 3,000,000 × 10000 / 10000 = 3,000,000 (the cap exactly: no cap step).
    Quote q = quote(p, accident(1));
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 3000000);
    BOOST_TEST(describe(q.lines[0]) == "disability @10000 3000000");
    // grade 10: 3,000,000 × 1000 / 10000 = 300,000.
    q = quote(p, accident(10));
    BOOST_TEST(q.payoutFen == 300000);
    BOOST_TEST(describe(q.lines[0]) == "disability @1000 300000");
    // grade 7 with 3 shares: 3,000,000 × 40 % = 1,200,000 × 3 = 3,600,000 (cap 9,000,000).
    q = quote(p, accident(7), {}, member(3));
    BOOST_TEST(q.payoutFen == 3600000);
    BOOST_TEST(describe(q.lines[0]) == "disability @4000 1200000; shares x3 3600000");
}

BOOST_AUTO_TEST_CASE(disability_cap_given_history) {
    // cap 3,000,000 per share; grade 1 pays 3,000,000.
    const Plan p = disabilityPlan();
    History h;
    h.benefits["意外伤残互助"] = {.paidFen = 1};  // room 2,999,999
    Quote q = quote(p, accident(1), h);
    BOOST_TEST(q.payoutFen == 2999999);
    BOOST_TEST(describe(q.lines[0]) == "disability @10000 3000000; benefit_cap 2999999");
    h.benefits["意外伤残互助"].paidFen = 3000000;  // room 0
    q = quote(p, accident(10), h);
    BOOST_TEST(statusOf(q) == "limit_reached");
    // 2 shares: cap 6,000,000 − 3,000,000 paid = 3,000,000 ≥ grade 10 × 2 = 600,000.
    BOOST_TEST(quote(p, accident(10), h, member(2)).payoutFen == 600000);
}

BOOST_AUTO_TEST_CASE(disability_grade_missing_is_not_listed) {
    // grade_bp lists grades 1 and 10 only: grade 5 → not_listed.
    Plan p = disabilityPlan();
    p.benefits[0].gradeBp = {{1, 10000}, {10, 1000}};
    const Quote q = quote(p, accident(5));
    BOOST_TEST(statusOf(q) == "not_listed");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q.lines[0]) == "not_listed");
    BOOST_TEST(q.lines[0].steps.empty());
    BOOST_TEST(quote(p, accident(10)).payoutFen == 300000);
}

BOOST_AUTO_TEST_CASE(disability_rounding_half_fen_each_mode) {
    // sum 1,005 × 50 % = 502.5 → half_up 503, half_even 502, down 502
    // sum 1,015 × 50 % = 507.5 → half_up 508, half_even 508, down 507
    struct Case {
        Fen sum;
        Fen halfUp, halfEven, down;
    };
    const Case cases[] = {{1005, 503, 502, 502}, {1015, 508, 508, 507}};
    for (const Case& c : cases) {
        Plan p = disabilityPlan();
        p.benefits[0].sumFen = c.sum;
        p.benefits[0].gradeBp = {{6, 5000}};
        p.benefits[0].capFen.reset();
        p.rounding = RoundingMode::HalfUp;
        BOOST_TEST(quote(p, accident(6)).payoutFen == c.halfUp, "sum " << c.sum);
        p.rounding = RoundingMode::HalfEven;
        BOOST_TEST(quote(p, accident(6)).payoutFen == c.halfEven, "sum " << c.sum);
        p.rounding = RoundingMode::Down;
        BOOST_TEST(quote(p, accident(6)).payoutFen == c.down, "sum " << c.sum);
    }
    // Rounded before the shares: 502.5 → 503 × 2 = 1,006 (not 1,005 × 2 × 50 % = 1,005).
    Plan p = disabilityPlan();
    p.benefits[0].sumFen = 1005;
    p.benefits[0].gradeBp = {{6, 5000}};
    const Quote q = quote(p, accident(6), {}, member(2));
    BOOST_TEST(q.payoutFen == 1006);
    BOOST_TEST(describe(q.lines[0]) == "disability @5000 503; shares x2 1006");
}

// ---------------------------------------------------------------------------------------------
// ratio_by_hospital_level
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(hospital_level_ratios) {
    // fund paid 1,234,567 of a total 2,000,000 (personal 765,433):
    //   provincial × 1050 = 1,296,295,350 / 10000 = 129,629.535 → 129,630
    //   city       × 840  = 103,703.628 → 103,704
    //   district   × 630  = 77,777.721  → 77,778
    const Plan p = hospitalLevelPlan();
    Quote q = quote(p, levelStay(HospitalLevel::Provincial, 2000000, 1234567));
    BOOST_TEST(q.payoutFen == 129630);
    BOOST_TEST(describe(q.lines[0]) == "base 1234567; band 0-1234567 @1050 129630");
    q = quote(p, levelStay(HospitalLevel::City, 2000000, 1234567));
    BOOST_TEST(q.payoutFen == 103704);
    BOOST_TEST(describe(q.lines[0]) == "base 1234567; band 0-1234567 @840 103704");
    q = quote(p, levelStay(HospitalLevel::District, 2000000, 1234567));
    BOOST_TEST(q.payoutFen == 77778);
}

BOOST_AUTO_TEST_CASE(hospital_level_min_fen_raise) {
    const Plan p = hospitalLevelPlan();
    // district, fund paid 120,000 × 6.3 % = 7,560 → raised to 10,000 (personal 80,000).
    Quote q = quote(p, levelStay(HospitalLevel::District, 200000, 120000));
    BOOST_TEST(q.payoutFen == 10000);
    BOOST_TEST(describe(q.lines[0]) == "base 120000; band 0-120000 @630 7560; minimum 10000");
    // the same with personal 5,000 (total 125,000): 10,000 → indemnity 5,000.
    q = quote(p, levelStay(HospitalLevel::District, 125000, 120000));
    BOOST_TEST(q.payoutFen == 5000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 120000; band 0-120000 @630 7560; minimum 10000; indemnity 5000");
    // fund paid 0: nothing to raise → zero.
    q = quote(p, levelStay(HospitalLevel::Provincial, 50000, 0));
    BOOST_TEST(statusOf(q) == "zero");
    BOOST_TEST(q.payoutFen == 0);
}

BOOST_AUTO_TEST_CASE(hospital_level_max_claims) {
    // max 2 paid stays: 1 paid → city 103,704; 2 paid → limit_reached, no steps.
    const Plan p = hospitalLevelPlan();
    History h;
    h.benefits["住院医疗互助"] = {.paidClaims = 1};
    BOOST_TEST(quote(p, levelStay(HospitalLevel::City, 2000000, 1234567), h).payoutFen == 103704);
    h.benefits["住院医疗互助"].paidClaims = 2;
    const Quote q = quote(p, levelStay(HospitalLevel::City, 2000000, 1234567), h);
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(q.lines[0].steps.empty());
}

// ---------------------------------------------------------------------------------------------
// A plan mixing a ratio line and a lump sum on the same claim
// ---------------------------------------------------------------------------------------------

namespace {

/// An inpatient ratio line (50 % of the in-scope total) and an inpatient lump sum of 10,000 元
/// for C diagnoses; `lumpFirst` puts the lump sum first in plan order.
Plan mixedPlan(bool lumpFirst, std::optional<Fen> planCap) {
    Plan p = emptyPlan();
    p.capFen = planCap;
    Benefit ratio;
    ratio.name = "住院医疗互助";
    ratio.base = BaseAmount::TotalInScope;
    ratio.bands = {{std::nullopt, 5000}};
    Benefit lump = lumpSum({{std::vector<std::string>{"C"}, std::nullopt, 1000000}});
    lump.claimType = ClaimType::Inpatient;
    p.benefits = lumpFirst ? std::vector<Benefit>{lump, ratio} : std::vector<Benefit>{ratio, lump};
    return p;
}

/// total 1,000,000, fund 600,000 → the member paid 400,000; diagnosis C34.1.
ClaimFacts mixedStay() {
    ClaimFacts c = stay(Date(2026, 3, 2), Date(2026, 3, 12), 1000000, 600000);
    c.diagnosis = "C34.1";
    return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(mixed_plan_indemnity_limits_only_the_ratio_line) {
    // ratio: 1,000,000 × 50 % = 500,000 > personal 400,000 → 400,000 (indemnity).
    // lump sum: 1,000,000, not limited. Total 1,400,000 > what the member paid.
    Quote q = quote(mixedPlan(false, std::nullopt), mixedStay());
    BOOST_REQUIRE_EQUAL(q.lines.size(), 2u);
    BOOST_TEST(q.lines[0].benefit == "住院医疗互助");
    BOOST_TEST(q.lines[0].payoutFen == 400000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; band 0-1000000 @5000 500000; indemnity 400000");
    BOOST_TEST(q.lines[1].benefit == "重大疾病互助");
    BOOST_TEST(q.lines[1].payoutFen == 1000000);
    BOOST_TEST(describe(q.lines[1]) == "lump_sum 1000000");
    BOOST_TEST(q.payoutFen == 1400000);
    BOOST_TEST(statusOf(q) == "payable");

    // Lump sum first: it does not use up what the member paid; the ratio line still gets
    // 400,000. Total 1,400,000.
    q = quote(mixedPlan(true, std::nullopt), mixedStay());
    BOOST_REQUIRE_EQUAL(q.lines.size(), 2u);
    BOOST_TEST(q.lines[0].payoutFen == 1000000);
    BOOST_TEST(q.lines[1].payoutFen == 400000);
    BOOST_TEST(q.payoutFen == 1400000);

    // A diagnosis outside C: the lump sum line is not_listed, the claim is payable 400,000.
    ClaimFacts other = mixedStay();
    other.diagnosis = "K35.8";
    q = quote(mixedPlan(false, std::nullopt), other);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 400000);
    BOOST_TEST(statusOf(q.lines[1]) == "not_listed");
}

BOOST_AUTO_TEST_CASE(mixed_plan_shares_the_plan_cap_in_plan_order) {
    // plan cap 1,200,000.
    // ratio first: ratio 400,000 (room 1,200,000 → 800,000), lump sum 1,000,000 → 800,000.
    Quote q = quote(mixedPlan(false, 1200000), mixedStay());
    BOOST_TEST(q.lines[0].payoutFen == 400000);
    BOOST_TEST(q.lines[1].payoutFen == 800000);
    BOOST_TEST(describe(q.lines[1]) == "lump_sum 1000000; plan_cap 800000");
    BOOST_TEST(q.payoutFen == 1200000);
    // lump sum first: lump 1,000,000 (room → 200,000), ratio 400,000 → 200,000.
    q = quote(mixedPlan(true, 1200000), mixedStay());
    BOOST_TEST(q.lines[0].payoutFen == 1000000);
    BOOST_TEST(q.lines[1].payoutFen == 200000);
    BOOST_TEST(describe(q.lines[1]) ==
               "base 1000000; band 0-1000000 @5000 500000; indemnity 400000; plan_cap 200000");
    BOOST_TEST(q.payoutFen == 1200000);
    // lump sum first, plan already paid 200,000: lump 1,000,000 takes all the room, the ratio
    // line is limit_reached; the claim is payable 1,000,000.
    History h;
    h.paidFen = 200000;
    q = quote(mixedPlan(true, 1200000), mixedStay(), h);
    BOOST_TEST(q.lines[0].payoutFen == 1000000);
    BOOST_TEST(statusOf(q.lines[1]) == "limit_reached");
    BOOST_TEST(q.lines[1].payoutFen == 0);
    BOOST_TEST(q.payoutFen == 1000000);
    BOOST_TEST(statusOf(q) == "payable");
}

// ---------------------------------------------------------------------------------------------
// validateClaim: the facts the answering benefits need
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(validate_requires_hospital_level_when_answering) {
    const Plan p = hospitalLevelPlan();
    ClaimFacts c = levelStay(HospitalLevel::City, 2000000, 1234567);
    BOOST_TEST(rejectedField(p, c) == "(accepted)");
    c.hospitalLevel.reset();
    BOOST_TEST(rejectedField(p, c) == "claim.hospital_level");

    // A claim of another type: the benefit does not answer, no level needed (no_benefit).
    ClaimFacts other = critical("C34.1");
    BOOST_TEST(rejectedField(p, other) == "(accepted)");
    BOOST_TEST(statusOf(quote(p, other)) == "no_benefit");

    // A `when` condition that does not hold: the benefit does not answer either.
    Plan insuredOnly = hospitalLevelPlan();
    insuredOnly.benefits[0].when.insured = true;
    MemberFacts uninsured = member();
    uninsured.insured = false;
    BOOST_TEST(rejectedField(insuredOnly, c, uninsured) == "(accepted)");
    BOOST_TEST(statusOf(quote(insuredOnly, c, {}, uninsured)) == "no_benefit");
    BOOST_TEST(rejectedField(insuredOnly, c) == "claim.hospital_level");
}

BOOST_AUTO_TEST_CASE(validate_requires_disability_grade_when_answering) {
    const Plan p = disabilityPlan();
    BOOST_TEST(rejectedField(p, accident(3)) == "(accepted)");
    BOOST_TEST(rejectedField(p, accident(std::nullopt)) == "claim.disability_grade");
    // out of 1 … 10
    BOOST_TEST(rejectedField(p, accident(11)) == "claim.disability_grade");
    BOOST_TEST(rejectedField(p, accident(0)) == "claim.disability_grade");
    // no grade for a claim the disability benefit does not answer: fine.
    BOOST_TEST(rejectedField(p, critical("C34.1")) == "(accepted)");
    Plan femaleOnly = disabilityPlan();
    femaleOnly.benefits[0].when.gender = 'F';
    BOOST_TEST(rejectedField(femaleOnly, accident(std::nullopt)) == "(accepted)");  // member M
    // shares above max_shares (4)
    BOOST_TEST(rejectedField(p, accident(3), member(4)) == "(accepted)");
    BOOST_TEST(rejectedField(p, accident(3), member(5)) == "member.shares");
}

// ---------------------------------------------------------------------------------------------
// Dates around 2028-02-29
// ---------------------------------------------------------------------------------------------

namespace {

Plan leapPlan() {
    Plan p = lumpSumPlan({{kCritical, std::nullopt, 1000000}});
    p.periodStart = Date(2028, 1, 1);
    p.periodEnd = Date(2028, 12, 31);
    return p;
}

MemberFacts member2028() {
    MemberFacts m = member();
    m.coverStart = Date(2028, 1, 1);
    return m;
}

ClaimFacts critical2028(Date event, Date filed) {
    ClaimFacts c = critical("C34.1");
    c.eventDate = event;
    c.filed = filed;
    return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(deadline_by_date_on_the_leap_day) {
    // deadline 2028-02-29: filed on the leap day → on time 1,000,000; 2028-03-01 → late.
    Plan p = leapPlan();
    p.deadline = Deadline{.date = Date(2028, 2, 29)};
    Quote q = quote(p, critical2028(Date(2028, 2, 1), Date(2028, 2, 29)), {}, member2028());
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 1000000);
    q = quote(p, critical2028(Date(2028, 2, 1), Date(2028, 3, 1)), {}, member2028());
    BOOST_TEST(statusOf(q) == "late");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(q.lines.empty());
}

BOOST_AUTO_TEST_CASE(deadline_by_date_across_the_leap_day) {
    // deadline 2028-03-01, a stay discharged on 2028-02-28: filed 03-01 on time, 03-02 late.
    // (A reading that skips the leap day would put the day after the deadline on 03-01.)
    Plan p = dailyPlan();
    p.periodStart = Date(2028, 1, 1);
    p.periodEnd = Date(2028, 12, 31);
    p.deadline = Deadline{.date = Date(2028, 3, 1)};
    ClaimFacts c = stay(Date(2028, 2, 18), Date(2028, 2, 28));  // 10 days → 7 × 4,000 = 28,000
    c.filed = Date(2028, 3, 1);
    BOOST_TEST(quote(p, c, {}, member2028()).payoutFen == 28000);
    c.filed = Date(2028, 3, 2);
    BOOST_TEST(statusOf(quote(p, c, {}, member2028())) == "late");
}

BOOST_AUTO_TEST_CASE(deadline_days_after_event_across_the_leap_day) {
    // No stay: the days count from the event date. Event 2028-02-28, 2 days: 02-28 + 2 =
    // 2028-03-01 (02-29 exists). Filed 03-01 on time, 03-02 late.
    Plan p = leapPlan();
    p.deadline = Deadline{.daysAfterDischarge = 2};
    BOOST_TEST(
        quote(p, critical2028(Date(2028, 2, 28), Date(2028, 3, 1)), {}, member2028()).payoutFen ==
        1000000);
    BOOST_TEST(statusOf(quote(p, critical2028(Date(2028, 2, 28), Date(2028, 3, 2)), {},
                              member2028())) == "late");
    // 0 days: the event day itself only.
    p.deadline = Deadline{.daysAfterDischarge = 0};
    BOOST_TEST(statusOf(quote(p, critical2028(Date(2028, 2, 29), Date(2028, 2, 29)), {},
                              member2028())) == "payable");
    BOOST_TEST(statusOf(quote(p, critical2028(Date(2028, 2, 29), Date(2028, 3, 1)), {},
                              member2028())) == "late");
}

BOOST_AUTO_TEST_CASE(daily_stay_over_the_leap_day) {
    // 2028-02-25 → 2028-02-29 is 4 days, → 2028-03-05 five more: 9 days;
    // paid days 9 − 4 + 1 = 6 → 24,000. (2026 has no 29th: 02-25 → 03-05 is 8 days → 20,000.)
    Plan p = dailyPlan();
    p.periodStart = Date(2028, 1, 1);
    p.periodEnd = Date(2028, 12, 31);
    const Quote q = quote(p, stay(Date(2028, 2, 25), Date(2028, 3, 5)), {}, member2028());
    BOOST_TEST(q.payoutFen == 24000);
    BOOST_TEST(describe(q.lines[0]) == "daily d6 24000");
    BOOST_TEST(quote(dailyPlan(), stay(Date(2026, 2, 25), Date(2026, 3, 5))).payoutFen == 20000);
}

BOOST_AUTO_TEST_CASE(waiting_period_over_the_leap_day) {
    // 60 waiting days from 2028-01-01: day 60 = 2028-02-29 (31 + 29) → waiting_period,
    // day 61 = 2028-03-01 → payable 1,000,000.
    Plan p = leapPlan();
    p.waiting.days = 60;
    BOOST_TEST(statusOf(quote(p, critical2028(Date(2028, 2, 29), Date(2028, 3, 5)), {},
                              member2028())) == "waiting_period");
    BOOST_TEST(
        quote(p, critical2028(Date(2028, 3, 1), Date(2028, 3, 5)), {}, member2028()).payoutFen ==
        1000000);
}

BOOST_AUTO_TEST_SUITE_END()
