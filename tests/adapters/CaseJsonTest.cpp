// CASE.json (CONTRACT §4): the strict parser, and the corpus of malformed cases in
// tests/data/cases-bad replayed against examples/plans/quanzhou-jg-2022.json: each file is
// refused either by parseCaseJson (at a JSON path) or by core::validateClaim (at a field).

#include "adapters/formats/CaseJson.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "adapters/formats/PlanJson.h"
#include "support/TestSupport.h"

#ifndef HUZHU_TEST_DATA_DIR
#error "HUZHU_TEST_DATA_DIR must point at tests/data"
#endif
#ifndef HUZHU_EXAMPLES_DIR
#error "HUZHU_EXAMPLES_DIR must point at examples/plans"
#endif

using huzhu::adapters::formats::JsonInputError;
using huzhu::adapters::formats::parseCaseJson;
using huzhu::adapters::formats::parsePlanJson;
using huzhu::adapters::formats::QuoteCase;
using namespace huzhu::core;

namespace {

enum class RefusedBy { Parser, Validation };

struct Expected {
    RefusedBy by;
    std::string field;  // the JSON path (parser) or FieldError.field (validation)
};

/// Where each file of tests/data/cases-bad must be refused.
const std::map<std::string, Expected> kExpected = {
    {"not-json.json", {RefusedBy::Parser, "$"}},
    {"array-root.json", {RefusedBy::Parser, "$"}},
    {"unknown-root-key.json", {RefusedBy::Parser, "note"}},
    {"unknown-member-key.json", {RefusedBy::Parser, "member.age"}},
    {"unknown-history-key.json", {RefusedBy::Parser, "history.paid"}},
    {"unknown-history-benefit-key.json",
     {RefusedBy::Parser, "history.benefits.住院医疗互助.claims"}},
    {"unknown-claim-key.json", {RefusedBy::Parser, "claim.hospital"}},
    {"wrong-type-amount.json", {RefusedBy::Parser, "claim.total_fen"}},
    {"wrong-type-flag.json", {RefusedBy::Parser, "member.insured"}},
    // Poco reads `true` as an integer; it must not pass for 1 fen
    {"boolean-amount.json", {RefusedBy::Parser, "claim.fund_paid_fen"}},
    {"money-with-fraction.json", {RefusedBy::Parser, "claim.total_fen"}},
    {"unknown-claim-type.json", {RefusedBy::Parser, "claim.type"}},
    {"bad-date.json", {RefusedBy::Parser, "claim.filed"}},
    {"lump-sum-paid-bad-value.json",
     {RefusedBy::Parser, "history.benefits.重大疾病互助.lump_sum_paid"}},
    {"disability-grade-11.json", {RefusedBy::Parser, "claim.disability_grade"}},
    {"negative-total.json", {RefusedBy::Validation, "claim.total_fen"}},
    // fund 1,800,000 + 大病保险 1,300,000 = 3,100,000 > total 3,000,000
    {"payers-above-total.json", {RefusedBy::Validation, "claim.critical_insurance_fen"}},
    // personal 1,200,000 < out of scope 1,200,001
    {"out-of-scope-above-personal.json", {RefusedBy::Validation, "claim.out_of_scope_fen"}},
    {"discharge-before-admission.json", {RefusedBy::Validation, "claim.discharge"}},
    {"filed-before-discharge.json", {RefusedBy::Validation, "claim.filed"}},
    // quanzhou-jg has max_shares 1
    {"shares-above-max.json", {RefusedBy::Validation, "member.shares"}},
    {"no-stay-no-event-date.json", {RefusedBy::Validation, "claim.event_date"}},
};

const char* const kContractCase = R"({
  "member": {"cover_start": "2022-01-01", "shares": 1, "gender": "F", "insured": true,
             "renewed_after_days": null},
  "history": {"paid_fen": 0,
              "benefits": {"住院医疗互助": {"paid_fen": 0, "deductible_used_fen": 0,
                                          "paid_claims": 0, "lump_sum_paid": null}}},
  "claim": {"type": "inpatient", "admission": "2022-03-02", "discharge": "2022-03-12",
            "event_date": null, "filed": "2022-04-01", "diagnosis": "K35.8",
            "hospital_level": "city", "local_hospital": true, "severity": null,
            "disability_grade": null, "died": false,
            "total_fen": 3000000, "fund_paid_fen": 1800000, "critical_insurance_fen": 0,
            "assistance_fen": 0, "other_paid_fen": 0, "out_of_scope_fen": 200000}
})";

