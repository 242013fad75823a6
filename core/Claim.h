#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/Money.h"
#include "core/Outcome.h"
#include "core/PayoutEngine.h"

namespace huzhu::core {

/// Claim states (CONTRACT §6 vocabulary).
enum class ClaimStatus {
    Submitted,
    InfoRequested,
    PendingSecondApproval,
    Approved,
    Rejected,
    Appealed,
    InBatch,
    Paid,
    Returned
};
std::string_view toString(ClaimStatus status);
std::optional<ClaimStatus> parseClaimStatus(std::string_view text);

enum class Role { Member, UnionOfficer, ClaimsOfficer, SeniorOfficer, Finance, Auditor, Admin };
std::string_view toString(Role role);
std::optional<Role> parseRole(std::string_view text);
bool isOfficer(Role role);  // claims or senior officer

/// Who is acting: the authenticated account, its role and its scope.
struct Actor {
    std::int64_t userId = 0;
    std::string username;
    Role role = Role::Member;
    std::optional<std::int64_t> memberId;  // for members
    std::optional<std::string> memberNo;
    std::optional<std::int64_t> unionId;  // for union officers
};

enum class DecisionAction { Approve, Reject, RequestInfo };
std::optional<DecisionAction> parseDecisionAction(std::string_view text);

/// Authority limits (CONTRACT §2 default: a claims officer approves up to 10,000 元).
struct AuthorityRules {
    Fen officerLimitFen = 1'000'000;
};

/// The facts a decision depends on.
struct DecisionFacts {
    ClaimStatus status = ClaimStatus::Submitted;
    std::int64_t filedBy = 0;
    std::optional<std::int64_t> firstApprover;
    std::optional<std::int64_t> rejectedBy;  // who rejected the claim (before an appeal)
    Fen payoutFen = 0;                       // as recomputed against the member's latest history
    /// Covered, but nothing is due (below the deductible): approving it records the deductible
    /// it uses, so that the next stay of the period starts after it. Creates no payout.
    bool coveredButZero = false;
};

/// Where a decision takes the claim.
struct Transition {
    ClaimStatus to = ClaimStatus::Submitted;
    bool recordsFirstApproval = false;  // the actor becomes the first approver
    bool createsPayout = false;
};

/// The claim state machine for officers' decisions: who may take which action in which
/// state, the authority limit and four eyes (a payout above the limit needs a second
/// approval by a senior officer who is not the first approver), and nobody decides a claim
/// they filed. Reject and request_info need a reason. Pure; thread-safe.
Result<Transition> decideTransition(const DecisionFacts& facts, const Actor& actor,
                                    DecisionAction action, const std::string& reason,
                                    const AuthorityRules& rules);

/// What the claimant side may do: answer a request for information (resubmit), or appeal a
/// rejection.
enum class ClaimantAction { Resubmit, Appeal };

/// The claimant's transitions: info_requested → submitted (resubmit) and rejected → appealed
/// (appeal, with a reason). Only the member or whoever filed the claim for them; officers
/// never act as claimant. Pure; thread-safe.
Result<Transition> claimantTransition(ClaimStatus status, ClaimantAction action,
                                      const std::string& reason);

/// One entry of a claim's status history.
struct ClaimEvent {
    std::string at;
    std::string actor;
    std::optional<ClaimStatus> from;
    ClaimStatus to = ClaimStatus::Submitted;
    std::string reason;
};

/// A claim as stored: what was filed, where it stands, and the quote it was given.
struct ClaimRecord {
    std::int64_t id = 0;
    std::int64_t memberId = 0;
    std::string memberNo;
    std::string memberName;
    std::int64_t unionId = 0;
    std::int64_t planId = 0;
    std::string planCode;
    int planVersion = 0;
    std::int64_t filedBy = 0;
    ClaimFacts facts;
    std::string settlementNo;
    std::string invoiceNo;
    std::string hospital;
    ClaimStatus status = ClaimStatus::Submitted;
    Fen payoutFen = 0;  // quoted, then approved
    std::string quoteJson;
    std::optional<std::int64_t> firstApprover;
    std::optional<std::int64_t> rejectedBy;
    std::string createdAt;
    /// Other claims that look like the same event: `kind` is "overlapping_stay" or
    /// "same_document".
    struct Flag {
        std::string kind;
        std::int64_t otherClaimId = 0;
    };
    std::vector<Flag> flags;
    std::vector<ClaimEvent> events;
};

/// A member's cover under one plan edition, with the facts the engine needs.
struct Coverage {
    std::int64_t memberId = 0;
    std::string memberNo;
    std::string memberName;
    std::int64_t unionId = 0;
    std::int64_t planId = 0;
    Plan plan;
    MemberFacts facts;
    Date coverEnd{2000, 12, 31};
    std::optional<Date> leftOn;  // the member left the union on this day
};

}  // namespace huzhu::core
