#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/Money.h"
#include "core/Plan.h"

namespace huzhu::core {

/// What the engine needs to know about the member (CONTRACT §4 `member`).
struct MemberFacts {
    Date coverStart{2000, 1, 1};
    int shares = 1;
    char gender = 'M';
    bool insured = true;
    std::optional<int> renewedAfterDays;  // none = first enrolment
    /// The last day of cover when it ends before the plan period (the member left or the
    /// enrolment was cut short); none = the end of the period. An extension of CASE.json.
    std::optional<Date> coverEnd;
};

/// What was already paid under the plan edition; missing entries count as zero.
/// Whether a lump sum was already paid: in this period, or only in an earlier one.
enum class LumpSumPaid { ThisPeriod, EarlierPeriod };

struct BenefitHistory {
    Fen paidFen = 0;
    Fen deductibleUsedFen = 0;
    int paidClaims = 0;
    std::optional<LumpSumPaid> lumpSumPaid;
};

struct History {
    Fen paidFen = 0;
    std::map<std::string, BenefitHistory> benefits;
};

enum class HospitalLevel { Provincial, City, District };
std::string_view toString(HospitalLevel level);  // "provincial" | "city" | "district"
std::optional<HospitalLevel> parseHospitalLevel(std::string_view text);

/// The claim and its settlement-sheet figures (CONTRACT §4 `claim`).
struct ClaimFacts {
    ClaimType type = ClaimType::Inpatient;
    std::optional<Date> admission;
    std::optional<Date> discharge;
    std::optional<Date> eventDate;
    Date filed{2000, 1, 1};
    std::string diagnosis;
    std::optional<HospitalLevel> hospitalLevel;
    bool localHospital = true;
    std::optional<std::string> severity;  // for lump-sum tiers, e.g. "mild" / "severe"
    std::optional<int> disabilityGrade;   // 1 (most severe) … 10
    bool died = false;
    Fen totalFen = 0;
    Fen fundPaidFen = 0;
    Fen criticalInsuranceFen = 0;
    Fen assistanceFen = 0;
    Fen otherPaidFen = 0;
    Fen outOfScopeFen = 0;

    /// total − every payer: what the member paid (REQUIRES: validated figures).
    Fen personalFen() const;
};

/// A bad input: which field (CASE.json path, e.g. "claim.fund_paid_fen") and why.
struct FieldError {
    std::string field;
    std::string message;
};

/// Checks the figures and dates of a claim against each other and the plan: no negative
/// amounts, payers not above the total, out-of-scope not above what the member paid,
/// discharge not before admission, filing not before discharge, shares within max_shares,
/// and the facts the plan's answering benefits need (hospital level, disability grade).
/// Returns the first problem found, or nothing when the claim can be quoted.
std::optional<FieldError> validateClaim(const Plan& plan, const MemberFacts& member,
                                        const ClaimFacts& claim);

enum class QuoteStatus {
    Payable,
    Zero,
    NotCovered,
    Late,
    WaitingPeriod,
    NotListed,
    LimitReached,
    NoBenefit
};
std::string_view toString(QuoteStatus status);

/// One step of a line's arithmetic, for the explanation (CONTRACT §4 `steps`).
struct QuoteStep {
    std::string rule;  // base, deductible, band, shares, reduced, minimum, stay_cap, ...
    Fen fen = 0;       // the amount after (or, for base/deductible/band, of) this step
    std::optional<Fen> fromFen;
    std::optional<Fen> toFen;
    std::optional<std::int64_t> ratioBp;
    std::optional<int> count;  // shares
    std::optional<std::int64_t> days;
};

struct QuoteLine {
    std::string benefit;
    std::optional<BaseAmount> base;  // for ratio lines: what the base step is
    QuoteStatus status = QuoteStatus::Zero;
    Fen payoutFen = 0;
    std::vector<QuoteStep> steps;
};

struct Quote {
    QuoteStatus status = QuoteStatus::NoBenefit;
    Fen payoutFen = 0;
    std::vector<QuoteLine> lines;

    /// A member-readable explanation built from the steps, in Chinese and in English. Built on
    /// demand: evaluating a quote does no text work.
    std::string explanationZh() const;
    std::string explanationEn() const;

    /// The quote as CONTRACT §4 JSON; deterministic: same quote, same bytes.
    std::string toJson() const;
};

/// Computes the payout of a claim under a plan (CONTRACT §3 evaluation rules).
/// REQUIRES: validateClaim() found nothing. Pure and deterministic; thread-safe.
/// Throws OverflowError when an amount does not fit in 64 bits.
Quote quoteClaim(const Plan& plan, const MemberFacts& member, const History& history,
                 const ClaimFacts& claim);

}  // namespace huzhu::core
