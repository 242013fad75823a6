#include "core/Claim.h"

#include <boost/test/unit_test.hpp>

#include <array>
#include <string>

using namespace huzhu::core;

namespace {

constexpr std::int64_t kFiler = 100;       // the member who filed
constexpr std::int64_t kOfficer = 2;       // a claims officer, the first approver
constexpr std::int64_t kSenior = 3;        // a senior officer
constexpr std::int64_t kOtherOfficer = 4;  // another claims officer

const std::array<ClaimStatus, 9> kAllStatuses = {
    ClaimStatus::Submitted, ClaimStatus::InfoRequested, ClaimStatus::PendingSecondApproval,
    ClaimStatus::Approved,  ClaimStatus::Rejected,      ClaimStatus::Appealed,
    ClaimStatus::InBatch,   ClaimStatus::Paid,          ClaimStatus::Returned};
const std::array<DecisionAction, 3> kAllActions = {DecisionAction::Approve, DecisionAction::Reject,
                                                   DecisionAction::RequestInfo};

Actor actor(std::int64_t id, Role role) {
    Actor a;
    a.userId = id;
    a.username = "user" + std::to_string(id);
    a.role = role;
    return a;
}

DecisionFacts facts(ClaimStatus status, Fen payout,
                    std::optional<std::int64_t> firstApprover = std::nullopt) {
    return DecisionFacts{
        .status = status, .filedBy = kFiler, .firstApprover = firstApprover, .payoutFen = payout};
}

std::string actionName(DecisionAction a) {
    switch (a) {
        case DecisionAction::Approve:
            return "approve";
        case DecisionAction::Reject:
            return "reject";
        case DecisionAction::RequestInfo:
            return "request_info";
    }
    return "?";
}

/// The expected target of a legal (status, action) pair for a senior officer who is not the
/// first approver, with a payout within the authority limit; nullopt when illegal.
std::optional<ClaimStatus> legalTarget(ClaimStatus from, DecisionAction action) {
    const bool firstLook = from == ClaimStatus::Submitted || from == ClaimStatus::Appealed;
    const bool secondLook = from == ClaimStatus::PendingSecondApproval;
    if (!firstLook && !secondLook) return std::nullopt;
    switch (action) {
        case DecisionAction::Approve:
            return ClaimStatus::Approved;
        case DecisionAction::Reject:
            return ClaimStatus::Rejected;
        case DecisionAction::RequestInfo:
            if (secondLook) return std::nullopt;
            return ClaimStatus::InfoRequested;
    }
    return std::nullopt;
}

const AuthorityRules kRules{};

}  // namespace

BOOST_AUTO_TEST_SUITE(claim_state_machine)

BOOST_AUTO_TEST_CASE(status_and_role_names_round_trip) {
    for (ClaimStatus s : kAllStatuses) BOOST_TEST((parseClaimStatus(toString(s)) == s));
    BOOST_TEST(toString(ClaimStatus::PendingSecondApproval) == "pending_second_approval");
    BOOST_TEST(toString(ClaimStatus::InBatch) == "in_batch");
    BOOST_TEST(!parseClaimStatus("Approved").has_value());
    BOOST_TEST(!parseClaimStatus("").has_value());
    for (Role r : {Role::Member, Role::UnionOfficer, Role::ClaimsOfficer, Role::SeniorOfficer,
                   Role::Finance, Role::Auditor, Role::Admin})
        BOOST_TEST((parseRole(toString(r)) == r));
    BOOST_TEST(toString(Role::ClaimsOfficer) == "claims_officer");
    BOOST_TEST(!parseRole("root").has_value());
    BOOST_TEST((parseDecisionAction("approve") == DecisionAction::Approve));
    BOOST_TEST((parseDecisionAction("reject") == DecisionAction::Reject));
    BOOST_TEST((parseDecisionAction("request_info") == DecisionAction::RequestInfo));
    BOOST_TEST(!parseDecisionAction("Approve").has_value());
    BOOST_TEST(isOfficer(Role::ClaimsOfficer));
    BOOST_TEST(isOfficer(Role::SeniorOfficer));
    BOOST_TEST(!isOfficer(Role::Admin));
    BOOST_TEST(!isOfficer(Role::Finance));
}

