#include "core/Eligibility.h"

#include <algorithm>

namespace huzhu::core {

std::string_view toString(EligibilityReason reason) {
    switch (reason) {
        case EligibilityReason::Covered:
            return "covered";
        case EligibilityReason::NotEnrolled:
            return "not_enrolled";
        case EligibilityReason::BeforeCoverStart:
            return "before_cover_start";
        case EligibilityReason::AfterCoverEnd:
            return "after_cover_end";
        case EligibilityReason::InWaitingPeriod:
            return "waiting_period";
        case EligibilityReason::LeftUnion:
            return "left_union";
    }
    return "?";
}

Eligibility checkEligibility(const std::optional<Coverage>& coverage, Date date) {
    Eligibility e;
    if (!coverage) return e;
    const Coverage& c = *coverage;
    e.from = std::max(c.plan.periodStart, c.facts.coverStart);
    e.until = std::min(c.plan.periodEnd, c.coverEnd);
    if (c.leftOn && *c.leftOn <= date) {
        e.reason = EligibilityReason::LeftUnion;
        return e;
    }
    if (date < *e.from) {
        e.reason = EligibilityReason::BeforeCoverStart;
        return e;
    }
    if (date > *e.until) {
        e.reason = EligibilityReason::AfterCoverEnd;
        return e;
    }
    const Waiting& w = c.plan.waiting;
    const bool waived = c.facts.renewedAfterDays && w.waivedIfRenewedWithinDays &&
                        *c.facts.renewedAfterDays <= *w.waivedIfRenewedWithinDays;
    if (!waived && w.days > 0) {
        const Date lastWaitingDay = c.facts.coverStart.addDays(w.days - 1);
        if (date <= lastWaitingDay) {
            e.reason = EligibilityReason::InWaitingPeriod;
            e.waitingUntil = lastWaitingDay;
            return e;
        }
    }
    e.covered = true;
    e.reason = EligibilityReason::Covered;
    return e;
}

}  // namespace huzhu::core
