// Every plan in examples/plans loads, and every one of them quotes hand-computed cases exactly:
// the real file through parsePlanJson, the case built in C++ or written as CASE.json through
// parseCaseJson. Arithmetic in the comments (fen unless 元 is written).

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "adapters/formats/CaseJson.h"
#include "adapters/formats/PlanJson.h"
#include "support/TestSupport.h"

#ifndef HUZHU_EXAMPLES_DIR
#error "HUZHU_EXAMPLES_DIR must point at examples/plans"
#endif

using huzhu::adapters::formats::parseCaseJson;
using huzhu::adapters::formats::parsePlanJson;
using huzhu::adapters::formats::QuoteCase;
using namespace huzhu::core;

namespace {

/// The example files quoted below; a new example plan must get its quotes here.
const std::set<std::string> kQuoted = {
    "baoshan-2012.json",       "beijing-zyjt-2011.json", "bijie-zdjb-2023.json",
    "changchun-yw-2022.json",  "changchun-zy-2022.json", "fuzhou-2012.json",
    "guangdong-nzg-2023.json", "hangzhou-2024.json",     "hubei-2025.json",
    "quanzhou-jg-2022.json",   "quanzhou-qy-2022.json",  "tianjin-zy-2024.json",
    "yueyang-2014.json",       "zhangzhou-2021.json",
};

Plan example(const std::string& file) {
    const std::filesystem::path path = std::filesystem::path(HUZHU_EXAMPLES_DIR) / file;
    BOOST_TEST_REQUIRE(std::filesystem::exists(path), path);
    return parsePlanJson(huzhu::test::readFile(path));
}

/// An inpatient stay at a local city hospital, diagnosis K35.8, filed ten days after discharge.
QuoteCase stayCase(Date coverStart, Date admission, Date discharge, Fen total, Fen fund,
                   Fen outOfScope = 0) {
    QuoteCase c;
    c.member.coverStart = coverStart;
    c.claim.type = ClaimType::Inpatient;
    c.claim.admission = admission;
    c.claim.discharge = discharge;
    c.claim.filed = discharge.addDays(10);
    c.claim.diagnosis = "K35.8";
    c.claim.hospitalLevel = HospitalLevel::City;
    c.claim.totalFen = total;
    c.claim.fundPaidFen = fund;
    c.claim.outOfScopeFen = outOfScope;
    return c;
}

/// A claim without a stay (critical illness, accident, …) on `event`, filed a week later.
QuoteCase eventCase(ClaimType type, Date coverStart, Date event, const std::string& diagnosis) {
    QuoteCase c;
    c.member.coverStart = coverStart;
    c.claim.type = type;
    c.claim.eventDate = event;
    c.claim.filed = event.addDays(7);
    c.claim.diagnosis = diagnosis;
    return c;
}

std::string statusOf(const Quote& q) {
    return std::string(toString(q.status));
}

/// validateClaim must accept the case; then the quote.
Quote run(const Plan& plan, const QuoteCase& c) {
    const auto bad = validateClaim(plan, c.member, c.claim);
    BOOST_REQUIRE_MESSAGE(!bad, "refused: " << (bad ? bad->field + " " + bad->message : ""));
    return quoteClaim(plan, c.member, c.history, c.claim);
}

Quote runJson(const Plan& plan, const std::string& caseJson) {
    return run(plan, parseCaseJson(caseJson));
}

/// The field validateClaim refuses the case at, or "(accepted)".
std::string refusedAt(const Plan& plan, const QuoteCase& c) {
    const auto bad = validateClaim(plan, c.member, c.claim);
    return bad ? bad->field : "(accepted)";
}

void setPaid(QuoteCase& c, const std::string& benefit, Fen paid) {
    c.history.paidFen = paid;
    c.history.benefits[benefit].paidFen = paid;
}

}  // namespace

#define EXPECT_QUOTE(quote_expr, status_, payout_)        \
    do {                                                  \
        const Quote q_ = (quote_expr);                    \
        BOOST_TEST(statusOf(q_) == std::string(status_)); \
        BOOST_TEST(q_.payoutFen == (payout_));            \
    } while (0)

BOOST_AUTO_TEST_SUITE(example_plans)

BOOST_AUTO_TEST_CASE(every_example_loads_and_is_quoted_here) {
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(HUZHU_EXAMPLES_DIR)) {
        if (entry.path().extension() != ".json") continue;
        const std::string name = entry.path().filename().string();
        seen.insert(name);
        BOOST_TEST_CONTEXT(name) {
            Plan plan;
            BOOST_CHECK_NO_THROW(plan = parsePlanJson(huzhu::test::readFile(entry.path())));
            BOOST_TEST(!plan.benefits.empty());
            // The file name is CODE-VERSION.json.
            BOOST_TEST(name == plan.code + "-" + std::to_string(plan.version) + ".json");
            BOOST_TEST(kQuoted.count(name) == 1u, name << " has no quotes in this file");
        }
    }
    BOOST_TEST(seen.size() >= 12u);
    for (const std::string& name : kQuoted)
        BOOST_TEST(seen.count(name) == 1u, name << " is missing from " << HUZHU_EXAMPLES_DIR);
}

