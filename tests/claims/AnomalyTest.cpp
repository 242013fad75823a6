// Anomaly loops (STYLE rule 22): fail the Nth database operation of an approval, for N = 1, 2,
// … until the approval succeeds, and check after every failure that nothing is half-written.
// Faults are injected by triggers on every table an approval writes: each write counts, and
// the write that reaches the fault point raises an error inside SQLite, exactly like a full
// disk or an I/O error would surface through the driver.

#include <Poco/Data/Session.h>
#include <boost/test/unit_test.hpp>

#include "claims/ClaimWorkflow.h"
#include "support/DemoDatabase.h"

using namespace huzhu;
using namespace Poco::Data::Keywords;

namespace {

const char* const WrittenTables[][2] = {
    {"claims", "UPDATE"},
    {"claim_events", "INSERT"},
    {"claim_lines", "INSERT"},
    {"claim_lines", "DELETE"},
    {"payouts", "INSERT"},
    {"audit_log", "INSERT"},
    {"audit_checkpoints", "INSERT"},
};

struct AnomalyFixture : test::DemoDatabase {
    claims::ClaimWorkflow workflow{store, clock, core::AuthorityRules{}};
    core::Actor member = actorFor("demo-member");
    core::Actor officer = actorFor("demo-officer");

    AnomalyFixture() {
        Poco::Data::Session s = db.session();
        s << "CREATE TABLE fault (ops INTEGER NOT NULL, fail_at INTEGER NOT NULL, "
             "persistent INTEGER NOT NULL)",
            now;
        s << "INSERT INTO fault VALUES (0, 0, 0)", now;
        int k = 0;
        for (const auto& [table, op] : WrittenTables) {
            s << "CREATE TRIGGER fault_" + std::to_string(k++) + " BEFORE " + op + " ON " + table +
                     " BEGIN UPDATE fault SET ops = ops + 1; SELECT RAISE(ABORT, 'injected fault') "
                     "FROM fault WHERE fail_at > 0 AND (ops = fail_at OR (persistent = 1 AND "
                     "ops >= fail_at)); END",
                now;
        }
    }

    void armFault(int failAt, bool persistent) {
        Poco::Data::Session s = db.session();
        s << "UPDATE fault SET ops = 0, fail_at = ?, persistent = ?", bind(failAt),
            bind(persistent ? 1 : 0), now;
    }

    std::int64_t fileClaim(const std::string& settlementNo) {
        claims::ClaimRequest r;
        r.planCode = "demo-inpatient";
        r.facts.admission = core::Date(2026, 3, 2);
        r.facts.discharge = core::Date(2026, 3, 12);
        r.facts.totalFen = 3000000;
        r.facts.fundPaidFen = 1800000;
        r.facts.outOfScopeFen = 200000;
        r.settlementNo = settlementNo;
        r.invoiceNo = "INV-" + settlementNo;
        auto filed = workflow.fileClaim(member, r);
        BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
        return filed.value->id;
    }

    /// What must not change when an approval fails.
    struct Snapshot {
        std::int64_t events, lines, payouts, audit;
        std::string status;
        bool operator==(const Snapshot&) const = default;
    };
    Snapshot snapshot(std::int64_t claimId) {
        Poco::Data::Session s = db.session();
        std::string status;
        s << "SELECT status FROM claims WHERE id = ?", bind(claimId), into(status), now;
        return {count("claim_events"), count("claim_lines"), count("payouts"), count("audit_log"),
                status};
    }

    std::string integrity() {
        Poco::Data::Session s = db.session();
        std::string result;
        s << "PRAGMA integrity_check", into(result), now;
        return result;
    }

    /// Runs the loop; returns how many injected failures there were before success.
    int approveUnderFaults(std::int64_t claimId, bool persistent) {
        const Snapshot before = snapshot(claimId);
        for (int n = 1; n < 100; ++n) {
            armFault(n, persistent);
            bool failed = false;
            try {
                auto approved =
                    workflow.decide(officer, claimId, core::DecisionAction::Approve, "");
                BOOST_REQUIRE_MESSAGE(approved.isOk(), approved.outcome.toString());
            } catch (const std::exception&) {
                failed = true;
            }
            armFault(0, false);
            if (!failed) {
                BOOST_TEST(snapshot(claimId).status == "approved");
                BOOST_TEST(integrity() == "ok");
                return n - 1;
            }
            // All-or-nothing: the failed approval left no trace, and the file is sound.
            BOOST_TEST((snapshot(claimId) == before), "half-written after fault " << n);
            BOOST_TEST(integrity() == "ok");
        }
        BOOST_FAIL("the approval never succeeded");
        return -1;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(anomaly, AnomalyFixture)

BOOST_AUTO_TEST_CASE(single_failure_at_every_write_of_an_approval) {
    const std::int64_t claimId = fileClaim("ANOMALY-1");
    // An approval writes the claim, its event, its line, the payout and an audit record: at
    // least five writes, each of which was made to fail once before the clean run.
    BOOST_TEST(approveUnderFaults(claimId, false) >= 5);
    BOOST_TEST(count("payouts WHERE claim_id = " + std::to_string(claimId)) == 1);
    BOOST_TEST(sum("amount_fen), 0) FROM payouts") == 582000);
    BOOST_TEST(sum("payout_fen), 0) FROM claim_lines") == 582000);  // the ledger agrees
}

BOOST_AUTO_TEST_CASE(persistent_failures_then_recovery) {
    const std::int64_t claimId = fileClaim("ANOMALY-2");
    BOOST_TEST(approveUnderFaults(claimId, true) >= 5);
    BOOST_TEST(count("payouts WHERE claim_id = " + std::to_string(claimId)) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