BOOST_AUTO_TEST_CASE(every_action_from_every_status) {
    // A senior officer (not the first approver, not the filer), payout 500,000 (within the
    // limit), a reason given: the legal pairs succeed, every other pair is illegal_transition.
    const Actor senior = actor(kSenior, Role::SeniorOfficer);
    int legal = 0;
    for (ClaimStatus from : kAllStatuses) {
        for (DecisionAction action : kAllActions) {
            BOOST_TEST_CONTEXT(toString(from) << " + " << actionName(action)) {
                const auto result = decideTransition(facts(from, 500000, kOfficer), senior, action,
                                                     "reason", kRules);
                const auto expected = legalTarget(from, action);
                if (expected) {
                    ++legal;
                    BOOST_REQUIRE(result.isOk());
                    BOOST_TEST(toString(result.value->to) == toString(*expected));
                    const bool approve = action == DecisionAction::Approve;
                    BOOST_TEST(result.value->createsPayout == approve);
                    BOOST_TEST(result.value->recordsFirstApproval ==
                               (approve && from != ClaimStatus::PendingSecondApproval));
                } else {
                    BOOST_REQUIRE(!result.isOk());
                    BOOST_TEST((result.outcome.kind() == Outcome::Kind::Conflict));
                    BOOST_TEST(result.outcome.code() == "illegal_transition");
                }
            }
        }
    }
    BOOST_TEST(legal == 8);  // submitted x3, appealed x3, pending x2
}

BOOST_AUTO_TEST_CASE(claims_officer_first_look) {
    const Actor officer = actor(kOfficer, Role::ClaimsOfficer);
    for (ClaimStatus from : {ClaimStatus::Submitted, ClaimStatus::Appealed}) {
        auto r =
            decideTransition(facts(from, 500000), officer, DecisionAction::Approve, "", kRules);
        BOOST_REQUIRE(r.isOk());
        BOOST_TEST((r.value->to == ClaimStatus::Approved));
        BOOST_TEST(r.value->createsPayout);
        BOOST_TEST(r.value->recordsFirstApproval);
        r = decideTransition(facts(from, 500000), officer, DecisionAction::Reject, "duplicate",
                             kRules);
        BOOST_REQUIRE(r.isOk());
        BOOST_TEST((r.value->to == ClaimStatus::Rejected));
        BOOST_TEST(!r.value->createsPayout);
        r = decideTransition(facts(from, 500000), officer, DecisionAction::RequestInfo,
                             "need the invoice", kRules);
        BOOST_REQUIRE(r.isOk());
        BOOST_TEST((r.value->to == ClaimStatus::InfoRequested));
    }
}

BOOST_AUTO_TEST_CASE(authority_limit) {
    const Actor officer = actor(kOfficer, Role::ClaimsOfficer);
    // At the limit (1,000,000 fen = 10,000 元): approved by a claims officer.
    auto r = decideTransition(facts(ClaimStatus::Submitted, 1000000), officer,
                              DecisionAction::Approve, "", kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::Approved));
    BOOST_TEST(r.value->createsPayout);

    // One fen above: pending second approval, the officer recorded, no payout yet.
    r = decideTransition(facts(ClaimStatus::Submitted, 1000001), officer, DecisionAction::Approve,
                         "", kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::PendingSecondApproval));
    BOOST_TEST(r.value->recordsFirstApproval);
    BOOST_TEST(!r.value->createsPayout);

    // Four eyes above the limit even when a senior officer takes the first look.
    r = decideTransition(facts(ClaimStatus::Appealed, 1000001), actor(kSenior, Role::SeniorOfficer),
                         DecisionAction::Approve, "", kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::PendingSecondApproval));

    // The limit comes from the rules.
    r = decideTransition(facts(ClaimStatus::Submitted, 501), officer, DecisionAction::Approve, "",
                         AuthorityRules{.officerLimitFen = 500});
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::PendingSecondApproval));
}

