#include "adapters/formats/PlanJson.h"
#include "claims/ClaimWorkflow.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "support/DemoDatabase.h"

using namespace huzhu;
using claims::ClaimRequest;
using claims::ClaimWorkflow;
using core::ClaimStatus;
using core::Date;
using core::DecisionAction;
using core::Fen;
using core::Outcome;

namespace {

/// A stay of March 2026 with the contract's example figures (total 30,000 元, fund 18,000 元,
/// out of scope 2,000 元): 970,000 x 60 % = 582,000 on a fresh demo plan history.
ClaimRequest stayRequest(const std::string& settlementNo, Fen total = 3000000, Fen fund = 1800000,
                         Fen outOfScope = 200000) {
    ClaimRequest r;
    r.planCode = "demo-inpatient";
    r.facts.type = core::ClaimType::Inpatient;
    r.facts.admission = Date(2026, 3, 2);
    r.facts.discharge = Date(2026, 3, 12);
    r.facts.diagnosis = "K35.8";
    r.facts.hospitalLevel = core::HospitalLevel::City;
    r.facts.totalFen = total;
    r.facts.fundPaidFen = fund;
    r.facts.outOfScopeFen = outOfScope;
    r.settlementNo = settlementNo;
    r.invoiceNo = "INV-" + settlementNo;
    r.hospital = "贵阳市第一人民医院";
    return r;
}

struct WorkflowFixture : test::DemoDatabase {
    ClaimWorkflow workflow{store, clock, core::AuthorityRules{}};
    core::Actor member = actorFor("demo-member");       // M000001, union U0001
    core::Actor unionOfficer = actorFor("demo-union");  // union U0001
    core::Actor officer = actorFor("demo-officer");
    core::Actor senior = actorFor("demo-senior");

