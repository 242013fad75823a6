#include "adapters/sqlite/SqliteStatistics.h"

#include <Poco/Data/Session.h>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/Statistics.h"
#include "support/DemoDatabase.h"

using namespace Poco::Data::Keywords;
using namespace huzhu;
using core::CountAmount;
using core::Date;
using core::Fen;

namespace {

const std::string Plan = "demo-inpatient v2026";
const std::string UnionA = "贵阳第一机床厂工会";      // U0001: M000001 .. M000010
const std::string UnionB = "贵阳市第二人民医院工会";  // U0002: M000011 .. M000020

/// The demo database plus claims, payouts and status events written with plain SQL, so that
/// every state and every paid time can be set exactly.
struct StatsDatabase : test::DemoDatabase {
    adapters::sqlite::SqliteStatistics statistics{db};
    std::int64_t batchId = 0;

    StatsDatabase() {
        Poco::Data::Session s = db.session();
        const std::int64_t maker = actorFor("demo-finance").userId;
        const std::int64_t checker = actorFor("demo-finance2").userId;
        s << "INSERT INTO batches (status, created_by, released_by, item_count, total_fen, "
             "created_at) VALUES ('exported', ?, ?, 1, 1, '2025-01-01T09:00:00+08:00')",
            bind(maker), bind(checker), now;
        s << "SELECT max(id) FROM batches", into(batchId), now;
    }

    /// A claim of the member in `status` with the claim's submitted event; its id.
    std::int64_t claim(const std::string& memberNo, const std::string& status) {
        Poco::Data::Session s = db.session();
        const std::int64_t member = memberId(memberNo);
        const std::int64_t filer = actorFor("demo-member").userId;
        s << "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, filed_on, "
             "diagnosis, hospital, local_hospital, died, total_fen, fund_paid_fen, "
             "critical_insurance_fen, assistance_fen, other_paid_fen, out_of_scope_fen, status, "
             "payout_fen, quote, created_at, updated_at) "
             "SELECT ?, id, ?, 0, 'inpatient', '2025-06-01', 'K35.8', 'H', 1, 0, 100, 0, 0, 0, 0, "
             "0, ?, 0, '{}', 'x', 'x' FROM plans WHERE code = 'demo-inpatient'",
            bind(member), bind(filer), bind(status), now;
        std::int64_t id = 0;
        s << "SELECT max(id) FROM claims", into(id), now;
        event(id, "2025-06-01T09:00:00+08:00", "submitted");
        return id;
    }

    void event(std::int64_t claimId, const std::string& at, const std::string& to) {
        Poco::Data::Session s = db.session();
        s << "INSERT INTO claim_events (claim_id, at, to_status) VALUES (?, ?, ?)", bind(claimId),
            bind(at), bind(to), now;
    }

    void payout(std::int64_t claimId, Fen amount, const std::string& status,
                const std::string& createdAt = "2025-06-02T09:00:00+08:00") {
        Poco::Data::Session s = db.session();
        Poco::Nullable<Poco::Int64> batch, seq;
        if (status != "payable") {
            batch = batchId;
            seq = claimId;
        }
        s << "INSERT INTO payouts (claim_id, amount_fen, status, batch_id, batch_seq, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            bind(claimId), bind(amount), bind(status), bind(batch), bind(seq), bind(createdAt), now;
    }

