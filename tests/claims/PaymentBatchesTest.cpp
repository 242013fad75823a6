#include "claims/PaymentBatches.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "adapters/crypto/Crypto.h"
#include "adapters/formats/BankCsvWriter.h"
#include "adapters/formats/BankResultFile.h"
#include "adapters/formats/Gb18030CsvWriter.h"
#include "adapters/formats/Pain001Writer.h"
#include "adapters/formats/XlsxWriter.h"
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
    w.push_back(std::make_unique<adapters::formats::Gb18030CsvWriter>());
    w.push_back(std::make_unique<adapters::formats::XlsxWriter>());
    w.push_back(std::make_unique<adapters::formats::Pain001Writer>());
    return w;
}

const std::string SigningKey(32, 's');

claims::ManifestSigner signer() {
    return {.sha256Hex = [](std::string_view b) { return adapters::crypto::sha256Hex(b); },
            .sign =
                [](std::string_view body) {
                    return adapters::crypto::hmacSha256Hex(SigningKey, body);
                }};
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
    PaymentBatches batches{store, clock, writers(), signer()};
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
    auto unknown = batches.exportFile(finance, id, "docx");
    BOOST_TEST((unknown.outcome.kind() == Outcome::Kind::Invalid));
    BOOST_TEST(unknown.outcome.field() == "format");

    auto exported = batches.exportFile(finance, id, "csv");
    BOOST_REQUIRE_MESSAGE(exported.isOk(), exported.outcome.toString());
    BOOST_TEST(exported.value->count == 2);
    BOOST_TEST(exported.value->totalFen == 984000);
    BOOST_TEST(exported.value->mediaType == "text/csv; charset=utf-8");
    BOOST_TEST(exported.value->fileName == "huzhu-batch-" + std::to_string(id) + "-csv.csv");
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

/// Creates and releases a batch of everything payable; its id.
std::int64_t releasedBatch(BatchFixture& f, const core::BatchFilter& filter = {}) {
    auto created = f.batches.create(f.finance, filter);
    BOOST_REQUIRE_MESSAGE(created.isOk(), created.outcome.toString());
    BOOST_REQUIRE(f.batches.release(f.finance2, created.value->id).isOk());
    return created.value->id;
}

BOOST_AUTO_TEST_CASE(filters_pick_oldest_first_within_the_limits) {
    // A third approved claim, in the other union: M000011 (U0002), 102,000.
    ClaimRequest r = stayRequest("S-11", 600000, 400000);
    r.memberNo = "M000011";
    core::Actor otherUnion = actorFor("demo-union");
    otherUnion.unionId = store.memberUnion("M000011");
    auto eleven = workflow.fileClaim(otherUnion, r);
    BOOST_REQUIRE_MESSAGE(eleven.isOk(), eleven.outcome.toString());
    BOOST_REQUIRE(
        workflow.decide(officer, eleven.value->id, core::DecisionAction::Approve, "").isOk());

    BOOST_TEST(batches.create(finance, {.unionCode = "U9999"}).outcome.code() == "nothing_payable");
    BOOST_TEST(batches.create(finance, {.planCode = "nope"}).outcome.code() == "nothing_payable");
    BOOST_TEST((batches.create(finance, {.maxCount = 0}).outcome.kind() == Outcome::Kind::Invalid));
    // The oldest payout (702,000) does not fit under 500,000: nothing is overtaken by a
    // younger, smaller one.
    auto tooSmall = batches.create(finance, {.maxTotalFen = 500000});
    BOOST_TEST(tooSmall.outcome.code() == "nothing_payable");
    BOOST_TEST(tooSmall.outcome.message().find("above the amount limit") != std::string::npos);

    auto union2 = batches.create(finance, {.unionCode = "U0002", .planCode = "demo-inpatient"});
    BOOST_REQUIRE_MESSAGE(union2.isOk(), union2.outcome.toString());
    BOOST_TEST(union2.value->count == 1);
    BOOST_TEST(union2.value->totalFen == 102000);
    BOOST_TEST(union2.value->filter == R"({"union_code":"U0002","plan_code":"demo-inpatient"})");

    auto one = batches.create(finance, {.maxCount = 1});
    BOOST_REQUIRE(one.isOk());
    BOOST_TEST(one.value->totalFen == 702000);  // the oldest
    auto capped = batches.create(finance, {.maxTotalFen = 282000});
    BOOST_REQUIRE(capped.isOk());
    BOOST_TEST(capped.value->totalFen == 282000);
    BOOST_TEST(count("payouts WHERE status = 'payable'") == 0);
}

BOOST_AUTO_TEST_CASE(the_database_keeps_a_payout_in_one_batch_and_paid_final) {
    const std::int64_t id = releasedBatch(*this);
    (void)id;
    Poco::Data::Session s = db.session();
    using namespace Poco::Data::Keywords;
    s << "INSERT INTO batches (status, created_by, item_count, total_fen, created_at) "
         "VALUES ('draft', 1, 1, 1, 'x')",
        now;
    // Moving a batched payout to another batch, or batching it twice, is refused by SQLite.
    BOOST_CHECK_THROW((s << "UPDATE payouts SET batch_id = batch_id + 1 WHERE id = 1", now),
                      Poco::Exception);
    s << "UPDATE payouts SET status = 'paid' WHERE id = 1", now;
    BOOST_CHECK_THROW((s << "UPDATE payouts SET status = 'in_batch' WHERE id = 1", now),
                      Poco::Exception);
    // A second live payout for the same claim is refused too.
    BOOST_CHECK_THROW((s << "INSERT INTO payouts (claim_id, amount_fen, status, created_at) "
                            "SELECT claim_id, amount_fen, 'payable', 'x' FROM payouts "
                            "WHERE id = 1",
                       now),
                      Poco::Exception);
}

BOOST_AUTO_TEST_CASE(each_format_exports_identically_twice_with_a_signed_manifest) {
    // Two batches of one payout each: pain.001 for one, XLSX for the other.
    const std::int64_t first = releasedBatch(*this, {.maxCount = 1});
    const std::int64_t second = releasedBatch(*this, {.maxCount = 1});
    const std::pair<std::int64_t, std::string> exports[] = {{first, "pain001"}, {second, "xlsx"}};
    for (const auto& [id, format] : exports) {
        auto one = batches.exportFile(finance, id, format);
        BOOST_REQUIRE_MESSAGE(one.isOk(), format + ": " + one.outcome.toString());
        auto two = batches.exportFile(finance2, id, format);
        BOOST_REQUIRE(two.isOk());
        BOOST_TEST(one.value->bytes == two.value->bytes, format);
        // The manifest: signed over its fields, with the file's SHA-256.
        const std::string& m = one.value->manifest;
        const std::size_t sig = m.find(R"(,"signature":")");
        BOOST_REQUIRE(sig != std::string::npos);
        const std::string body = m.substr(0, sig) + "}";
        BOOST_TEST(m.substr(sig) == R"(,"signature":")" +
                                        adapters::crypto::hmacSha256Hex(SigningKey, body) +
                                        "\"}\n");
        BOOST_TEST(body.find(R"("count":1,"total_fen":)" + std::to_string(one.value->totalFen) +
                             R"(,"sha256":")" + adapters::crypto::sha256Hex(one.value->bytes)) !=
                       std::string::npos,
                   body);
        // Another format of the same batch could pay twice: refused, nothing changes.
        auto other = batches.exportFile(finance, id, "csv");
        BOOST_TEST(other.outcome.code() == "other_format");
        BOOST_TEST(store.findBatch(id)->exportFormat == format);
    }
    // Message ids come from the persistent counter, one per batch.
    BOOST_TEST(store.findBatch(first)->messageId == "HZ20260615-00000001");
    BOOST_TEST(store.findBatch(second)->messageId == "HZ20260615-00000002");
}

