#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"
#include "core/Money.h"

namespace huzhu::core {

/// How many and how much under one key (a month, a union, a plan edition): one bar of a chart.
struct CountAmount {
    std::string key;
    std::int64_t count = 0;
    Fen amountFen = 0;

    bool operator==(const CountAmount&) const = default;
};

/// The figures behind the auditors' and administrators' dashboard (CONTRACT §6 GET /stats).
/// "Paid" means payouts whose status is paid (the bank confirmed them), counted with their
/// own amount (payouts.amount_fen). Aggregates only: no personal data.
struct Statistics {
    Date asOf{1970, 1, 1};           // the day activeCovers refers to
    std::string readAt;              // when the figures were read (ISO 8601); set by the use case
    std::int64_t members = 0;        // every member on the register
    std::int64_t activeCovers = 0;   // enrolments whose cover includes asOf
    std::int64_t beneficiaries = 0;  // distinct members with at least one paid payout
    std::int64_t claims = 0;
    /// Every status of the CONTRACT §6 vocabulary, with 0 when no claim has it.
    std::map<std::string, std::int64_t> claimsByStatus;
    std::int64_t paidCount = 0;  // paid payouts
    Fen paidFen = 0;
    /// Approved payouts not paid yet: payable or in a batch (a returned payout's re-issue is
    /// payable and counts here; the returned one itself does not).
    Fen approvedUnpaidFen = 0;
    /// Key "YYYY-MM", the month the bank result made the payout paid (the time of the claim's
    /// paid event, as recorded, with its UTC offset): the 12 latest months with a payout,
    /// oldest first. Months without one are left out.
    std::vector<CountAmount> paidByMonth;
    /// Key the union's name (the member's own union): the TopKeys largest amounts, largest
    /// first, then OtherKey for all the rest together when there are more.
    std::vector<CountAmount> paidByUnion;
    /// Key the plan code and edition, e.g. "demo-inpatient v2026"; ordered like paidByUnion.
    std::vector<CountAmount> paidByPlan;

    static constexpr std::size_t MonthsShown = 12;
    static constexpr std::size_t TopKeys = 10;
    static constexpr std::string_view OtherKey = "其他";
};

/// Orders `items` by amount, largest first (then count, largest first, then key), keeps the
/// first `top` and folds the rest into one entry named `otherKey`, appended last. Keys of
/// different items may be equal (two unions with the same name stay two bars). Throws
/// OverflowError when a folded sum does not fit. Pure.
std::vector<CountAmount> topWithOther(std::vector<CountAmount> items, std::size_t top,
                                      std::string_view otherKey);

/// Where the statistics come from (a port; implemented by adapters/sqlite/SqliteStatistics).
/// Implementations read one consistent snapshot and must be safe to call from many threads.
class StatisticsSource {
public:
    StatisticsSource() = default;
    StatisticsSource(const StatisticsSource&) = delete;
    StatisticsSource& operator=(const StatisticsSource&) = delete;
    virtual ~StatisticsSource() = default;

    /// The figures as of `today` (used for activeCovers). Infrastructure failures throw.
    virtual Statistics statistics(Date today) = 0;
};

}  // namespace huzhu::core
