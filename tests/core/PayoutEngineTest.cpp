#include "core/PayoutEngine.h"
#include "support/QuoteText.h"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace huzhu::core;

namespace {

constexpr Fen kMaxFen = std::numeric_limits<Fen>::max();

/// The demo plan of CONTRACT §2 for 2026: 60 % of in-scope self-pay after a 300 元 per-period
/// deductible, cap 100,000 元 per member per period, one share.
Plan demoPlan() {
    Plan p;
    p.code = "demo-inpatient";
    p.version = 2026;
    p.name = "职工住院医疗互助(演示)";
    p.periodStart = Date(2026, 1, 1);
    p.periodEnd = Date(2026, 12, 31);
    p.priceFen = 6000;
    Benefit b;
    b.name = "住院医疗互助";
    b.deductibleFen = 30000;
    b.deductiblePer = DeductiblePer::Period;
    b.bands = {{std::nullopt, 6000}};
    b.capFen = 10000000;
    p.benefits = {b};
    return p;
}

/// A plan with one inpatient ratio benefit (no deductible, no caps) for 2026.
Plan simplePlan(std::vector<Band> bands) {
    Plan p;
    p.code = "test";
    p.version = 1;
    p.name = "test";
    p.periodStart = Date(2026, 1, 1);
    p.periodEnd = Date(2026, 12, 31);
    Benefit b;
    b.name = "住院";
    b.bands = std::move(bands);
    p.benefits = {b};
    return p;
}

MemberFacts member2026() {
    MemberFacts m;
    m.coverStart = Date(2026, 1, 1);
    return m;
}

/// A stay from `admission` to `discharge`, filed ten days after discharge.
ClaimFacts stay(Date admission, Date discharge, Fen total, Fen fund, Fen outOfScope) {
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

/// The CONTRACT §4 example figures: total 30,000 元, fund 18,000 元, out of scope 2,000 元.
ClaimFacts contractExample() {
    return stay(Date(2026, 3, 2), Date(2026, 3, 12), 3000000, 1800000, 200000);
}

/// A stay in March 2026 whose in-scope self-pay (and personal) equals `base`.
ClaimFacts baseStay(Fen base) {
    return stay(Date(2026, 3, 2), Date(2026, 3, 12), base, 0, 0);
}

using huzhu::test::describe;
using huzhu::test::statusOf;

Quote quote(const Plan& plan, const ClaimFacts& claim, const History& history = {},
            const MemberFacts& member = member2026()) {
    BOOST_REQUIRE(!validateClaim(plan, member, claim));
    return quoteClaim(plan, member, history, claim);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payout_engine)

// ---------------------------------------------------------------------------------------------
// The demo plan
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(contract_example_figures) {
    // personal = 3,000,000 - 1,800,000 = 1,200,000; base = 1,200,000 - 200,000 = 1,000,000
    // minus the deductible 30,000 = 970,000; x 60 % = 582,000.
    const Quote q = quote(demoPlan(), contractExample());
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 582000);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(q.lines[0].benefit == "住院医疗互助");
    BOOST_TEST(statusOf(q.lines[0]) == "payable");
    BOOST_TEST(q.lines[0].payoutFen == 582000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000");

    const std::string json = q.toJson();
    const std::string head =
        R"({"status":"payable","payout_fen":582000,"lines":[{"benefit":"住院医疗互助",)"
        R"("status":"payable","payout_fen":582000,"steps":[{"rule":"base","fen":1000000},)"
        R"({"rule":"deductible","fen":30000},{"rule":"band","from_fen":0,"to_fen":970000,)"
        R"("ratio_bp":6000,"fen":582000}]}],"explanation":{"zh":")";
    BOOST_TEST(json.substr(0, head.size()) == head);
    BOOST_TEST(q.explanationZh().find("5820.00") != std::string::npos);
    BOOST_TEST(q.explanationEn().find("5820.00") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(below_the_deductible_is_zero) {
    // base 29,999 <= deductible 30,000: 29,999 deducted, nothing left, payout 0 -> zero.
    const Quote q = quote(demoPlan(), baseStay(29999));
    BOOST_TEST(statusOf(q) == "zero");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(statusOf(q.lines[0]) == "zero");
    BOOST_TEST(describe(q.lines[0]) == "base 29999; deductible 29999");

    // base 30,001: 1 fen left x 60 % = 0.6 -> half_up 1 fen.
    const Quote one = quote(demoPlan(), baseStay(30001));
    BOOST_TEST(statusOf(one) == "payable");
    BOOST_TEST(one.payoutFen == 1);
}

BOOST_AUTO_TEST_CASE(period_deductible_partly_used) {
    // 10,000 of the 30,000 deductible used by an earlier stay: 20,000 remain.
    // 1,000,000 - 20,000 = 980,000 x 60 % = 588,000.
    History h;
    h.paidFen = 100000;
    h.benefits["住院医疗互助"] = {.paidFen = 100000, .deductibleUsedFen = 10000, .paidClaims = 1};
    const Quote q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 588000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 20000; band 0-980000 @6000 588000");
}

BOOST_AUTO_TEST_CASE(period_deductible_fully_used) {
    // 30,000 used: nothing deducted; 1,000,000 x 60 % = 600,000.
    History h;
    h.benefits["住院医疗互助"] = {.paidFen = 0, .deductibleUsedFen = 30000, .paidClaims = 0};
    Quote q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 600000);
    BOOST_TEST(describe(q.lines[0]) == "base 1000000; deductible 0; band 0-1000000 @6000 600000");

    // More than the deductible recorded (never negative): still 600,000.
    h.benefits["住院医疗互助"].deductibleUsedFen = 45000;
    q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 600000);
}

BOOST_AUTO_TEST_CASE(stay_deductible_applies_every_stay) {
    // per stay: the history's deductible use does not matter; 970,000 x 60 % = 582,000.
    Plan p = demoPlan();
    p.benefits[0].deductiblePer = DeductiblePer::Stay;
    History h;
    h.benefits["住院医疗互助"] = {.paidFen = 0, .deductibleUsedFen = 30000, .paidClaims = 1};
    BOOST_TEST(quote(p, contractExample(), h).payoutFen == 582000);
}

// ---------------------------------------------------------------------------------------------
// Marginal bands (Yueyang style)
// ---------------------------------------------------------------------------------------------

Plan yueyangPlan() {
    return simplePlan(
        {{500000, 3000}, {1000000, 3500}, {2000000, 4000}, {3000000, 4500}, {std::nullopt, 5000}});
}

BOOST_AUTO_TEST_CASE(yueyang_bands_stay_crossing_four_bands) {
    // base 2,512,345:
    //   0 - 500,000         x 30 % = 150,000
    //   500,000 - 1,000,000 x 35 % = 175,000
    //   1,000,000 - 2,000,000 x 40 % = 400,000
    //   2,000,000 - 2,512,345 x 45 % = 230,555.25
    //   sum 955,555.25, rounded once (half_up) = 955,555
    const Quote q = quote(yueyangPlan(), baseStay(2512345));
    BOOST_TEST(q.payoutFen == 955555);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 2512345; band 0-500000 @3000 150000; band 500000-1000000 @3500 175000; "
               "band 1000000-2000000 @4000 400000; band 2000000-2512345 @4500 230555");
}

