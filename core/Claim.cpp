#include "core/Claim.h"

#include "core/EnumNamesInternal.h"

namespace huzhu::core {

using internal::nameOf;
using internal::valueOf;

namespace {

constexpr std::array<std::pair<ClaimStatus, std::string_view>, 9> StatusNames{{
    {ClaimStatus::Submitted, "submitted"},
    {ClaimStatus::InfoRequested, "info_requested"},
    {ClaimStatus::PendingSecondApproval, "pending_second_approval"},
    {ClaimStatus::Approved, "approved"},
    {ClaimStatus::Rejected, "rejected"},
    {ClaimStatus::Appealed, "appealed"},
    {ClaimStatus::InBatch, "in_batch"},
    {ClaimStatus::Paid, "paid"},
    {ClaimStatus::Returned, "returned"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 7> RoleNames{{
    {Role::Member, "member"},
    {Role::UnionOfficer, "union_officer"},
    {Role::ClaimsOfficer, "claims_officer"},
    {Role::SeniorOfficer, "senior_officer"},
    {Role::Finance, "finance"},
    {Role::Auditor, "auditor"},
    {Role::Admin, "admin"},
}};

}  // namespace

std::string_view toString(ClaimStatus status) {
    return nameOf(StatusNames, status);
}
std::optional<ClaimStatus> parseClaimStatus(std::string_view text) {
    return valueOf(StatusNames, text);
}
std::string_view toString(Role role) {
    return nameOf(RoleNames, role);
}
std::optional<Role> parseRole(std::string_view text) {
    return valueOf(RoleNames, text);
}
bool isOfficer(Role role) {
    return role == Role::ClaimsOfficer || role == Role::SeniorOfficer;
}

std::optional<DecisionAction> parseDecisionAction(std::string_view text) {
    if (text == "approve") return DecisionAction::Approve;
    if (text == "reject") return DecisionAction::Reject;
    if (text == "request_info") return DecisionAction::RequestInfo;
    return std::nullopt;
}

Result<Transition> decideTransition(const DecisionFacts& facts, const Actor& actor,
                                    DecisionAction action, const std::string& reason,
                                    const AuthorityRules& rules) {
    if (!isOfficer(actor.role)) return Outcome::forbidden("only claims officers decide claims");
    if (actor.userId == facts.filedBy)
        return Outcome::forbidden("nobody decides a claim they filed");
    if (action != DecisionAction::Approve && reason.empty())
        return Outcome::invalid("reason", "a reason is required to reject or request information");

    const bool firstLook =
        facts.status == ClaimStatus::Submitted || facts.status == ClaimStatus::Appealed;
    const bool secondLook = facts.status == ClaimStatus::PendingSecondApproval;
    if (!firstLook && !secondLook)
        return Outcome::conflict(
            "illegal_transition",
            "a claim in status " + std::string(toString(facts.status)) + " cannot be decided");

    // Once rejected, the claim is decided by someone else from then on (appeal, and any
    // request for information and resubmission on the way).
    if (facts.rejectedBy && *facts.rejectedBy == actor.userId)
        return Outcome::forbidden(
            "an appeal is decided by another officer than the one who "
            "rejected the claim");
    if (secondLook) {
        if (actor.role != Role::SeniorOfficer)
            return Outcome::forbidden("the second approval needs a senior officer");
        if (facts.firstApprover && *facts.firstApprover == actor.userId)
            return Outcome::forbidden("the second approver must not be the first approver");
    }

    switch (action) {
        case DecisionAction::Reject:
            return Transition{.to = ClaimStatus::Rejected};
        case DecisionAction::RequestInfo:
            if (secondLook)
                return Outcome::conflict("illegal_transition",
                                         "information is requested before the first approval");
            return Transition{.to = ClaimStatus::InfoRequested};
        case DecisionAction::Approve:
            if (facts.payoutFen <= 0 && facts.coveredButZero && firstLook)
                return Transition{.to = ClaimStatus::Approved,
                                  .recordsFirstApproval = true,
                                  .createsPayout = true};
            if (facts.payoutFen <= 0)
                return Outcome::conflict("nothing_payable",
                                         "the claim has no payable amount; reject it instead");
            if (firstLook && facts.payoutFen > rules.officerLimitFen)
                return Transition{.to = ClaimStatus::PendingSecondApproval,
                                  .recordsFirstApproval = true};
            return Transition{.to = ClaimStatus::Approved,
                              .recordsFirstApproval = firstLook,
                              .createsPayout = true};
    }
    return Outcome::invalid("action", "unknown action");
}

Result<Transition> claimantTransition(ClaimStatus status, ClaimantAction action,
                                      const std::string& reason) {
    switch (action) {
        case ClaimantAction::Resubmit:
            if (status != ClaimStatus::InfoRequested)
                return Outcome::conflict("illegal_transition",
                                         "only a claim waiting for information is resubmitted");
            return Transition{.to = ClaimStatus::Submitted};
        case ClaimantAction::Appeal:
            if (status != ClaimStatus::Rejected)
                return Outcome::conflict("illegal_transition", "only a rejected claim is appealed");
            if (reason.empty()) return Outcome::invalid("reason", "an appeal needs a reason");
            return Transition{.to = ClaimStatus::Appealed};
    }
    return Outcome::invalid("action", "unknown action");
}

}  // namespace huzhu::core
