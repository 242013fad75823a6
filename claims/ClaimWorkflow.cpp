#include "claims/ClaimWorkflow.h"

#include "core/Identifiers.h"
#include "core/PaymentText.h"

#include <algorithm>
#include <cctype>

namespace huzhu::claims {

using core::Actor;
using core::ClaimRecord;
using core::Outcome;
using core::Result;
using core::Role;

ClaimWorkflow::ClaimWorkflow(core::ClaimStore& store, const core::Clock& clock,
                             core::AuthorityRules rules)
    : _store(store), _clock(clock), _rules(rules) {}

bool ClaimWorkflow::maySee(const Actor& actor, const ClaimRecord& claim) {
    switch (actor.role) {
        case Role::Member:
            return actor.memberId && *actor.memberId == claim.memberId;
        case Role::UnionOfficer:
            return actor.unionId && *actor.unionId == claim.unionId;
        case Role::ClaimsOfficer:
        case Role::SeniorOfficer:
        case Role::Auditor:
        case Role::Admin:
            return true;
        case Role::Finance:
            return false;  // finance works on payouts, not medical details
    }
    return false;
}

Result<ClaimWorkflow::Prepared> ClaimWorkflow::prepare(const Actor& actor, ClaimRequest& request) {
    std::string memberNo;
    if (actor.role == Role::Member) {
        if (!actor.memberNo) return Outcome::forbidden("the account is not linked to a member");
        if (request.memberNo && *request.memberNo != *actor.memberNo)
            return Outcome::forbidden("members file claims only for themselves");
        memberNo = *actor.memberNo;
    } else if (actor.role == Role::UnionOfficer) {
        if (!request.memberNo || request.memberNo->empty())
            return Outcome::invalid("member_no", "required when filing for a member");
        memberNo = *request.memberNo;
    } else {
        return Outcome::forbidden("only members and union officers file claims");
    }
    if (request.planCode.empty()) return Outcome::invalid("plan_code", "required");

    request.facts.filed = _clock.today();
    // Settlement and invoice numbers are compared as the insurer prints them: no surrounding
    // spaces, upper case, so that "js1 " cannot pass for a new number.
    for (std::string* number : {&request.settlementNo, &request.invoiceNo}) {
        number->erase(0, number->find_first_not_of(" \t"));
        number->erase(number->find_last_not_of(" \t") + 1);
        std::transform(number->begin(), number->end(), number->begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    const auto& f = request.facts;
    const std::optional<core::Date> eventDate = f.admission ? f.admission : f.eventDate;
    if (!eventDate) return Outcome::invalid("admission", "an admission or event date is required");

    auto coverage = _store.findCoverage(memberNo, request.planCode, *eventDate);
    // A stay that a plan places by its discharge date belongs to the edition covering that day
    // (a stay from 12-28 to 01-05 under a discharge-based plan is next year's).
    if (coverage && f.discharge && coverage->plan.stayBelongsTo == core::StayBelongsTo::Discharge &&
        (*f.discharge < coverage->plan.periodStart || *f.discharge > coverage->plan.periodEnd)) {
        auto byDischarge = _store.findCoverage(memberNo, request.planCode, *f.discharge);
        if (byDischarge && byDischarge->plan.periodStart <= *f.discharge &&
            *f.discharge <= byDischarge->plan.periodEnd)
            coverage = std::move(byDischarge);
    }
    if (!coverage || (actor.role == Role::UnionOfficer && coverage->unionId != actor.unionId))
        return Outcome::invalid(
            "member_no",
            "member " + memberNo + " is not enrolled in plan " + request.planCode +
                (actor.role == Role::UnionOfficer ? " or not a member of your union" : ""));
    if (auto bad = core::validateClaim(coverage->plan, coverage->facts, f)) {
        std::string field = bad->field;
        if (field.rfind("claim.", 0) == 0) field.erase(0, 6);
        return Outcome::invalid(field, bad->message);
    }

    const core::History history = _store.historyOf(coverage->memberId, coverage->planId, 0);
    const core::Quote quote = core::quoteClaim(coverage->plan, coverage->facts, history, f);
    return Prepared{std::move(*coverage), quote};
}

Result<core::Quote> ClaimWorkflow::preview(const Actor& actor, ClaimRequest request) {
    auto prepared = prepare(actor, request);
    if (!prepared.isOk()) return prepared.outcome;
    return std::move(prepared.value->quote);
}

Result<ClaimRecord> ClaimWorkflow::fileClaim(const Actor& actor, ClaimRequest request) {
    auto prepared = prepare(actor, request);
    if (!prepared.isOk()) return prepared.outcome;
    const core::Coverage& coverage = prepared.value->coverage;
    const core::Quote& quote = prepared.value->quote;
    const auto& f = request.facts;
    core::NewClaim row{.memberId = coverage.memberId,
                       .planId = coverage.planId,
                       .filedBy = actor.userId,
                       .proxy = actor.role == Role::UnionOfficer,
                       .facts = f,
                       .settlementNo = request.settlementNo,
                       .invoiceNo = request.invoiceNo,
                       .hospital = request.hospital,
                       .payoutFen = quote.payoutFen,
                       .quoteJson = quote.toJson()};
    auto inserted = _store.insertClaim(row, actor);
    if (!inserted.isOk()) return inserted.outcome;
    auto stored = _store.findClaim(*inserted.value);
    if (!stored) return Outcome::notFound("claim vanished after filing");
    return std::move(*stored);
}

Result<ClaimRecord> ClaimWorkflow::claimantAction(const Actor& actor, std::int64_t claimId,
                                                  core::ClaimantAction action,
                                                  const std::string& reason) {
    return _store.updateClaim(
        claimId, actor,
        [&](const ClaimRecord& claim, const core::Coverage& coverage,
            const core::History& history) -> Result<core::ClaimChange> {
            if (!maySee(actor, claim))
                return Outcome::notFound("claim " + std::to_string(claimId) + " not found");
            const bool claimant = claim.filedBy == actor.userId ||
                                  (actor.role == Role::Member && actor.memberId == claim.memberId);
            if (!claimant || core::isOfficer(actor.role))
                return Outcome::forbidden("only the member or whoever filed the claim may do this");
            auto transition = core::claimantTransition(claim.status, action, reason);
            if (!transition.isOk()) return transition.outcome;
            core::ClaimChange change{.to = transition.value->to,
                                     .payoutFen = claim.payoutFen,
                                     .quoteJson = claim.quoteJson,
                                     .reason = reason};
            if (action == core::ClaimantAction::Resubmit) {
                // The answer may change what is due: quote again on the latest history.
                const core::Quote quote =
                    core::quoteClaim(coverage.plan, coverage.facts, history, claim.facts);
                change.payoutFen = quote.payoutFen;
                change.quoteJson = quote.toJson();
            }
            return change;
        });
}

Result<std::vector<core::PlanChoice>> ClaimWorkflow::plansToFileUnder(const Actor& actor) {
    if (actor.role != Role::UnionOfficer)
        return Outcome::forbidden("only union officers choose among all plans");
    return _store.planChoices();
}

Result<std::vector<core::Coverage>> ClaimWorkflow::myCoverage(const Actor& actor) {
    if (actor.role != Role::Member || !actor.memberId)
        return Outcome::notFound("the account is not linked to a member");
    return _store.coveragesOf(*actor.memberId);
}

Result<core::BankDetails> ClaimWorkflow::bankAccount(const Actor& actor) {
    if (actor.role != Role::Member || !actor.memberId)
        return Outcome::notFound("the account is not linked to a member");
    auto details = _store.bankDetailsOf(*actor.memberId);
    if (!details) return Outcome::notFound("member not found");
    return std::move(*details);
}

Result<core::BankDetails> ClaimWorkflow::updateBankAccount(const Actor& actor,
                                                           const std::string& bankName,
                                                           const std::string& account) {
    if (actor.role != Role::Member || !actor.memberId)
        return Outcome::notFound("the account is not linked to a member");
    std::string digits;
    for (char c : account)
        if (c != ' ' && c != '-') digits += c;
    if (!core::isValidBankAccount(digits))
        return Outcome::invalid("account", "not a valid bank card or account number");
    std::string bank = bankName;
    bank.erase(0, bank.find_first_not_of(" \t"));
    bank.erase(bank.find_last_not_of(" \t") + 1);
    if (const std::string problem = core::paymentTextProblem(bank, 60); !problem.empty())
        return Outcome::invalid("bank_name", "the bank and branch " + problem +
                                                 " (at most 60 characters, as bank files allow)");
    return _store.updateBankAccount(*actor.memberId, bank, digits, actor);
}

Result<std::vector<core::Notice>> ClaimWorkflow::notices(const Actor& actor) {
    if (actor.role != Role::Member || !actor.memberId)
        return Outcome::notFound("the account is not linked to a member");
    return _store.noticesOf(*actor.memberId);
}

Result<ClaimWorkflow::EligibilityAnswer> ClaimWorkflow::eligibility(const Actor& actor,
                                                                    const std::string& memberNo,
                                                                    const std::string& planCode,
                                                                    core::Date date) {
    const bool staff = core::isOfficer(actor.role) || actor.role == Role::Auditor ||
                       actor.role == Role::Admin || actor.role == Role::UnionOfficer;
    if (!staff) return Outcome::forbidden("only officers check eligibility");
    const auto unionId = _store.memberUnion(memberNo);
    if (!unionId || (actor.role == Role::UnionOfficer && actor.unionId != unionId))
        return Outcome::notFound("member " + memberNo + " not found");
    _store.recordAccess(actor, "member", memberNo);
    auto coverage = _store.findCoverage(memberNo, planCode, date);
    EligibilityAnswer answer{core::checkEligibility(coverage, date), std::nullopt};
    if (coverage) answer.planVersion = coverage->plan.version;
    return answer;
}

Result<ClaimRecord> ClaimWorkflow::claim(const Actor& actor, std::int64_t claimId) {
    auto found = _store.findClaim(claimId);
    if (!found || !maySee(actor, *found))
        return Outcome::notFound("claim " + std::to_string(claimId) + " not found");
    // Staff reading a member's claim see personal data: that view is audited.
    const bool claimant = actor.memberId == found->memberId || actor.userId == found->filedBy;
    if (!claimant) _store.recordAccess(actor, "claim", std::to_string(claimId));
    return std::move(*found);
}

Result<std::vector<ClaimRecord>> ClaimWorkflow::claims(const Actor& actor,
                                                       core::ClaimFilter filter) {
    switch (actor.role) {
        case Role::Member:
            if (!actor.memberId) return Outcome::forbidden("the account is not linked to a member");
            filter.memberId = actor.memberId;
            break;
        case Role::UnionOfficer:
            if (!actor.unionId) return Outcome::forbidden("the account is not linked to a union");
            filter.unionId = actor.unionId;
            break;
        case Role::Finance:
            return Outcome::forbidden("finance works on payouts, not claims");
        default:
            break;
    }
    filter.limit = std::clamp(filter.limit, 1, 200);
    return _store.listClaims(filter);
}

Result<ClaimRecord> ClaimWorkflow::decide(const Actor& actor, std::int64_t claimId,
                                          core::DecisionAction action, const std::string& reason) {
    if (!core::isOfficer(actor.role))
        return Outcome::forbidden("only claims officers decide claims");
    const core::AuthorityRules rules = _rules;
    return _store.updateClaim(
        claimId, actor,
        [&](const ClaimRecord& claim, const core::Coverage& coverage,
            const core::History& history) -> Result<core::ClaimChange> {
            // Recompute against the latest history: another approval may have used the cap.
            const core::Quote quote =
                core::quoteClaim(coverage.plan, coverage.facts, history, claim.facts);
            auto transition = core::decideTransition(
                core::DecisionFacts{.status = claim.status,
                                    .filedBy = claim.filedBy,
                                    .firstApprover = claim.firstApprover,
                                    .rejectedBy = claim.rejectedBy,
                                    .payoutFen = quote.payoutFen,
                                    .coveredButZero = quote.status == core::QuoteStatus::Zero},
                actor, action, reason, rules);
            if (!transition.isOk()) return transition.outcome;
            std::vector<core::LineAmount> lines;
            for (const auto& line : quote.lines) {
                core::LineAmount amount{.benefit = line.benefit, .payoutFen = line.payoutFen};
                for (const auto& step : line.steps)
                    if (step.rule == "deductible") amount.deductibleFen = step.fen;
                lines.push_back(std::move(amount));
            }
            return core::ClaimChange{.to = transition.value->to,
                                     .payoutFen = quote.payoutFen,
                                     .lines = std::move(lines),
                                     .quoteJson = quote.toJson(),
                                     .reason = reason,
                                     .recordsFirstApproval = transition.value->recordsFirstApproval,
                                     .createsPayout = transition.value->createsPayout};
        });
}

}  // namespace huzhu::claims