BOOST_AUTO_TEST_CASE(yueyang_bands_into_the_open_band) {
    // base 3,500,001: 150,000 + 175,000 + 400,000 + 450,000 + 500,001 x 50 % (250,000.5)
    //   = 1,425,000.5 -> half_up 1,425,001
    const Quote q = quote(yueyangPlan(), baseStay(3500001));
    BOOST_TEST(q.payoutFen == 1425001);
    BOOST_TEST(q.lines[0].steps.size() == 6u);
    BOOST_TEST(q.lines[0].steps.back().fromFen.value() == 3000000);
    BOOST_TEST(q.lines[0].steps.back().toFen.value() == 3500001);
}

BOOST_AUTO_TEST_CASE(yueyang_bands_inside_the_first_band) {
    // base 500,000 exactly: 500,000 x 30 % = 150,000, one band only.
    const Quote q = quote(yueyangPlan(), baseStay(500000));
    BOOST_TEST(q.payoutFen == 150000);
    BOOST_TEST(describe(q.lines[0]) == "base 500000; band 0-500000 @3000 150000");
}

BOOST_AUTO_TEST_CASE(bands_are_rounded_once_not_per_band) {
    // two bands each giving x.5: 1 fen x 50 % = 0.5 and 1 fen x 50 % = 0.5.
    // Rounded per band (half_even) would give 0 + 0 = 0; rounded once: 1.0 = 1.
    Plan p = simplePlan({{1, 5000}, {std::nullopt, 5000}});
    p.rounding = RoundingMode::HalfEven;
    BOOST_TEST(quote(p, baseStay(2)).payoutFen == 1);
}

// ---------------------------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(half_fen_in_each_rounding_mode) {
    // 1,005 x 50 % = 502.5 -> half_up 503, half_even 502, down 502
    // 1,015 x 50 % = 507.5 -> half_up 508, half_even 508, down 507
    // 1,017 x 50 % = 508.5 -> half_up 509, half_even 508, down 508
    struct Case {
        Fen base;
        Fen halfUp, halfEven, down;
    };
    const Case cases[] = {{1005, 503, 502, 502}, {1015, 508, 508, 507}, {1017, 509, 508, 508}};
    for (const Case& c : cases) {
        Plan p = simplePlan({{std::nullopt, 5000}});
        p.rounding = RoundingMode::HalfUp;
        BOOST_TEST(quote(p, baseStay(c.base)).payoutFen == c.halfUp, "base " << c.base);
        p.rounding = RoundingMode::HalfEven;
        BOOST_TEST(quote(p, baseStay(c.base)).payoutFen == c.halfEven, "base " << c.base);
        p.rounding = RoundingMode::Down;
        BOOST_TEST(quote(p, baseStay(c.base)).payoutFen == c.down, "base " << c.base);
    }
}

BOOST_AUTO_TEST_CASE(open_band_half_fen_per_mode) {
    // Yueyang base 3,500,001 gives 1,425,000.5: half_up 1,425,001, half_even 1,425,000,
    // down 1,425,000.
    Plan p = yueyangPlan();
    p.rounding = RoundingMode::HalfEven;
    BOOST_TEST(quote(p, baseStay(3500001)).payoutFen == 1425000);
    p.rounding = RoundingMode::Down;
    BOOST_TEST(quote(p, baseStay(3500001)).payoutFen == 1425000);
}

BOOST_AUTO_TEST_CASE(reduced_window_rounds_per_mode) {
    // base 10 x 50 % = 5; reduced window 50 % -> 2.5: half_up 3, half_even 2, down 2.
    Plan p = simplePlan({{std::nullopt, 5000}});
    p.waiting = {.days = 0, .reducedDays = 30, .reducedRatioBp = 5000};
    const ClaimFacts c = stay(Date(2026, 1, 10), Date(2026, 1, 12), 10, 0, 0);
    p.rounding = RoundingMode::HalfUp;
    BOOST_TEST(quote(p, c).payoutFen == 3);
    p.rounding = RoundingMode::HalfEven;
    BOOST_TEST(quote(p, c).payoutFen == 2);
    p.rounding = RoundingMode::Down;
    BOOST_TEST(quote(p, c).payoutFen == 2);
}

// ---------------------------------------------------------------------------------------------
// Minimum, stay cap, indemnity, death minimum
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(min_fen_raises_a_small_payout) {
    // base 100,000 x 10 % = 10,000 < min 20,000 -> 20,000 (personal 100,000, so no indemnity).
    Plan p = simplePlan({{std::nullopt, 1000}});
    p.benefits[0].minFen = 20000;
    Quote q = quote(p, baseStay(100000));
    BOOST_TEST(q.payoutFen == 20000);
    BOOST_TEST(describe(q.lines[0]) == "base 100000; band 0-100000 @1000 10000; minimum 20000");

    // base 300,000 x 10 % = 30,000 >= min: unchanged.
    q = quote(p, baseStay(300000));
    BOOST_TEST(q.payoutFen == 30000);

    // Nothing due (below a 50,000 deductible): not raised, status zero.
    p.benefits[0].deductibleFen = 50000;
    q = quote(p, baseStay(40000));
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "zero");
}