Plan quanzhou() {
    return parsePlanJson(
        huzhu::test::readFile(std::filesystem::path(HUZHU_EXAMPLES_DIR) / "quanzhou-jg-2022.json"));
}

/// "parser: PATH", "validation: FIELD" or "(accepted)".
std::string refusal(const Plan& plan, const std::string& json) {
    QuoteCase c;
    try {
        c = parseCaseJson(json);
    } catch (const JsonInputError& e) {
        return "parser: " + e.path();
    } catch (const std::exception& e) {
        return std::string("(threw something else than JsonInputError: ") + e.what() + ")";
    }
    if (auto bad = validateClaim(plan, c.member, c.claim)) return "validation: " + bad->field;
    return "(accepted)";
}

std::string describe(const Expected& e) {
    return (e.by == RefusedBy::Parser ? "parser: " : "validation: ") + e.field;
}

/// The path parseCaseJson refuses `json` at, or "(accepted)".
std::string parseRefusal(const std::string& json) {
    try {
        parseCaseJson(json);
    } catch (const JsonInputError& e) {
        return e.path();
    }
    return "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(case_json)

BOOST_AUTO_TEST_CASE(contract_case_parses_every_key) {
    const QuoteCase c = parseCaseJson(kContractCase);
    BOOST_TEST(c.member.coverStart.iso() == "2022-01-01");
    BOOST_TEST(c.member.shares == 1);
    BOOST_TEST(c.member.gender == 'F');
    BOOST_TEST(c.member.insured);
    BOOST_TEST(!c.member.renewedAfterDays.has_value());
    BOOST_TEST(c.history.paidFen == 0);
    BOOST_REQUIRE_EQUAL(c.history.benefits.count("住院医疗互助"), 1u);
    BOOST_TEST(!c.history.benefits.at("住院医疗互助").lumpSumPaid.has_value());
    BOOST_TEST((c.claim.type == ClaimType::Inpatient));
    BOOST_TEST(c.claim.admission->iso() == "2022-03-02");
    BOOST_TEST(c.claim.discharge->iso() == "2022-03-12");
    BOOST_TEST(!c.claim.eventDate.has_value());
    BOOST_TEST(c.claim.filed.iso() == "2022-04-01");
    BOOST_TEST(c.claim.diagnosis == "K35.8");
    BOOST_TEST((c.claim.hospitalLevel == HospitalLevel::City));
    BOOST_TEST(c.claim.localHospital);
    BOOST_TEST(!c.claim.severity.has_value());
    BOOST_TEST(!c.claim.disabilityGrade.has_value());
    BOOST_TEST(!c.claim.died);
    BOOST_TEST(c.claim.totalFen == 3000000);
    BOOST_TEST(c.claim.fundPaidFen == 1800000);
    BOOST_TEST(c.claim.outOfScopeFen == 200000);
    BOOST_TEST(c.claim.personalFen() == 1200000);

    // Against the real plan: 1,000,000 in-scope self-pay × 60 % = 600,000 (CONTRACT §4).
    const Plan p = quanzhou();
    BOOST_TEST(!validateClaim(p, c.member, c.claim).has_value());
    BOOST_TEST(quoteClaim(p, c.member, c.history, c.claim).payoutFen == 600000);
}

BOOST_AUTO_TEST_CASE(other_values_and_defaults) {
    const QuoteCase c = parseCaseJson(R"({
      "member": {"cover_start": "2022-01-01", "shares": 3, "renewed_after_days": 0},
      "history": {"paid_fen": 5, "benefits": {"a": {"lump_sum_paid": "this_period"},
                                              "b": {"lump_sum_paid": "earlier_period",
                                                    "paid_claims": 2}}},
      "claim": {"type": "accident", "event_date": "2022-05-10", "filed": "2022-05-11",
                "hospital_level": "district", "local_hospital": false, "severity": "severe",
                "disability_grade": 10, "died": true}})");
    BOOST_TEST(c.member.shares == 3);
    BOOST_TEST(c.member.gender == 'M');  // default
    BOOST_TEST(c.member.insured);        // default
    BOOST_TEST(c.member.renewedAfterDays.value() == 0);
    BOOST_TEST(c.history.paidFen == 5);
    BOOST_TEST((c.history.benefits.at("a").lumpSumPaid == LumpSumPaid::ThisPeriod));
    BOOST_TEST((c.history.benefits.at("b").lumpSumPaid == LumpSumPaid::EarlierPeriod));
    BOOST_TEST(c.history.benefits.at("b").paidClaims == 2);
    BOOST_TEST(c.history.benefits.at("b").paidFen == 0);
    BOOST_TEST((c.claim.type == ClaimType::Accident));
    BOOST_TEST(!c.claim.admission.has_value());
    BOOST_TEST(c.claim.eventDate->iso() == "2022-05-10");
    BOOST_TEST((c.claim.hospitalLevel == HospitalLevel::District));
    BOOST_TEST(!c.claim.localHospital);
    BOOST_TEST(c.claim.severity.value() == "severe");
    BOOST_TEST(c.claim.disabilityGrade.value() == 10);
    BOOST_TEST(c.claim.died);
    BOOST_TEST(c.claim.totalFen == 0);  // missing amounts are 0
    BOOST_TEST(c.claim.diagnosis.empty());

    // No history at all, or null: nothing paid.
    const QuoteCase bare = parseCaseJson(
        R"({"member": {"cover_start": "2022-01-01"}, "history": null,
            "claim": {"event_date": "2022-05-10", "filed": "2022-05-10"}})");
    BOOST_TEST(bare.history.paidFen == 0);
    BOOST_TEST(bare.history.benefits.empty());
    BOOST_TEST((bare.claim.type == ClaimType::Inpatient));  // default
}