// ---------------------------------------------------------------------------------------------
// Quanzhou 2022, public-sector class: 60 % of in-scope self-pay, cap 80,000 元; lump sum
// 10,000 元 for critical illness outside that cap.
// ---------------------------------------------------------------------------------------------

const char* const kQuanzhouContractCase = R"({
  "member": {"cover_start": "2022-01-01", "shares": 1, "gender": "F", "insured": true,
             "renewed_after_days": null},
  "history": {"paid_fen": 0,
              "benefits": {"住院医疗互助": {"paid_fen": PAID, "deductible_used_fen": 0,
                                          "paid_claims": 0, "lump_sum_paid": null}}},
  "claim": {"type": "inpatient", "admission": "2022-03-02", "discharge": "2022-03-12",
            "event_date": null, "filed": "2022-04-01", "diagnosis": "K35.8",
            "hospital_level": "city", "local_hospital": true, "severity": null,
            "disability_grade": null, "died": false,
            "total_fen": 3000000, "fund_paid_fen": 1800000, "critical_insurance_fen": 0,
            "assistance_fen": 0, "other_paid_fen": 0, "out_of_scope_fen": 200000}
})";

std::string quanzhouCase(Fen paid) {
    std::string json = kQuanzhouContractCase;
    json.replace(json.find("PAID"), 4, std::to_string(paid));
    return json;
}

BOOST_AUTO_TEST_CASE(quanzhou_jg_inpatient_contract_example_and_cap) {
    const Plan p = example("quanzhou-jg-2022.json");
    // The CONTRACT §4 case: personal 3,000,000 − 1,800,000 = 1,200,000; in scope
    // 1,200,000 − 200,000 = 1,000,000 × 60 % = 600,000.
    const Quote q = runJson(p, quanzhouCase(0));
    EXPECT_QUOTE(q, "payable", 600000);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(q.lines[0].benefit == "住院医疗互助");
    // Cap 8,000,000: paid 7,400,000 → room 600,000 exactly; 7,400,001 → 599,999;
    // 8,000,000 → limit_reached.
    EXPECT_QUOTE(runJson(p, quanzhouCase(7400000)), "payable", 600000);
    EXPECT_QUOTE(runJson(p, quanzhouCase(7400001)), "payable", 599999);
    EXPECT_QUOTE(runJson(p, quanzhouCase(8000000)), "limit_reached", 0);
}

BOOST_AUTO_TEST_CASE(quanzhou_jg_critical_illness_lump_sum) {
    const Plan p = example("quanzhou-jg-2022.json");
    // I21.0 (acute myocardial infarction): 1,000,000, even with the inpatient cap used up.
    QuoteCase c =
        eventCase(ClaimType::CriticalIllness, Date(2022, 1, 1), Date(2022, 6, 1), "I21.0");
    setPaid(c, "住院医疗互助", 8000000);
    EXPECT_QUOTE(run(p, c), "payable", 1000000);
    // K35.8 is not a listed critical illness.
    c.claim.diagnosis = "K35.8";
    EXPECT_QUOTE(run(p, c), "not_listed", 0);
    // Already paid this period.
    c.claim.diagnosis = "C34.1";
    c.history.benefits["重大疾病互助"].lumpSumPaid = LumpSumPaid::ThisPeriod;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
}

// ---------------------------------------------------------------------------------------------
// Quanzhou 2022, private-sector class: 50 % of in-scope self-pay, cap 50,000 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(quanzhou_qy) {
    const Plan p = example("quanzhou-qy-2022.json");
    // in-scope self-pay 1,000,000 × 50 % = 500,000.
    QuoteCase c =
        stayCase(Date(2022, 1, 1), Date(2022, 3, 2), Date(2022, 3, 12), 3000000, 1800000, 200000);
    EXPECT_QUOTE(run(p, c), "payable", 500000);
    // cap 5,000,000: paid 4,500,000 → 500,000 exactly; 4,500,001 → 499,999.
    setPaid(c, "住院医疗互助", 4500000);
    EXPECT_QUOTE(run(p, c), "payable", 500000);
    setPaid(c, "住院医疗互助", 4500001);
    EXPECT_QUOTE(run(p, c), "payable", 499999);
    // half a fen: 1,001 × 50 % = 500.5 → half_up 501.
    EXPECT_QUOTE(run(p, stayCase(Date(2022, 1, 1), Date(2022, 3, 2), Date(2022, 3, 12), 1001, 0)),
                 "payable", 501);
    // no critical-illness benefit in this class.
    EXPECT_QUOTE(
        run(p, eventCase(ClaimType::CriticalIllness, Date(2022, 1, 1), Date(2022, 6, 1), "C34.1")),
        "no_benefit", 0);
}