BOOST_AUTO_TEST_CASE(min_fen_is_limited_by_indemnity) {
    // base 5,000 x 10 % = 500 -> raised to 20,000 -> at most personal 5,000.
    Plan p = simplePlan({{std::nullopt, 1000}});
    p.benefits[0].minFen = 20000;
    const Quote q = quote(p, baseStay(5000));
    BOOST_TEST(q.payoutFen == 5000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 5000; band 0-5000 @1000 500; minimum 20000; indemnity 5000");
}

BOOST_AUTO_TEST_CASE(stay_cap_limits_one_stay) {
    // base 1,000,000 x 60 % = 600,000 > stay cap 500,000 -> 500,000.
    Plan p = simplePlan({{std::nullopt, 6000}});
    p.benefits[0].stayCapFen = 500000;
    Quote q = quote(p, baseStay(1000000));
    BOOST_TEST(q.payoutFen == 500000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; band 0-1000000 @6000 600000; stay_cap 500000");
    // 833,333 x 60 % = 499,999.8 -> 500,000: exactly at the cap, no stay_cap step.
    q = quote(p, baseStay(833333));
    BOOST_TEST(q.payoutFen == 500000);
    BOOST_TEST(describe(q.lines[0]) == "base 833333; band 0-833333 @6000 500000");
}

BOOST_AUTO_TEST_CASE(indemnity_payout_never_above_personal) {
    // base fund_paid 1,800,000 x 90 % = 1,620,000 > personal 1,200,000 -> 1,200,000.
    Plan p = simplePlan({{std::nullopt, 9000}});
    p.benefits[0].base = BaseAmount::FundPaid;
    const Quote q = quote(p, contractExample());
    BOOST_TEST(q.payoutFen == 1200000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1800000; band 0-1800000 @9000 1620000; indemnity 1200000");
}

BOOST_AUTO_TEST_CASE(other_bases) {
    // contract example: personal 1,200,000; total 3,000,000; out of scope 200,000
    //   self_pay       1,200,000 x 10 % = 120,000
    //   total_in_scope 2,800,000 x 10 % = 280,000
    //   total          3,000,000 x 10 % = 300,000
    Plan p = simplePlan({{std::nullopt, 1000}});
    p.benefits[0].base = BaseAmount::SelfPay;
    BOOST_TEST(quote(p, contractExample()).payoutFen == 120000);
    p.benefits[0].base = BaseAmount::TotalInScope;
    BOOST_TEST(quote(p, contractExample()).payoutFen == 280000);
    p.benefits[0].base = BaseAmount::Total;
    BOOST_TEST(quote(p, contractExample()).payoutFen == 300000);

    // every payer counts: 3,000,000 - 1,000,000 - 300,000 - 200,000 - 100,000 = 1,400,000
    //   self_pay x 10 % = 140,000
    ClaimFacts c = contractExample();
    c.fundPaidFen = 1000000;
    c.criticalInsuranceFen = 300000;
    c.assistanceFen = 200000;
    c.otherPaidFen = 100000;
    BOOST_TEST(c.personalFen() == 1400000);
    p.benefits[0].base = BaseAmount::SelfPay;
    BOOST_TEST(quote(p, c).payoutFen == 140000);
}

BOOST_AUTO_TEST_CASE(death_minimum_is_exempt_from_indemnity) {
    // total 100,000, fund 90,000 -> personal 10,000 x 60 % = 6,000; the member died:
    // raised to the death minimum 50,000, above personal.
    Plan p = simplePlan({{std::nullopt, 6000}});
    p.benefits[0].deathMinimumFen = 50000;
    ClaimFacts c = stay(Date(2026, 3, 2), Date(2026, 3, 12), 100000, 90000, 0);
    c.died = true;
    Quote q = quote(p, c);
    BOOST_TEST(q.payoutFen == 50000);
    BOOST_TEST(describe(q.lines[0]) == "base 10000; band 0-10000 @6000 6000; death_minimum 50000");

    // Alive: 6,000.
    c.died = false;
    q = quote(p, c);
    BOOST_TEST(q.payoutFen == 6000);

    // Died, ratio amount already above the minimum: unchanged (base 1,000,000 x 60 %).
    ClaimFacts big = contractExample();
    big.died = true;
    BOOST_TEST(quote(p, big).payoutFen == 600000);

    // The death minimum is still subject to the caps: benefit cap 30,000 -> 30,000.
    p.benefits[0].capFen = 30000;
    c.died = true;
    BOOST_TEST(quote(p, c).payoutFen == 30000);
}

// ---------------------------------------------------------------------------------------------
// Caps and limits
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(benefit_cap_hit_exactly) {
    // cap 10,000,000, already paid 9,418,000: room 582,000 = the payout; no cap step.
    History h;
    h.paidFen = 9418000;
    h.benefits["住院医疗互助"] = {.paidFen = 9418000, .deductibleUsedFen = 0, .paidClaims = 3};
    h.benefits["住院医疗互助"].deductibleUsedFen = 0;
    // deductible 30,000 unused -> 970,000 x 60 % = 582,000
    const Quote q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 582000);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000");
}

BOOST_AUTO_TEST_CASE(benefit_cap_missed_by_one_fen) {
    // already paid 9,418,001: room 581,999 < 582,000 -> 581,999 with a benefit_cap step.
    History h;
    h.paidFen = 9418001;
    h.benefits["住院医疗互助"] = {.paidFen = 9418001, .deductibleUsedFen = 0, .paidClaims = 3};
    const Quote q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 581999);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000; benefit_cap 581999");
}

BOOST_AUTO_TEST_CASE(benefit_cap_used_up_is_limit_reached) {
    // already paid 10,000,000: room 0 -> 0, limit_reached (line and quote).
    History h;
    h.paidFen = 10000000;
    h.benefits["住院医疗互助"] = {.paidFen = 10000000, .deductibleUsedFen = 30000, .paidClaims = 9};
    Quote q = quote(demoPlan(), contractExample(), h);
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(statusOf(q.lines[0]) == "limit_reached");

    // room 0 and a stay below the deductible: limit_reached still comes before zero
    // (CONTRACT §3 rule 7 "room 0 -> limit_reached", §4 check order).
    Plan p = demoPlan();
    p.benefits[0].deductiblePer = DeductiblePer::Stay;
    q = quote(p, baseStay(20000), h);
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "limit_reached");
}