BOOST_AUTO_TEST_CASE(more_parser_refusals) {
    BOOST_TEST(parseRefusal("") == "$");
    BOOST_TEST(parseRefusal("null") == "$");
    BOOST_TEST(parseRefusal("{}") == "member");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"}})") == "claim");
    BOOST_TEST(parseRefusal(R"({"member": [], "claim": {}})") == "member");
    BOOST_TEST(parseRefusal(R"({"member": {}, "claim": {}})") == "member.cover_start");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01", "gender": "X"},
                                "claim": {"filed": "2022-05-10"}})") == "member.gender");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01", "shares": 0},
                                "claim": {"filed": "2022-05-10"}})") == "member.shares");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"},
                                "claim": {"filed": "2022-05-10", "hospital_level": "county"}})") ==
               "claim.hospital_level");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"},
                                "claim": {"filed": "2022-05-10", "disability_grade": 0}})") ==
               "claim.disability_grade");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"},
                                "history": {"paid_fen": -1},
                                "claim": {"filed": "2022-05-10"}})") == "history.paid_fen");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"},
                                "history": {"benefits": {"a": 1}},
                                "claim": {"filed": "2022-05-10"}})") == "history.benefits.a");
    BOOST_TEST(parseRefusal(R"({"member": {"cover_start": "2022-01-01"},
                                "claim": {"filed": "2022-5-10"}})") == "claim.filed");
    // The message starts with the path.
    try {
        parseCaseJson(R"({"member": {"cover_start": "2022-01-01", "colour": 1},
                          "claim": {"filed": "2022-05-10"}})");
        BOOST_FAIL("accepted");
    } catch (const JsonInputError& e) {
        BOOST_TEST(e.path() == "member.colour");
        BOOST_TEST(std::string(e.what()).rfind("member.colour: ", 0) == 0);
    }
}

BOOST_AUTO_TEST_CASE(malformed_cases_are_refused_at_the_expected_field) {
    const Plan plan = quanzhou();
    BOOST_REQUIRE_EQUAL(refusal(plan, kContractCase), "(accepted)");
    const std::filesystem::path dir = std::filesystem::path(HUZHU_TEST_DATA_DIR) / "cases-bad";
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        const std::string name = entry.path().filename().string();
        seen.insert(name);
        BOOST_TEST_CONTEXT(name) {
            auto expected = kExpected.find(name);
            BOOST_TEST_REQUIRE((expected != kExpected.end()),
                               "no expectation for " << name << ": add one to kExpected");
            const std::string json = huzhu::test::readFile(entry.path());
            BOOST_TEST(!json.empty());
            BOOST_TEST(refusal(plan, json) == describe(expected->second));
        }
    }
    for (const auto& [name, expected] : kExpected)
        BOOST_TEST(seen.count(name) == 1u, name << " is missing from " << dir);
    BOOST_TEST(seen.size() >= 12u);
}

BOOST_AUTO_TEST_SUITE_END()