// ---------------------------------------------------------------------------------------------
// Zhangzhou 2021: insured 60 % after a 300 元 period deductible, cap 50,000, death minimum
// 1,000; uninsured local 10 % of total after 300 元 per stay, elsewhere 8 %, caps 15,000;
// stays belong to the period of their discharge.
// ---------------------------------------------------------------------------------------------

const char* const kZhangzhouInsured = "住院医疗互助(参保职工)";
const char* const kZhangzhouLocal = "住院医疗互助(未参保职工·本地住院)";

BOOST_AUTO_TEST_CASE(zhangzhou_insured_deductible_and_death_minimum) {
    const Plan p = example("zhangzhou-2021.json");
    // First stay: total 100,000 − fund 80,000 = in-scope self-pay 20,000, all of it deductible
    // → zero.
    QuoteCase c = stayCase(Date(2021, 1, 1), Date(2021, 3, 1), Date(2021, 3, 5), 100000, 80000);
    Quote q = run(p, c);
    EXPECT_QUOTE(q, "zero", 0);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(q.lines[0].benefit == kZhangzhouInsured);
    // Below and above the deductible: base 30,000 → zero; 30,002 → 2 × 60 % = 1.2 → 1.
    EXPECT_QUOTE(run(p, stayCase(Date(2021, 1, 1), Date(2021, 3, 1), Date(2021, 3, 5), 30000, 0)),
                 "zero", 0);
    EXPECT_QUOTE(run(p, stayCase(Date(2021, 1, 1), Date(2021, 3, 1), Date(2021, 3, 5), 30002, 0)),
                 "payable", 1);
    // Second stay, 20,000 of the deductible used: in-scope self-pay 1,000,000 − 500,000 =
    // 500,000 − 10,000 left = 490,000 × 60 % = 294,000.
    c = stayCase(Date(2021, 1, 1), Date(2021, 6, 1), Date(2021, 6, 9), 1000000, 500000);
    c.history.benefits[kZhangzhouInsured].deductibleUsedFen = 20000;
    EXPECT_QUOTE(run(p, c), "payable", 294000);
    // Third stay, the member died, deductible used up: 50,000 × 60 % = 30,000 → raised to the
    // death minimum 100,000, above what the member paid (50,000).
    c = stayCase(Date(2021, 1, 1), Date(2021, 9, 1), Date(2021, 9, 9), 100000, 50000);
    c.history.benefits[kZhangzhouInsured].deductibleUsedFen = 30000;
    c.claim.died = true;
    EXPECT_QUOTE(run(p, c), "payable", 100000);
}

BOOST_AUTO_TEST_CASE(zhangzhou_uninsured_local_and_elsewhere) {
    const Plan p = example("zhangzhou-2021.json");
    const std::string head = R"({"member": {"cover_start": "2021-01-01", "insured": false},)";
    // Local: total 1,000,000 − 30,000 (per stay) = 970,000 × 10 % = 97,000.
    Quote q = runJson(p, head + R"("claim": {"admission": "2021-04-01", "discharge": "2021-04-11",
        "filed": "2021-04-20", "diagnosis": "K35.8", "local_hospital": true,
        "total_fen": 1000000}})");
    EXPECT_QUOTE(q, "payable", 97000);
    BOOST_REQUIRE_EQUAL(q.lines.size(), 1u);
    BOOST_TEST(q.lines[0].benefit == kZhangzhouLocal);
    // Elsewhere: 1,000,000 × 8 % = 80,000.
    q = runJson(p, head + R"("claim": {"admission": "2021-04-01", "discharge": "2021-04-11",
        "filed": "2021-04-20", "diagnosis": "K35.8", "local_hospital": false,
        "total_fen": 1000000}})");
    EXPECT_QUOTE(q, "payable", 80000);
    BOOST_TEST(q.lines[0].benefit == "住院医疗互助(未参保职工·异地住院)");
    // Local, but the member paid only 50,000 (fund 950,000): 97,000 → indemnity 50,000.
    EXPECT_QUOTE(runJson(p, head + R"("claim": {"admission": "2021-04-01",
        "discharge": "2021-04-11", "filed": "2021-04-20", "diagnosis": "K35.8",
        "total_fen": 1000000, "fund_paid_fen": 950000}})"),
                 "payable", 50000);
    // Local cap 1,500,000: paid 1,403,000 → room 97,000 exactly; 1,450,000 → 50,000.
    EXPECT_QUOTE(runJson(p, head + R"("history": {"paid_fen": 1403000,
        "benefits": {")" + kZhangzhouLocal +
                                R"(": {"paid_fen": 1403000}}},
        "claim": {"admission": "2021-04-01", "discharge": "2021-04-11", "filed": "2021-04-20",
        "diagnosis": "K35.8", "total_fen": 1000000}})"),
                 "payable", 97000);
    EXPECT_QUOTE(runJson(p, head + R"("history": {"paid_fen": 1450000,
        "benefits": {")" + kZhangzhouLocal +
                                R"(": {"paid_fen": 1450000}}},
        "claim": {"admission": "2021-04-01", "discharge": "2021-04-11", "filed": "2021-04-20",
        "diagnosis": "K35.8", "total_fen": 1000000}})"),
                 "payable", 50000);
}

