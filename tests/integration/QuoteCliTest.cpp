// `huzhu quote --plan PLAN.json --case CASE.json` (CONTRACT §4): the real binary, the real
// example plans, exact payouts, byte-identical repeats, exit 2 naming file and field.

#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <string>

#include "Harness.h"

#ifndef HUZHU_EXAMPLES_DIR
#error "HUZHU_EXAMPLES_DIR must point at examples/plans"
#endif
#ifndef HUZHU_TEST_DATA_DIR
#error "HUZHU_TEST_DATA_DIR must point at tests/data"
#endif

using namespace huzhu::test;

namespace {

std::string examplePlan(const std::string& name) {
    return std::string(HUZHU_EXAMPLES_DIR) + "/" + name;
}

std::string badCase(const std::string& name) {
    return std::string(HUZHU_TEST_DATA_DIR) + "/cases-bad/" + name;
}

std::string writeFile(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.file(name);
    Poco::FileOutputStream out(path);
    out << text;
    return path;
}

/// The CONTRACT §4 example case (a stay in March 2022).
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

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

RunResult quote(const std::string& plan, const std::string& casePath) {
    return runHuzhu({"quote", "--plan", plan, "--case", casePath});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(quote_cli)

BOOST_AUTO_TEST_CASE(contract_example_quote) {
    TempDir dir;
    const std::string casePath = writeFile(dir, "case.json", kContractCase);
    const RunResult r = quote(examplePlan("quanzhou-jg-2022.json"), casePath);
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err);
    // personal 3,000,000 − 1,800,000 = 1,200,000; in scope − 200,000 = 1,000,000 × 60 %
    // = 600,000: exactly the CONTRACT §4 output, steps base then one band.
    const std::string head =
        R"({"status":"payable","payout_fen":600000,"lines":[{"benefit":"住院医疗互助",)"
        R"("status":"payable","payout_fen":600000,"steps":[{"rule":"base","fen":1000000},)"
        R"({"rule":"band","from_fen":0,"to_fen":1000000,"ratio_bp":6000,"fen":600000}]}],)"
        R"("explanation":{"zh":")";
    BOOST_TEST(r.out.substr(0, head.size()) == head);
    BOOST_TEST(r.out.back() == '\n');