    std::int64_t file(const core::Actor& actor, ClaimRequest request) {
        auto filed = workflow.fileClaim(actor, std::move(request));
        BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
        return filed.value->id;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(claim_workflow, WorkflowFixture)

BOOST_AUTO_TEST_CASE(member_files_for_self) {
    auto filed = workflow.fileClaim(member, stayRequest("S-1"));
    BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
    const core::ClaimRecord& c = *filed.value;
    BOOST_TEST(c.memberNo == "M000001");
    BOOST_TEST(c.filedBy == member.userId);
    BOOST_TEST((c.status == ClaimStatus::Submitted));
    BOOST_TEST(c.facts.filed.iso() == "2026-06-15");  // set to today by the workflow
    BOOST_TEST(c.payoutFen == 582000);
    BOOST_TEST(c.quoteJson.rfind(R"({"status":"payable","payout_fen":582000,)", 0) == 0u);
    BOOST_TEST(c.planCode == "demo-inpatient");
    BOOST_TEST(c.planVersion == 2026);
    BOOST_TEST(c.settlementNo == "S-1");
    BOOST_TEST(c.events.size() == 1u);
    BOOST_TEST(c.events[0].reason == "filed by the member");

    // Naming oneself explicitly is fine too.
    ClaimRequest named = stayRequest("S-2");
    named.memberNo = "M000001";
    BOOST_TEST(workflow.fileClaim(member, named).isOk());
}

BOOST_AUTO_TEST_CASE(member_filing_for_another_member_is_forbidden) {
    ClaimRequest r = stayRequest("S-1");
    r.memberNo = "M000002";
    auto filed = workflow.fileClaim(member, r);
    BOOST_REQUIRE(!filed.isOk());
    BOOST_TEST((filed.outcome.kind() == Outcome::Kind::Forbidden));
    BOOST_TEST(count("claims") == 0);
}

BOOST_AUTO_TEST_CASE(union_officer_files_within_its_union_only) {
    ClaimRequest r = stayRequest("S-1");
    r.memberNo = "M000002";
    auto filed = workflow.fileClaim(unionOfficer, r);
    BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
    BOOST_TEST(filed.value->memberNo == "M000002");
    BOOST_TEST(filed.value->filedBy == unionOfficer.userId);
    BOOST_TEST(filed.value->events[0].reason == "filed by the union officer");

    r = stayRequest("S-2");
    r.memberNo = "M000020";  // union U0002
    auto refused = workflow.fileClaim(unionOfficer, r);
    BOOST_REQUIRE(!refused.isOk());
    BOOST_TEST((refused.outcome.kind() == Outcome::Kind::Invalid));
    BOOST_TEST(refused.outcome.field() == "member_no");

    r = stayRequest("S-3");  // no member_no
    refused = workflow.fileClaim(unionOfficer, r);
    BOOST_TEST((refused.outcome.kind() == Outcome::Kind::Invalid));
    BOOST_TEST(refused.outcome.field() == "member_no");
    BOOST_TEST(count("claims") == 1);
}

BOOST_AUTO_TEST_CASE(other_roles_do_not_file) {
    for (const char* name :
         {"demo-officer", "demo-senior", "demo-finance", "demo-auditor", "demo-admin"}) {
        ClaimRequest r = stayRequest(std::string("S-") + name);
        r.memberNo = "M000001";
        auto filed = workflow.fileClaim(actorFor(name), r);
        BOOST_TEST((filed.outcome.kind() == Outcome::Kind::Forbidden), name);
    }
    BOOST_TEST(count("claims") == 0);
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_field) {
    auto bad = workflow.fileClaim(member, stayRequest("S-1", 3000000, 3000001, 0));
    BOOST_TEST((bad.outcome.kind() == Outcome::Kind::Invalid));
    BOOST_TEST(bad.outcome.field() == "fund_paid_fen");

    ClaimRequest future = stayRequest("S-2");
    future.facts.discharge = Date(2026, 6, 16);  // after today: filed before discharge
    bad = workflow.fileClaim(member, future);
    BOOST_TEST(bad.outcome.field() == "filed");

    ClaimRequest noPlan = stayRequest("S-3");
    noPlan.planCode = "";
    BOOST_TEST(workflow.fileClaim(member, noPlan).outcome.field() == "plan_code");

    ClaimRequest otherPlan = stayRequest("S-4");
    otherPlan.planCode = "other";
    BOOST_TEST(workflow.fileClaim(member, otherPlan).outcome.field() == "member_no");
    BOOST_TEST(count("claims") == 0);

    // A reused settlement number is a conflict.
    file(member, stayRequest("S-5"));
    ClaimRequest again = stayRequest("S-5");
    again.invoiceNo = "other";
    auto dup = workflow.fileClaim(member, again);
    BOOST_TEST((dup.outcome.kind() == Outcome::Kind::Conflict));
    BOOST_TEST(dup.outcome.field() == "settlement_no");
    BOOST_TEST(count("claims") == 1);
}

BOOST_AUTO_TEST_CASE(who_sees_a_claim) {
    const std::int64_t id = file(member, stayRequest("S-1"));
    BOOST_TEST(workflow.claim(member, id).isOk());
    BOOST_TEST(workflow.claim(unionOfficer, id).isOk());
    BOOST_TEST(workflow.claim(officer, id).isOk());
    BOOST_TEST(workflow.claim(actorFor("demo-auditor"), id).isOk());

    const core::Actor other = addUser("member3", "member", memberId("M000003"));
    auto hidden = workflow.claim(other, id);
    BOOST_REQUIRE(!hidden.isOk());
    BOOST_TEST((hidden.outcome.kind() == Outcome::Kind::NotFound));
    const core::Actor otherUnion =
        addUser("union2", "union_officer", std::nullopt, unionOf("M000020"));
    BOOST_TEST((workflow.claim(otherUnion, id).outcome.kind() == Outcome::Kind::NotFound));
    // A claim that does not exist looks the same.
    BOOST_TEST((workflow.claim(member, id + 100).outcome.kind() == Outcome::Kind::NotFound));

    // Lists are scoped the same way.
    BOOST_TEST(workflow.claims(member, {}).value->size() == 1u);
    BOOST_TEST(workflow.claims(other, {}).value->empty());
    BOOST_TEST(workflow.claims(otherUnion, {}).value->empty());
    BOOST_TEST(workflow.claims(unionOfficer, {}).value->size() == 1u);
    BOOST_TEST(workflow.claims(officer, {}).value->size() == 1u);
    BOOST_TEST(
        (workflow.claims(actorFor("demo-finance"), {}).outcome.kind() == Outcome::Kind::Forbidden));

    // Coverage: a member's own, nobody else's.
    auto cover = workflow.myCoverage(member);
    BOOST_REQUIRE(cover.isOk());
    BOOST_REQUIRE_EQUAL(cover.value->size(), 1u);
    BOOST_TEST(cover.value->front().plan.code == "demo-inpatient");
    BOOST_TEST((workflow.myCoverage(officer).outcome.kind() == Outcome::Kind::NotFound));
}

BOOST_AUTO_TEST_CASE(decisions_go_through_the_state_machine) {
    const std::int64_t id = file(member, stayRequest("S-1"));
    // Not an officer.
    BOOST_TEST((workflow.decide(member, id, DecisionAction::Approve, "").outcome.kind() ==
                Outcome::Kind::Forbidden));
    BOOST_TEST((
        workflow.decide(actorFor("demo-finance"), id, DecisionAction::Approve, "").outcome.kind() ==
        Outcome::Kind::Forbidden));
    // Request info needs a reason; then the claim waits for the member.
    BOOST_TEST(workflow.decide(officer, id, DecisionAction::RequestInfo, "").outcome.field() ==
               "reason");
    auto asked = workflow.decide(officer, id, DecisionAction::RequestInfo, "请补充发票");
    BOOST_REQUIRE(asked.isOk());
    BOOST_TEST((asked.value->status == ClaimStatus::InfoRequested));
    BOOST_TEST(asked.value->events.back().reason == "请补充发票");
    auto again = workflow.decide(officer, id, DecisionAction::Approve, "");
    BOOST_TEST(again.outcome.code() == "illegal_transition");
    BOOST_TEST(count("payouts") == 0);

    // Approve within the limit: approved, one payout of the recomputed amount.
    const std::int64_t id2 = file(member, stayRequest("S-2"));
    auto approved = workflow.decide(officer, id2, DecisionAction::Approve, "");
    BOOST_REQUIRE_MESSAGE(approved.isOk(), approved.outcome.toString());
    BOOST_TEST((approved.value->status == ClaimStatus::Approved));
    BOOST_TEST(approved.value->payoutFen == 582000);
    BOOST_TEST(approved.value->firstApprover.value() == officer.userId);
    BOOST_TEST(sum("amount_fen), 0) FROM payouts") == 582000);
    BOOST_TEST(workflow.decide(officer, id2, DecisionAction::Reject, "x").outcome.code() ==
               "illegal_transition");
}

BOOST_AUTO_TEST_CASE(approval_recomputes_against_the_cap) {
    // Claim A: in-scope self-pay 16,530,000: (16,530,000 - 30,000) x 60 % = 9,900,000.
    const std::int64_t a = file(member, stayRequest("S-A", 16530000, 0, 0));
    // Claims B and C: the contract example, quoted 582,000 each while the history is empty.
    const std::int64_t b = file(member, stayRequest("S-B"));
    const std::int64_t c = file(member, stayRequest("S-C"));
    BOOST_TEST(workflow.claim(officer, b).value->payoutFen == 582000);

    // A is above the officer's limit: pending second approval, then the senior approves.
    auto first = workflow.decide(officer, a, DecisionAction::Approve, "");
    BOOST_REQUIRE(first.isOk());
    BOOST_TEST((first.value->status == ClaimStatus::PendingSecondApproval));
    BOOST_TEST(count("payouts") == 0);
    BOOST_TEST((workflow.decide(officer, a, DecisionAction::Approve, "").outcome.kind() ==
                Outcome::Kind::Forbidden));
    auto second = workflow.decide(senior, a, DecisionAction::Approve, "");
    BOOST_REQUIRE_MESSAGE(second.isOk(), second.outcome.toString());
    BOOST_TEST((second.value->status == ClaimStatus::Approved));
    BOOST_TEST(second.value->payoutFen == 9900000);

    // B now: deductible used up, 1,000,000 x 60 % = 600,000, but only 10,000,000 - 9,900,000
    // = 100,000 is left under the cap.
    auto approvedB = workflow.decide(officer, b, DecisionAction::Approve, "");
    BOOST_REQUIRE_MESSAGE(approvedB.isOk(), approvedB.outcome.toString());
    BOOST_TEST((approvedB.value->status == ClaimStatus::Approved));
    BOOST_TEST(approvedB.value->payoutFen == 100000);
    BOOST_TEST(approvedB.value->quoteJson.find(R"({"rule":"benefit_cap","fen":100000})") !=
               std::string::npos);
    BOOST_TEST(sum("amount_fen), 0) FROM payouts") == 10000000);

    // C: nothing left; approval refused, nothing changes; rejecting it is fine.
    auto refused = workflow.decide(officer, c, DecisionAction::Approve, "");
    BOOST_REQUIRE(!refused.isOk());
    BOOST_TEST(refused.outcome.code() == "nothing_payable");
    BOOST_TEST((workflow.claim(officer, c).value->status == ClaimStatus::Submitted));
    auto rejected = workflow.decide(officer, c, DecisionAction::Reject, "年度封顶线已用完");
    BOOST_REQUIRE(rejected.isOk());
    BOOST_TEST((rejected.value->status == ClaimStatus::Rejected));
    BOOST_TEST(count("payouts") == 2);
}

BOOST_AUTO_TEST_CASE(concurrent_approvals_never_pass_the_cap) {
    // 16 claims of M000003, each in-scope self-pay 1,666,667, filed by the union officer:
    // the first approved pays (1,666,667 - 30,000) x 60 % = 982,000.2 -> 982,000, each later
    // one 1,000,000.2 -> 1,000,000 (within a claims officer's limit) until the 10,000,000 cap:
    // 982,000 + 9 x 1,000,000 = 9,982,000, the 11th gets the 18,000 left, 5 get nothing.
    constexpr int kThreads = 16;
    std::vector<std::int64_t> ids;
    std::vector<core::Actor> officers;
    for (int i = 0; i < kThreads; ++i) {
        ClaimRequest r = stayRequest("C-" + std::to_string(i), 1666667, 0, 0);
        r.memberNo = "M000003";
        ids.push_back(file(unionOfficer, r));
        officers.push_back(addUser("officer" + std::to_string(i), "claims_officer"));
    }
    // Every quote at filing time (empty history) together far exceeds the cap.
    BOOST_TEST(sum("payout_fen), 0) FROM claims") == kThreads * 982000);

    std::vector<core::Result<core::ClaimRecord>> results(kThreads, Outcome::ok());
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < kThreads) std::this_thread::yield();
            try {
                results[static_cast<std::size_t>(i)] =
                    workflow.decide(officers[static_cast<std::size_t>(i)],
                                    ids[static_cast<std::size_t>(i)], DecisionAction::Approve, "");
            } catch (const std::exception& e) {
                results[static_cast<std::size_t>(i)] = Outcome::conflict("exception", e.what());
            }
        });
    }
    for (auto& t : threads) t.join();

    int approved = 0, nothing = 0;
    Fen total = 0;
    for (int i = 0; i < kThreads; ++i) {
        const auto& r = results[static_cast<std::size_t>(i)];
        if (r.isOk()) {
            ++approved;
            BOOST_TEST((r.value->status == ClaimStatus::Approved));
            BOOST_TEST(r.value->payoutFen <= 1000000);
            total += r.value->payoutFen;
        } else {
            BOOST_TEST(r.outcome.code() == "nothing_payable", r.outcome.toString());
            ++nothing;
        }
    }
    BOOST_TEST(approved == 11);
    BOOST_TEST(nothing == 5);
    BOOST_TEST(total == 10000000);
    BOOST_TEST(sum("amount_fen), 0) FROM payouts") == 10000000);
    BOOST_TEST(count("payouts") == 11);
    BOOST_TEST(count("claims WHERE status = 'approved'") == 11);
    BOOST_TEST(count("claims WHERE status = 'submitted'") == 5);
    // One approval took the deductible, all the others none.
    BOOST_TEST(sum("deductible_fen), 0) FROM claim_lines") == 30000);
    const std::int64_t planId = workflow.claim(officer, ids[0]).value->planId;
    const core::History h = store.historyOf(memberId("M000003"), planId, 0);
    BOOST_TEST(h.paidFen == 10000000);
    BOOST_TEST(h.benefits.at("住院医疗互助").paidClaims == 11);
    {
        Poco::Data::Session s = db.session();
        BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
    }
}