BOOST_AUTO_TEST_CASE(a_paid_transfer_the_bank_returns_later_is_reissued) {
    const std::int64_t id = releasedBatch(*this);
    BOOST_REQUIRE(batches.exportFile(finance, id, "pain001").isOk());
    auto paid = batches.loadResults(finance, id,
                                    {{.line = 2, .reference = "HZP0000000001", .success = true},
                                     {.line = 3, .reference = "HZP0000000002", .success = true}});
    BOOST_REQUIRE(paid.isOk());
    BOOST_TEST(paid.value->batchStatus == "settled");
    // Days later a camt.054 return for the first one.
    auto late = batches.loadResults(finance, id,
                                    {{.line = 9,
                                      .reference = "HZP0000000001",
                                      .success = false,
                                      .reason = "AC04: 账户已销户"}});
    BOOST_REQUIRE_MESSAGE(late.isOk(), late.outcome.toString());
    BOOST_TEST(late.value->returned == 1);
    BOOST_TEST(count("payouts WHERE status = 'payable' AND predecessor_id = 1") == 1);
    BOOST_TEST((workflow.claim(officer, claim1).value->status == ClaimStatus::Returned));
    // A returned payout is never paid afterwards.
    auto contradiction = batches.loadResults(
        finance, id, {{.line = 2, .reference = "HZP0000000001", .success = true}});
    BOOST_TEST((contradiction.outcome.kind() == Outcome::Kind::Invalid));
}

