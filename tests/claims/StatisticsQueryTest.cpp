#include "claims/StatisticsQuery.h"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/crypto/Crypto.h"
#include "adapters/formats/BankCsvWriter.h"
#include "adapters/sqlite/SqliteStatistics.h"
#include "claims/ClaimWorkflow.h"
#include "claims/PaymentBatches.h"
#include "support/DemoDatabase.h"

using namespace huzhu;
using claims::StatisticsQuery;
using core::Outcome;
using core::Role;

namespace {

/// A StatisticsSource that answers fixed figures and records what it was asked.
class FakeStatisticsSource : public core::StatisticsSource {
public:
    core::Statistics statistics(core::Date today) override {
        ++calls;
        asked = today;
        core::Statistics st;
        st.asOf = today;
        st.members = 7;
        return st;
    }

    int calls = 0;
    std::optional<core::Date> asked;
};

/// A clock the test moves.
class ManualClock : public core::Clock {
public:
    core::Date today() const override { return day; }
    std::string now() const override { return "t" + std::to_string(seconds); }
    std::int64_t epochSeconds() const override { return seconds; }

    core::Date day{2026, 7, 1};
    std::int64_t seconds = 1000;
};

core::Actor actorWith(Role role) {
    return core::Actor{.userId = 1, .username = "u", .role = role};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(statistics_query)

BOOST_AUTO_TEST_CASE(officers_finance_auditors_and_admins_read_the_rest_are_refused) {
    FakeStatisticsSource source;
    test::FixedClock clock(core::Date(2026, 7, 1));
    StatisticsQuery query(source, clock);
    for (Role role :
         {Role::ClaimsOfficer, Role::SeniorOfficer, Role::Finance, Role::Auditor, Role::Admin}) {
        auto st = query.statistics(actorWith(role));
        BOOST_REQUIRE_MESSAGE(st.isOk(), std::string(core::toString(role)));
        BOOST_TEST(st.value->members == 7);
        BOOST_TEST(st.value->readAt == "2026-07-01T10:00:00+08:00");
        BOOST_TEST(StatisticsQuery::mayRead(role));
    }
    BOOST_TEST(source.calls == 5);
    BOOST_TEST(source.asked.value().iso() == "2026-07-01");  // the clock's today

    for (Role role : {Role::Member, Role::UnionOfficer}) {
        auto st = query.statistics(actorWith(role));
        BOOST_TEST((st.outcome.kind() == Outcome::Kind::Forbidden), core::toString(role));
        BOOST_TEST(!st.value.has_value());
        BOOST_TEST(!StatisticsQuery::mayRead(role));
    }
    BOOST_TEST(source.calls == 5);  // a refusal reads nothing
}

BOOST_AUTO_TEST_CASE(one_reading_serves_for_max_age_on_the_same_day) {
    FakeStatisticsSource source;
    ManualClock clock;
    StatisticsQuery query(source, clock, 30);
    const core::Actor auditor = actorWith(Role::Auditor);
    BOOST_TEST(query.statistics(auditor).value->readAt == "t1000");
    clock.seconds = 1029;
    BOOST_TEST(query.statistics(auditor).value->readAt == "t1000");  // still fresh
    BOOST_TEST(source.calls == 1);
    clock.seconds = 1030;
    BOOST_TEST(query.statistics(auditor).value->readAt == "t1030");  // too old: read again
    BOOST_TEST(source.calls == 2);
    clock.day = core::Date(2026, 7, 2);  // a new day: covers change
    BOOST_TEST(query.statistics(auditor).value->asOf.iso() == "2026-07-02");
    BOOST_TEST(source.calls == 3);
    clock.seconds = 900;  // the clock went back: no trust in the age
    BOOST_TEST(query.statistics(auditor).value->readAt == "t900");
    BOOST_TEST(source.calls == 4);
    // Refusals never see the kept figures.
    BOOST_TEST(
        (query.statistics(actorWith(Role::Member)).outcome.kind() == Outcome::Kind::Forbidden));

    // Without a max age, every call reads.
    StatisticsQuery uncached(source, clock);
    BOOST_TEST(uncached.statistics(auditor).isOk());
    BOOST_TEST(uncached.statistics(auditor).isOk());
    BOOST_TEST(source.calls == 6);
}

/// Through the real workflow: two approved claims in one batch; the bank pays one and returns
/// the other, which is re-issued.
BOOST_FIXTURE_TEST_CASE(paid_and_returned_through_the_workflow, test::DemoDatabase) {
    claims::ClaimWorkflow workflow{store, clock, core::AuthorityRules{}};
    std::vector<std::unique_ptr<core::PaymentFileWriter>> writers;
    writers.push_back(std::make_unique<adapters::formats::BankCsvWriter>());
    claims::PaymentBatches batches{
        store, clock, std::move(writers),
        claims::ManifestSigner{
            .sha256Hex = [](std::string_view b) { return adapters::crypto::sha256Hex(b); },
            .sign =
                [](std::string_view b) {
                    return adapters::crypto::hmacSha256Hex(std::string(32, 's'), b);
                }}};
    adapters::sqlite::SqliteStatistics source{db};
    StatisticsQuery query{source, clock};
    const core::Actor officer = actorFor("demo-officer");
    const core::Actor finance = actorFor("demo-finance");

    auto request = [](const std::string& settlementNo, core::Fen total, core::Fen fund) {
        claims::ClaimRequest r;
        r.planCode = "demo-inpatient";
        r.facts.admission = core::Date(2026, 3, 2);
        r.facts.discharge = core::Date(2026, 3, 12);
        r.facts.diagnosis = "K35.8";
        r.facts.totalFen = total;
        r.facts.fundPaidFen = fund;
        r.settlementNo = settlementNo;
        r.hospital = "贵阳市第一人民医院";
        return r;
    };
    // M000001: (3,000,000 - 1,800,000 - 30,000) × 60 % = 702,000 (payout 1)
    auto one = workflow.fileClaim(actorFor("demo-member"), request("S-1", 3000000, 1800000));
    // M000005: (1,000,000 - 500,000 - 30,000) × 60 % = 282,000 (payout 2)
    claims::ClaimRequest r5 = request("S-5", 1000000, 500000);
    r5.memberNo = "M000005";
    auto five = workflow.fileClaim(actorFor("demo-union"), r5);
    BOOST_REQUIRE(one.isOk());
    BOOST_REQUIRE(five.isOk());

    auto before = query.statistics(actorFor("demo-auditor"));
    BOOST_REQUIRE(before.isOk());
    BOOST_TEST(before.value->claims == 2);
    BOOST_TEST(before.value->claimsByStatus.at("submitted") == 2);
    BOOST_TEST(before.value->approvedUnpaidFen == 0);

    BOOST_REQUIRE(
        workflow.decide(officer, one.value->id, core::DecisionAction::Approve, "").isOk());
    BOOST_REQUIRE(
        workflow.decide(officer, five.value->id, core::DecisionAction::Approve, "").isOk());
    auto approved = query.statistics(actorFor("demo-admin"));
    BOOST_REQUIRE(approved.isOk());
    BOOST_TEST(approved.value->claimsByStatus.at("approved") == 2);
    BOOST_TEST(approved.value->approvedUnpaidFen == 702000 + 282000);
    BOOST_TEST(approved.value->paidFen == 0);

    auto batch = batches.create(finance);
    BOOST_REQUIRE(batch.isOk());
    BOOST_REQUIRE(batches.release(actorFor("demo-finance2"), batch.value->id).isOk());
    BOOST_REQUIRE(batches.exportFile(finance, batch.value->id, "csv").isOk());
    auto loaded = batches.loadResults(finance, batch.value->id,
                                      {core::BankResult{1, "HZP0000000001", true, ""},
                                       core::BankResult{2, "HZP0000000002", false, "户名不符"}});
    BOOST_REQUIRE_MESSAGE(loaded.isOk(), loaded.outcome.toString());

    auto st = query.statistics(officer);
    BOOST_REQUIRE(st.isOk());
    const core::Statistics& s = *st.value;
    BOOST_TEST(s.asOf.iso() == "2026-06-15");
    BOOST_TEST(s.readAt == "2026-06-15T10:00:00+08:00");
    BOOST_TEST(s.members == 20);
    BOOST_TEST(s.activeCovers == 20);
    BOOST_TEST(s.claims == 2);
    BOOST_TEST(s.claimsByStatus.at("paid") == 1);
    BOOST_TEST(s.claimsByStatus.at("returned") == 1);
    BOOST_TEST(s.paidCount == 1);
    BOOST_TEST(s.paidFen == 702000);
    BOOST_TEST(s.beneficiaries == 1);
    BOOST_TEST(s.approvedUnpaidFen == 282000);  // the returned payout, re-issued
    BOOST_REQUIRE(s.paidByMonth.size() == 1u);
    BOOST_TEST((s.paidByMonth[0] == core::CountAmount{"2026-06", 1, 702000}));
    BOOST_REQUIRE(s.paidByUnion.size() == 1u);
    BOOST_TEST((s.paidByUnion[0] == core::CountAmount{"贵阳第一机床厂工会", 1, 702000}));
    BOOST_REQUIRE(s.paidByPlan.size() == 1u);
    BOOST_TEST((s.paidByPlan[0] == core::CountAmount{"demo-inpatient v2026", 1, 702000}));

    BOOST_TEST(
        (query.statistics(actorFor("demo-member")).outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST(
        (query.statistics(actorFor("demo-union")).outcome.kind() == Outcome::Kind::Forbidden));
}

BOOST_AUTO_TEST_SUITE_END()