BOOST_AUTO_TEST_CASE(zhangzhou_stay_belongs_to_discharge) {
    const Plan p = example("zhangzhou-2021.json");
    // Admitted 2020-12-28, discharged 2021-01-05 (member covered since 2020): a 2021 stay.
    // In-scope self-pay 500,000 − deductible 30,000 = 470,000 × 60 % = 282,000.
    EXPECT_QUOTE(
        run(p, stayCase(Date(2020, 1, 1), Date(2020, 12, 28), Date(2021, 1, 5), 1000000, 500000)),
        "payable", 282000);
    // Admitted 2021-12-28, discharged 2022-01-03: a 2022 stay → not_covered here.
    EXPECT_QUOTE(
        run(p, stayCase(Date(2020, 1, 1), Date(2021, 12, 28), Date(2022, 1, 3), 1000000, 500000)),
        "not_covered", 0);
}

// ---------------------------------------------------------------------------------------------
// Yueyang 2014: self-pay in bands 30/35/40/45/50 %, minimum 50 元, cap 50,000 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(yueyang) {
    const Plan p = example("yueyang-2014.json");
    auto selfPay = [](Fen personal) {
        // out-of-scope 100,000 is part of self_pay, so it does not change the base
        return stayCase(Date(2014, 1, 1), Date(2014, 3, 2), Date(2014, 3, 12), personal + 500000,
                        500000, std::min<Fen>(personal, 100000));
    };
    // 2,345,678: 150,000 + 175,000 + 400,000 + 345,678 × 45 % (155,555.1) = 880,555.1 → 880,555.
    EXPECT_QUOTE(run(p, selfPay(2345678)), "payable", 880555);
    // Band boundary: 500,000 → 150,000; 500,002 → 150,000 + 0.7 → 150,001.
    EXPECT_QUOTE(run(p, selfPay(500000)), "payable", 150000);
    EXPECT_QUOTE(run(p, selfPay(500002)), "payable", 150001);
    // 12,000 × 30 % = 3,600 → raised to the minimum 5,000; self-pay 0 → zero.
    EXPECT_QUOTE(run(p, selfPay(12000)), "payable", 5000);
    EXPECT_QUOTE(run(p, selfPay(0)), "zero", 0);
    // Cap 5,000,000: paid 4,119,445 → room 880,555 exactly; 4,119,446 → 880,554.
    QuoteCase c = selfPay(2345678);
    setPaid(c, "住院医疗互助", 4119445);
    EXPECT_QUOTE(run(p, c), "payable", 880555);
    setPaid(c, "住院医疗互助", 4119446);
    EXPECT_QUOTE(run(p, c), "payable", 880554);
}

// ---------------------------------------------------------------------------------------------
// Baoshan 2012: self-pay 0–800 元 0 %, –10,000 30 %, –100,000 60 %, –150,000 80 %, above 0 %.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(baoshan) {
    const Plan p = example("baoshan-2012.json");
    auto selfPay = [](Fen personal) {
        return stayCase(Date(2012, 1, 1), Date(2012, 3, 2), Date(2012, 3, 12), personal, 0);
    };
    // 1,200,000: 0 + 920,000 × 30 % (276,000) + 200,000 × 60 % (120,000) = 396,000.
    EXPECT_QUOTE(run(p, selfPay(1200000)), "payable", 396000);
    // The same self-pay with fund paid and out-of-scope items: total 1,500,000, fund 300,000,
    // out of scope 100,000 → self_pay 1,200,000 (out-of-scope included) → 396,000.
    EXPECT_QUOTE(run(p, stayCase(Date(2012, 1, 1), Date(2012, 3, 2), Date(2012, 3, 12), 1500000,
                                 300000, 100000)),
                 "payable", 396000);
    // 16,000,000: 276,000 + 9,000,000 × 60 % + 5,000,000 × 80 % + 0 = 9,676,000; the same as
    // 15,000,000 (the top of the 80 % band).
    EXPECT_QUOTE(run(p, selfPay(16000000)), "payable", 9676000);
    EXPECT_QUOTE(run(p, selfPay(15000000)), "payable", 9676000);
    // The 0 % band: 70,000 and 80,000 → zero; 80,001 → 0.3 → 0 zero; 80,002 → 0.6 → 1.
    EXPECT_QUOTE(run(p, selfPay(70000)), "zero", 0);
    EXPECT_QUOTE(run(p, selfPay(80000)), "zero", 0);
    EXPECT_QUOTE(run(p, selfPay(80001)), "zero", 0);
    EXPECT_QUOTE(run(p, selfPay(80002)), "payable", 1);
}

