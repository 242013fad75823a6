#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/Claim.h"
#include "core/Eligibility.h"
#include "core/Ports.h"

namespace huzhu::claims {

/// What a member or union officer files (CONTRACT §6 POST /claims).
struct ClaimRequest {
    std::optional<std::string> memberNo;  // required when a union officer files
    std::string planCode;
    core::ClaimFacts facts;  // `filed` is set by the workflow to today
    std::string settlementNo;
    std::string invoiceNo;
    std::string hospital;
};

/// The claims use cases: file, read, list and decide, with authorisation by role and scope.
/// Holds references to its collaborators, which must outlive it. Thread-safe as long as the
/// store is.
class ClaimWorkflow {
public:
    ClaimWorkflow(core::ClaimStore& store, const core::Clock& clock, core::AuthorityRules rules);
    ClaimWorkflow(const ClaimWorkflow&) = delete;
    ClaimWorkflow& operator=(const ClaimWorkflow&) = delete;

    /// Files a claim for the actor (member) or a member of the actor's union (union officer),
    /// quotes it under the plan edition that covers the event date, and stores it with the
    /// quote pinned. Invalid names the field; Conflict for a reused settlement/invoice number.
    core::Result<core::ClaimRecord> fileClaim(const core::Actor& actor, ClaimRequest request);
    /// What fileClaim would quote, without storing anything (the live preview of the form);
    /// the same checks and errors.
    core::Result<core::Quote> preview(const core::Actor& actor, ClaimRequest request);

    /// The member's own bank details (masked account) for a member; NotFound otherwise.
    core::Result<core::BankDetails> bankAccount(const core::Actor& actor);
    /// A member changes their own bank account (e.g. after a payment came back): the account
    /// must be a valid card/account number and the bank named. Later re-issues pay to it; the
    /// member's bank notices are marked read. Audited.
    core::Result<core::BankDetails> updateBankAccount(const core::Actor& actor,
                                                      const std::string& bankName,
                                                      const std::string& account);

    /// The claim if the actor may see it; NotFound otherwise (also for claims out of scope, so
    /// that ids of other members' claims are not revealed).
    core::Result<core::ClaimRecord> claim(const core::Actor& actor, std::int64_t claimId);

    /// The claims the actor may see matching the filter, newest first, one page.
    core::Result<std::vector<core::ClaimRecord>> claims(const core::Actor& actor,
                                                        core::ClaimFilter filter);

    /// An officer's decision. Approval recomputes the payout against the member's latest paid
    /// history inside the store's transaction, so concurrent approvals cannot pass a cap.
    core::Result<core::ClaimRecord> decide(const core::Actor& actor, std::int64_t claimId,
                                           core::DecisionAction action, const std::string& reason);

    /// The claimant's side: resubmit after a request for information (the quote is
    /// recomputed), or appeal a rejection with a reason. Only the member or whoever filed the
    /// claim; NotFound for claims the actor may not see.
    core::Result<core::ClaimRecord> claimantAction(const core::Actor& actor, std::int64_t claimId,
                                                   core::ClaimantAction action,
                                                   const std::string& reason);

    /// The member's covers (for a member: their own; NotFound for other roles).
    core::Result<std::vector<core::Coverage>> myCoverage(const core::Actor& actor);
    /// The plans a union officer files claims under (the claim form's choice).
    core::Result<std::vector<core::PlanChoice>> plansToFileUnder(const core::Actor& actor);
    /// The member's notices, newest first (for a member: their own; NotFound for other roles).
    core::Result<std::vector<core::Notice>> notices(const core::Actor& actor);

    /// Whether member `memberNo` is covered by plan `planCode` on `date`, and why not.
    /// For officers, auditors and admins, and union officers for their own union's members;
    /// NotFound for an unknown member (or one outside the union officer's union).
    struct EligibilityAnswer {
        core::Eligibility eligibility;
        std::optional<int> planVersion;
    };
    core::Result<EligibilityAnswer> eligibility(const core::Actor& actor,
                                                const std::string& memberNo,
                                                const std::string& planCode, core::Date date);

    /// Whether the role files claims at all (members and union officers): checked before a
    /// request is read, so that other roles learn nothing from its validation.
    static bool mayFile(core::Role role) {
        return role == core::Role::Member || role == core::Role::UnionOfficer;
    }

    /// Whether the actor may see the claim (role and scope).
    static bool maySee(const core::Actor& actor, const core::ClaimRecord& claim);

private:
    struct Prepared {
        core::Coverage coverage;
        core::Quote quote;
    };
    /// Authorises the filing, normalises the numbers in `request`, finds the cover and quotes.
    core::Result<Prepared> prepare(const core::Actor& actor, ClaimRequest& request);

    core::ClaimStore& _store;
    const core::Clock& _clock;
    core::AuthorityRules _rules;
};

}  // namespace huzhu::claims
