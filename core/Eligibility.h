#pragma once

#include <optional>
#include <string_view>

#include "core/Claim.h"
#include "core/Date.h"

namespace huzhu::core {

enum class EligibilityReason {
    Covered,
    NotEnrolled,
    BeforeCoverStart,
    AfterCoverEnd,
    InWaitingPeriod,
    LeftUnion
};
std::string_view toString(EligibilityReason reason);

/// Whether a member is covered on a date, and why not. `from`/`until` bound the cover (the
/// later of plan period start and cover start; the earlier of plan period end and cover end);
/// `waitingUntil` is the last day of the waiting period when the date falls in it.
struct Eligibility {
    bool covered = false;
    EligibilityReason reason = EligibilityReason::NotEnrolled;
    std::optional<Date> from;
    std::optional<Date> until;
    std::optional<Date> waitingUntil;
};

/// Checks a member's cover under one plan edition on `date`: not enrolled (no coverage), left
/// the union on or before the date, before the cover starts, after it ends, in the waiting
/// period (day 1 is the cover start; waived by a renewal within the plan's limit), else
/// covered. A reduced-benefit window counts as covered. Pure; thread-safe.
Eligibility checkEligibility(const std::optional<Coverage>& coverage, Date date);

}  // namespace huzhu::core
