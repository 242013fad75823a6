#pragma once

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

/// A `ratio` benefit: a share of a base amount after a deductible, in marginal bands.
struct RatioBenefit {
    std::string name;
    ClaimType claimType = ClaimType::Inpatient;
    BenefitConditions when;
    bool perShare = true;
    std::optional<std::vector<std::string>> diseases;  // ICD-10 prefixes
    BaseAmount base = BaseAmount::SelfPayInScope;
    Fen deductibleFen = 0;
    DeductiblePer deductiblePer = DeductiblePer::Stay;
    std::vector<Band> bands;  // REQUIRES: ascending, only the last may be open-ended
    Fen minFen = 0;
    std::optional<Fen> stayCapFen;
    std::optional<Fen> capFen;
    std::optional<int> maxClaims;
    std::optional<Fen> deathMinimumFen;
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
    std::vector<RatioBenefit> benefits;
};

}  // namespace huzhu::core