BOOST_AUTO_TEST_CASE(an_export_that_does_not_add_up_is_refused_and_changes_nothing) {
    const std::int64_t id = releasedBatch(*this);
    Poco::Data::Session s = db.session();
    using namespace Poco::Data::Keywords;
    // Someone edits an amount behind the application's back: the totals no longer match the
    // batch as made.
    s << "UPDATE payouts SET amount_fen = amount_fen + 1 WHERE id = 1", now;
    auto tampered = batches.exportFile(finance, id, "pain001");
    BOOST_REQUIRE(!tampered.isOk());
    BOOST_TEST(tampered.outcome.code() == "totals_mismatch");
    BOOST_TEST(store.findBatch(id)->status == "released");
    s << "UPDATE payouts SET amount_fen = amount_fen - 1 WHERE id = 1", now;

    // An account that is not a valid card number names the payout.
    s << "UPDATE payouts SET payee_account_enc = ? WHERE id = 2", bind(cipher.encrypt("12345")),
        now;
    auto badAccount = batches.exportFile(finance, id, "pain001");
    BOOST_REQUIRE(!badAccount.isOk());
    BOOST_TEST(badAccount.outcome.message() ==
               "payout HZP0000000002 (line 2, 阿依古丽·买买提): the bank account is not valid");
    BOOST_TEST(store.findBatch(id)->status == "released");
}

BOOST_AUTO_TEST_CASE(the_payee_is_the_one_at_batching) {
    const std::int64_t id = releasedBatch(*this);
    Poco::Data::Session s = db.session();
    using namespace Poco::Data::Keywords;
    auto before = batches.exportFile(finance, id, "csv");
    BOOST_REQUIRE(before.isOk());
    s << "UPDATE members SET name = '改名', bank_account_enc = ? WHERE member_no = 'M000001'",
        bind(cipher.encrypt("6222020000000000026")), now;
    auto after = batches.exportFile(finance, id, "csv");
    BOOST_REQUIRE(after.isOk());
    BOOST_TEST(after.value->bytes == before.value->bytes);
}

BOOST_AUTO_TEST_CASE(pain002_answers_its_own_message_and_a_group_rejection_returns_all) {
    const std::int64_t id = releasedBatch(*this);
    auto exported = batches.exportFile(finance, id, "pain001");
    BOOST_REQUIRE(exported.isOk());
    auto other = batches.loadResults(finance, id, {}, "HZ20990101-00000009", "");
    BOOST_REQUIRE(!other.isOk());
    BOOST_TEST(other.outcome.message() ==
               "this status report answers message HZ20990101-00000009, but batch " +
                   std::to_string(id) + " was sent as HZ20260615-00000001");

    auto rejected = batches.loadResults(finance, id, {}, "HZ20260615-00000001", "AC01: 账号错误");
    BOOST_REQUIRE_MESSAGE(rejected.isOk(), rejected.outcome.toString());
    BOOST_TEST(rejected.value->returned == 2);
    BOOST_TEST(rejected.value->batchStatus == "settled");
    BOOST_TEST(count("payouts WHERE status = 'payable' AND predecessor_id IS NOT NULL") == 2);
    // Each member is asked to check their bank account.
    const auto notices = workflow.notices(actorFor("demo-member"));
    BOOST_REQUIRE(notices.isOk());
    BOOST_REQUIRE(notices.value->size() == 1u);
    BOOST_TEST(notices.value->front().kind == "check_bank_account");
    BOOST_TEST(notices.value->front().message.find("AC01: 账号错误") != std::string::npos);
    BOOST_TEST((workflow.notices(officer).outcome.kind() == Outcome::Kind::NotFound));
    // The same rejection again changes nothing.
    auto again = batches.loadResults(finance, id, {}, "HZ20260615-00000001", "AC01: 账号错误");
    BOOST_REQUIRE(again.isOk());
    BOOST_TEST(again.value->unchanged == 2);
    BOOST_TEST(count("notices") == 2);
}

BOOST_AUTO_TEST_CASE(a_payee_no_bank_file_can_carry_stays_payable) {
    Poco::Data::Session s = db.session();
    using namespace Poco::Data::Keywords;
    // M000001's name with a line break (a roster typo): no bank file can carry it.
    s << "UPDATE members SET name = '赵\n杰' WHERE member_no = 'M000001'", now;
    auto created = batches.create(finance);
    BOOST_REQUIRE_MESSAGE(created.isOk(), created.outcome.toString());
    BOOST_TEST(created.value->count == 1);
    BOOST_TEST(created.value->totalFen == 282000);  // M000005's only
    BOOST_TEST(count("payouts WHERE status = 'payable'") == 1);
    BOOST_REQUIRE(batches.release(finance2, created.value->id).isOk());
    BOOST_TEST(batches.exportFile(finance, created.value->id, "csv").isOk());
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