// ---------------------------------------------------------------------------------------------
// Changchun 2022 inpatient: fund paid × 10.5 / 8.4 / 6.3 %, at least 100 元, 2 paid stays.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(changchun_zy) {
    const Plan p = example("changchun-zy-2022.json");
    auto level = [](HospitalLevel l, Fen total, Fen fund) {
        QuoteCase c = stayCase(Date(2022, 1, 1), Date(2022, 3, 2), Date(2022, 3, 12), total, fund);
        c.claim.hospitalLevel = l;
        return c;
    };
    // city, fund 1,234,567 × 840 / 10000 = 103,703.628 → 103,704.
    EXPECT_QUOTE(run(p, level(HospitalLevel::City, 2000000, 1234567)), "payable", 103704);
    // provincial, fund 1,000,000 × 10.5 % = 105,000.
    EXPECT_QUOTE(run(p, level(HospitalLevel::Provincial, 1500000, 1000000)), "payable", 105000);
    // district, fund 120,000 × 6.3 % = 7,560 → minimum 10,000 (personal 80,000).
    EXPECT_QUOTE(run(p, level(HospitalLevel::District, 200000, 120000)), "payable", 10000);
    // the same, personal only 5,000 → indemnity 5,000.
    EXPECT_QUOTE(run(p, level(HospitalLevel::District, 125000, 120000)), "payable", 5000);
    // max_claims 2: one paid → payable; two paid → limit_reached.
    QuoteCase c = level(HospitalLevel::City, 2000000, 1234567);
    c.history.benefits["住院医疗互助"].paidClaims = 1;
    EXPECT_QUOTE(run(p, c), "payable", 103704);
    c.history.benefits["住院医疗互助"].paidClaims = 2;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
    // no hospital level: bad input.
    c.claim.hospitalLevel.reset();
    BOOST_TEST(refusedAt(p, c) == "claim.hospital_level");
}

// ---------------------------------------------------------------------------------------------
// Changchun 2022 accident: 30,000 元 per share × grade (1 = 100 % … 10 = 10 %), up to 4 shares,
// cap = the sum per share.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(changchun_yw) {
    const Plan p = example("changchun-yw-2022.json");
    auto accident = [](int shares, std::optional<int> grade) {
        QuoteCase c = eventCase(ClaimType::Accident, Date(2022, 1, 1), Date(2022, 5, 10), "S82.2");
        c.member.shares = shares;
        c.claim.disabilityGrade = grade;
        return c;
    };
    // grade 7, 3 shares: 3,000,000 × 40 % = 1,200,000 × 3 = 3,600,000 (cap 9,000,000).
    EXPECT_QUOTE(run(p, accident(3, 7)), "payable", 3600000);
    // grade 10, 4 shares: 300,000 × 4 = 1,200,000.
    EXPECT_QUOTE(run(p, accident(4, 10)), "payable", 1200000);
    // grade 1, 1 share: 3,000,000 = the cap exactly; with 1 fen paid → 2,999,999; with the
    // cap paid → limit_reached.
    QuoteCase c = accident(1, 1);
    EXPECT_QUOTE(run(p, c), "payable", 3000000);
    c.history.benefits["意外伤残互助"].paidFen = 1;
    EXPECT_QUOTE(run(p, c), "payable", 2999999);
    c.history.benefits["意外伤残互助"].paidFen = 3000000;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
    // refused: 5 shares (max 4), no grade.
    BOOST_TEST(refusedAt(p, accident(5, 7)) == "member.shares");
    BOOST_TEST(refusedAt(p, accident(1, std::nullopt)) == "claim.disability_grade");
    // a hospital stay is not an accident claim here.
    EXPECT_QUOTE(run(p, stayCase(Date(2022, 1, 1), Date(2022, 3, 2), Date(2022, 3, 12), 100, 0)),
                 "no_benefit", 0);
}

// ---------------------------------------------------------------------------------------------
// Fuzhou 2012: 13 % of the in-scope total, cap 50,000 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(fuzhou) {
    const Plan p = example("fuzhou-2012.json");
    // total 1,000,000, fund 600,000, out of scope 100,000: 900,000 × 13 % = 117,000
    // (personal 400,000).
    QuoteCase c =
        stayCase(Date(2012, 1, 1), Date(2012, 3, 2), Date(2012, 3, 12), 1000000, 600000, 100000);
    EXPECT_QUOTE(run(p, c), "payable", 117000);
    // cap 5,000,000: paid 4,883,000 → room 117,000 exactly; 4,883,001 → 116,999.
    setPaid(c, "住院医疗互助", 4883000);
    EXPECT_QUOTE(run(p, c), "payable", 117000);
    setPaid(c, "住院医疗互助", 4883001);
    EXPECT_QUOTE(run(p, c), "payable", 116999);
    // Indemnity: total 5,000,000, fund 4,500,000, 大病保险 300,000: 650,000 → the member paid
    // 200,000 → 200,000.
    c = stayCase(Date(2012, 1, 1), Date(2012, 3, 2), Date(2012, 3, 12), 5000000, 4500000);
    c.claim.criticalInsuranceFen = 300000;
    EXPECT_QUOTE(run(p, c), "payable", 200000);
    // Rounding: 12,345 × 13 % = 1,604.85 → 1,605.
    EXPECT_QUOTE(run(p, stayCase(Date(2012, 1, 1), Date(2012, 3, 2), Date(2012, 3, 12), 12345, 0)),
                 "payable", 1605);
}