BOOST_AUTO_TEST_CASE(second_approval_by_another_senior_officer_only) {
    const DecisionFacts pending = facts(ClaimStatus::PendingSecondApproval, 2000000, kOfficer);

    // A claims officer cannot give the second approval.
    auto r = decideTransition(pending, actor(kOtherOfficer, Role::ClaimsOfficer),
                              DecisionAction::Approve, "", kRules);
    BOOST_REQUIRE(!r.isOk());
    BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));

    // Nor the first approver, even as a senior officer.
    const DecisionFacts bySenior = facts(ClaimStatus::PendingSecondApproval, 2000000, kSenior);
    r = decideTransition(bySenior, actor(kSenior, Role::SeniorOfficer), DecisionAction::Approve, "",
                         kRules);
    BOOST_REQUIRE(!r.isOk());
    BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));
    r = decideTransition(bySenior, actor(kSenior, Role::SeniorOfficer), DecisionAction::Reject,
                         "changed my mind", kRules);
    BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));

    // Another senior officer approves: approved, payout created, not the first approval.
    r = decideTransition(pending, actor(kSenior, Role::SeniorOfficer), DecisionAction::Approve, "",
                         kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::Approved));
    BOOST_TEST(r.value->createsPayout);
    BOOST_TEST(!r.value->recordsFirstApproval);

    // ... or rejects it with a reason.
    r = decideTransition(pending, actor(kSenior, Role::SeniorOfficer), DecisionAction::Reject,
                         "above the ceiling", kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::Rejected));
}

BOOST_AUTO_TEST_CASE(nobody_decides_a_claim_they_filed) {
    DecisionFacts f = facts(ClaimStatus::Submitted, 500000);
    f.filedBy = kOfficer;
    for (DecisionAction action : kAllActions) {
        auto r =
            decideTransition(f, actor(kOfficer, Role::ClaimsOfficer), action, "reason", kRules);
        BOOST_REQUIRE(!r.isOk());
        BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));
    }
    f.filedBy = kSenior;
    f.status = ClaimStatus::PendingSecondApproval;
    f.firstApprover = kOfficer;
    auto r = decideTransition(f, actor(kSenior, Role::SeniorOfficer), DecisionAction::Approve, "",
                              kRules);
    BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));
}

BOOST_AUTO_TEST_CASE(reason_required_for_reject_and_request_info) {
    const Actor officer = actor(kOfficer, Role::ClaimsOfficer);
    for (DecisionAction action : {DecisionAction::Reject, DecisionAction::RequestInfo}) {
        auto r =
            decideTransition(facts(ClaimStatus::Submitted, 500000), officer, action, "", kRules);
        BOOST_REQUIRE(!r.isOk());
        BOOST_TEST((r.outcome.kind() == Outcome::Kind::Invalid));
        BOOST_TEST(r.outcome.field() == "reason");
    }
    auto r = decideTransition(facts(ClaimStatus::Submitted, 500000), officer,
                              DecisionAction::Approve, "", kRules);
    BOOST_TEST(r.isOk());
}

