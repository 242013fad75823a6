#include "adapters/formats/PlanJson.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "adapters/sqlite/DemoData.h"
#include "support/TestSupport.h"

#ifndef HUZHU_TEST_DATA_DIR
#error "HUZHU_TEST_DATA_DIR must point at tests/data"
#endif

using huzhu::adapters::formats::parsePlanJson;
using huzhu::adapters::formats::PlanError;
using namespace huzhu::core;

namespace {

/// The JSON path each malformed plan in tests/data/plans-bad must be refused at.
const std::map<std::string, std::string> kExpectedPaths = {
    {"array-root.json", "$"},
    {"bad-code.json", "code"},
    {"bad-date.json", "period.start"},
    {"bad-gender.json", "benefits[0].when.gender"},
    {"bands-out-of-order.json", "benefits[0].bands[1].upto_fen"},
    {"deadline-both.json", "deadline"},
    {"duplicate-benefit-names.json", "benefits[1].name"},
    {"empty-benefits.json", "benefits"},
    {"money-above-int64.json", "price_fen"},
    {"money-with-fraction.json", "price_fen"},
    {"negative-money.json", "price_fen"},
    {"not-json.json", "$"},
    {"null-band-not-last.json", "benefits[0].bands[0].upto_fen"},
    {"period-end-before-start.json", "period.end"},
    {"ratio-10001.json", "benefits[0].bands[1].ratio_bp"},
    {"unknown-nested-key.json", "benefits[0].deductible.each"},
    {"unknown-top-level-key.json", "colour"},
    {"unknown-method.json", "benefits[1].method"},
    {"lump-sum-with-bands.json", "benefits[0].bands"},
    {"daily-without-amount.json", "benefits[0].fen_per_day"},
    {"disability-grade-11.json", "benefits[0].grade_bp.11"},
    {"lowercase-icd.json", "benefits[0].diseases[0]"},
    {"lump-sum-bad-once.json", "benefits[0].once"},
    {"wrong-type.json", "version"},
};

std::string refusedAt(const std::string& json) {
    try {
        parsePlanJson(json);
    } catch (const PlanError& e) {
        return e.path();
    } catch (const std::exception& e) {
        return std::string("(threw something else than PlanError: ") + e.what() + ")";
    }
    return "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_json)

BOOST_AUTO_TEST_CASE(demo_plan_parses) {
    const Plan p = parsePlanJson(huzhu::adapters::sqlite::demoPlanJson(2026));
    BOOST_TEST(p.code == "demo-inpatient");
    BOOST_TEST(p.version == 2026);
    BOOST_TEST(p.name == "职工住院医疗互助(演示)");
    BOOST_TEST(p.periodStart.iso() == "2026-01-01");
    BOOST_TEST(p.periodEnd.iso() == "2026-12-31");
    BOOST_TEST(p.priceFen == 6000);
    BOOST_TEST(p.maxShares == 1);
    BOOST_TEST((p.stayBelongsTo == StayBelongsTo::Admission));
    BOOST_TEST((p.rounding == RoundingMode::HalfUp));
    BOOST_TEST(p.waiting.days == 0);
    BOOST_TEST(p.waiting.reducedDays == 0);
    BOOST_TEST(p.waiting.reducedRatioBp == 10000);
    BOOST_TEST(!p.waiting.waivedIfRenewedWithinDays.has_value());
    BOOST_TEST(!p.deadline.has_value());
    BOOST_TEST(!p.capFen.has_value());
    BOOST_REQUIRE_EQUAL(p.benefits.size(), 1u);
    const Benefit& b = p.benefits[0];
    BOOST_TEST(b.name == "住院医疗互助");
    BOOST_TEST((b.claimType == ClaimType::Inpatient));
    BOOST_TEST((b.base == BaseAmount::SelfPayInScope));
    BOOST_TEST(b.deductibleFen == 30000);
    BOOST_TEST((b.deductiblePer == DeductiblePer::Period));
    BOOST_REQUIRE_EQUAL(b.bands.size(), 1u);
    BOOST_TEST(!b.bands[0].uptoFen.has_value());
    BOOST_TEST(b.bands[0].ratioBp == 6000);
    BOOST_TEST(b.capFen.value() == 10000000);
    BOOST_TEST(b.perShare);
    BOOST_TEST(!b.diseases.has_value());

    // Another year gives another period.
    const Plan p2028 = parsePlanJson(huzhu::adapters::sqlite::demoPlanJson(2028));
    BOOST_TEST(p2028.version == 2028);
    BOOST_TEST(p2028.periodEnd.iso() == "2028-12-31");
}

BOOST_AUTO_TEST_CASE(every_key_parses) {
    const Plan p = parsePlanJson(R"J({
      "code": "quanzhou-jg", "version": 2022, "name": "泉州市职工医疗互助(机关事业类)",
      "period": {"start": "2022-01-01", "end": "2022-12-31"},
      "price_fen": 10000, "max_shares": 3, "stay_belongs_to": "discharge",
      "rounding": "half_even",
      "waiting": {"days": 90, "reduced_days": 30, "reduced_ratio_bp": 5000,
                  "waived_if_renewed_within_days": 60},
      "deadline": {"days_after_discharge": 120},
      "cap_fen": 20000000,
      "benefits": [{
        "name": "住院", "claim_type": "inpatient",
        "when": {"insured": true, "local_hospital": false, "gender": "F"},
        "per_share": false, "diseases": ["C50", "I21"],
        "method": "ratio", "base": "fund_paid",
        "deductible": {"fen": 50000, "per": "stay"},
        "bands": [{"upto_fen": 500000, "ratio_bp": 3000}, {"upto_fen": null, "ratio_bp": 5000}],
        "min_fen": 1000, "stay_cap_fen": 800000, "cap_fen": 5000000, "max_claims": 4,
        "death_minimum_fen": 200000
      }, {"name": "门诊", "claim_type": "outpatient_special", "method": "ratio",
          "bands": [{"upto_fen": null, "ratio_bp": 10000}]}]
    })J");
    BOOST_TEST(p.maxShares == 3);
    BOOST_TEST((p.stayBelongsTo == StayBelongsTo::Discharge));
    BOOST_TEST((p.rounding == RoundingMode::HalfEven));
    BOOST_TEST(p.waiting.days == 90);
    BOOST_TEST(p.waiting.reducedDays == 30);
    BOOST_TEST(p.waiting.reducedRatioBp == 5000);
    BOOST_TEST(p.waiting.waivedIfRenewedWithinDays.value() == 60);
    BOOST_TEST(p.deadline->daysAfterDischarge.value() == 120);
    BOOST_TEST(!p.deadline->date.has_value());
    BOOST_TEST(p.capFen.value() == 20000000);
    BOOST_REQUIRE_EQUAL(p.benefits.size(), 2u);
    const Benefit& b = p.benefits[0];
    BOOST_TEST(b.when.insured.value() == true);
    BOOST_TEST(b.when.localHospital.value() == false);
    BOOST_TEST(b.when.gender.value() == 'F');
    BOOST_TEST(!b.perShare);
    BOOST_TEST(b.diseases.value() == (std::vector<std::string>{"C50", "I21"}),
               boost::test_tools::per_element());
    BOOST_TEST((b.base == BaseAmount::FundPaid));
    BOOST_TEST(b.deductibleFen == 50000);
    BOOST_TEST((b.deductiblePer == DeductiblePer::Stay));
    BOOST_REQUIRE_EQUAL(b.bands.size(), 2u);
    BOOST_TEST(b.bands[0].uptoFen.value() == 500000);
    BOOST_TEST(b.bands[1].ratioBp == 5000);
    BOOST_TEST(b.minFen == 1000);
    BOOST_TEST(b.stayCapFen.value() == 800000);
    BOOST_TEST(b.capFen.value() == 5000000);
    BOOST_TEST(b.maxClaims.value() == 4);
    BOOST_TEST(b.deathMinimumFen.value() == 200000);
    BOOST_TEST((p.benefits[1].claimType == ClaimType::OutpatientSpecial));

    const Plan fixed = parsePlanJson(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "deadline": {"date": "2023-03-31"},
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 0}]}]})");
    BOOST_TEST(fixed.deadline->date->iso() == "2023-03-31");
}