    /// A claim paid `amount` by the bank at `paidAt`.
    std::int64_t paid(const std::string& memberNo, Fen amount, const std::string& paidAt) {
        const std::int64_t id = claim(memberNo, "paid");
        event(id, "2025-06-02T09:00:00+08:00", "approved");
        payout(id, amount, "paid");
        event(id, paidAt, "paid");
        return id;
    }
};

std::string show(const std::vector<CountAmount>& items) {
    std::string out;
    for (const CountAmount& i : items)
        out +=
            "[" + i.key + " " + std::to_string(i.count) + " " + std::to_string(i.amountFen) + "]";
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sqlite_statistics, StatsDatabase)

BOOST_AUTO_TEST_CASE(an_empty_register_has_zeros_and_no_bars) {
    const core::Statistics st = statistics.statistics(Date(2026, 6, 15));
    BOOST_TEST(st.asOf.iso() == "2026-06-15");
    BOOST_TEST(st.members == 20);
    BOOST_TEST(st.activeCovers == 20);
    BOOST_TEST(st.beneficiaries == 0);
    BOOST_TEST(st.claims == 0);
    BOOST_TEST(st.claimsByStatus.size() == 9u);
    for (const auto& [status, n] : st.claimsByStatus) BOOST_TEST(n == 0, status);
    BOOST_TEST(st.paidCount == 0);
    BOOST_TEST(st.paidFen == 0);
    BOOST_TEST(st.approvedUnpaidFen == 0);
    BOOST_TEST(st.paidByMonth.empty());
    BOOST_TEST(st.paidByUnion.empty());
    BOOST_TEST(st.paidByPlan.empty());
    // The demo cover is the calendar year 2026.
    BOOST_TEST(statistics.statistics(Date(2026, 1, 1)).activeCovers == 20);
    BOOST_TEST(statistics.statistics(Date(2026, 12, 31)).activeCovers == 20);
    BOOST_TEST(statistics.statistics(Date(2025, 12, 31)).activeCovers == 0);
    BOOST_TEST(statistics.statistics(Date(2027, 1, 1)).activeCovers == 0);
}

BOOST_AUTO_TEST_CASE(figures_by_state_month_union_and_plan) {
    // U0001: M000001 twice (100,000 in 2025-07 and 20,000 in 2026-06), M000002 50,000 in
    // 2026-06. U0002: M000014 70,000 in 2026-05; M000015 5,000 paid without a paid event (its
    // payout's creation month, 2026-04, counts).
    paid("M000001", 100000, "2025-07-03T09:00:00+08:00");
    paid("M000002", 50000, "2026-06-15T10:00:00+08:00");
    paid("M000001", 20000, "2026-06-01T00:00:00+08:00");
    paid("M000014", 70000, "2026-05-20T16:30:00+08:00");
    const std::int64_t noEvent = claim("M000015", "paid");
    payout(noEvent, 5000, "paid", "2026-04-02T08:00:00+08:00");
    // Approved, not paid: a returned payout (not counted) re-issued (30,000 payable) and a
    // payout in a batch (40,000).
    const std::int64_t returned = claim("M000011", "returned");
    payout(returned, 30000, "returned");
    event(returned, "2026-06-10T09:00:00+08:00", "returned");
    payout(returned, 30000, "payable");
    payout(claim("M000012", "in_batch"), 40000, "in_batch");
    claim("M000013", "submitted");

    const core::Statistics st = statistics.statistics(Date(2026, 6, 15));
    BOOST_TEST(st.members == 20);
    BOOST_TEST(st.activeCovers == 20);
    BOOST_TEST(st.claims == 8);
    BOOST_TEST(st.claimsByStatus.at("paid") == 5);
    BOOST_TEST(st.claimsByStatus.at("returned") == 1);
    BOOST_TEST(st.claimsByStatus.at("in_batch") == 1);
    BOOST_TEST(st.claimsByStatus.at("submitted") == 1);
    BOOST_TEST(st.claimsByStatus.at("approved") == 0);
    BOOST_TEST(st.claimsByStatus.size() == 9u);
    BOOST_TEST(st.paidCount == 5);
    BOOST_TEST(st.paidFen == 100000 + 50000 + 20000 + 70000 + 5000);
    BOOST_TEST(st.beneficiaries == 4);  // M000001 once, M000002, M000014, M000015
    BOOST_TEST(st.approvedUnpaidFen == 30000 + 40000);

    const std::vector<CountAmount> months{
        {"2025-07", 1, 100000}, {"2026-04", 1, 5000}, {"2026-05", 1, 70000}, {"2026-06", 2, 70000}};
    BOOST_TEST(show(st.paidByMonth) == show(months));
    const std::vector<CountAmount> unions{{UnionA, 3, 170000}, {UnionB, 2, 75000}};
    BOOST_TEST(show(st.paidByUnion) == show(unions));
    const std::vector<CountAmount> plans{{Plan, 5, 245000}};
    BOOST_TEST(show(st.paidByPlan) == show(plans));

    // The same totals two ways: SQL sum() over the payouts and a fold over the breakdowns.
    BOOST_TEST(st.paidFen == sum("amount_fen), 0) FROM payouts WHERE status = 'paid'"));
    for (const auto* items : {&st.paidByMonth, &st.paidByUnion, &st.paidByPlan}) {
        Fen total = 0;
        std::int64_t count = 0;
        for (const CountAmount& i : *items) {
            total = core::checkedAdd(total, i.amountFen);
            count += i.count;
        }
        BOOST_TEST(total == st.paidFen);
        BOOST_TEST(count == st.paidCount);
    }
}

BOOST_AUTO_TEST_CASE(twelve_latest_months_and_ten_largest_unions_then_the_rest) {
    // Fourteen unions, one paying member each: member i in union X(i) is paid i × 1,000 in
    // month i counted from 2025-01 (i = 1 .. 14, so up to 2026-02).
    Poco::Data::Session s = db.session();
    for (int i = 1; i <= 14; ++i) {
        char code[8], memberNo[8], at[32];
        std::snprintf(code, sizeof code, "X%02d", i);
        std::snprintf(memberNo, sizeof memberNo, "M%06d", i);
        const int month = i - 1;  // months after 2025-01
        std::snprintf(at, sizeof at, "%04d-%02d-28T12:00:00+08:00", 2025 + month / 12,
                      month % 12 + 1);
        const std::string name = "工会 " + std::string(code);
        s << "INSERT INTO unions (union_code, name) VALUES (?, ?)", bind(std::string(code)),
            bind(name), now;
        s << "UPDATE members SET union_id = (SELECT id FROM unions WHERE union_code = ?) "
             "WHERE member_no = ?",
            bind(std::string(code)), bind(std::string(memberNo)), now;
        paid(memberNo, i * 1000, at);
    }
    const core::Statistics st = statistics.statistics(Date(2026, 6, 15));
    BOOST_TEST(st.paidCount == 14);
    BOOST_TEST(st.paidFen == 105000);  // 1,000 × (1 + … + 14)
    BOOST_TEST(st.beneficiaries == 14);

    BOOST_REQUIRE(st.paidByMonth.size() == 12u);
    BOOST_TEST(st.paidByMonth.front().key == "2025-03");  // 2025-01 and 2025-02 drop out
    BOOST_TEST(st.paidByMonth.front().amountFen == 3000);
    BOOST_TEST(st.paidByMonth[9].key == "2025-12");
    BOOST_TEST(st.paidByMonth[10].key == "2026-01");
    BOOST_TEST(st.paidByMonth.back().key == "2026-02");
    BOOST_TEST(st.paidByMonth.back().amountFen == 14000);

    BOOST_REQUIRE(st.paidByUnion.size() == 11u);
    BOOST_TEST(st.paidByUnion.front().key == "工会 X14");
    BOOST_TEST(st.paidByUnion.front().amountFen == 14000);
    BOOST_TEST(st.paidByUnion[9].key == "工会 X05");
    BOOST_TEST(st.paidByUnion[9].amountFen == 5000);
    BOOST_TEST(show({st.paidByUnion.back()}) == "[其他 4 10000]");  // X01 .. X04

    BOOST_TEST(show(st.paidByPlan) == "[" + Plan + " 14 105000]");
}

BOOST_AUTO_TEST_CASE(top_with_other_orders_by_amount_then_count_then_key) {
    const std::vector<CountAmount> items{
        {"b", 1, 500}, {"a", 1, 500}, {"c", 2, 500}, {"d", 9, 100}, {"e", 1, 900}};
    BOOST_TEST(show(core::topWithOther(items, 10, "其他")) ==
               "[e 1 900][c 2 500][a 1 500][b 1 500][d 9 100]");
    BOOST_TEST(show(core::topWithOther(items, 5, "其他")) ==
               "[e 1 900][c 2 500][a 1 500][b 1 500][d 9 100]");
    BOOST_TEST(show(core::topWithOther(items, 2, "其他")) == "[e 1 900][c 2 500][其他 11 1100]");
    BOOST_TEST(show(core::topWithOther(items, 0, "其他")) == "[其他 14 2500]");
    BOOST_TEST(core::topWithOther({}, 10, "其他").empty());
    // Equal in every field: the input order stays.
    BOOST_TEST(show(core::topWithOther({{"x", 1, 1}, {"x", 1, 1}}, 1, "o")) == "[x 1 1][o 1 1]");
    BOOST_CHECK_THROW(
        core::topWithOther({{"a", 1, INT64_MAX}, {"b", 1, INT64_MAX - 1}, {"c", 1, 5}}, 1, "o"),
        core::OverflowError);
}

BOOST_AUTO_TEST_SUITE_END()
