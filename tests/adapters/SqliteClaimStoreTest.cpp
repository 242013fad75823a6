#include "adapters/sqlite/Schema.h"
#include "adapters/sqlite/SqliteClaimStore.h"

#include <Poco/Data/Session.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "adapters/crypto/Crypto.h"
#include "adapters/formats/PlanJson.h"
#include "adapters/sqlite/Database.h"
#include "adapters/sqlite/DemoData.h"
#include "core/Identifiers.h"
#include "support/DemoDatabase.h"

using namespace Poco::Data::Keywords;
using namespace huzhu;
using adapters::sqlite::Database;
using core::ClaimStatus;
using core::Date;
using core::Outcome;

namespace {

/// The demo database plus a claim builder.
struct DemoDatabase : test::DemoDatabase {
    /// A claim of member M000001 under the demo plan with the contract's example figures.
    core::NewClaim newClaim(const std::string& settlementNo, const std::string& invoiceNo) {
        auto cover = store.findCoverage("M000001", "demo-inpatient", Date(2026, 3, 2));
        BOOST_REQUIRE(cover.has_value());
        core::NewClaim c;
        c.memberId = cover->memberId;
        c.planId = cover->planId;
        c.filedBy = actorFor("demo-member").userId;
        c.facts.type = core::ClaimType::Inpatient;
        c.facts.admission = Date(2026, 3, 2);
        c.facts.discharge = Date(2026, 3, 12);
        c.facts.filed = Date(2026, 6, 15);
        c.facts.diagnosis = "K35.8";
        c.facts.hospitalLevel = core::HospitalLevel::City;
        c.facts.localHospital = true;
        c.facts.totalFen = 3000000;
        c.facts.fundPaidFen = 1800000;
        c.facts.criticalInsuranceFen = 1;
        c.facts.assistanceFen = 2;
        c.facts.otherPaidFen = 3;
        c.facts.outOfScopeFen = 200000;
        c.settlementNo = settlementNo;
        c.invoiceNo = invoiceNo;
        c.hospital = "贵州省人民医院";
        c.payoutFen = 581996;
        c.quoteJson = R"({"status":"payable"})";
        return c;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite_claim_store)

BOOST_AUTO_TEST_CASE(migrate_is_idempotent) {
    test::TempDir dir;
    test::FixedClock clock;
    Database db(dir.file("m.db"), 4);
    const int latest = static_cast<int>(adapters::sqlite::schemaMigrations().size());
    BOOST_TEST(latest >= 2);
    BOOST_TEST(db.schemaVersion() == 0);
    BOOST_TEST(db.migrate(clock.now()) == latest);
    BOOST_TEST(db.schemaVersion() == latest);
    BOOST_TEST(db.migrate(clock.now()) == 0);
    BOOST_TEST(db.schemaVersion() == latest);
    BOOST_TEST(db.path() == dir.file("m.db"));

    // Re-opening the file keeps the schema and does not migrate again.
    Database reopened(dir.file("m.db"), 4);
    BOOST_TEST(reopened.schemaVersion() == latest);
    BOOST_TEST(reopened.migrate(clock.now()) == 0);
}

BOOST_AUTO_TEST_CASE(demo_reference_data) {
    DemoDatabase d;
    BOOST_TEST(d.loaded);
    BOOST_TEST(d.count("members") == 20);
    BOOST_TEST(d.count("enrolments") == 20);
    BOOST_TEST(d.count("unions") == 3);
    BOOST_TEST(d.count("plans") == 1);
    BOOST_TEST(d.count("users") == 8);
    BOOST_TEST(d.db.migrate(d.clock.now()) == 0);

    // A second load changes nothing.
    BOOST_TEST(!adapters::sqlite::loadDemoReferenceData(d.db, d.cipher, d.hasher, d.clock, 20));
    BOOST_TEST(d.count("members") == 20);
    BOOST_TEST(d.count("plans") == 1);

    // Accounts: one per role, password huzhu-demo.
    auto member = d.store.findUser("demo-member");
    BOOST_REQUIRE(member.has_value());
    BOOST_TEST((member->role == core::Role::Member));
    BOOST_TEST(member->memberNo.value() == "M000001");
    BOOST_TEST(d.hasher.verify("huzhu-demo", member->passwordHash));
    BOOST_TEST(!d.hasher.verify("wrong", member->passwordHash));
    BOOST_TEST(member->failedLogins == 0);
    for (const char* name : {"demo-union", "demo-officer", "demo-senior", "demo-finance",
                             "demo-finance2", "demo-auditor", "demo-admin"})
        BOOST_TEST(d.store.findUser(name).has_value(), name);
    BOOST_TEST(!d.store.findUser("nobody").has_value());
    BOOST_TEST((d.store.findUser("demo-senior")->role == core::Role::SeniorOfficer));

    // demo-union is the union officer of M000001's union; M000020 is in the other one.
    auto m1 = d.store.findCoverage("M000001", "demo-inpatient", Date(2026, 3, 2));
    auto m20 = d.store.findCoverage("M000020", "demo-inpatient", Date(2026, 3, 2));
    BOOST_REQUIRE(m1.has_value());
    BOOST_REQUIRE(m20.has_value());
    BOOST_TEST(d.store.findUser("demo-union")->unionId.value() == m1->unionId);
    BOOST_TEST(m20->unionId != m1->unionId);

    // The cover: the demo plan for the clock's year, one share, whole year.
    BOOST_TEST(m1->plan.code == "demo-inpatient");
    BOOST_TEST(m1->plan.version == 2026);
    BOOST_TEST(m1->facts.shares == 1);
    BOOST_TEST(m1->facts.coverStart.iso() == "2026-01-01");
    BOOST_TEST(m1->coverEnd.iso() == "2026-12-31");
    BOOST_TEST(!m1->facts.renewedAfterDays.has_value());
    BOOST_TEST(m1->memberNo == "M000001");
    BOOST_TEST(!d.store.findCoverage("M000001", "other-plan", Date(2026, 3, 2)).has_value());
    BOOST_TEST(!d.store.findCoverage("M999999", "demo-inpatient", Date(2026, 3, 2)).has_value());
    BOOST_TEST(d.store.coveragesOf(m1->memberId).size() == 1u);

    // The minority name with the middle dot is stored exactly.
    auto m5 = d.store.findCoverage("M000005", "demo-inpatient", Date(2026, 3, 2));
    BOOST_TEST(m5->memberName == "阿依古丽·买买提");
}

BOOST_AUTO_TEST_CASE(personal_data_not_in_clear_in_the_file) {
    DemoDatabase d;
    std::string nationalId, card, masked;
    {
        Poco::Data::Session s = d.db.session();
        std::string idEnc, cardEnc;
        s << "SELECT national_id_enc, bank_account_enc, national_id_masked FROM members "
             "WHERE member_no = 'M000007'",
            into(idEnc), into(cardEnc), into(masked), now;
        nationalId = d.cipher.decrypt(idEnc);
        card = d.cipher.decrypt(cardEnc);
    }
    BOOST_TEST_REQUIRE(core::parseResidentId(nationalId).has_value(), nationalId);
    BOOST_TEST_REQUIRE(core::luhnValid(card), card);
    BOOST_TEST(masked == core::maskIdentifier(nationalId));

    // Everything SQLite wrote for this database: the file, its WAL and shared memory.
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(d.dir.path()))
        if (entry.path().filename().string().rfind("huzhu.db", 0) == 0)
            bytes += test::readFile(entry.path());
    // The search works: a name stored in clear is found.
    BOOST_TEST_REQUIRE(bytes.find("阿依古丽·买买提") != std::string::npos);
    BOOST_TEST(bytes.find(nationalId) == std::string::npos);
    BOOST_TEST(bytes.find(card) == std::string::npos);
    BOOST_TEST(bytes.find(nationalId.substr(0, 14)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(insert_and_find_claim_round_trip) {
    DemoDatabase d;
    const core::Actor member = d.actorFor("demo-member");
    const core::NewClaim c = d.newClaim("S-001", "I-001");
    auto id = d.store.insertClaim(c, member);
    BOOST_REQUIRE(id.isOk());
    BOOST_TEST(*id.value > 0);

    auto found = d.store.findClaim(*id.value);
    BOOST_REQUIRE(found.has_value());
    const core::ClaimRecord& r = *found;
    BOOST_TEST(r.id == *id.value);
    BOOST_TEST(r.memberId == c.memberId);
    BOOST_TEST(r.memberNo == "M000001");
    BOOST_TEST(r.planId == c.planId);
    BOOST_TEST(r.planCode == "demo-inpatient");
    BOOST_TEST(r.planVersion == 2026);
    BOOST_TEST(r.filedBy == member.userId);
    BOOST_TEST(r.unionId == d.store.findUser("demo-union")->unionId.value());
    BOOST_TEST((r.facts.type == core::ClaimType::Inpatient));
    BOOST_TEST(r.facts.admission->iso() == "2026-03-02");
    BOOST_TEST(r.facts.discharge->iso() == "2026-03-12");
    BOOST_TEST(!r.facts.eventDate.has_value());
    BOOST_TEST(r.facts.filed.iso() == "2026-06-15");
    BOOST_TEST(r.facts.diagnosis == "K35.8");
    BOOST_TEST((r.facts.hospitalLevel == core::HospitalLevel::City));
    BOOST_TEST(r.facts.localHospital);
    BOOST_TEST(!r.facts.died);
    BOOST_TEST(r.facts.totalFen == 3000000);
    BOOST_TEST(r.facts.fundPaidFen == 1800000);
    BOOST_TEST(r.facts.criticalInsuranceFen == 1);
    BOOST_TEST(r.facts.assistanceFen == 2);
    BOOST_TEST(r.facts.otherPaidFen == 3);
    BOOST_TEST(r.facts.outOfScopeFen == 200000);
    BOOST_TEST(r.settlementNo == "S-001");
    BOOST_TEST(r.invoiceNo == "I-001");
    BOOST_TEST(r.hospital == "贵州省人民医院");
    BOOST_TEST((r.status == ClaimStatus::Submitted));
    BOOST_TEST(r.payoutFen == 581996);
    BOOST_TEST(r.quoteJson == R"({"status":"payable"})");
    BOOST_TEST(!r.firstApprover.has_value());
    BOOST_TEST(r.createdAt == "2026-06-15T10:00:00+08:00");
    BOOST_REQUIRE_EQUAL(r.events.size(), 1u);
    BOOST_TEST(!r.events[0].from.has_value());
    BOOST_TEST((r.events[0].to == ClaimStatus::Submitted));
    BOOST_TEST(r.events[0].actor == "demo-member");
    BOOST_TEST(r.events[0].reason == "filed by the member");

    // A claim without a stay and without numbers round-trips its nulls.
    core::NewClaim e = d.newClaim("", "");
    e.facts.type = core::ClaimType::CriticalIllness;
    e.facts.admission.reset();
    e.facts.discharge.reset();
    e.facts.eventDate = Date(2026, 5, 1);
    e.facts.hospitalLevel.reset();
    e.facts.died = true;
    e.proxy = true;
    auto id2 = d.store.insertClaim(e, member);
    BOOST_REQUIRE(id2.isOk());
    auto r2 = d.store.findClaim(*id2.value);
    BOOST_TEST(!r2->facts.admission.has_value());
    BOOST_TEST(r2->facts.eventDate->iso() == "2026-05-01");
    BOOST_TEST(!r2->facts.hospitalLevel.has_value());
    BOOST_TEST(r2->facts.died);
    BOOST_TEST(r2->settlementNo == "");
    BOOST_TEST(r2->events[0].reason == "filed by the union officer");
    // Empty numbers are not duplicates of each other.
    BOOST_TEST(d.store.insertClaim(e, member).isOk());

    BOOST_TEST(!d.store.findClaim(9999).has_value());
    const auto listed = d.store.listClaims(core::ClaimFilter{.memberNo = "M000001"});
    BOOST_TEST(listed.size() == 3u);
    BOOST_TEST(listed.front().id > listed.back().id);  // newest first
}

// The claim page's duplicate flags: each other claim once per kind, in id order, whatever
// order the documents were uploaded in and however often the same file was (the overlapping
// stays come in id order from their index anyway; the same documents do not).
BOOST_AUTO_TEST_CASE(duplicate_flags_come_once_each_in_claim_order) {
    DemoDatabase d;
    const core::Actor member = d.actorFor("demo-member");
    std::vector<std::int64_t> ids;
    for (const char* n : {"A", "B", "C", "D"}) {
        auto id =
            d.store.insertClaim(d.newClaim(std::string("S-") + n, std::string("I-") + n), member);
        BOOST_REQUIRE(id.isOk());
        ids.push_back(*id.value);
    }
    Poco::Data::Session s = d.db.session();
    const std::string sha(64, 'c');
    for (std::int64_t claim : {ids[0], ids[3], ids[1], ids[1], ids[2]}) {
        Poco::Int64 c = claim, by = member.userId;
        s << "INSERT INTO documents (claim_id, sha256, kind, file_name, size_bytes, uploaded_by, "
             "uploaded_at) VALUES (?, ?, 'pdf', 'x.pdf', 1, ?, 'now')",
            bind(c), bind(sha), bind(by), now;
    }
    const auto found = d.store.findClaim(ids[0]);
    BOOST_REQUIRE(found.has_value());
    std::vector<std::string> flags;
    for (const auto& f : found->flags)
        flags.push_back(f.kind + " " + std::to_string(f.otherClaimId));
    const auto expect = [&](const std::string& kind) {
        std::vector<std::string> out;
        for (std::size_t i = 1; i < ids.size(); ++i)
            out.push_back(kind + " " + std::to_string(ids[i]));
        return out;
    };
    std::vector<std::string> expected = expect("overlapping_stay");
    for (const auto& f : expect("same_document")) expected.push_back(f);
    BOOST_TEST(flags == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicate_numbers_conflict) {
    DemoDatabase d;
    const core::Actor member = d.actorFor("demo-member");
    BOOST_REQUIRE(d.store.insertClaim(d.newClaim("S-001", "I-001"), member).isOk());
    const auto events = d.count("claim_events");
    const auto audit = d.count("audit_log");

    auto dup = d.store.insertClaim(d.newClaim("S-001", "I-002"), member);
    BOOST_REQUIRE(!dup.isOk());
    BOOST_TEST((dup.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(dup.outcome.code() == "duplicate_settlement_no");
    BOOST_TEST(dup.outcome.field() == "settlement_no");

    dup = d.store.insertClaim(d.newClaim("S-002", "I-001"), member);
    BOOST_REQUIRE(!dup.isOk());
    BOOST_TEST((dup.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(dup.outcome.code() == "duplicate_invoice_no");
    BOOST_TEST(dup.outcome.field() == "invoice_no");

    BOOST_TEST(d.count("claims") == 1);
    BOOST_TEST(d.count("claim_events") == events);
    BOOST_TEST(d.count("audit_log") == audit);
}

BOOST_AUTO_TEST_CASE(update_claim_refusal_rolls_back) {
    DemoDatabase d;
    const core::Actor member = d.actorFor("demo-member");
    const core::Actor officer = d.actorFor("demo-officer");
    auto id = d.store.insertClaim(d.newClaim("S-001", "I-001"), member);
    BOOST_REQUIRE(id.isOk());
    const auto events = d.count("claim_events");
    const auto audit = d.count("audit_log");

    // The decider sees the claim, the cover and the history, then refuses.
    bool called = false;
    auto refused =
        d.store.updateClaim(*id.value, officer,
                            [&](const core::ClaimRecord& claim, const core::Coverage& cover,
                                const core::History& history) -> core::Result<core::ClaimChange> {
                                called = true;
                                BOOST_TEST(claim.id == *id.value);
                                BOOST_TEST(cover.memberNo == "M000001");
                                BOOST_TEST(history.paidFen == 0);
                                return Outcome::conflict("nope", "refused by the test");
                            });
    BOOST_TEST(called);
    BOOST_REQUIRE(!refused.isOk());
    BOOST_TEST(refused.outcome.code() == "nope");
    BOOST_TEST(d.count("claim_events") == events);
    BOOST_TEST(d.count("audit_log") == audit);
    BOOST_TEST((d.store.findClaim(*id.value)->status == ClaimStatus::Submitted));

    // An exception inside the decider rolls back too (and propagates).
    BOOST_CHECK_THROW(
        d.store.updateClaim(*id.value, officer,
                            [](const core::ClaimRecord&, const core::Coverage&,
                               const core::History&) -> core::Result<core::ClaimChange> {
                                throw std::runtime_error("boom");
                            }),
        std::runtime_error);
    BOOST_TEST(d.count("claim_events") == events);
    BOOST_TEST(d.count("audit_log") == audit);

    // Unknown claim: NotFound, the decider is not called.
    called = false;
    auto missing =
        d.store.updateClaim(424242, officer,
                            [&](const core::ClaimRecord&, const core::Coverage&,
                                const core::History&) -> core::Result<core::ClaimChange> {
                                called = true;
                                return Outcome::ok();
                            });
    BOOST_TEST((missing.outcome.kind() == Outcome::Kind::NotFound));
    BOOST_TEST(!called);

    // An accepted change: status, payout, first approver, lines, payout row, event, audit.
    auto approved = d.store.updateClaim(
        *id.value, officer,
        [](const core::ClaimRecord&, const core::Coverage&,
           const core::History&) -> core::Result<core::ClaimChange> {
            return core::ClaimChange{
                .to = ClaimStatus::Approved,
                .payoutFen = 582000,
                .lines = {{.benefit = "住院医疗互助", .payoutFen = 582000, .deductibleFen = 30000}},
                .quoteJson = "{}",
                .reason = "",
                .recordsFirstApproval = true,
                .createsPayout = true};
        });
    BOOST_REQUIRE(approved.isOk());
    BOOST_TEST((approved.value->status == ClaimStatus::Approved));
    BOOST_TEST(approved.value->payoutFen == 582000);
    BOOST_TEST(approved.value->firstApprover.value() == officer.userId);
    BOOST_TEST(approved.value->events.size() == 2u);
    BOOST_TEST((approved.value->events[1].from == ClaimStatus::Submitted));
    BOOST_TEST(approved.value->events[1].actor == "demo-officer");
    BOOST_TEST(d.count("claim_events") == events + 1);
    BOOST_TEST(d.count("audit_log") == audit + 1);
    BOOST_TEST(d.count("payouts") == 1);

    // The history of the member's plan now holds the approved line.
    const core::History h = d.store.historyOf(approved.value->memberId, approved.value->planId, 0);
    BOOST_TEST(h.paidFen == 582000);
    BOOST_REQUIRE_EQUAL(h.benefits.count("住院医疗互助"), 1u);
    BOOST_TEST(h.benefits.at("住院医疗互助").paidFen == 582000);
    BOOST_TEST(h.benefits.at("住院医疗互助").deductibleUsedFen == 30000);
    BOOST_TEST(h.benefits.at("住院医疗互助").paidClaims == 1);
    // ... except for the claim itself.
    BOOST_TEST(
        d.store.historyOf(approved.value->memberId, approved.value->planId, *id.value).paidFen ==
        0);
}

BOOST_AUTO_TEST_CASE(audit_chain_detects_an_edited_row) {
    DemoDatabase d;
    const core::Actor member = d.actorFor("demo-member");
    BOOST_REQUIRE(d.store.insertClaim(d.newClaim("S-001", "I-001"), member).isOk());
    BOOST_REQUIRE(d.store.insertClaim(d.newClaim("S-002", "I-002"), member).isOk());
    BOOST_REQUIRE(d.store.insertClaim(d.newClaim("S-003", "I-003"), member).isOk());
    // plan.loaded, demo.loaded, 3 x claim.filed
    BOOST_TEST(d.count("audit_log") == 5);

    Poco::Data::Session s = d.db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);

    Poco::Int64 target = 0;
    s << "SELECT id FROM audit_log WHERE action = 'claim.filed' ORDER BY id LIMIT 1 OFFSET 1",
        into(target), now;
    BOOST_REQUIRE(target > 0);
    s << "UPDATE audit_log SET detail = '{\"payout_fen\":\"1\",\"proxy\":\"false\"}' WHERE id = ?",
        bind(target), now;
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == target);

    // Deleting a row breaks the link of the next one.
    DemoDatabase other;
    Poco::Data::Session s2 = other.db.session();
    BOOST_REQUIRE(
        other.store.insertClaim(other.newClaim("S-1", "I-1"), other.actorFor("demo-member"))
            .isOk());
    Poco::Int64 first = 0, second = 0;
    s2 << "SELECT min(id) FROM audit_log", into(first), now;
    s2 << "SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT 1", bind(first), into(second),
        now;
    s2 << "DELETE FROM audit_log WHERE id = ?", bind(first), now;
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s2) == second);
}

BOOST_AUTO_TEST_CASE(store_plan_is_idempotent_per_definition) {
    DemoDatabase d;
    const std::string json = adapters::sqlite::demoPlanJson(2026);
    const core::Plan plan = adapters::formats::parsePlanJson(json);
    BOOST_TEST(adapters::sqlite::storePlan(d.db, json, plan, d.clock).isOk());
    BOOST_TEST(d.count("plans") == 1);
    auto changed = adapters::sqlite::storePlan(d.db, json + " ", plan, d.clock);
    BOOST_TEST((changed.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(changed.code() == "plan_version_exists");
    const std::string next = adapters::sqlite::demoPlanJson(2027);
    BOOST_TEST(
        adapters::sqlite::storePlan(d.db, next, adapters::formats::parsePlanJson(next), d.clock)
            .isOk());
    BOOST_TEST(d.count("plans") == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_checkpoints)

// Every 64th record is checkpointed with a signed hash, so that cutting off records up to the
// last checkpoint, or rewriting the whole chain, is found too.
BOOST_AUTO_TEST_CASE(deleted_tail_and_rewritten_chain_are_found) {
    test::TempDir dir;
    test::FixedClock clock;
    adapters::sqlite::Database db(dir.file("a.db"), 4);
    db.migrate(clock.now());
    const std::string key(32, 'k');
    adapters::sqlite::setAuditSigningKey(key);
    Poco::Data::Session s = db.session();
    for (int i = 0; i < 130; ++i) {
        adapters::sqlite::WriteTransaction tx(s);
        adapters::sqlite::appendAudit(
            s, {clock.now(), "tester", "test.event", "test", std::to_string(i), "{}"});
        tx.commit();
    }
    adapters::sqlite::setAuditSigningKey("");
    Poco::Int64 checkpoints = 0;
    s << "SELECT count(*) FROM audit_checkpoints", into(checkpoints), now;
    BOOST_TEST(checkpoints == 2);  // records 64 and 128
    BOOST_TEST(adapters::sqlite::verifyAudit(s, key).badRecord == 0);

    // A wrong key: every signature is bad, the first checkpoint is named.
    BOOST_TEST(adapters::sqlite::verifyAudit(s, std::string(32, 'x')).badRecord == 64);

    // Cutting off the tail from record 100 on leaves a valid chain, but checkpoint 128 is gone.
    s << "DELETE FROM audit_checkpoints WHERE audit_id = 128", now;  // keep the FK quiet
    s << "INSERT INTO audit_checkpoints SELECT 128, hash, 'forged', at FROM audit_log "
         "WHERE id = 128",
        now;
    s << "PRAGMA foreign_keys = OFF", now;
    s << "DELETE FROM audit_log WHERE id >= 100", now;
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
    const auto verdict = adapters::sqlite::verifyAudit(s, key);
    BOOST_TEST(verdict.badRecord == 128);
    BOOST_TEST(verdict.problem.find("missing") != std::string::npos, verdict.problem);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(audit_group_commit, DemoDatabase)

const core::Actor Officer{
    .userId = 3, .username = "demo-officer", .role = core::Role::ClaimsOfficer};

BOOST_AUTO_TEST_CASE(concurrent_views_are_all_recorded_in_one_intact_chain) {
    const std::int64_t before = count("audit_log");
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i)
                store.recordAccess(Officer, "claim", std::to_string(t * 100 + i));
        });
    for (auto& thread : threads) thread.join();
    // Views are queued; once flushed all 400 are there, each once, chain intact.
    store.flushAudit();
    BOOST_TEST(count("audit_log") - before == 400);
    BOOST_TEST(count("(SELECT DISTINCT entity_id FROM audit_log WHERE action = 'claim.viewed')") ==
               400);
    Poco::Data::Session s = db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

BOOST_AUTO_TEST_CASE(views_interleave_with_changes_in_one_chain) {
    // State changes append through their own transactions while views are queued: one chain.
    auto filed = store.insertClaim(newClaim("S-CHAIN-1", "I-CHAIN-1"), actorFor("demo-member"));
    BOOST_REQUIRE(filed.isOk());
    for (int i = 0; i < 50; ++i) store.recordAccess(Officer, "claim", std::to_string(*filed.value));
    store.flushAudit();
    Poco::Data::Session s = db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
    BOOST_TEST(count("audit_log WHERE action = 'claim.viewed'") == 50);
}

BOOST_AUTO_TEST_CASE(a_failing_write_is_retried_and_views_fail_meanwhile) {
    Poco::Data::Session s = db.session();
    s << "CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_log WHEN NEW.entity_id = 'poison' "
         "BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
        now;
    store.recordAccess(Officer, "claim", "before");
    store.recordAccess(Officer, "claim", "poison");
    BOOST_CHECK_THROW(store.flushAudit(), Poco::Exception);
    // While the writer fails, views are refused rather than left unrecorded.
    BOOST_CHECK_THROW(store.recordAccess(Officer, "claim", "during"), Poco::Exception);
    // ("before" may have been committed alone, ahead of the poisoned batch.)
    BOOST_TEST(count("audit_log WHERE action = 'claim.viewed' AND entity_id <> 'before'") == 0);
    // Once the cause is gone the kept records are written, in order, by the retry.
    s << "DROP TRIGGER refuse_poison", now;
    bool written = false;
    for (int i = 0; i < 100 && !written; ++i) {
        try {
            store.flushAudit();
            written = true;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    BOOST_REQUIRE(written);
    store.recordAccess(Officer, "claim", "after");
    store.flushAudit();
    std::vector<std::string> ids;
    s << "SELECT entity_id FROM audit_log WHERE action = 'claim.viewed' ORDER BY id", into(ids),
        now;
    BOOST_TEST(ids == (std::vector<std::string>{"before", "poison", "after"}),
               boost::test_tools::per_element());
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

// A writer kept from the database (another transaction holds the write lock, as a long import
// does) must not let views go unrecorded for long: after MaxLag they are refused.
BOOST_AUTO_TEST_CASE(views_are_refused_while_the_audit_lags_too_far) {
    Poco::Data::Session s = db.session();
    {
        adapters::sqlite::WriteTransaction hold(s);  // the write lock, until the block ends
        store.recordAccess(Officer, "claim", "queued");
        std::this_thread::sleep_for(adapters::sqlite::AuditGroupCommit::MaxLag +
                                    std::chrono::milliseconds(300));
        BOOST_CHECK_THROW(store.recordAccess(Officer, "claim", "refused"), Poco::IOException);
    }  // rolled back: the writer, still in its busy wait, gets the lock and commits the queue
    store.flushAudit();
    BOOST_TEST(count("audit_log WHERE entity_id = 'queued'") == 1);
    BOOST_TEST(count("audit_log WHERE entity_id = 'refused'") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schema_upgrades)

namespace {

/// Brings an empty database to schema `version` the way `Database::migrate` did when that
/// was the latest: each migration's statements, then its row in schema_migrations.
void migrateTo(Poco::Data::Session& s, int version, const std::string& appliedAt) {
    s << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) "
         "STRICT",
        now;
    const auto& migrations = adapters::sqlite::schemaMigrations();
    for (int v = 1; v <= version; ++v) {
        for (const std::string& statement : migrations[static_cast<std::size_t>(v - 1)])
            s << statement, now;
        s << "INSERT INTO schema_migrations VALUES (?, ?)", bind(v), bind(appliedAt), now;
    }
}

/// Unions 1 and 2; members M1 (张三, union 1) and M2 (李四, union 2); claims 1 and 3 of M1,
/// claim 2 of M2. Raw SQL: the store's own statements may need a later schema.
void addMembersAndClaims(Poco::Data::Session& s) {
    s << "INSERT INTO unions (id, union_code, name) VALUES (1, 'U1', 'one'), (2, 'U2', 'two')", now;
    s << "INSERT INTO members (id, member_no, name, union_id, national_id_enc, national_id_index, "
         "national_id_masked, gender, birth_date, bank_name, bank_account_enc, "
         "bank_account_masked) VALUES (1, 'M1', '张三', 1, 'e', 'i1', 'm', 'M', '1980-01-01', "
         "'b', 'e', 'm'), (2, 'M2', '李四', 2, 'e', 'i2', 'm', 'F', '1981-01-01', 'b', 'e', 'm')",
        now;
    s << "INSERT INTO plans (id, code, version, name, period_start, period_end, definition, "
         "loaded_at) VALUES (1, 'p', 2026, 'p', '2026-01-01', '2026-12-31', '{}', 'now')",
        now;
    s << "INSERT INTO users (id, username, password_hash, role) VALUES (1, 'u', 'h', 'admin')", now;
    const std::string claim =
        "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, filed_on, "
        "diagnosis, hospital, local_hospital, died, total_fen, fund_paid_fen, "
        "critical_insurance_fen, assistance_fen, other_paid_fen, out_of_scope_fen, status, "
        "payout_fen, quote, created_at, updated_at) VALUES (?, 1, 1, 0, 'inpatient', "
        "'2026-06-15', 'K35.8', 'h', 1, 0, 100, 0, 0, 0, 0, 0, 'submitted', 0, '{}', 'now', 'now')";
    for (int member : {1, 2, 1}) s << claim, bind(member), now;
}

/// Each claim's copies, "member_no member_name union_id", in claim order.
std::vector<std::string> claimCopies(Poco::Data::Session& s) {
    std::vector<std::string> rows;
    s << "SELECT member_no || ' ' || member_name || ' ' || union_id FROM claims ORDER BY id",
        into(rows), now;
    return rows;
}

/// A database at an earlier schema version, for a test of the migrations after it.
struct OldDatabase {
    test::TempDir dir;
    test::FixedClock clock;
    Database db{dir.file("old.db"), 4};
    Poco::Data::Session session = db.session();
    const int latest = static_cast<int>(adapters::sqlite::schemaMigrations().size());
    explicit OldDatabase(int version) {
        BOOST_REQUIRE(latest > version);
        migrateTo(session, version, clock.now());
    }
};

}  // namespace

// Migration 7 rebuilds the audit log (and its checkpoints) without the unique index on the
// hash: a database written at version 6 keeps every record, checkpoint and signature.
BOOST_AUTO_TEST_CASE(migration_7_keeps_a_version_6_audit_chain) {
    OldDatabase old(6);
    test::FixedClock& clock = old.clock;
    Poco::Data::Session& s = old.session;
    int hashIndexes = 0;
    s << "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'",
        into(hashIndexes), now;
    BOOST_TEST(hashIndexes == 1);  // version 6: UNIQUE (hash)
    const std::string key(32, 'k');
    adapters::sqlite::setAuditSigningKey(key);
    for (int i = 0; i < 150; ++i) {
        adapters::sqlite::WriteTransaction tx(s);
        adapters::sqlite::appendAudit(
            s, {clock.now(), "tester", "test.event", "test", std::to_string(i), "{}"});
        tx.commit();
    }
    adapters::sqlite::setAuditSigningKey("");

    BOOST_TEST(old.db.migrate(clock.now()) == old.latest - 6);
    Poco::Int64 records = 0, checkpoints = 0;
    s << "SELECT count(*) FROM audit_log", into(records), now;
    s << "SELECT count(*) FROM audit_checkpoints", into(checkpoints), now;
    BOOST_TEST(records == 150);
    BOOST_TEST(checkpoints == 2);
    s << "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'",
        into(hashIndexes), now;
    BOOST_TEST(hashIndexes == 0);
    BOOST_TEST(adapters::sqlite::verifyAudit(s, key).badRecord == 0);
    int leftovers = 0;
    s << "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v6'", into(leftovers), now;
    BOOST_TEST(leftovers == 0);
    // The checkpoints still reference the log.
    s << "PRAGMA foreign_key_check", now;
    BOOST_CHECK_THROW((s << "INSERT INTO audit_checkpoints VALUES (999, 'h', 's', 'at')", now),
                      Poco::Exception);
}

// Migration 9 copies each claim's member number, name and union into the claim; triggers
// keep the copies from then on and refuse any other value.
BOOST_AUTO_TEST_CASE(migration_9_copies_the_member_into_each_claim) {
    OldDatabase old(8);
    test::FixedClock& clock = old.clock;
    Poco::Data::Session& s = old.session;
    addMembersAndClaims(s);

    BOOST_TEST(old.db.migrate(clock.now()) == old.latest - 8);
    BOOST_TEST(claimCopies(s) == (std::vector<std::string>{"M1 张三 1", "M2 李四 2", "M1 张三 1"}),
               boost::test_tools::per_element());

    // A new claim gets its member's values, whatever the insert says.
    s << "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, filed_on, "
         "diagnosis, hospital, local_hospital, died, total_fen, fund_paid_fen, "
         "critical_insurance_fen, assistance_fen, other_paid_fen, out_of_scope_fen, status, "
         "payout_fen, quote, created_at, updated_at, member_no, member_name, union_id) VALUES "
         "(2, 1, 1, 0, 'inpatient', '2026-06-15', 'K35.8', 'h', 1, 0, 100, 0, 0, 0, 0, 0, "
         "'submitted', 0, '{}', 'now', 'now', 'M1', '张三', 1)",
        now;
    // The member's changes reach every claim of theirs, and only theirs.
    s << "INSERT INTO unions (id, union_code, name) VALUES (3, 'U3', 'three')", now;
    s << "UPDATE members SET name = '张三丰', union_id = 3 WHERE id = 1", now;
    // A claim moved to another member takes that member's values.
    s << "UPDATE claims SET member_id = 1 WHERE id = 2", now;
    BOOST_TEST(claimCopies(s) == (std::vector<std::string>{"M1 张三丰 3", "M1 张三丰 3",
                                                           "M1 张三丰 3", "M2 李四 2"}),
               boost::test_tools::per_element());
    // Nothing else may write them.
    BOOST_CHECK_THROW((s << "UPDATE claims SET union_id = 1 WHERE id = 1", now), Poco::Exception);
    BOOST_CHECK_THROW((s << "UPDATE claims SET member_name = 'x' WHERE member_id = 2", now),
                      Poco::Exception);
    BOOST_TEST(claimCopies(s).front() == "M1 张三丰 3");
    // The triggers that keep the copies are all there.
    std::vector<std::string> triggers;
    s << "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('claims', "
         "'members') ORDER BY name",
        into(triggers), now;
    BOOST_TEST(triggers == (std::vector<std::string>{"claims_member_checked", "claims_member_filed",
                                                     "claims_member_moved", "members_into_claims"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
