#include "adapters/formats/PlanJson.h"

#include <set>

namespace huzhu::adapters::formats {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;

constexpr std::int64_t MaxDays = 3660;

std::vector<std::string> prefixList(StrictObject& r, const std::string& key) {
    Array::Ptr list = r.array(key);
    std::vector<std::string> prefixes;
    for (std::size_t i = 0; i < list->size(); ++i) {
        Var v = list->get(static_cast<unsigned>(i));
        const std::string path = r.at(key) + "[" + std::to_string(i) + "]";
        if (!v.isString()) throw PlanError(path, "must be an ICD-10 prefix string");
        std::string prefix = v.convert<std::string>();
        if (prefix.empty() || prefix.size() > 8 ||
            prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.") != std::string::npos)
            throw PlanError(path, "must be an ICD-10 code prefix such as \"C50\" or \"I21.0\"");
        prefixes.push_back(std::move(prefix));
    }
    if (prefixes.empty()) throw PlanError(r.at(key), "needs at least one prefix (or null for any)");
    return prefixes;
}

void parseRatio(StrictObject& r, core::Benefit& b) {
    const std::string base = r.text("base", std::string("self_pay_in_scope"));
    auto baseAmount = core::parseBaseAmount(base);
    if (!baseAmount) throw PlanError(r.at("base"), "unknown base '" + base + "'");
    b.base = *baseAmount;
    if (r.has("deductible")) {
        StrictObject d = r.object("deductible");
        b.deductibleFen = d.money("fen", 0);
        const std::string per = d.text("per", std::string("stay"));
        if (per == "stay")
            b.deductiblePer = core::DeductiblePer::Stay;
        else if (per == "period")
            b.deductiblePer = core::DeductiblePer::Period;
        else
            throw PlanError(d.at("per"), "must be \"stay\" or \"period\"");
        d.finish();
    }
    const bool hasBands = r.has("bands"), hasLevels = r.has("ratio_by_hospital_level");
    if (hasBands && hasLevels)
        throw PlanError(r.at("ratio_by_hospital_level"),
                        "use either bands or ratio_by_hospital_level, not both");
    if (!hasBands && !hasLevels)
        throw PlanError(r.at("bands"), "is required (or ratio_by_hospital_level)");
    if (hasLevels) {
        StrictObject levels = r.object("ratio_by_hospital_level");
        b.ratioByHospitalLevel = core::HospitalLevelRatios{
            levels.ratio("provincial"), levels.ratio("city"), levels.ratio("district")};
        levels.finish();
    } else {
        Array::Ptr bands = r.array("bands");
        if (bands->size() == 0) throw PlanError(r.at("bands"), "needs at least one band");
        for (std::size_t i = 0; i < bands->size(); ++i) {
            StrictObject band = r.element(bands, "bands", i);
            core::Band parsed{band.optionalMoney("upto_fen"), band.ratio("ratio_bp")};
            band.finish();
            if (!parsed.uptoFen && i + 1 != bands->size())
                throw PlanError(band.at("upto_fen"), "only the last band may be open-ended (null)");
            if (parsed.uptoFen && *parsed.uptoFen == 0)
                throw PlanError(band.at("upto_fen"), "must be above 0");
            if (parsed.uptoFen && !b.bands.empty() && *parsed.uptoFen <= *b.bands.back().uptoFen)
                throw PlanError(band.at("upto_fen"), "bands must be in ascending order");
            b.bands.push_back(parsed);
        }
    }
    b.minFen = r.money("min_fen", 0);
    b.stayCapFen = r.optionalMoney("stay_cap_fen");
    if (auto n = r.optionalInteger("max_claims")) {
        if (*n < 1 || *n > 1000) throw PlanError(r.at("max_claims"), "must be between 1 and 1000");
        b.maxClaims = static_cast<int>(*n);
    }
    b.deathMinimumFen = r.optionalMoney("death_minimum_fen");
}

void parseLumpSum(StrictObject& r, core::Benefit& b) {
    Array::Ptr tiers = r.array("tiers");
    if (tiers->size() == 0) throw PlanError(r.at("tiers"), "needs at least one tier");
    for (std::size_t i = 0; i < tiers->size(); ++i) {
        StrictObject t = r.element(tiers, "tiers", i);
        core::LumpSumTier tier;
        if (t.has("diseases")) tier.diseases = prefixList(t, "diseases");
        if (t.has("severity")) tier.severity = t.text("severity");
        tier.fen = t.money("fen");
        t.finish();
        b.tiers.push_back(std::move(tier));
    }
    const std::string once = r.text("once", std::string("period"));
    if (once == "period")
        b.once = core::Once::Period;
    else if (once == "lifetime")
        b.once = core::Once::Lifetime;
    else
        throw PlanError(r.at("once"), "must be \"period\" or \"lifetime\"");
}

void parseDaily(StrictObject& r, core::Benefit& b) {
    b.fromDay = static_cast<int>(r.integerIn("from_day", 1, MaxDays, 1));
    b.fenPerDay = r.money("fen_per_day");
}

void parseDisability(StrictObject& r, core::Benefit& b) {
    b.sumFen = r.money("sum_fen");
    StrictObject grades = r.object("grade_bp");
    const auto keys = grades.keys();
    if (keys.empty()) throw PlanError(r.at("grade_bp"), "needs at least one grade");
    for (const std::string& key : keys) {
        int grade = 0;
        if (key.size() > 2 || key.find_first_not_of("0123456789") != std::string::npos ||
            (grade = std::stoi(key)) < 1 || grade > 10)
            throw PlanError(grades.at(key), "grades are \"1\" to \"10\"");
        b.gradeBp[grade] = grades.ratio(key);
    }
    grades.finish();
}

core::Benefit parseBenefit(StrictObject r) {
    core::Benefit b;
    b.name = r.text("name");
    if (b.name.empty()) throw PlanError(r.at("name"), "must not be empty");
    const std::string type = r.text("claim_type", std::string("inpatient"));
    auto claimType = core::parseClaimType(type);
    if (!claimType) throw PlanError(r.at("claim_type"), "unknown claim type '" + type + "'");
    b.claimType = *claimType;
    if (r.has("when")) {
        StrictObject when = r.object("when");
        b.when.insured = when.optionalFlag("insured");
        b.when.localHospital = when.optionalFlag("local_hospital");
        if (when.has("gender")) {
            const std::string g = when.text("gender");
            if (g != "M" && g != "F") throw PlanError(when.at("gender"), "must be \"M\" or \"F\"");
            b.when.gender = g[0];
        }
        when.finish();
    }
    b.perShare = r.flag("per_share", true);
    if (r.has("diseases")) b.diseases = prefixList(r, "diseases");
    b.capFen = r.optionalMoney("cap_fen");
    const std::string method = r.text("method");
    if (method == "ratio") {
        b.method = core::Method::Ratio;
        parseRatio(r, b);
    } else if (method == "lump_sum") {
        b.method = core::Method::LumpSum;
        parseLumpSum(r, b);
    } else if (method == "daily") {
        b.method = core::Method::Daily;
        parseDaily(r, b);
    } else if (method == "disability") {
        b.method = core::Method::Disability;
        parseDisability(r, b);
    } else {
        throw PlanError(r.at("method"),
                        "unknown method '" + method + "' (ratio, lump_sum, daily, disability)");
    }
    r.finish();  // keys of another method are unknown here
    return b;
}

}  // namespace

core::Plan parsePlanJson(const std::string& json) {
    StrictObject r(parseJsonObject(json), "");
    core::Plan plan;
    plan.code = r.text("code");
    if (plan.code.empty() || plan.code.size() > 64 ||
        plan.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        throw PlanError("code", "must match [a-z0-9-]{1,64}");
    plan.version = static_cast<int>(r.integerIn("version", 1, 1'000'000));
    plan.name = r.text("name");
    StrictObject period = r.object("period");
    plan.periodStart = period.date("start");
    plan.periodEnd = period.date("end");
    period.finish();
    if (plan.periodEnd < plan.periodStart) throw PlanError("period.end", "is before period.start");
    plan.priceFen = r.money("price_fen");
    plan.maxShares = static_cast<int>(r.integerIn("max_shares", 1, 100, 1));
    const std::string belongs = r.text("stay_belongs_to", std::string("admission"));
    if (belongs == "admission")
        plan.stayBelongsTo = core::StayBelongsTo::Admission;
    else if (belongs == "discharge")
        plan.stayBelongsTo = core::StayBelongsTo::Discharge;
    else
        throw PlanError("stay_belongs_to", "must be \"admission\" or \"discharge\"");
    const std::string rounding = r.text("rounding", std::string("half_up"));
    auto mode = core::parseRoundingMode(rounding);
    if (!mode) throw PlanError("rounding", "must be half_up, half_even or down");
    plan.rounding = *mode;
    if (r.has("waiting")) {
        StrictObject w = r.object("waiting");
        plan.waiting.days = static_cast<int>(w.integerIn("days", 0, MaxDays, 0));
        plan.waiting.reducedDays = static_cast<int>(w.integerIn("reduced_days", 0, MaxDays, 0));
        plan.waiting.reducedRatioBp = w.ratio("reduced_ratio_bp", 10000);
        if (w.has("waived_if_renewed_within_days"))
            plan.waiting.waivedIfRenewedWithinDays =
                static_cast<int>(w.integerIn("waived_if_renewed_within_days", 0, MaxDays));
        w.finish();
    }
    if (r.has("deadline")) {
        StrictObject d = r.object("deadline");
        core::Deadline deadline;
        if (d.has("days_after_discharge"))
            deadline.daysAfterDischarge =
                static_cast<int>(d.integerIn("days_after_discharge", 0, MaxDays));
        deadline.date = d.optionalDate("date");
        d.finish();
        if (deadline.daysAfterDischarge.has_value() == deadline.date.has_value())
            throw PlanError("deadline", "needs exactly one of days_after_discharge or date");
        plan.deadline = deadline;
    }
    plan.capFen = r.optionalMoney("cap_fen");
    Array::Ptr benefits = r.array("benefits");
    if (benefits->size() == 0) throw PlanError("benefits", "needs at least one benefit");
    std::set<std::string> names;
    for (std::size_t i = 0; i < benefits->size(); ++i) {
        plan.benefits.push_back(parseBenefit(r.element(benefits, "benefits", i)));
        if (!names.insert(plan.benefits.back().name).second)
            throw PlanError("benefits[" + std::to_string(i) + "].name", "duplicate benefit name");
    }
    r.finish();
    return plan;
}

}  // namespace huzhu::adapters::formats
