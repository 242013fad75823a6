#include "adapters/formats/CaseJson.h"

namespace huzhu::adapters::formats {

QuoteCase parseCaseJson(const std::string& json) {
    StrictObject root(parseJsonObject(json), "");
    QuoteCase c;

    StrictObject m = root.object("member");
    c.member.coverStart = m.date("cover_start");
    c.member.coverEnd = m.optionalDate("cover_end");
    c.member.shares = static_cast<int>(m.integerIn("shares", 1, 100, 1));
    const std::string gender = m.text("gender", std::string("M"));
    if (gender != "M" && gender != "F") throw JsonInputError(m.at("gender"), "must be M or F");
    c.member.gender = gender[0];
    c.member.insured = m.flag("insured", true);
    if (m.has("renewed_after_days"))
        c.member.renewedAfterDays = static_cast<int>(m.integerIn("renewed_after_days", 0, 100000));
    m.finish();

    if (root.has("history")) {
        StrictObject h = root.object("history");
        c.history.paidFen = h.money("paid_fen", 0);
        if (h.has("benefits")) {
            StrictObject benefits = h.object("benefits");
            for (const std::string& name : benefits.keys()) {
                StrictObject b = benefits.object(name);
                core::BenefitHistory past;
                past.paidFen = b.money("paid_fen", 0);
                past.deductibleUsedFen = b.money("deductible_used_fen", 0);
                past.paidClaims = static_cast<int>(b.integerIn("paid_claims", 0, 100000, 0));
                const std::string lump = b.text("lump_sum_paid", std::string(""));
                if (lump == "this_period")
                    past.lumpSumPaid = core::LumpSumPaid::ThisPeriod;
                else if (lump == "earlier_period")
                    past.lumpSumPaid = core::LumpSumPaid::EarlierPeriod;
                else if (!lump.empty())
                    throw JsonInputError(b.at("lump_sum_paid"),
                                         "must be null, \"this_period\" or \"earlier_period\"");
                b.finish();
                c.history.benefits.emplace(name, past);
            }
            benefits.finish();
        }
        h.finish();
    }

    StrictObject k = root.object("claim");
    const std::string type = k.text("type", std::string("inpatient"));
    auto claimType = core::parseClaimType(type);
    if (!claimType) throw JsonInputError(k.at("type"), "unknown claim type '" + type + "'");
    c.claim.type = *claimType;
    c.claim.admission = k.optionalDate("admission");
    c.claim.discharge = k.optionalDate("discharge");
    c.claim.eventDate = k.optionalDate("event_date");
    c.claim.filed = k.date("filed");
    c.claim.diagnosis = k.text("diagnosis", std::string(""));
    if (k.has("hospital_level")) {
        c.claim.hospitalLevel = core::parseHospitalLevel(k.text("hospital_level"));
        if (!c.claim.hospitalLevel)
            throw JsonInputError(k.at("hospital_level"), "must be provincial, city or district");
    }
    c.claim.localHospital = k.flag("local_hospital", true);
    if (k.has("severity")) c.claim.severity = k.text("severity");
    if (k.has("disability_grade"))
        c.claim.disabilityGrade = static_cast<int>(k.integerIn("disability_grade", 1, 10));
    c.claim.died = k.flag("died", false);
    // Amounts are read as plain integers so that a negative one reaches validateClaim, which
    // names it; everything else about them is checked there too.
    c.claim.totalFen = k.integer("total_fen", 0);
    c.claim.fundPaidFen = k.integer("fund_paid_fen", 0);
    c.claim.criticalInsuranceFen = k.integer("critical_insurance_fen", 0);
    c.claim.assistanceFen = k.integer("assistance_fen", 0);
    c.claim.otherPaidFen = k.integer("other_paid_fen", 0);
    c.claim.outOfScopeFen = k.integer("out_of_scope_fen", 0);
    k.finish();
    root.finish();
    return c;
}

}  // namespace huzhu::adapters::formats