// Review findings: a covered stay below the deductible still uses it up; finance and a union
// officer without a union see no claims; settlement numbers are compared normalised; a stay
// placed by its discharge date files under the next year's edition.
BOOST_AUTO_TEST_CASE(a_zero_stay_uses_up_the_period_deductible) {
    // Stay 1: 200 元 in-scope self-pay, below the 300 元 deductible: covered, nothing due.
    const std::int64_t first = file(member, stayRequest("Z-1", 20000, 0, 0));
    auto approved = workflow.decide(officer, first, DecisionAction::Approve, "");
    BOOST_REQUIRE_MESSAGE(approved.isOk(), approved.outcome.toString());
    BOOST_TEST((approved.value->status == ClaimStatus::Approved));
    BOOST_TEST(approved.value->payoutFen == 0);
    BOOST_TEST(count("payouts") == 0);  // nothing to pay
    // Stay 2: 1,000 元; only 100 元 of the deductible is left: (100,000 - 10,000) x 60 % =
    // 54,000 fen (540 元), not (100,000 - 30,000) x 60 % = 42,000.
    ClaimRequest second = stayRequest("Z-2", 100000, 0, 0);
    second.facts.admission = Date(2026, 4, 1);
    second.facts.discharge = Date(2026, 4, 3);
    const std::int64_t secondId = file(member, second);
    auto paid = workflow.decide(officer, secondId, DecisionAction::Approve, "");
    BOOST_REQUIRE(paid.isOk());
    BOOST_TEST(paid.value->payoutFen == 54000);
}