BOOST_AUTO_TEST_CASE(malformed_plans_are_refused_at_the_expected_path) {
    const std::filesystem::path dir = std::filesystem::path(HUZHU_TEST_DATA_DIR) / "plans-bad";
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        const std::string name = entry.path().filename().string();
        seen.insert(name);
        BOOST_TEST_CONTEXT(name) {
            auto expected = kExpectedPaths.find(name);
            BOOST_TEST_REQUIRE((expected != kExpectedPaths.end()),
                               "no expected path for " << name << ": add one to kExpectedPaths");
            const std::string json = huzhu::test::readFile(entry.path());
            BOOST_TEST(!json.empty());
            BOOST_TEST(refusedAt(json) == expected->second);
        }
    }
    // Every expectation has its file (a renamed or deleted file is noticed).
    for (const auto& [name, path] : kExpectedPaths)
        BOOST_TEST(seen.count(name) == 1u, name << " is missing from " << dir);
}

BOOST_AUTO_TEST_CASE(more_refusals) {
    // Messages name the path too.
    try {
        parsePlanJson(R"({"code": "x"})");
        BOOST_FAIL("accepted");
    } catch (const PlanError& e) {
        BOOST_TEST(e.path() == "version");
        BOOST_TEST(std::string(e.what()).rfind("version: ", 0) == 0);
    }
    BOOST_TEST(refusedAt("") == "$");
    BOOST_TEST(refusedAt("null") == "$");
    BOOST_TEST(refusedAt("42") == "$");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"upto_fen": 0, "ratio_bp": 1},
                    {"ratio_bp": 2}]}]})") == "benefits[0].bands[0].upto_fen");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": []}]})") == "benefits[0].bands");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 1}],
                    "ratio_by_hospital_level": {"city": 840}}]})") ==
               "benefits[0].ratio_by_hospital_level");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0, "max_shares": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 1}]}]})") ==
               "max_shares");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "waiting": {"days": -1},
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 1}]}]})") ==
               "waiting.days");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 1}],
                    "diseases": ["C50", 7]}]})") == "benefits[0].diseases[1]");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": ["住院"]})") == "benefits[0]");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": {"start": "2022-01-01", "end": "2022-12-31"}, "price_fen": 0,
      "benefits": [{"name": "a", "claim_type": "dental", "method": "ratio",
                    "bands": [{"ratio_bp": 1}]}]})") == "benefits[0].claim_type");
    BOOST_TEST(refusedAt(R"({"code": "x", "version": 1, "name": "x",
      "period": "2022", "price_fen": 0,
      "benefits": [{"name": "a", "method": "ratio", "bands": [{"ratio_bp": 1}]}]})") == "period");
}

BOOST_AUTO_TEST_SUITE_END()