BOOST_AUTO_TEST_CASE(plan_cap_shared_across_two_lines) {
    // Plan cap 1,000,000. Line A: 60 % of in-scope self-pay 1,000,000 = 600,000.
    // Line B: 20 % of total_in_scope 2,800,000 = 560,000. A + B = 1,160,000 <= personal.
    // A takes 600,000 of the room, B gets the remaining 400,000 (plan_cap).
    Plan p = simplePlan({{std::nullopt, 6000}});
    p.capFen = 1000000;
    Benefit b;
    b.name = "附加住院";
    b.base = BaseAmount::TotalInScope;
    b.bands = {{std::nullopt, 2000}};
    p.benefits.push_back(b);
    Quote q = quote(p, contractExample());
    BOOST_REQUIRE_EQUAL(q.lines.size(), 2u);
    BOOST_TEST(q.lines[0].payoutFen == 600000);
    BOOST_TEST(q.lines[1].payoutFen == 400000);
    BOOST_TEST(describe(q.lines[1]) ==
               "base 2800000; band 0-2800000 @2000 560000; plan_cap 400000");
    BOOST_TEST(q.payoutFen == 1000000);
    BOOST_TEST(statusOf(q) == "payable");

    // 400,000 already paid under the plan: room 600,000, all taken by A; B limit_reached.
    History h;
    h.paidFen = 400000;
    q = quote(p, contractExample(), h);
    BOOST_TEST(q.lines[0].payoutFen == 600000);
    BOOST_TEST(statusOf(q.lines[0]) == "payable");
    BOOST_TEST(q.lines[1].payoutFen == 0);
    BOOST_TEST(statusOf(q.lines[1]) == "limit_reached");
    BOOST_TEST(q.payoutFen == 600000);
    BOOST_TEST(statusOf(q) == "payable");

    // 1,000,000 already paid: both lines limit_reached, the quote takes the first line's.
    h.paidFen = 1000000;
    q = quote(p, contractExample(), h);
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "limit_reached");
}

BOOST_AUTO_TEST_CASE(two_lines_together_never_above_personal) {
    // Two lines answering the same stay, each 60 % of in-scope self-pay.
    // Contract example: personal 1,200,000; A 600,000, B 600,000 -> 1,200,000 = personal.
    // base = personal = 1,000,000: A 600,000, B 600,000 but only 1,000,000 - 600,000 =
    // 400,000 of what the member paid is left -> B 400,000 (indemnity), total 1,000,000.
    Plan p = simplePlan({{std::nullopt, 6000}});
    Benefit b;
    b.name = "附加住院";
    b.bands = {{std::nullopt, 6000}};
    p.benefits.push_back(b);
    Quote q = quote(p, contractExample());
    BOOST_TEST(q.payoutFen == 1200000);
    q = quote(p, baseStay(1000000));
    BOOST_TEST(q.lines[0].payoutFen == 600000);
    BOOST_TEST(q.lines[1].payoutFen == 400000);
    BOOST_TEST(describe(q.lines[1]) ==
               "base 1000000; band 0-1000000 @6000 600000; indemnity 400000");
    BOOST_TEST(q.payoutFen == 1000000);
}

BOOST_AUTO_TEST_CASE(max_claims_limit_reached) {
    // max 2 paid claims: with 1 paid -> payable (582,000); with 2 paid -> limit_reached.
    Plan p = demoPlan();
    p.benefits[0].maxClaims = 2;
    History h;
    h.benefits["住院医疗互助"] = {.paidFen = 0, .deductibleUsedFen = 0, .paidClaims = 1};
    Quote q = quote(p, contractExample(), h);
    BOOST_TEST(q.payoutFen == 582000);
    h.benefits["住院医疗互助"].paidClaims = 2;
    q = quote(p, contractExample(), h);
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(statusOf(q) == "limit_reached");
    BOOST_TEST(q.lines[0].steps.empty());
}

// ---------------------------------------------------------------------------------------------
// Coverage, deadline, waiting period
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(not_covered_before_cover_start) {
    // member joins 2026-03-01: admission 2026-02-28 not covered, 2026-03-01 covered.
    MemberFacts m = member2026();
    m.coverStart = Date(2026, 3, 1);
    Quote q = quote(demoPlan(), stay(Date(2026, 2, 28), Date(2026, 3, 5), 3000000, 1800000, 200000),
                    {}, m);
    BOOST_TEST(statusOf(q) == "not_covered");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(q.lines.empty());
    q = quote(demoPlan(), stay(Date(2026, 3, 1), Date(2026, 3, 5), 3000000, 1800000, 200000), {},
              m);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 582000);
}

BOOST_AUTO_TEST_CASE(not_covered_before_period_start_or_after_end) {
    // plan period 2026-01-01..2026-12-31, member cover from 2025-07-01 (earlier than the period)
    MemberFacts m = member2026();
    m.coverStart = Date(2025, 7, 1);
    const Fen t = 3000000, f = 1800000, o = 200000;
    BOOST_TEST(statusOf(quote(demoPlan(), stay(Date(2025, 12, 31), Date(2025, 12, 31), t, f, o), {},
                              m)) == "not_covered");
    BOOST_TEST(statusOf(quote(demoPlan(), stay(Date(2026, 1, 1), Date(2026, 1, 1), t, f, o), {},
                              m)) == "payable");
    BOOST_TEST(statusOf(quote(demoPlan(), stay(Date(2026, 12, 31), Date(2027, 1, 3), t, f, o), {},
                              m)) == "payable");
    BOOST_TEST(statusOf(quote(demoPlan(), stay(Date(2027, 1, 1), Date(2027, 1, 3), t, f, o), {},
                              m)) == "not_covered");
}