// A claim carries copies of its member's number, name and union (schema migration 9); the
// database keeps them. A member moved to another union, as a roster import does, takes the
// claims out of the old union officer's scope and into the new one's, in views and in lists.
BOOST_AUTO_TEST_CASE(a_member_moved_to_another_union_takes_the_claims_along) {
    const std::int64_t id = file(member, stayRequest("S-1"));
    const core::Actor otherUnion =
        addUser("union2", "union_officer", std::nullopt, unionOf("M000020"));
    BOOST_TEST(workflow.claim(unionOfficer, id).isOk());
    BOOST_TEST(workflow.claims(unionOfficer, {}).value->size() == 1u);

    {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        s << "UPDATE members SET union_id = ?, name = '王娜娜' WHERE member_no = 'M000001'",
            bind(*otherUnion.unionId), now;
    }
    BOOST_TEST((workflow.claim(unionOfficer, id).outcome.kind() == Outcome::Kind::NotFound));
    BOOST_TEST(workflow.claims(unionOfficer, {}).value->empty());
    auto seen = workflow.claim(otherUnion, id);
    BOOST_REQUIRE(seen.isOk());
    BOOST_TEST(seen.value->memberName == "王娜娜");
    BOOST_TEST(workflow.claims(otherUnion, {}).value->size() == 1u);
    core::ClaimFilter byMember;
    byMember.memberNo = "M000001";
    BOOST_TEST(workflow.claims(officer, byMember).value->size() == 1u);
}

