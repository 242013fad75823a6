#include "app/DemoClaims.h"

#include <Poco/Exception.h>
#include <algorithm>

namespace huzhu::app {

namespace {

core::Actor loginAs(claims::Authenticator& authenticator, const std::string& username) {
    auto actor = authenticator.login(username, "huzhu-demo");
    if (!actor.isOk()) throw Poco::IllegalStateException("demo login failed: " + username);
    return *actor.value;
}

}  // namespace

int loadDemoClaims(claims::Authenticator& authenticator, claims::ClaimWorkflow& workflow,
                   const core::Clock& clock) {
    const core::Actor filer = loginAs(authenticator, "demo-union");
    const core::Actor officer = loginAs(authenticator, "demo-officer");

    const core::Date today = clock.today();
    const core::Date admission = std::max(core::Date(today.year(), 1, 1), today.addDays(-20));
    const core::Date discharge = std::min(today, admission.addDays(7));

    struct DemoClaim {
        const char* memberNo;
        core::Fen totalFen, fundPaidFen, outOfScopeFen;
        std::optional<core::DecisionAction> decision;
        const char* reason;
        const char* hospital;
        const char* diagnosis;
    };
    const DemoClaim demo[] = {
        {"M000002", 2'000'000, 1'200'000, 100'000, std::nullopt, "", "贵州省人民医院", "K35.8"},
        {"M000003", 450'000, 300'000, 20'000, std::nullopt, "", "贵阳市第一人民医院", "J18.9"},
        {"M000004", 1'200'000, 700'000, 50'000, core::DecisionAction::Approve, "材料齐全",
         "贵阳市第一人民医院", "I21.0"},
        {"M000005", 300'000, 280'000, 0, core::DecisionAction::Reject, "结算单与发票金额不一致",
         "贵阳市第二人民医院", "S82.1"},
        {"M000006", 900'000, 500'000, 30'000, core::DecisionAction::RequestInfo, "请补充出院小结",
         "贵州医科大学附属医院", "N20.0"},
        {"M000007", 8'000'000, 4'000'000, 200'000, core::DecisionAction::Approve, "大额，提交复核",
         "贵州医科大学附属医院", "C34.9"},
        {"M000008", 6'500'000, 3'500'000, 150'000, std::nullopt, "", "贵州省人民医院", "C18.7"},
    };
    int filed = 0;
    for (const DemoClaim& d : demo) {
        claims::ClaimRequest r;
        r.memberNo = d.memberNo;
        r.planCode = "demo-inpatient";
        r.facts.admission = admission;
        r.facts.discharge = discharge;
        r.facts.diagnosis = d.diagnosis;
        r.facts.hospitalLevel = core::HospitalLevel::Provincial;
        r.facts.totalFen = d.totalFen;
        r.facts.fundPaidFen = d.fundPaidFen;
        r.facts.outOfScopeFen = d.outOfScopeFen;
        r.settlementNo = std::string("DEMO-JS-") + d.memberNo;
        r.invoiceNo = std::string("DEMO-FP-") + d.memberNo;
        r.hospital = d.hospital;
        auto claim = workflow.fileClaim(filer, std::move(r));
        if (!claim.isOk()) continue;  // member not in this (smaller) demo roster
        ++filed;
        if (d.decision) {
            auto decided = workflow.decide(officer, claim.value->id, *d.decision, d.reason);
            if (!decided.isOk())
                throw Poco::IllegalStateException("demo decision failed: " +
                                                  decided.outcome.toString());
        }
    }
    return filed;
}

}  // namespace huzhu::app
