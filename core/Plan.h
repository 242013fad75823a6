#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/Money.h"

namespace huzhu::core {

/// The kinds of claim a benefit can answer (CONTRACT §3 `claim_type`).
enum class ClaimType { Inpatient, OutpatientSpecial, CriticalIllness, FemaleSpecial, Accident };
std::string_view toString(ClaimType type);
std::optional<ClaimType> parseClaimType(std::string_view text);

/// The amount a `ratio` benefit is computed on (CONTRACT §3 `base`).
enum class BaseAmount { SelfPayInScope, SelfPay, TotalInScope, Total, FundPaid };
std::string_view toString(BaseAmount base);
std::optional<BaseAmount> parseBaseAmount(std::string_view text);

enum class DeductiblePer { Stay, Period };
enum class StayBelongsTo { Admission, Discharge };

/// One marginal band: the part of the base up to `uptoFen` (none = no upper end) pays `ratioBp`.
struct Band {
    std::optional<Fen> uptoFen;
    std::int64_t ratioBp = 0;
};

/// Conditions a claim or member must meet for a benefit to answer; unset means "any".
struct BenefitConditions {
    std::optional<bool> insured;
    std::optional<bool> localHospital;
    std::optional<char> gender;  // 'M' or 'F'
};

/// How a benefit computes its amount (CONTRACT §3 `method`).
enum class Method { Ratio, LumpSum, Daily, Disability };
std::string_view toString(Method method);

/// Ratios by the level of the hospital, used instead of bands (Changchun style).
struct HospitalLevelRatios {
    std::int64_t provincialBp = 0;
    std::int64_t cityBp = 0;
    std::int64_t districtBp = 0;
};

/// One tier of a lump sum: the first tier whose diseases (and severity, when set) match pays.
struct LumpSumTier {
    std::optional<std::vector<std::string>> diseases;  // ICD-10 prefixes; none = any
    std::optional<std::string> severity;
    Fen fen = 0;
};

enum class Once { Period, Lifetime };

/// One benefit of a plan: the common keys, then the keys of its method (the others unused).
struct Benefit {
    std::string name;
    ClaimType claimType = ClaimType::Inpatient;
    BenefitConditions when;
    bool perShare = true;
    std::optional<std::vector<std::string>> diseases;  // ICD-10 prefixes; none = any
    Method method = Method::Ratio;
    std::optional<Fen> capFen;  // per member per period (× shares when perShare)

    // ratio: a share of a base amount after a deductible, in marginal bands
    BaseAmount base = BaseAmount::SelfPayInScope;
    Fen deductibleFen = 0;
    DeductiblePer deductiblePer = DeductiblePer::Stay;
    std::vector<Band> bands;  // REQUIRES: ascending, only the last may be open-ended
    std::optional<HospitalLevelRatios> ratioByHospitalLevel;  // instead of bands
    Fen minFen = 0;
    std::optional<Fen> stayCapFen;
    std::optional<int> maxClaims;
    std::optional<Fen> deathMinimumFen;

    // lump_sum
    std::vector<LumpSumTier> tiers;
    Once once = Once::Period;

    // daily
    int fromDay = 1;
    Fen fenPerDay = 0;

    // disability: sumFen × gradeBp[grade]
    Fen sumFen = 0;
    std::map<int, std::int64_t> gradeBp;

    /// Whether the amount is a share of costs (and so limited to what the member paid).
    bool costBased() const { return method == Method::Ratio; }
};

struct Waiting {
    int days = 0;
    int reducedDays = 0;
    std::int64_t reducedRatioBp = 10000;
    std::optional<int> waivedIfRenewedWithinDays;
};

struct Deadline {
    std::optional<int> daysAfterDischarge;
    std::optional<Date> date;
};

/// One edition of a scheme's benefit rules (CONTRACT §3). Immutable once loaded; a claim is
/// pinned to the (code, version) it was quoted under. Built by the plan loader, which validates
/// it; the engine assumes a valid plan.
struct Plan {
    std::string code;
    int version = 0;
    std::string name;
    Date periodStart{2000, 1, 1};
    Date periodEnd{2000, 12, 31};
    Fen priceFen = 0;
    int maxShares = 1;
    StayBelongsTo stayBelongsTo = StayBelongsTo::Admission;
    RoundingMode rounding = RoundingMode::HalfUp;
    Waiting waiting;
    std::optional<Deadline> deadline;
    std::optional<Fen> capFen;
    std::vector<Benefit> benefits;
};

}  // namespace huzhu::core