// ---------------------------------------------------------------------------------------------
// Bijie 2023: 80 % of self-pay for listed illnesses, inpatient and special outpatient,
// plan cap 30,000 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bijie) {
    const Plan p = example("bijie-zdjb-2023.json");
    // C34.1, total 2,000,000, fund 1,000,000: self-pay 1,000,000 × 80 % = 800,000.
    QuoteCase c = stayCase(Date(2023, 1, 1), Date(2023, 3, 2), Date(2023, 3, 12), 2000000, 1000000);
    c.claim.diagnosis = "C34.1";
    EXPECT_QUOTE(run(p, c), "payable", 800000);
    // plan cap 3,000,000: paid 2,200,000 → 800,000 exactly; 2,200,001 → 799,999; 3,000,000
    // → limit_reached.
    c.history.paidFen = 2200000;
    EXPECT_QUOTE(run(p, c), "payable", 800000);
    c.history.paidFen = 2200001;
    EXPECT_QUOTE(run(p, c), "payable", 799999);
    c.history.paidFen = 3000000;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
    // Not listed: appendicitis, and phenylketonuria's neighbour E70.1 (only E70.0 is listed).
    c.history.paidFen = 0;
    c.claim.diagnosis = "K35.8";
    EXPECT_QUOTE(run(p, c), "not_listed", 0);
    c.claim.diagnosis = "E70.1";
    EXPECT_QUOTE(run(p, c), "not_listed", 0);
    c.claim.diagnosis = "E70.0";
    EXPECT_QUOTE(run(p, c), "payable", 800000);
    // Special outpatient dialysis (N18.5), self-pay 625,000 × 80 % = 500,000; the plan has
    // paid 2,700,000 (inpatient) → room 300,000.
    QuoteCase o =
        eventCase(ClaimType::OutpatientSpecial, Date(2023, 1, 1), Date(2023, 8, 1), "N18.5");
    o.claim.totalFen = 625000;
    EXPECT_QUOTE(run(p, o), "payable", 500000);
    o.history.paidFen = 2700000;
    const Quote q = run(p, o);
    EXPECT_QUOTE(q, "payable", 300000);
    BOOST_TEST(q.lines[0].benefit == "重大疾病门诊医疗互助");
}

// ---------------------------------------------------------------------------------------------
// Beijing allowance 2011: 40 元 a day from the 4th day, cap 7,200 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(beijing_daily) {
    const Plan p = example("beijing-zyjt-2011.json");
    auto stay = [](Date admission, Date discharge) {
        return stayCase(Date(2011, 1, 1), admission, discharge, 0, 0);
    };
    // 03-01 → 03-21: 20 days, 20 − 4 + 1 = 17 × 4,000 = 68,000.
    QuoteCase c = stay(Date(2011, 3, 1), Date(2011, 3, 21));
    Quote q = run(p, c);
    EXPECT_QUOTE(q, "payable", 68000);
    BOOST_TEST(q.lines[0].steps.at(0).days.value() == 17);
    // 3-day stay → 0 days zero; 4-day stay → 1 day 4,000; same day → zero.
    EXPECT_QUOTE(run(p, stay(Date(2011, 3, 1), Date(2011, 3, 4))), "zero", 0);
    EXPECT_QUOTE(run(p, stay(Date(2011, 3, 1), Date(2011, 3, 5))), "payable", 4000);
    EXPECT_QUOTE(run(p, stay(Date(2011, 3, 1), Date(2011, 3, 1))), "zero", 0);
    // cap 720,000: paid 700,000 → 20,000; 652,000 → 68,000 exactly; 652,001 → 67,999.
    c.history.benefits["住院津贴"].paidFen = 700000;
    EXPECT_QUOTE(run(p, c), "payable", 20000);
    c.history.benefits["住院津贴"].paidFen = 652000;
    EXPECT_QUOTE(run(p, c), "payable", 68000);
    c.history.benefits["住院津贴"].paidFen = 652001;
    EXPECT_QUOTE(run(p, c), "payable", 67999);
}