BOOST_AUTO_TEST_CASE(stay_spanning_two_periods) {
    // 2026 plan; stay 2025-12-28 .. 2026-01-05 of a member covered from 2026-01-01, no waiting
    // period. admission -> the stay belongs to 2025: not_covered; discharge -> 2026: payable
    // (970,000 x 60 % = 582,000).
    const ClaimFacts early = stay(Date(2025, 12, 28), Date(2026, 1, 5), 3000000, 1800000, 200000);
    Plan p = demoPlan();
    p.stayBelongsTo = StayBelongsTo::Admission;
    BOOST_TEST(statusOf(quote(p, early)) == "not_covered");
    p.stayBelongsTo = StayBelongsTo::Discharge;
    Quote q = quote(p, early);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 582000);

    // stay 2026-12-28 .. 2027-01-05: admission -> 2026 payable; discharge -> 2027 not_covered.
    const ClaimFacts late = stay(Date(2026, 12, 28), Date(2027, 1, 5), 3000000, 1800000, 200000);
    p.stayBelongsTo = StayBelongsTo::Admission;
    BOOST_TEST(statusOf(quote(p, late)) == "payable");
    p.stayBelongsTo = StayBelongsTo::Discharge;
    BOOST_TEST(statusOf(quote(p, late)) == "not_covered");
}

BOOST_AUTO_TEST_CASE(stay_spanning_periods_with_waiting_period) {
    // discharge mode, 30-day waiting period, first enrolment from 2026-01-01, admitted
    // 2025-12-28 (before cover): the event counts as day 1 of cover -> waiting_period.
    // Renewed with no gap and a 30-day waiver -> waived -> payable.
    Plan p = demoPlan();
    p.stayBelongsTo = StayBelongsTo::Discharge;
    p.waiting = {
        .days = 30, .reducedDays = 0, .reducedRatioBp = 10000, .waivedIfRenewedWithinDays = 30};
    const ClaimFacts c = stay(Date(2025, 12, 28), Date(2026, 1, 5), 3000000, 1800000, 200000);
    BOOST_TEST(statusOf(quote(p, c)) == "waiting_period");
    MemberFacts renewed = member2026();
    renewed.renewedAfterDays = 0;
    BOOST_TEST(quote(p, c, {}, renewed).payoutFen == 582000);
}

BOOST_AUTO_TEST_CASE(deadline_days_after_discharge_across_leap_day) {
    // 2028 plan, 30 days after discharge 2028-02-01: 2028-02-01 + 30 = 2028-03-02 (February
    // 2028 has 29 days). Filed 2028-03-02 on time, 2028-03-03 late.
    Plan p = demoPlan();
    p.periodStart = Date(2028, 1, 1);
    p.periodEnd = Date(2028, 12, 31);
    p.deadline = Deadline{.daysAfterDischarge = 30};
    MemberFacts m = member2026();
    m.coverStart = Date(2028, 1, 1);
    ClaimFacts c = stay(Date(2028, 1, 20), Date(2028, 2, 1), 3000000, 1800000, 200000);
    c.filed = Date(2028, 3, 2);
    Quote q = quote(p, c, {}, m);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 582000);
    c.filed = Date(2028, 3, 3);
    q = quote(p, c, {}, m);
    BOOST_TEST(statusOf(q) == "late");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(q.lines.empty());

    // discharge on the leap day itself: 2028-02-29 + 1 = 2028-03-01.
    p.deadline = Deadline{.daysAfterDischarge = 1};
    c = stay(Date(2028, 2, 20), Date(2028, 2, 29), 3000000, 1800000, 200000);
    c.filed = Date(2028, 3, 1);
    BOOST_TEST(statusOf(quote(p, c, {}, m)) == "payable");
    c.filed = Date(2028, 3, 2);
    BOOST_TEST(statusOf(quote(p, c, {}, m)) == "late");
}

BOOST_AUTO_TEST_CASE(deadline_fixed_date) {
    // deadline 2027-03-31: filed that day on time, 2027-04-01 late.
    Plan p = demoPlan();
    p.deadline = Deadline{.date = Date(2027, 3, 31)};
    ClaimFacts c = contractExample();
    c.filed = Date(2027, 3, 31);
    BOOST_TEST(statusOf(quote(p, c)) == "payable");
    c.filed = Date(2027, 4, 1);
    BOOST_TEST(statusOf(quote(p, c)) == "late");
}

BOOST_AUTO_TEST_CASE(deadline_counts_from_event_date_without_stay) {
    // A critical-illness benefit (no stay): 60 days from the event date 2026-05-10 ->
    // 2026-07-09 on time, 2026-07-10 late.
    Plan p = simplePlan({{std::nullopt, 6000}});
    p.benefits[0].claimType = ClaimType::CriticalIllness;
    p.deadline = Deadline{.daysAfterDischarge = 60};
    ClaimFacts c;
    c.type = ClaimType::CriticalIllness;
    c.eventDate = Date(2026, 5, 10);
    c.diagnosis = "C50.9";
    c.totalFen = 100000;
    c.filed = Date(2026, 7, 9);
    Quote q = quote(p, c);
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 60000);
    c.filed = Date(2026, 7, 10);
    BOOST_TEST(statusOf(quote(p, c)) == "late");
}

BOOST_AUTO_TEST_CASE(waiting_period_day_n_and_n_plus_one) {
    // 90 waiting days, cover from 2026-01-01 (day 1): 2026-03-31 is day 90 -> waiting_period;
    // 2026-04-01 is day 91 -> payable 582,000.
    Plan p = demoPlan();
    p.waiting.days = 90;
    Quote q = quote(p, stay(Date(2026, 3, 31), Date(2026, 4, 5), 3000000, 1800000, 200000));
    BOOST_TEST(statusOf(q) == "waiting_period");
    BOOST_TEST(q.payoutFen == 0);
    q = quote(p, stay(Date(2026, 4, 1), Date(2026, 4, 5), 3000000, 1800000, 200000));
    BOOST_TEST(statusOf(q) == "payable");
    BOOST_TEST(q.payoutFen == 582000);
}

