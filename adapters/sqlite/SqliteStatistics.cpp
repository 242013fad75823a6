#include "adapters/sqlite/SqliteStatistics.h"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <algorithm>
#include <map>

#include "core/Claim.h"

namespace huzhu::adapters::sqlite {

using namespace Poco::Data::Keywords;
using core::CountAmount;
using core::Fen;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

/// A deferred read transaction: every query inside sees the same snapshot. Rolled back on
/// every path (it writes nothing), so that the pooled session never goes back in a transaction.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Session& session) : _session(session) { _session << "BEGIN", now; }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot() {
        try {
            _session << "ROLLBACK", now;
        } catch (const Poco::Exception&) {
            // The connection is gone; the pending exception (if any) is what matters.
        }
    }

private:
    Session& _session;
};

// Paid payouts grouped by the month they were paid, the member's union and the plan edition.
// The month is that of the claim's paid event (written by applyBankResults in the same
// transaction that makes the payout paid; paid is final, so a claim has at most one): found
// by the claim_events_timeline index, newest event first, where it almost always is. A payout
// without one (made paid outside the application) counts in the month it was created.
// Grouping first and joining the names afterwards looks each union and plan up once per group.
const char* const PaidGroupsSql = R"(
    WITH paid AS (
        SELECT substr(coalesce(
                   (SELECT e.at FROM claim_events e
                    WHERE e.claim_id = p.claim_id AND e.to_status = 'paid'
                    ORDER BY e.id DESC LIMIT 1),
                   p.created_at), 1, 7) AS month,
               m.union_id AS union_id, c.plan_id AS plan_id, p.amount_fen AS amount_fen
        FROM payouts p
        JOIN claims c ON c.id = p.claim_id
        JOIN members m ON m.id = c.member_id
        WHERE p.status = 'paid'),
    grouped AS (
        SELECT month, union_id, plan_id, count(*) AS n, sum(amount_fen) AS fen
        FROM paid GROUP BY month, union_id, plan_id)
    SELECT g.month, g.union_id, u.name, g.plan_id, pl.code, pl.version, g.n, g.fen
    FROM grouped g
    JOIN unions u ON u.id = g.union_id
    JOIN plans pl ON pl.id = g.plan_id
    ORDER BY g.month, g.union_id, g.plan_id)";

void add(CountAmount& into, std::int64_t count, Fen amountFen) {
    into.count = core::checkedAdd(into.count, count);
    into.amountFen = core::checkedAdd(into.amountFen, amountFen);
}

}  // namespace

SqliteStatistics::SqliteStatistics(Database& db) : _db(db) {}

core::Statistics SqliteStatistics::statistics(core::Date today) {
    core::Statistics st;
    st.asOf = today;
    Session s = _db.session();
    ReadSnapshot snapshot(s);

    Poco::Int64 n = 0;
    s << "SELECT count(*) FROM members", into(n), now;
    st.members = n;
    const std::string day = today.iso();
    s << "SELECT count(*) FROM enrolments WHERE cover_start <= ? AND cover_end >= ?", bind(day),
        bind(day), into(n), now;
    st.activeCovers = n;

    for (int i = static_cast<int>(core::ClaimStatus::Submitted);
         i <= static_cast<int>(core::ClaimStatus::Returned); ++i)
        st.claimsByStatus[std::string(core::toString(static_cast<core::ClaimStatus>(i)))] = 0;
    {
        std::vector<std::string> statuses;
        std::vector<Poco::Int64> counts;
        // Answered from the claims_status index alone.
        s << "SELECT status, count(*) FROM claims GROUP BY status", into(statuses), into(counts),
            now;
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            st.claimsByStatus[statuses[i]] = counts[i];
            st.claims = core::checkedAdd(st.claims, counts[i]);
        }
    }
    {
        std::vector<std::string> statuses;
        std::vector<Poco::Int64> counts, sums;
        s << "SELECT status, count(*), sum(amount_fen) FROM payouts GROUP BY status",
            into(statuses), into(counts), into(sums), now;
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            if (statuses[i] == "paid") {
                st.paidCount = counts[i];
                st.paidFen = sums[i];
            } else if (statuses[i] == "payable" || statuses[i] == "in_batch") {
                st.approvedUnpaidFen = core::checkedAdd(st.approvedUnpaidFen, sums[i]);
            }
        }
    }
    s << "SELECT count(DISTINCT c.member_id) FROM payouts p JOIN claims c ON c.id = p.claim_id "
         "WHERE p.status = 'paid'",
        into(n), now;
    st.beneficiaries = n;

    std::vector<std::string> months, unionNames, planCodes;
    std::vector<Poco::Int64> unionIds, planIds, planVersions, counts, sums;
    s << PaidGroupsSql, into(months), into(unionIds), into(unionNames), into(planIds),
        into(planCodes), into(planVersions), into(counts), into(sums), now;

    // Rows come ordered by month, then union id, then plan id; maps keyed by id keep the input
    // of topWithOther in id order, so that ties are broken the same way every time.
    std::map<std::int64_t, CountAmount> byUnion, byPlan;
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (st.paidByMonth.empty() || st.paidByMonth.back().key != months[i])
            st.paidByMonth.push_back(CountAmount{months[i], 0, 0});
        add(st.paidByMonth.back(), counts[i], sums[i]);
        CountAmount& u = byUnion[unionIds[i]];
        u.key = unionNames[i];
        add(u, counts[i], sums[i]);
        CountAmount& p = byPlan[planIds[i]];
        p.key = planCodes[i] + " v" + std::to_string(planVersions[i]);
        add(p, counts[i], sums[i]);
    }
    if (st.paidByMonth.size() > core::Statistics::MonthsShown)
        st.paidByMonth.erase(
            st.paidByMonth.begin(),
            st.paidByMonth.end() - static_cast<std::ptrdiff_t>(core::Statistics::MonthsShown));

    std::vector<CountAmount> unions, plans;
    for (auto& [id, item] : byUnion) unions.push_back(std::move(item));
    for (auto& [id, item] : byPlan) plans.push_back(std::move(item));
    st.paidByUnion = core::topWithOther(std::move(unions), core::Statistics::TopKeys,
                                        core::Statistics::OtherKey);
    st.paidByPlan =
        core::topWithOther(std::move(plans), core::Statistics::TopKeys, core::Statistics::OtherKey);
    return st;
}

}  // namespace huzhu::adapters::sqlite