// ---------------------------------------------------------------------------------------------
// Guangdong female plan 2023: 15,000 元 per share (2 shares), women only, 180-day waiting
// period waived on a renewal within 30 days, once per lifetime.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(guangdong_female_plan) {
    const Plan p = example("guangdong-nzg-2023.json");
    auto diagnosis = [](Date event, const std::string& code) {
        return R"({"member": {"cover_start": "2023-01-01", "shares": 2, "gender": "F"},
          "claim": {"type": "female_special", "event_date": ")" +
               event.iso() + R"(", "filed": "2023-12-20", "diagnosis": ")" + code + R"("}})";
    };
    // Cover from 2023-01-01: 2023-06-29 is day 180 (31+28+31+30+31+29) → waiting_period;
    // 2023-06-30 is day 181 → 1,500,000 × 2 shares = 3,000,000.
    EXPECT_QUOTE(runJson(p, diagnosis(Date(2023, 6, 29), "C50.9")), "waiting_period", 0);
    EXPECT_QUOTE(runJson(p, diagnosis(Date(2023, 6, 30), "C50.9")), "payable", 3000000);
    // Not a listed cancer (C61 prostate, C51 vulva) → not_listed.
    EXPECT_QUOTE(runJson(p, diagnosis(Date(2023, 7, 1), "C61")), "not_listed", 0);
    EXPECT_QUOTE(runJson(p, diagnosis(Date(2023, 7, 1), "C51.9")), "not_listed", 0);

    QuoteCase c = eventCase(ClaimType::FemaleSpecial, Date(2023, 1, 1), Date(2023, 2, 1), "C53.9");
    c.member.gender = 'F';
    // Day 32: first enrolment → waiting; renewed after 30 days → waived, 1 share 1,500,000;
    // after 31 days → waiting.
    EXPECT_QUOTE(run(p, c), "waiting_period", 0);
    c.member.renewedAfterDays = 30;
    EXPECT_QUOTE(run(p, c), "payable", 1500000);
    c.member.renewedAfterDays = 31;
    EXPECT_QUOTE(run(p, c), "waiting_period", 0);
    // Gender condition: a male member → no_benefit.
    c.member.renewedAfterDays = 30;
    c.member.gender = 'M';
    EXPECT_QUOTE(run(p, c), "no_benefit", 0);
    // Once per lifetime: paid under an earlier edition → limit_reached.
    c.member.gender = 'F';
    c.history.benefits["女职工特殊疾病互助"].lumpSumPaid = LumpSumPaid::EarlierPeriod;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
    // 3 shares is more than max_shares 2.
    c.member.shares = 3;
    BOOST_TEST(refusedAt(p, c) == "member.shares");
}

// ---------------------------------------------------------------------------------------------
// Hangzhou 2024: inpatient 50 % after a 500 元 period deductible; critical illness 15,000 元
// once per period; plan cap 65,200 元; deadline 2025-03-31.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(hangzhou_inpatient_deductible_and_deadline) {
    const Plan p = example("hangzhou-2024.json");
    // in-scope self-pay 1,000,000 − 50,000 = 950,000 × 50 % = 475,000.
    QuoteCase c = stayCase(Date(2024, 1, 1), Date(2024, 3, 2), Date(2024, 3, 12), 2000000, 1000000);
    EXPECT_QUOTE(run(p, c), "payable", 475000);
    // 20,000 of the deductible used: 1,000,000 − 30,000 = 970,000 × 50 % = 485,000.
    c.history.benefits["住院医疗互助"].deductibleUsedFen = 20000;
    EXPECT_QUOTE(run(p, c), "payable", 485000);
    // below the deductible: self-pay 40,000 → zero.
    EXPECT_QUOTE(run(p, stayCase(Date(2024, 1, 1), Date(2024, 3, 2), Date(2024, 3, 12), 40000, 0)),
                 "zero", 0);
    // plan cap: paid 6,045,000 → room 475,000 exactly; 6,045,001 → 474,999.
    c = stayCase(Date(2024, 1, 1), Date(2024, 3, 2), Date(2024, 3, 12), 2000000, 1000000);
    c.history.paidFen = 6045000;
    EXPECT_QUOTE(run(p, c), "payable", 475000);
    c.history.paidFen = 6045001;
    EXPECT_QUOTE(run(p, c), "payable", 474999);
    // Deadline 2025-03-31 for a stay admitted in December and discharged in January.
    c = stayCase(Date(2024, 1, 1), Date(2024, 12, 20), Date(2025, 1, 10), 2000000, 1000000);
    c.claim.filed = Date(2025, 3, 31);
    EXPECT_QUOTE(run(p, c), "payable", 475000);
    c.claim.filed = Date(2025, 4, 1);
    EXPECT_QUOTE(run(p, c), "late", 0);
}

BOOST_AUTO_TEST_CASE(hangzhou_critical_illness_under_the_plan_cap) {
    const Plan p = example("hangzhou-2024.json");
    QuoteCase c =
        eventCase(ClaimType::CriticalIllness, Date(2024, 1, 1), Date(2024, 9, 1), "C34.1");
    EXPECT_QUOTE(run(p, c), "payable", 1500000);
    // 60,000 元 already paid: 15,000 → the 5,200 元 left.
    c.history.paidFen = 6000000;
    EXPECT_QUOTE(run(p, c), "payable", 520000);
    c.history.paidFen = 6520000;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
    // once per period.
    c.history.paidFen = 0;
    c.history.benefits["重大疾病互助"].lumpSumPaid = LumpSumPaid::ThisPeriod;
    EXPECT_QUOTE(run(p, c), "limit_reached", 0);
}