BOOST_AUTO_TEST_CASE(finance_and_unlinked_union_officers_see_no_claims) {
    const std::int64_t id = file(member, stayRequest("F-1"));
    const core::Actor finance = actorFor("demo-finance");
    BOOST_TEST((workflow.claim(finance, id).outcome.kind() == core::Outcome::Kind::NotFound));
    BOOST_TEST((workflow.claims(finance, {}).outcome.kind() == core::Outcome::Kind::Forbidden));
    const core::Actor orphan = addUser("orphan-union", "union_officer");
    BOOST_TEST((workflow.claims(orphan, {}).outcome.kind() == core::Outcome::Kind::Forbidden));
}

BOOST_AUTO_TEST_CASE(settlement_numbers_are_compared_normalised) {
    file(member, stayRequest("JS-77"));
    ClaimRequest again = stayRequest(" js-77 ");
    again.invoiceNo = "OTHER";
    auto refused = workflow.fileClaim(member, again);
    BOOST_TEST(refused.outcome.code() == "duplicate_settlement_no");
}

BOOST_AUTO_TEST_CASE(a_discharge_based_stay_over_new_year_files_under_the_next_edition) {
    // Two editions of a discharge-based plan, the member enrolled in both.
    for (int year : {2025, 2026}) {
        const std::string y = std::to_string(year);
        const std::string json = R"({"code":"dis","version":)" + y +
                                 R"(,"name":"d","period":{"start":")" + y + R"(-01-01","end":")" +
                                 y +
                                 R"(-12-31"},"price_fen":100,"stay_belongs_to":"discharge",)"
                                 R"("benefits":[{"name":"b","method":"ratio",)"
                                 R"("bands":[{"upto_fen":null,"ratio_bp":5000}]}]})";
        BOOST_REQUIRE(
            adapters::sqlite::storePlan(db, json, adapters::formats::parsePlanJson(json), clock)
                .isOk());
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        s << "INSERT INTO enrolments (member_id, plan_id, shares, contribution_fen, enrolled_on, "
             "cover_start, cover_end) SELECT ?, id, 1, 100, period_start, period_start, "
             "period_end FROM plans WHERE code = 'dis' AND version = ?",
            bind(memberId("M000001")), bind(year), now;
    }
    ClaimRequest r = stayRequest("D-1", 100000, 0, 0);
    r.planCode = "dis";
    r.facts.admission = Date(2025, 12, 28);
    r.facts.discharge = Date(2026, 1, 5);
    auto filed = workflow.fileClaim(member, r);
    BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
    BOOST_TEST(filed.value->planVersion == 2026);
    BOOST_TEST(filed.value->payoutFen == 50000);  // 100,000 x 50 %
}

BOOST_AUTO_TEST_SUITE_END()