BOOST_AUTO_TEST_CASE(reduced_window) {
    // 90 waiting days then 90 reduced days at 50 %: day 91 (2026-04-01) and day 180
    // (2026-06-29) pay 582,000 x 50 % = 291,000; day 181 (2026-06-30) pays 582,000.
    Plan p = demoPlan();
    p.waiting = {.days = 90, .reducedDays = 90, .reducedRatioBp = 5000};
    Quote q = quote(p, stay(Date(2026, 4, 1), Date(2026, 4, 5), 3000000, 1800000, 200000));
    BOOST_TEST(q.payoutFen == 291000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000; reduced @5000 291000");
    q = quote(p, stay(Date(2026, 6, 29), Date(2026, 7, 5), 3000000, 1800000, 200000));
    BOOST_TEST(q.payoutFen == 291000);
    q = quote(p, stay(Date(2026, 6, 30), Date(2026, 7, 5), 3000000, 1800000, 200000));
    BOOST_TEST(q.payoutFen == 582000);
}

BOOST_AUTO_TEST_CASE(renewal_waiver_at_the_limit_and_one_day_over) {
    // 90 waiting days, 90 reduced days at 50 %, waived if renewed within 30 days.
    // Admitted on day 10 (2026-01-10). renewed_after_days 30 -> waived -> full 582,000;
    // 31 -> waiting_period; null (first enrolment) -> waiting_period.
    Plan p = demoPlan();
    p.waiting = {
        .days = 90, .reducedDays = 90, .reducedRatioBp = 5000, .waivedIfRenewedWithinDays = 30};
    const ClaimFacts day10 = stay(Date(2026, 1, 10), Date(2026, 1, 15), 3000000, 1800000, 200000);
    const ClaimFacts day100 = stay(Date(2026, 4, 10), Date(2026, 4, 15), 3000000, 1800000, 200000);
    MemberFacts m = member2026();
    m.renewedAfterDays = 30;
    BOOST_TEST(quote(p, day10, {}, m).payoutFen == 582000);
    BOOST_TEST(quote(p, day100, {}, m).payoutFen == 582000);  // the reduced window is waived too
    m.renewedAfterDays = 31;
    BOOST_TEST(statusOf(quote(p, day10, {}, m)) == "waiting_period");
    BOOST_TEST(quote(p, day100, {}, m).payoutFen == 291000);
    m.renewedAfterDays.reset();
    BOOST_TEST(statusOf(quote(p, day10, {}, m)) == "waiting_period");
}

// ---------------------------------------------------------------------------------------------
// Shares
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(two_shares_per_share) {
    // 2 shares: 582,000 x 2 = 1,164,000 (cap 10,000,000 x 2 not reached).
    Plan p = demoPlan();
    p.maxShares = 2;
    MemberFacts m = member2026();
    m.shares = 2;
    Quote q = quote(p, contractExample(), {}, m);
    BOOST_TEST(q.payoutFen == 1164000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000; shares x2 1164000");

    // The cap doubles too: paid 18,000,000 of 20,000,000 -> room 2,000,000, no cap step.
    History h;
    h.benefits["住院医疗互助"] = {.paidFen = 18000000, .deductibleUsedFen = 0, .paidClaims = 1};
    BOOST_TEST(quote(p, contractExample(), h, m).payoutFen == 1164000);
    h.benefits["住院医疗互助"].paidFen = 19500000;  // room 500,000
    BOOST_TEST(quote(p, contractExample(), h, m).payoutFen == 500000);

    // The minimum doubles: 10 % of 100,000 = 10,000 x 2 = 20,000 < min 15,000 x 2 = 30,000.
    Plan small = simplePlan({{std::nullopt, 1000}});
    small.maxShares = 2;
    small.benefits[0].minFen = 15000;
    BOOST_TEST(quote(small, baseStay(100000), {}, m).payoutFen == 30000);

    // per_share false: one share's worth, 582,000.
    p.benefits[0].perShare = false;
    q = quote(p, contractExample(), {}, m);
    BOOST_TEST(q.payoutFen == 582000);
    BOOST_TEST(describe(q.lines[0]) ==
               "base 1000000; deductible 30000; band 0-970000 @6000 582000");
}

BOOST_AUTO_TEST_CASE(plan_cap_multiplies_by_shares) {
    // plan cap 500,000 per share, 2 shares -> 1,000,000; 1,164,000 -> 1,000,000.
    Plan p = demoPlan();
    p.maxShares = 2;
    p.capFen = 500000;
    MemberFacts m = member2026();
    m.shares = 2;
    BOOST_TEST(quote(p, contractExample(), {}, m).payoutFen == 1000000);
}

// ---------------------------------------------------------------------------------------------
// Statuses: no_benefit, not_listed; overflow; determinism
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(no_benefit_when_type_or_condition_does_not_match) {
    ClaimFacts c = contractExample();
    c.type = ClaimType::OutpatientSpecial;
    Quote q = quote(demoPlan(), c);
    BOOST_TEST(statusOf(q) == "no_benefit");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_TEST(q.lines.empty());

    // no_benefit is checked before not_covered: also for a date outside the period.
    c = stay(Date(2027, 3, 2), Date(2027, 3, 12), 3000000, 1800000, 200000);
    c.type = ClaimType::Accident;
    BOOST_TEST(statusOf(quote(demoPlan(), c)) == "no_benefit");

    // when: female only, member male -> no_benefit; female -> payable.
    Plan p = demoPlan();
    p.benefits[0].when.gender = 'F';
    BOOST_TEST(statusOf(quote(p, contractExample())) == "no_benefit");
    MemberFacts f = member2026();
    f.gender = 'F';
    BOOST_TEST(quote(p, contractExample(), {}, f).payoutFen == 582000);

    // when: local hospitals only.
    p = demoPlan();
    p.benefits[0].when.localHospital = true;
    c = contractExample();
    c.localHospital = false;
    BOOST_TEST(statusOf(quote(p, c)) == "no_benefit");

    // when: insured only.
    p = demoPlan();
    p.benefits[0].when.insured = true;
    MemberFacts uninsured = member2026();
    uninsured.insured = false;
    BOOST_TEST(statusOf(quote(p, contractExample(), {}, uninsured)) == "no_benefit");
}

BOOST_AUTO_TEST_CASE(check_order_not_covered_before_late_before_waiting) {
    // A stay outside the period that is also late and in a waiting period: not_covered.
    Plan p = demoPlan();
    p.deadline = Deadline{.daysAfterDischarge = 1};
    p.waiting.days = 3000;
    ClaimFacts c = stay(Date(2027, 1, 5), Date(2027, 1, 6), 3000000, 1800000, 200000);
    c.filed = Date(2027, 5, 1);
    BOOST_TEST(statusOf(quote(p, c)) == "not_covered");
    // In the period, late and in waiting: late.
    c = contractExample();
    c.filed = Date(2026, 5, 1);
    BOOST_TEST(statusOf(quote(p, c)) == "late");
}

BOOST_AUTO_TEST_CASE(not_listed_with_a_diseases_list) {
    Plan p = demoPlan();
    p.benefits[0].diseases = std::vector<std::string>{"C50", "I21"};
    ClaimFacts c = contractExample();  // K35.8
    Quote q = quote(p, c);
    BOOST_TEST(statusOf(q) == "not_listed");
    BOOST_TEST(q.payoutFen == 0);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(statusOf(q.lines[0]) == "not_listed");
    c.diagnosis = "I21.0";
    BOOST_TEST(quote(p, c).payoutFen == 582000);
    c.diagnosis = "C5";  // shorter than the prefix
    BOOST_TEST(statusOf(quote(p, c)) == "not_listed");
}

BOOST_AUTO_TEST_CASE(overflow_throws) {
    // total INT64_MAX x 100 % : Σ part x ratio_bp does not fit in 64 bits.
    Plan p = simplePlan({{std::nullopt, 10000}});
    const ClaimFacts huge = baseStay(kMaxFen);
    BOOST_REQUIRE(!validateClaim(p, member2026(), huge));
    BOOST_CHECK_THROW(quoteClaim(p, member2026(), {}, huge), OverflowError);

    // A plan cap that overflows when multiplied by the shares.
    Plan capped = demoPlan();
    capped.maxShares = 2;
    capped.capFen = kMaxFen;
    MemberFacts m = member2026();
    m.shares = 2;
    BOOST_CHECK_THROW(quoteClaim(capped, m, {}, contractExample()), OverflowError);

    // A per-share minimum that overflows when multiplied by 3 shares.
    Plan shares = simplePlan({{std::nullopt, 6000}});
    shares.maxShares = 3;
    shares.benefits[0].minFen = kMaxFen / 2 + 1;
    m.shares = 3;
    BOOST_CHECK_THROW(quoteClaim(shares, m, {}, contractExample()), OverflowError);
}

BOOST_AUTO_TEST_CASE(quote_is_deterministic) {
    Plan p = yueyangPlan();
    p.capFen = 1000000;
    p.benefits[0].deductibleFen = 12345;
    Benefit b;
    b.name = "附加 \"test\" <b>&";
    b.base = BaseAmount::TotalInScope;
    b.bands = {{std::nullopt, 2000}};
    p.benefits.push_back(b);
    const ClaimFacts c = stay(Date(2026, 3, 2), Date(2026, 3, 12), 3456789, 1234567, 12345);
    History h;
    h.paidFen = 1234;
    const std::string first = quote(p, c, h).toJson();
    const std::string second = quote(p, c, h).toJson();
    BOOST_TEST(first == second);
    BOOST_TEST(first.find(R"("benefit":"附加 \"test\" \u003cb\u003e\u0026")") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// validateClaim
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(validate_accepts_the_contract_example) {
    BOOST_TEST(!validateClaim(demoPlan(), member2026(), contractExample()).has_value());
}

std::string rejectedField(const ClaimFacts& c, const MemberFacts& m = member2026()) {
    auto e = validateClaim(demoPlan(), m, c);
    return e ? e->field : "(accepted)";
}

BOOST_AUTO_TEST_CASE(validate_names_the_field) {
    const ClaimFacts ok = contractExample();
    ClaimFacts c = ok;
    c.totalFen = -1;
    BOOST_TEST(rejectedField(c) == "claim.total_fen");
    c = ok;
    c.fundPaidFen = -1;
    BOOST_TEST(rejectedField(c) == "claim.fund_paid_fen");
    c = ok;
    c.criticalInsuranceFen = -5;
    BOOST_TEST(rejectedField(c) == "claim.critical_insurance_fen");
    c = ok;
    c.assistanceFen = -5;
    BOOST_TEST(rejectedField(c) == "claim.assistance_fen");
    c = ok;
    c.otherPaidFen = -5;
    BOOST_TEST(rejectedField(c) == "claim.other_paid_fen");
    c = ok;
    c.outOfScopeFen = -1;
    BOOST_TEST(rejectedField(c) == "claim.out_of_scope_fen");

    // payers above the total: fund 3,000,001 > total 3,000,000
    c = ok;
    c.fundPaidFen = 3000001;
    BOOST_TEST(rejectedField(c) == "claim.fund_paid_fen");
    // payers together: 1,800,000 + 1,200,001 > 3,000,000 at the assistance figure
    c = ok;
    c.outOfScopeFen = 0;
    c.assistanceFen = 1200001;
    BOOST_TEST(rejectedField(c) == "claim.assistance_fen");
    // exactly the total is fine (personal 0)
    c.assistanceFen = 1200000;
    BOOST_TEST(rejectedField(c) == "(accepted)");
    // payers that would overflow when summed
    c = ok;
    c.totalFen = kMaxFen;
    c.fundPaidFen = kMaxFen;
    c.otherPaidFen = kMaxFen;
    c.outOfScopeFen = 0;
    BOOST_TEST(rejectedField(c) == "claim.other_paid_fen");

    // out of scope above personal: personal 1,200,000, out of scope 1,200,001
    c = ok;
    c.outOfScopeFen = 1200001;
    BOOST_TEST(rejectedField(c) == "claim.out_of_scope_fen");
    c.outOfScopeFen = 1200000;
    BOOST_TEST(rejectedField(c) == "(accepted)");

    // discharge before admission
    c = ok;
    c.discharge = Date(2026, 3, 1);
    BOOST_TEST(rejectedField(c) == "claim.discharge");
    // filed before discharge (the same day is fine)
    c = ok;
    c.filed = Date(2026, 3, 11);
    BOOST_TEST(rejectedField(c) == "claim.filed");
    c.filed = Date(2026, 3, 12);
    BOOST_TEST(rejectedField(c) == "(accepted)");

    // shares above max_shares (1), and below 1
    MemberFacts m = member2026();
    m.shares = 2;
    BOOST_TEST(rejectedField(ok, m) == "member.shares");
    m.shares = 0;
    BOOST_TEST(rejectedField(ok, m) == "member.shares");

    // no stay and no event date
    c = ok;
    c.admission.reset();
    c.discharge.reset();
    BOOST_TEST(rejectedField(c) == "claim.event_date");
    // half a stay
    c = ok;
    c.discharge.reset();
    BOOST_TEST(rejectedField(c) == "claim.discharge");
}

// ---------------------------------------------------------------------------------------------
// Properties over random plans and claims
// ---------------------------------------------------------------------------------------------

namespace {

struct RandomCase {
    Plan plan;
    MemberFacts member;
    History history;
    ClaimFacts claim;
};

RandomCase randomCase(std::mt19937_64& rng) {
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    auto chance = [&](int percent) { return pick(1, 100) <= percent; };
    RandomCase rc;
    Plan& p = rc.plan;
    p.code = "random";
    p.version = 1;
    p.name = "random";
    p.periodStart = Date(2026, 1, 1);
    p.periodEnd = Date(2026, 12, 31);
    p.maxShares = static_cast<int>(pick(1, 3));
    p.rounding = static_cast<RoundingMode>(pick(0, 2));
    p.stayBelongsTo = chance(50) ? StayBelongsTo::Admission : StayBelongsTo::Discharge;
    if (chance(30))
        p.waiting = {
            .days = static_cast<int>(pick(0, 60)),
            .reducedDays = static_cast<int>(pick(0, 60)),
            .reducedRatioBp = pick(0, 10000),
            .waivedIfRenewedWithinDays =
                chance(50) ? std::optional<int>(static_cast<int>(pick(0, 60))) : std::nullopt};
    if (chance(40)) p.capFen = pick(0, 5000000);
    const int benefits = static_cast<int>(pick(1, 3));
    for (int i = 0; i < benefits; ++i) {
        Benefit b;
        b.name = "b" + std::to_string(i);
        b.perShare = chance(70);
        b.base = static_cast<BaseAmount>(pick(0, 4));
        b.deductibleFen = chance(60) ? pick(0, 100000) : 0;
        b.deductiblePer = chance(50) ? DeductiblePer::Stay : DeductiblePer::Period;
        const int bands = static_cast<int>(pick(1, 4));
        Fen upto = 0;
        for (int j = 0; j < bands; ++j) {
            upto += pick(1, 1000000);
            const bool last = j + 1 == bands;
            b.bands.push_back(
                {last && chance(70) ? std::nullopt : std::optional<Fen>(upto), pick(0, 10000)});
        }
        if (chance(30)) b.minFen = pick(0, 50000);
        if (chance(30)) b.stayCapFen = pick(0, 2000000);
        if (chance(50)) b.capFen = pick(0, 5000000);
        if (chance(20)) b.maxClaims = static_cast<int>(pick(1, 5));
        p.benefits.push_back(b);
    }

    MemberFacts& m = rc.member;
    m.coverStart = Date(2026, 1, 1).addDays(pick(-30, 60));
    m.shares = static_cast<int>(pick(1, p.maxShares));
    if (chance(50)) m.renewedAfterDays = static_cast<int>(pick(0, 90));

    ClaimFacts& c = rc.claim;
    c.type = ClaimType::Inpatient;
    const Date admission = Date(2026, 1, 1).addDays(pick(-5, 370));
    c.admission = admission;
    c.discharge = admission.addDays(pick(0, 40));
    c.filed = c.discharge->addDays(pick(0, 30));
    c.diagnosis = "K35.8";
    c.totalFen = pick(0, 10000000);
    c.fundPaidFen = pick(0, c.totalFen);
    c.otherPaidFen = chance(20) ? pick(0, c.totalFen - c.fundPaidFen) : 0;
    c.outOfScopeFen = pick(0, c.personalFen());
    c.died = false;

    History& h = rc.history;
    for (const Benefit& b : p.benefits) {
        if (!chance(50)) continue;
        BenefitHistory bh{.paidFen = pick(0, 6000000),
                          .deductibleUsedFen = pick(0, 100000),
                          .paidClaims = static_cast<int>(pick(0, 6))};
        h.paidFen += bh.paidFen;
        h.benefits[b.name] = bh;
    }
    return rc;
}

Fen room(std::optional<Fen> cap, int multiplier, Fen paid) {
    return std::max<Fen>(0, *cap * multiplier - paid);
}

}  // namespace

BOOST_AUTO_TEST_CASE(properties_over_random_plans) {
    std::mt19937_64 rng(20260315);
    int payable = 0;
    for (int i = 0; i < 4000; ++i) {
        const RandomCase rc = randomCase(rng);
        BOOST_TEST_CONTEXT("case " << i) {
            BOOST_REQUIRE(!validateClaim(rc.plan, rc.member, rc.claim));
            const Quote q = quoteClaim(rc.plan, rc.member, rc.history, rc.claim);
            if (q.payoutFen > 0) ++payable;

            // Never above what the member paid (no death minimum in these plans).
            BOOST_TEST(q.payoutFen <= rc.claim.personalFen());
            BOOST_TEST(q.payoutFen >= 0);

            // Never above the benefit cap room or the plan cap room.
            Fen sum = 0;
            for (const QuoteLine& line : q.lines) {
                sum += line.payoutFen;
                const Benefit* b = nullptr;
                for (const auto& candidate : rc.plan.benefits)
                    if (candidate.name == line.benefit) b = &candidate;
                BOOST_REQUIRE(b != nullptr);
                if (b->capFen) {
                    auto past = rc.history.benefits.find(b->name);
                    const Fen paid = past == rc.history.benefits.end() ? 0 : past->second.paidFen;
                    BOOST_TEST(line.payoutFen <=
                               room(b->capFen, b->perShare ? rc.member.shares : 1, paid));
                }
            }
            BOOST_TEST(sum == q.payoutFen);
            if (rc.plan.capFen)
                BOOST_TEST(q.payoutFen <=
                           room(rc.plan.capFen, rc.member.shares, rc.history.paidFen));

            // Never decreases when the total cost rises, other figures fixed.
            ClaimFacts more = rc.claim;
            more.totalFen += 1 + static_cast<Fen>(rng() % 500000);
            BOOST_REQUIRE(!validateClaim(rc.plan, rc.member, more));
            const Quote higher = quoteClaim(rc.plan, rc.member, rc.history, more);
            BOOST_TEST(higher.payoutFen >= q.payoutFen);

            // Deterministic.
            BOOST_TEST(quoteClaim(rc.plan, rc.member, rc.history, rc.claim).toJson() == q.toJson());
        }
    }
    // The generator must produce a fair share of paying cases for the properties to bite.
    BOOST_TEST(payable > 1000);
}

BOOST_AUTO_TEST_SUITE_END()