// ---------------------------------------------------------------------------------------------
// Hubei 2025: inpatient 70 % of self-pay, cap 50,000 元; critical illness severe 10,000 元,
// mild 3,000 元.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(hubei) {
    const Plan p = example("hubei-2025.json");
    // self-pay 1,234,567 × 70 % = 864,196.9 → 864,197.
    QuoteCase c = stayCase(Date(2025, 1, 1), Date(2025, 3, 2), Date(2025, 3, 12), 2000000, 765433);
    EXPECT_QUOTE(run(p, c), "payable", 864197);
    // cap 5,000,000: paid 4,135,803 → 864,197 exactly; 4,135,804 → 864,196.
    setPaid(c, "住院医疗互助", 4135803);
    EXPECT_QUOTE(run(p, c), "payable", 864197);
    setPaid(c, "住院医疗互助", 4135804);
    EXPECT_QUOTE(run(p, c), "payable", 864196);

    QuoteCase k =
        eventCase(ClaimType::CriticalIllness, Date(2025, 1, 1), Date(2025, 6, 1), "C34.1");
    k.claim.severity = "severe";
    EXPECT_QUOTE(run(p, k), "payable", 1000000);
    k.claim.severity = "mild";
    EXPECT_QUOTE(run(p, k), "payable", 300000);
    k.claim.severity.reset();
    EXPECT_QUOTE(run(p, k), "not_listed", 0);
    k.claim.severity = "severe";
    k.claim.diagnosis = "K35.8";
    EXPECT_QUOTE(run(p, k), "not_listed", 0);
    // a second listed diagnosis in the same period.
    k.claim.diagnosis = "I63.9";
    k.history.benefits["重大疾病互助"].lumpSumPaid = LumpSumPaid::ThisPeriod;
    EXPECT_QUOTE(run(p, k), "limit_reached", 0);
}

// ---------------------------------------------------------------------------------------------
// Tianjin 2024: 20 % per share of in-scope self-pay, up to 3 shares, cap 10,000 元 per share,
// 30 waiting days, days 31–90 at 50 %, waived on a renewal within 30 days.
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(tianjin_waiting_and_reduced_window) {
    const Plan p = example("tianjin-zy-2024.json");
    // cover from 2024-03-01, 2 shares; in-scope self-pay 800,000 × 20 % = 160,000 × 2 = 320,000.
    auto admitted = [](Date admission) {
        QuoteCase c = stayCase(Date(2024, 3, 1), admission, admission.addDays(5), 1000000, 200000);
        c.member.shares = 2;
        return c;
    };
    // day 30 (2024-03-30) → waiting_period; day 31 (03-31) → 320,000 × 50 % = 160,000.
    EXPECT_QUOTE(run(p, admitted(Date(2024, 3, 30))), "waiting_period", 0);
    EXPECT_QUOTE(run(p, admitted(Date(2024, 3, 31))), "payable", 160000);
    // day 46 (04-15), renewed after 1 day → waived, 320,000.
    QuoteCase c = admitted(Date(2024, 4, 15));
    EXPECT_QUOTE(run(p, c), "payable", 160000);
    c.member.renewedAfterDays = 1;
    EXPECT_QUOTE(run(p, c), "payable", 320000);
    // day 90 (05-29) still reduced; day 91 (05-30) full.
    EXPECT_QUOTE(run(p, admitted(Date(2024, 5, 29))), "payable", 160000);
    EXPECT_QUOTE(run(p, admitted(Date(2024, 5, 30))), "payable", 320000);
    // reduced with half a fen: 1 share, in-scope 12,345 × 20 % = 2,469 × 50 % = 1,234.5 → 1,235.
    QuoteCase small = stayCase(Date(2024, 3, 1), Date(2024, 4, 1), Date(2024, 4, 3), 12345, 0);
    EXPECT_QUOTE(run(p, small), "payable", 1235);
}

BOOST_AUTO_TEST_CASE(tianjin_shares_and_cap) {
    const Plan p = example("tianjin-zy-2024.json");
    // 3 shares, day 91+: in-scope 8,000,000 × 20 % = 1,600,000 × 3 = 4,800,000 → cap
    // 1,000,000 × 3 = 3,000,000.
    QuoteCase c = stayCase(Date(2024, 1, 1), Date(2024, 6, 1), Date(2024, 6, 9), 10000000, 2000000);
    c.member.shares = 3;
    EXPECT_QUOTE(run(p, c), "payable", 3000000);
    // 1 share: 1,600,000 → cap 1,000,000.
    c.member.shares = 1;
    EXPECT_QUOTE(run(p, c), "payable", 1000000);
    // 4 shares: more than max_shares 3.
    c.member.shares = 4;
    BOOST_TEST(refusedAt(p, c) == "member.shares");
}

BOOST_AUTO_TEST_SUITE_END()