BOOST_AUTO_TEST_CASE(non_officers_are_forbidden) {
    for (Role role :
         {Role::Member, Role::UnionOfficer, Role::Finance, Role::Auditor, Role::Admin}) {
        for (DecisionAction action : kAllActions) {
            BOOST_TEST_CONTEXT(toString(role) << " " << actionName(action)) {
                auto r = decideTransition(facts(ClaimStatus::Submitted, 500000), actor(50, role),
                                          action, "reason", kRules);
                BOOST_REQUIRE(!r.isOk());
                BOOST_TEST((r.outcome.kind() == Outcome::Kind::Forbidden));
                BOOST_TEST(r.outcome.code() == "forbidden");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(approve_with_nothing_payable_is_refused) {
    const Actor officer = actor(kOfficer, Role::ClaimsOfficer);
    auto r = decideTransition(facts(ClaimStatus::Submitted, 0), officer, DecisionAction::Approve,
                              "", kRules);
    BOOST_REQUIRE(!r.isOk());
    BOOST_TEST((r.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(r.outcome.code() == "nothing_payable");
    // A second approval whose recomputed payout fell to 0 is refused too.
    r = decideTransition(facts(ClaimStatus::PendingSecondApproval, 0, kOfficer),
                         actor(kSenior, Role::SeniorOfficer), DecisionAction::Approve, "", kRules);
    BOOST_TEST(r.outcome.code() == "nothing_payable");
    // Rejecting it is fine.
    r = decideTransition(facts(ClaimStatus::Submitted, 0), officer, DecisionAction::Reject,
                         "nothing due", kRules);
    BOOST_REQUIRE(r.isOk());
    BOOST_TEST((r.value->to == ClaimStatus::Rejected));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(claimant_transitions)

BOOST_AUTO_TEST_CASE(resubmit_only_from_info_requested_and_appeal_only_from_rejected) {
    using huzhu::core::ClaimantAction;
    using huzhu::core::ClaimStatus;
    const ClaimStatus all[] = {
        ClaimStatus::Submitted, ClaimStatus::InfoRequested, ClaimStatus::PendingSecondApproval,
        ClaimStatus::Approved,  ClaimStatus::Rejected,      ClaimStatus::Appealed,
        ClaimStatus::InBatch,   ClaimStatus::Paid,          ClaimStatus::Returned};
    for (ClaimStatus from : all) {
        auto resubmit = huzhu::core::claimantTransition(from, ClaimantAction::Resubmit, "");
        BOOST_TEST(resubmit.isOk() == (from == ClaimStatus::InfoRequested), toString(from));
        if (resubmit.isOk())
            BOOST_TEST((resubmit.value->to == ClaimStatus::Submitted));
        else
            BOOST_TEST(resubmit.outcome.code() == "illegal_transition");
        auto appeal = huzhu::core::claimantTransition(from, ClaimantAction::Appeal, "理由");
        BOOST_TEST(appeal.isOk() == (from == ClaimStatus::Rejected), toString(from));
        if (appeal.isOk()) BOOST_TEST((appeal.value->to == ClaimStatus::Appealed));
    }
    auto noReason =
        huzhu::core::claimantTransition(ClaimStatus::Rejected, ClaimantAction::Appeal, "");
    BOOST_TEST(noReason.outcome.field() == "reason");
}

BOOST_AUTO_TEST_CASE(an_appeal_is_decided_by_another_officer) {
    huzhu::core::Actor officer{.userId = 7, .role = huzhu::core::Role::ClaimsOfficer};
    huzhu::core::DecisionFacts facts{.status = huzhu::core::ClaimStatus::Appealed,
                                     .filedBy = 1,
                                     .rejectedBy = 7,
                                     .payoutFen = 5000};
    auto same =
        huzhu::core::decideTransition(facts, officer, huzhu::core::DecisionAction::Approve, "", {});
    BOOST_TEST(same.outcome.code() == "forbidden");
    facts.rejectedBy = 8;
    auto other =
        huzhu::core::decideTransition(facts, officer, huzhu::core::DecisionAction::Approve, "", {});
    BOOST_TEST(other.isOk());
    BOOST_TEST((other.value->to == huzhu::core::ClaimStatus::Approved));
}

BOOST_AUTO_TEST_CASE(covered_zero_is_approved_to_record_the_deductible_and_the_rejecter_stays_out) {
    huzhu::core::Actor officer{.userId = 7, .role = huzhu::core::Role::ClaimsOfficer};
    huzhu::core::DecisionFacts zero{.status = huzhu::core::ClaimStatus::Submitted,
                                    .filedBy = 1,
                                    .payoutFen = 0,
                                    .coveredButZero = true};
    auto ok =
        huzhu::core::decideTransition(zero, officer, huzhu::core::DecisionAction::Approve, "", {});
    BOOST_REQUIRE(ok.isOk());
    BOOST_TEST((ok.value->to == huzhu::core::ClaimStatus::Approved));
    BOOST_TEST(ok.value->createsPayout);
    // The officer who rejected a claim decides it at no later stage (after an appeal and a
    // request for information, it is submitted again).
    huzhu::core::DecisionFacts resubmitted{.status = huzhu::core::ClaimStatus::Submitted,
                                           .filedBy = 1,
                                           .rejectedBy = 7,
                                           .payoutFen = 5000};
    BOOST_TEST(huzhu::core::decideTransition(resubmitted, officer,
                                             huzhu::core::DecisionAction::Approve, "", {})
                   .outcome.code() == "forbidden");
}

BOOST_AUTO_TEST_SUITE_END()
