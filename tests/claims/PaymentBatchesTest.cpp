#include "claims/PaymentBatches.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "adapters/formats/BankCsvWriter.h"
#include "claims/ClaimWorkflow.h"
#include "support/DemoDatabase.h"

using namespace huzhu;
using claims::ClaimRequest;
using claims::PaymentBatches;
using core::ClaimStatus;
using core::Date;
using core::Outcome;

namespace {

std::vector<std::unique_ptr<core::PaymentFileWriter>> writers() {
    std::vector<std::unique_ptr<core::PaymentFileWriter>> w;
    w.push_back(std::make_unique<adapters::formats::BankCsvWriter>());
    return w;
}

ClaimRequest stayRequest(const std::string& settlementNo, core::Fen total, core::Fen fund) {
    ClaimRequest r;
    r.planCode = "demo-inpatient";
    r.facts.admission = Date(2026, 3, 2);
    r.facts.discharge = Date(2026, 3, 12);
    r.facts.diagnosis = "K35.8";
    r.facts.totalFen = total;
    r.facts.fundPaidFen = fund;
    r.settlementNo = settlementNo;
    r.hospital = "贵阳市第一人民医院";
    return r;
}

/// Two approved claims: M000001 (赵杰) 702,000 and M000005 (阿依古丽·买买提) 282,000.
struct BatchFixture : test::DemoDatabase {
    claims::ClaimWorkflow workflow{store, clock, core::AuthorityRules{}};
    PaymentBatches batches{store, writers()};
    core::Actor finance = actorFor("demo-finance");
    core::Actor finance2 = actorFor("demo-finance2");
    core::Actor officer = actorFor("demo-officer");
    std::int64_t claim1 = 0, claim5 = 0;

    BatchFixture() {
        // M000001: (3,000,000 - 1,800,000 - 30,000 deductible) x 60 % = 702,000
        auto one =
            workflow.fileClaim(actorFor("demo-member"), stayRequest("S-1", 3000000, 1800000));
        // M000005, filed by the union officer: (1,000,000 - 500,000 - 30,000) x 60 % = 282,000
        ClaimRequest r5 = stayRequest("S-5", 1000000, 500000);
        r5.memberNo = "M000005";
        auto five = workflow.fileClaim(actorFor("demo-union"), r5);
        BOOST_REQUIRE(one.isOk());
        BOOST_REQUIRE(five.isOk());
        claim1 = one.value->id;
        claim5 = five.value->id;
        BOOST_REQUIRE(workflow.decide(officer, claim1, core::DecisionAction::Approve, "").isOk());
        BOOST_REQUIRE(workflow.decide(officer, claim5, core::DecisionAction::Approve, "").isOk());
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(payment_batches, BatchFixture)

BOOST_AUTO_TEST_CASE(maker_checker_and_export) {
    // Only finance creates batches.
    BOOST_TEST((batches.create(officer).outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST((batches.create(actorFor("demo-admin")).outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST(count("batches") == 0);

    auto created = batches.create(finance);
    BOOST_REQUIRE_MESSAGE(created.isOk(), created.outcome.toString());
    const std::int64_t id = created.value->id;
    BOOST_TEST(created.value->status == "draft");
    BOOST_TEST(created.value->count == 2);
    BOOST_TEST(created.value->totalFen == 702000 + 282000);
    BOOST_TEST(created.value->createdBy == finance.userId);
    BOOST_TEST(created.value->createdByName == "demo-finance");
    BOOST_TEST(!created.value->releasedBy.has_value());
    BOOST_TEST((workflow.claim(officer, claim1).value->status == ClaimStatus::InBatch));
    BOOST_TEST((workflow.claim(officer, claim5).value->status == ClaimStatus::InBatch));

    // Nothing else is payable now.
    BOOST_TEST(batches.create(finance2).outcome.code() == "nothing_payable");

    // Not exported before release.
    auto early = batches.exportFile(finance, id, "csv");
    BOOST_REQUIRE(!early.isOk());
    BOOST_TEST((early.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(early.outcome.code() == "not_released");

    // The maker cannot release; someone outside finance cannot either.
    auto self = batches.release(finance, id);
    BOOST_REQUIRE(!self.isOk());
    BOOST_TEST((self.outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST((batches.release(officer, id).outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST((batches.release(finance2, id + 1).outcome.kind() == Outcome::Kind::NotFound));
    BOOST_TEST(store.findBatch(id)->status == "draft");

    // The checker releases.
    auto released = batches.release(finance2, id);
    BOOST_REQUIRE_MESSAGE(released.isOk(), released.outcome.toString());
    BOOST_TEST(released.value->status == "released");
    BOOST_TEST(released.value->releasedBy.value() == finance2.userId);
    BOOST_TEST(batches.release(finance2, id).outcome.code() == "illegal_transition");

    // Export: finance only, known formats only.
    BOOST_TEST((batches.exportFile(officer, id, "csv").outcome.kind() == Outcome::Kind::Forbidden));
    auto unknown = batches.exportFile(finance, id, "xlsx");
    BOOST_TEST((unknown.outcome.kind() == Outcome::Kind::Invalid));
    BOOST_TEST(unknown.outcome.field() == "format");

    auto exported = batches.exportFile(finance, id, "csv");
    BOOST_REQUIRE_MESSAGE(exported.isOk(), exported.outcome.toString());
    BOOST_TEST(exported.value->count == 2);
    BOOST_TEST(exported.value->totalFen == 984000);
    BOOST_TEST(exported.value->mediaType == "text/csv; charset=utf-8");
    BOOST_TEST(exported.value->fileName == "huzhu-batch-" + std::to_string(id) + ".csv");
    // Demo cards: "622202" + member number on 12 digits + Luhn digit; banks by number mod 4.
    const std::string expected =
        "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n"
        "1,赵杰,6222020000000000018,中国建设银行贵阳分行,7020.00,职工医疗互助金 理赔" +
        std::to_string(claim1) +
        ",HZP0000000001\r\n"
        "2,阿依古丽·买买提,6222020000000000059,中国建设银行贵阳分行,2820.00,"
        "职工医疗互助金 理赔" +
        std::to_string(claim5) + ",HZP0000000002\r\n";
    BOOST_TEST(exported.value->bytes == expected);
    BOOST_TEST(store.findBatch(id)->status == "exported");

    // Exporting again gives the same bytes.
    auto again = batches.exportFile(finance2, id, "csv");
    BOOST_REQUIRE(again.isOk());
    BOOST_TEST(again.value->bytes == expected);

    // Lists: finance and auditors.
    BOOST_TEST(batches.list(finance).value->size() == 1u);
    BOOST_TEST(batches.list(actorFor("demo-auditor")).isOk());
    BOOST_TEST((batches.list(officer).outcome.kind() == Outcome::Kind::Forbidden));

    Poco::Data::Session s = db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

BOOST_AUTO_TEST_CASE(nothing_payable_without_approvals) {
    auto first = batches.create(finance);
    BOOST_REQUIRE(first.isOk());
    auto second = batches.create(finance);
    BOOST_REQUIRE(!second.isOk());
    BOOST_TEST((second.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(count("batches") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