    const auto json = parse(r.out);
    BOOST_TEST(json->getValue<std::string>("status") == "payable");
    BOOST_TEST(json->getValue<Poco::Int64>("payout_fen") == 600000);
    const auto lines = json->getArray("lines");
    BOOST_REQUIRE_EQUAL(lines->size(), 1u);
    BOOST_TEST(lines->getObject(0)->getValue<std::string>("benefit") == "住院医疗互助");
    const auto explanation = json->getObject("explanation");
    BOOST_TEST(explanation->getValue<std::string>("zh").find("6000.00") != std::string::npos);
    BOOST_TEST(explanation->getValue<std::string>("en").find("6000.00") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_example_plans) {
    TempDir dir;
    // Hubei critical illness, severe: the first tier, 1,000,000.
    std::string path = writeFile(dir, "hubei.json", R"({
      "member": {"cover_start": "2025-01-01"},
      "claim": {"type": "critical_illness", "event_date": "2025-06-01", "filed": "2025-06-08",
                "diagnosis": "C34.1", "severity": "severe"}})");
    RunResult r = quote(examplePlan("hubei-2025.json"), path);
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.err);
    auto json = parse(r.out);
    BOOST_TEST(json->getValue<std::string>("status") == "payable");
    BOOST_TEST(json->getValue<Poco::Int64>("payout_fen") == 1000000);

    // Beijing allowance, 2011-03-01 → 03-21: 20 − 4 + 1 = 17 days × 4,000 = 68,000.
    path = writeFile(dir, "beijing.json", R"({
      "member": {"cover_start": "2011-01-01"},
      "claim": {"admission": "2011-03-01", "discharge": "2011-03-21", "filed": "2011-04-01"}})");
    r = quote(examplePlan("beijing-zyjt-2011.json"), path);
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.err);
    json = parse(r.out);
    BOOST_TEST(json->getValue<Poco::Int64>("payout_fen") == 68000);
    const auto step = json->getArray("lines")->getObject(0)->getArray("steps")->getObject(0);
    BOOST_TEST(step->getValue<std::string>("rule") == "daily");
    BOOST_TEST(step->getValue<Poco::Int64>("days") == 17);

    // Hangzhou, filed the day after the deadline 2025-03-31: late, no lines.
    path = writeFile(dir, "hangzhou.json", R"({
      "member": {"cover_start": "2024-01-01"},
      "claim": {"admission": "2024-12-20", "discharge": "2025-01-10", "filed": "2025-04-01",
                "total_fen": 2000000, "fund_paid_fen": 1000000}})");
    r = quote(examplePlan("hangzhou-2024.json"), path);
    BOOST_TEST_REQUIRE(r.exitCode == 0, r.err);
    json = parse(r.out);
    BOOST_TEST(json->getValue<std::string>("status") == "late");
    BOOST_TEST(json->getValue<Poco::Int64>("payout_fen") == 0);
    BOOST_TEST(json->getArray("lines")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(same_inputs_same_bytes) {
    TempDir dir;
    // Zhangzhou, an uninsured member's local stay near the benefit cap.
    const std::string casePath = writeFile(dir, "case.json", R"J({
      "member": {"cover_start": "2021-01-01", "insured": false},
      "history": {"paid_fen": 1450000,
                  "benefits": {"住院医疗互助(未参保职工·本地住院)": {"paid_fen": 1450000}}},
      "claim": {"admission": "2021-04-01", "discharge": "2021-04-11", "filed": "2021-04-20",
                "diagnosis": "K35.8", "total_fen": 1000000}})J");
    const std::string plan = examplePlan("zhangzhou-2021.json");
    const RunResult first = quote(plan, casePath);
    const RunResult second = quote(plan, casePath);
    BOOST_TEST_REQUIRE(first.exitCode == 0, first.err);
    BOOST_TEST(second.exitCode == 0);
    BOOST_TEST(first.out == second.out);
    // (1,000,000 − 30,000) × 10 % = 97,000 → room 1,500,000 − 1,450,000 = 50,000.
    BOOST_TEST(parse(first.out)->getValue<Poco::Int64>("payout_fen") == 50000);
    // Option order does not matter either (--case first, --opt=value form).
    const RunResult third = runHuzhu({"quote", "--case=" + casePath, "--plan=" + plan});
    BOOST_TEST(third.exitCode == 0);
    BOOST_TEST(third.out == first.out);
}

BOOST_AUTO_TEST_CASE(bad_case_exits_2_naming_file_and_field) {
    const std::string plan = examplePlan("quanzhou-jg-2022.json");
    struct Bad {
        const char* file;
        const char* field;
    };
    const Bad cases[] = {
        {"out-of-scope-above-personal.json", "claim.out_of_scope_fen"},  // validation
        {"shares-above-max.json", "member.shares"},                      // validation
        {"filed-before-discharge.json", "claim.filed"},                  // validation
        {"unknown-claim-key.json", "claim.hospital"},                    // parser
        {"bad-date.json", "claim.filed"},                                // parser
        {"disability-grade-11.json", "claim.disability_grade"},          // parser
        {"not-json.json", "$"},                                          // parser
    };
    for (const Bad& bad : cases) {
        BOOST_TEST_CONTEXT(bad.file) {
            const RunResult r = quote(plan, badCase(bad.file));
            BOOST_TEST(r.exitCode == 2);
            BOOST_TEST(r.out.empty(), r.out);
            BOOST_TEST(r.err.find(bad.file) != std::string::npos, r.err);
            BOOST_TEST(r.err.find(std::string(bad.field) + ": ") != std::string::npos, r.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(missing_files_exit_2) {
    TempDir dir;
    const std::string casePath = writeFile(dir, "case.json", kContractCase);
    const std::string missingCase = dir.file("no-such-case.json");
    RunResult r = quote(examplePlan("quanzhou-jg-2022.json"), missingCase);
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.find("no-such-case.json") != std::string::npos, r.err);

    r = quote(dir.file("no-such-plan.json"), casePath);
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.find("no-such-plan.json") != std::string::npos, r.err);

    // A malformed plan: exit 2 with the plan file and the JSON path.
    r = quote(std::string(HUZHU_TEST_DATA_DIR) + "/plans-bad/unknown-top-level-key.json", casePath);
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err.find("unknown-top-level-key.json") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("colour: ") != std::string::npos, r.err);

    // Missing options.
    r = runHuzhu({"quote", "--plan", examplePlan("quanzhou-jg-2022.json")});
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.err.find("--case") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
