#include "adapters/formats/PlanJson.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <set>

namespace huzhu::adapters::formats {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

/// Reads typed values from one JSON object, remembering which keys were used so that
/// leftovers can be reported as unknown.
class Reader {
public:
    Reader(Object::Ptr object, std::string path)
        : _object(std::move(object)), _path(std::move(path)) {}

    std::string at(const std::string& key) const { return _path.empty() ? key : _path + "." + key; }

    bool has(const std::string& key) {
        _used.insert(key);
        return _object->has(key) && !_object->isNull(key);
    }

    std::int64_t integer(const std::string& key, std::optional<std::int64_t> fallback = {}) {
        if (!has(key)) {
            if (fallback) return *fallback;
            throw PlanError(at(key), "is required");
        }
        Var v = _object->get(key);
        if (!v.isInteger()) throw PlanError(at(key), "must be an integer");
        try {
            return v.convert<Poco::Int64>();
        } catch (const Poco::RangeException&) {  // e.g. an unsigned value above INT64_MAX
            throw PlanError(at(key), "is out of range");
        }
    }

    std::optional<std::int64_t> optionalInteger(const std::string& key) {
        if (!has(key)) return std::nullopt;
        return integer(key);
    }

    core::Fen money(const std::string& key, std::optional<core::Fen> fallback = {}) {
        const std::int64_t v = integer(key, fallback);
        if (v < 0) throw PlanError(at(key), "must not be negative");
        return v;
    }

    std::optional<core::Fen> optionalMoney(const std::string& key) {
        if (!has(key)) return std::nullopt;
        return money(key);
    }

    std::int64_t ratio(const std::string& key, std::optional<std::int64_t> fallback = {}) {
        const std::int64_t v = integer(key, fallback);
        if (v < 0 || v > 10000) throw PlanError(at(key), "must be between 0 and 10000 bp");
        return v;
    }

    std::string text(const std::string& key, std::optional<std::string> fallback = {}) {
        if (!has(key)) {
            if (fallback) return *fallback;
            throw PlanError(at(key), "is required");
        }
        Var v = _object->get(key);
        if (!v.isString()) throw PlanError(at(key), "must be a string");
        return v.convert<std::string>();
    }

    bool flag(const std::string& key, bool fallback) {
        if (!has(key)) return fallback;
        Var v = _object->get(key);
        if (!v.isBoolean()) throw PlanError(at(key), "must be true or false");
        return v.convert<bool>();
    }

    std::optional<bool> optionalFlag(const std::string& key) {
        if (!has(key)) return std::nullopt;
        return flag(key, false);
    }

    core::Date date(const std::string& key) {
        auto d = core::Date::parse(text(key));
        if (!d) throw PlanError(at(key), "must be a date YYYY-MM-DD");
        return *d;
    }

    Reader object(const std::string& key) {
        if (!has(key)) throw PlanError(at(key), "is required");
        Object::Ptr o = _object->getObject(key);
        if (!o) throw PlanError(at(key), "must be an object");
        return Reader(o, at(key));
    }

    Array::Ptr array(const std::string& key) {
        if (!has(key)) throw PlanError(at(key), "is required");
        Array::Ptr a = _object->getArray(key);
        if (!a) throw PlanError(at(key), "must be an array");
        return a;
    }

    /// Throws for the first key that was never read.
    void finish() const {
        std::vector<std::string> names;
        _object->getNames(names);
        for (const auto& name : names)
            if (!_used.count(name)) throw PlanError(at(name), "unknown key");
    }

private:
    Object::Ptr _object;
    std::string _path;
    std::set<std::string> _used;
};

Reader element(const Array::Ptr& array, std::size_t i, const std::string& path) {
    Object::Ptr o = array->getObject(static_cast<unsigned>(i));
    if (!o) throw PlanError(path, "must be an object");
    return Reader(o, path);
}

core::RatioBenefit parseBenefit(Reader r) {
    core::RatioBenefit b;
    b.name = r.text("name");
    if (b.name.empty()) throw PlanError(r.at("name"), "must not be empty");
    const std::string type = r.text("claim_type", std::string("inpatient"));
    auto claimType = core::parseClaimType(type);
    if (!claimType) throw PlanError(r.at("claim_type"), "unknown claim type '" + type + "'");
    b.claimType = *claimType;
    if (r.has("when")) {
        Reader when = r.object("when");
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
    if (r.has("diseases")) {
        Array::Ptr list = r.array("diseases");
        std::vector<std::string> prefixes;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Var v = list->get(static_cast<unsigned>(i));
            if (!v.isString())
                throw PlanError(r.at("diseases") + "[" + std::to_string(i) + "]",
                                "must be an ICD-10 prefix string");
            prefixes.push_back(v.convert<std::string>());
        }
        b.diseases = std::move(prefixes);
    }
    const std::string method = r.text("method");
    if (method != "ratio")
        throw PlanError(r.at("method"), "method '" + method + "' is not supported yet");
    const std::string base = r.text("base", std::string("self_pay_in_scope"));
    auto baseAmount = core::parseBaseAmount(base);
    if (!baseAmount) throw PlanError(r.at("base"), "unknown base '" + base + "'");
    b.base = *baseAmount;
    if (r.has("deductible")) {
        Reader d = r.object("deductible");
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
    if (r.has("ratio_by_hospital_level"))
        throw PlanError(r.at("ratio_by_hospital_level"), "is not supported yet");
    Array::Ptr bands = r.array("bands");
    if (bands->size() == 0) throw PlanError(r.at("bands"), "needs at least one band");
    for (std::size_t i = 0; i < bands->size(); ++i) {
        const std::string path = r.at("bands") + "[" + std::to_string(i) + "]";
        Reader band = element(bands, i, path);
        core::Band parsed{band.optionalMoney("upto_fen"), band.ratio("ratio_bp")};
        band.finish();
        if (!parsed.uptoFen && i + 1 != bands->size())
            throw PlanError(path + ".upto_fen", "only the last band may be open-ended (null)");
        if (parsed.uptoFen && !b.bands.empty() && *parsed.uptoFen <= *b.bands.back().uptoFen)
            throw PlanError(path + ".upto_fen", "bands must be in ascending order");
        if (parsed.uptoFen && *parsed.uptoFen == 0)
            throw PlanError(path + ".upto_fen", "must be above 0");
        b.bands.push_back(parsed);
    }
    b.minFen = r.money("min_fen", 0);
    b.stayCapFen = r.optionalMoney("stay_cap_fen");
    b.capFen = r.optionalMoney("cap_fen");
    if (auto n = r.optionalInteger("max_claims")) {
        if (*n < 1 || *n > 1000) throw PlanError(r.at("max_claims"), "must be between 1 and 1000");
        b.maxClaims = static_cast<int>(*n);
    }
    b.deathMinimumFen = r.optionalMoney("death_minimum_fen");
    r.finish();
    return b;
}

}  // namespace

core::Plan parsePlanJson(const std::string& json) {
    Var root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(json);
    } catch (const Poco::Exception& e) {
        throw PlanError("$", "not valid JSON: " + e.message());
    }
    if (root.type() != typeid(Object::Ptr)) throw PlanError("$", "must be a JSON object");
    Reader r(root.extract<Object::Ptr>(), "");

    core::Plan plan;
    plan.code = r.text("code");
    if (plan.code.empty() || plan.code.size() > 64 ||
        plan.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        throw PlanError("code", "must match [a-z0-9-]{1,64}");
    const std::int64_t version = r.integer("version");
    if (version < 1 || version > 1'000'000)
        throw PlanError("version", "must be a positive integer");
    plan.version = static_cast<int>(version);
    plan.name = r.text("name");
    Reader period = r.object("period");
    plan.periodStart = period.date("start");
    plan.periodEnd = period.date("end");
    period.finish();
    if (plan.periodEnd < plan.periodStart) throw PlanError("period.end", "is before period.start");
    plan.priceFen = r.money("price_fen");
    const std::int64_t maxShares = r.integer("max_shares", 1);
    if (maxShares < 1 || maxShares > 100)
        throw PlanError("max_shares", "must be between 1 and 100");
    plan.maxShares = static_cast<int>(maxShares);
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
        Reader w = r.object("waiting");
        auto days = [&](const std::string& key) {
            const std::int64_t v = w.integer(key, 0);
            if (v < 0 || v > 3660) throw PlanError(w.at(key), "must be between 0 and 3660 days");
            return static_cast<int>(v);
        };
        plan.waiting.days = days("days");
        plan.waiting.reducedDays = days("reduced_days");
        plan.waiting.reducedRatioBp = w.ratio("reduced_ratio_bp", 10000);
        if (w.has("waived_if_renewed_within_days"))
            plan.waiting.waivedIfRenewedWithinDays = days("waived_if_renewed_within_days");
        w.finish();
    }
    if (r.has("deadline")) {
        Reader d = r.object("deadline");
        core::Deadline deadline;
        if (d.has("days_after_discharge")) {
            const std::int64_t v = d.integer("days_after_discharge");
            if (v < 0 || v > 3660) throw PlanError(d.at("days_after_discharge"), "out of range");
            deadline.daysAfterDischarge = static_cast<int>(v);
        }
        if (d.has("date")) deadline.date = d.date("date");
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
        const std::string path = "benefits[" + std::to_string(i) + "]";
        plan.benefits.push_back(parseBenefit(element(benefits, i, path)));
        if (!names.insert(plan.benefits.back().name).second)
            throw PlanError(path + ".name", "duplicate benefit name");
    }
    r.finish();
    return plan;
}

}  // namespace huzhu::adapters::formats
