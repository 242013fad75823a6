#include "core/PayoutEngine.h"

#include <algorithm>
#include <span>

#include "core/JsonWriter.h"

namespace huzhu::core {

Fen ClaimFacts::personalFen() const {
    Fen paidByOthers = checkedAdd(checkedAdd(fundPaidFen, criticalInsuranceFen),
                                  checkedAdd(assistanceFen, otherPaidFen));
    return checkedSub(totalFen, paidByOthers);
}

namespace {

/// CONTRACT §3 rule 1: the benefit's claim type and every non-null `when` condition hold.
bool answers(const Benefit& b, const MemberFacts& member, const ClaimFacts& claim) {
    if (b.claimType != claim.type) return false;
    if (b.when.insured && *b.when.insured != member.insured) return false;
    if (b.when.localHospital && *b.when.localHospital != claim.localHospital) return false;
    if (b.when.gender && *b.when.gender != member.gender) return false;
    return true;
}

}  // namespace

std::optional<FieldError> validateClaim(const Plan& plan, const MemberFacts& member,
                                        const ClaimFacts& claim) {
    const std::pair<const char*, Fen> amounts[] = {
        {"claim.total_fen", claim.totalFen},
        {"claim.fund_paid_fen", claim.fundPaidFen},
        {"claim.critical_insurance_fen", claim.criticalInsuranceFen},
        {"claim.assistance_fen", claim.assistanceFen},
        {"claim.other_paid_fen", claim.otherPaidFen},
        {"claim.out_of_scope_fen", claim.outOfScopeFen},
    };
    for (const auto& [field, fen] : amounts)
        if (fen < 0) return FieldError{field, "must not be negative"};
    Fen payers = 0;
    for (std::size_t i = 1; i <= 4; ++i) {
        if (__builtin_add_overflow(payers, amounts[i].second, &payers) || payers > claim.totalFen)
            return FieldError{amounts[i].first,
                              "the payers together exceed the total cost (claim.total_fen)"};
    }
    if (claim.outOfScopeFen > claim.totalFen - payers)
        return FieldError{"claim.out_of_scope_fen",
                          "out-of-scope items exceed what the member paid"};
    if (member.shares < 1) return FieldError{"member.shares", "must be at least 1"};
    if (member.shares > plan.maxShares)
        return FieldError{"member.shares",
                          "exceeds the plan's max_shares (" + std::to_string(plan.maxShares) + ")"};
    if (claim.admission.has_value() != claim.discharge.has_value())
        return FieldError{claim.admission ? "claim.discharge" : "claim.admission",
                          "a stay needs both admission and discharge dates"};
    if (claim.admission && *claim.discharge < *claim.admission)
        return FieldError{"claim.discharge", "is before the admission date"};
    if (!claim.admission && !claim.eventDate)
        return FieldError{"claim.event_date", "is required when there is no stay"};
    if (claim.disabilityGrade && (*claim.disabilityGrade < 1 || *claim.disabilityGrade > 10))
        return FieldError{"claim.disability_grade", "must be between 1 and 10"};
    for (const Benefit& b : plan.benefits) {
        if (!answers(b, member, claim)) continue;
        if (b.ratioByHospitalLevel && !claim.hospitalLevel)
            return FieldError{"claim.hospital_level",
                              "is required: benefit " + b.name + " pays by hospital level"};
        if (b.method == Method::Disability && !claim.disabilityGrade)
            return FieldError{"claim.disability_grade",
                              "is required: benefit " + b.name + " pays by disability grade"};
    }
    const Date& last = claim.discharge ? *claim.discharge : *claim.eventDate;
    if (claim.filed < last)
        return FieldError{"claim.filed", claim.discharge ? "is before the discharge date"
                                                         : "is before the event date"};
    return std::nullopt;
}

std::string_view toString(HospitalLevel level) {
    switch (level) {
        case HospitalLevel::Provincial:
            return "provincial";
        case HospitalLevel::City:
            return "city";
        case HospitalLevel::District:
            return "district";
    }
    return "?";
}

std::optional<HospitalLevel> parseHospitalLevel(std::string_view text) {
    for (HospitalLevel level :
         {HospitalLevel::Provincial, HospitalLevel::City, HospitalLevel::District})
        if (toString(level) == text) return level;
    return std::nullopt;
}

std::string_view toString(QuoteStatus status) {
    switch (status) {
        case QuoteStatus::Payable:
            return "payable";
        case QuoteStatus::Zero:
            return "zero";
        case QuoteStatus::NotCovered:
            return "not_covered";
        case QuoteStatus::Late:
            return "late";
        case QuoteStatus::WaitingPeriod:
            return "waiting_period";
        case QuoteStatus::NotListed:
            return "not_listed";
        case QuoteStatus::LimitReached:
            return "limit_reached";
        case QuoteStatus::NoBenefit:
            return "no_benefit";
    }
    return "?";
}

namespace {

Fen baseAmount(BaseAmount base, const ClaimFacts& c) {
    switch (base) {
        case BaseAmount::SelfPayInScope:
            return checkedSub(c.personalFen(), c.outOfScopeFen);
        case BaseAmount::SelfPay:
            return c.personalFen();
        case BaseAmount::TotalInScope:
            return checkedSub(c.totalFen, c.outOfScopeFen);
        case BaseAmount::Total:
            return c.totalFen;
        case BaseAmount::FundPaid:
            return c.fundPaidFen;
    }
    return 0;
}

std::string_view baseNameZh(BaseAmount base) {
    switch (base) {
        case BaseAmount::SelfPayInScope:
            return "政策范围内个人自付";
        case BaseAmount::SelfPay:
            return "个人自付";
        case BaseAmount::TotalInScope:
            return "政策范围内总费用";
        case BaseAmount::Total:
            return "住院总费用";
        case BaseAmount::FundPaid:
            return "统筹支付";
    }
    return "?";
}

std::string_view baseNameEn(BaseAmount base) {
    switch (base) {
        case BaseAmount::SelfPayInScope:
            return "in-scope self-pay";
        case BaseAmount::SelfPay:
            return "self-pay";
        case BaseAmount::TotalInScope:
            return "in-scope total cost";
        case BaseAmount::Total:
            return "total cost";
        case BaseAmount::FundPaid:
            return "fund paid";
    }
    return "?";
}

Fen perShare(const Benefit& b, Fen amount, int shares) {
    return b.perShare ? checkedMul(amount, shares) : amount;
}

/// Everything a line needs beyond its benefit. `planRoomFen` is the room left under the plan
/// cap (none = no plan cap) and shrinks by what each line pays; `personalLeftFen` is what the
/// member paid less what the earlier cost-based lines of this claim pay: the indemnity limit
/// holds for the claim, not for each line alone.
struct LineContext {
    const Plan& plan;
    const MemberFacts& member;
    const History& history;
    const ClaimFacts& claim;
    std::optional<std::int64_t> reducedBp;
    std::optional<Fen> planRoomFen;
    Fen personalLeftFen = 0;
};

bool matchesDiseases(const std::optional<std::vector<std::string>>& prefixes,
                     const std::string& diagnosis) {
    if (!prefixes) return true;
    return std::any_of(prefixes->begin(), prefixes->end(), [&](const std::string& prefix) {
        return diagnosis.compare(0, prefix.size(), prefix) == 0;
    });
}

std::int64_t hospitalRatio(const HospitalLevelRatios& r, HospitalLevel level) {
    switch (level) {
        case HospitalLevel::Provincial:
            return r.provincialBp;
        case HospitalLevel::City:
            return r.cityBp;
        case HospitalLevel::District:
            return r.districtBp;
    }
    return 0;
}

/// CONTRACT §3 rule 5 up to the indemnity limit: base, deductible, bands (rounded once),
/// shares, reduced window, minimum, stay cap, indemnity, death minimum.
Fen ratioAmount(const Benefit& b, const BenefitHistory& past, LineContext& ctx, QuoteLine& line) {
    const RoundingMode r = ctx.plan.rounding;
    const Fen base = std::max<Fen>(0, baseAmount(b.base, ctx.claim));
    line.base = b.base;
    line.steps.reserve(6);
    line.steps.push_back({.rule = "base", .fen = base});

    Fen deductible = b.deductibleFen;
    if (b.deductiblePer == DeductiblePer::Period)
        deductible = std::max<Fen>(0, checkedSub(b.deductibleFen, past.deductibleUsedFen));
    const Fen deducted = std::min(base, deductible);
    if (b.deductibleFen > 0) line.steps.push_back({.rule = "deductible", .fen = deducted});
    const Fen rest = base - deducted;

    const Band levelBand{std::nullopt,
                         b.ratioByHospitalLevel
                             ? hospitalRatio(*b.ratioByHospitalLevel, *ctx.claim.hospitalLevel)
                             : 0};
    const std::span<const Band> bands = b.ratioByHospitalLevel
                                            ? std::span<const Band>(&levelBand, 1)
                                            : std::span<const Band>(b.bands);
    std::int64_t weighted = 0;  // Σ part × ratio_bp, rounded once below
    Fen from = 0;
    for (const Band& band : bands) {
        if (from >= rest) break;
        const Fen to = band.uptoFen ? std::min(*band.uptoFen, rest) : rest;
        if (to <= from) continue;
        const Fen part = to - from;
        weighted = checkedAdd(weighted, checkedMul(part, band.ratioBp));
        line.steps.push_back({.rule = "band",
                              .fen = divideRounded(checkedMul(part, band.ratioBp), 10000, r),
                              .fromFen = from,
                              .toFen = to,
                              .ratioBp = band.ratioBp});
        from = to;
    }
    Fen amount = divideRounded(weighted, 10000, r);
    const int shares = ctx.member.shares;
    if (b.perShare && shares != 1) {
        amount = checkedMul(amount, shares);
        line.steps.push_back({.rule = "shares", .fen = amount, .count = shares});
    }
    if (ctx.reducedBp) {
        amount = applyBasisPoints(amount, *ctx.reducedBp, r);
        line.steps.push_back({.rule = "reduced", .fen = amount, .ratioBp = *ctx.reducedBp});
    }
    const Fen minimum = perShare(b, b.minFen, shares);
    if (minimum > 0 && amount > 0 && amount < minimum) {
        amount = minimum;
        line.steps.push_back({.rule = "minimum", .fen = amount});
    }
    if (b.stayCapFen) {
        const Fen stayCap = perShare(b, *b.stayCapFen, shares);
        if (amount > stayCap) {
            amount = stayCap;
            line.steps.push_back({.rule = "stay_cap", .fen = amount});
        }
    }
    if (amount > ctx.personalLeftFen) {
        amount = ctx.personalLeftFen;
        line.steps.push_back({.rule = "indemnity", .fen = amount});
    }
    if (b.deathMinimumFen && ctx.claim.died) {
        const Fen deathMinimum = perShare(b, *b.deathMinimumFen, shares);
        if (amount < deathMinimum) {
            amount = deathMinimum;
            line.steps.push_back({.rule = "death_minimum", .fen = amount});
        }
    }
    return amount;
}

/// Shares, then the reduced window: the common tail of lump_sum, daily and disability.
Fen sharesAndReduced(const Benefit& b, Fen amount, LineContext& ctx, QuoteLine& line) {
    if (b.perShare && ctx.member.shares != 1) {
        amount = checkedMul(amount, ctx.member.shares);
        line.steps.push_back({.rule = "shares", .fen = amount, .count = ctx.member.shares});
    }
    if (ctx.reducedBp) {
        amount = applyBasisPoints(amount, *ctx.reducedBp, ctx.plan.rounding);
        line.steps.push_back({.rule = "reduced", .fen = amount, .ratioBp = *ctx.reducedBp});
    }
    return amount;
}

/// One benefit's line: its method's amount, then the caps of CONTRACT §3 rule 7.
QuoteLine evaluateLine(const Benefit& b, LineContext& ctx) {
    QuoteLine line;
    line.benefit = b.name;
    auto found = ctx.history.benefits.find(b.name);
    const BenefitHistory past =
        found == ctx.history.benefits.end() ? BenefitHistory{} : found->second;

    if (!matchesDiseases(b.diseases, ctx.claim.diagnosis)) {
        line.status = QuoteStatus::NotListed;
        return line;
    }
    Fen amount = 0;
    switch (b.method) {
        case Method::Ratio:
            if (b.maxClaims && past.paidClaims >= *b.maxClaims) {
                line.status = QuoteStatus::LimitReached;
                return line;
            }
            amount = ratioAmount(b, past, ctx, line);
            break;
        case Method::LumpSum: {
            auto tier = std::find_if(b.tiers.begin(), b.tiers.end(), [&](const LumpSumTier& t) {
                return matchesDiseases(t.diseases, ctx.claim.diagnosis) &&
                       (!t.severity || t.severity == ctx.claim.severity);
            });
            if (tier == b.tiers.end()) {
                line.status = QuoteStatus::NotListed;
                return line;
            }
            if (past.lumpSumPaid == LumpSumPaid::ThisPeriod ||
                (b.once == Once::Lifetime && past.lumpSumPaid)) {
                line.status = QuoteStatus::LimitReached;
                return line;
            }
            line.steps.push_back({.rule = "lump_sum", .fen = tier->fen});
            amount = sharesAndReduced(b, tier->fen, ctx, line);
            break;
        }
        case Method::Daily: {
            std::int64_t days = 0;
            if (ctx.claim.admission)
                days = std::max<std::int64_t>(
                    0,
                    Date::daysBetween(*ctx.claim.admission, *ctx.claim.discharge) - b.fromDay + 1);
            amount = checkedMul(days, b.fenPerDay);
            line.steps.push_back({.rule = "daily", .fen = amount, .days = days});
            amount = sharesAndReduced(b, amount, ctx, line);
            break;
        }
        case Method::Disability: {
            auto grade = b.gradeBp.find(*ctx.claim.disabilityGrade);
            if (grade == b.gradeBp.end()) {
                line.status = QuoteStatus::NotListed;
                return line;
            }
            amount = applyBasisPoints(b.sumFen, grade->second, ctx.plan.rounding);
            line.steps.push_back({.rule = "disability", .fen = amount, .ratioBp = grade->second});
            amount = sharesAndReduced(b, amount, ctx, line);
            break;
        }
    }

    bool capped = false;
    if (b.capFen) {
        const Fen room =
            std::max<Fen>(0, checkedSub(perShare(b, *b.capFen, ctx.member.shares), past.paidFen));
        if (room == 0) capped = true;  // room 0 -> limit_reached, even when nothing was due
        if (amount > room) {
            amount = room;
            capped = true;
            line.steps.push_back({.rule = "benefit_cap", .fen = amount});
        }
    }
    if (ctx.planRoomFen) {
        if (*ctx.planRoomFen == 0) capped = true;
        if (amount > *ctx.planRoomFen) {
            amount = *ctx.planRoomFen;
            capped = true;
            line.steps.push_back({.rule = "plan_cap", .fen = amount});
        }
        *ctx.planRoomFen -= amount;
    }
    if (b.costBased()) ctx.personalLeftFen = std::max<Fen>(0, ctx.personalLeftFen - amount);

    line.payoutFen = amount;
    if (amount > 0)
        line.status = QuoteStatus::Payable;
    else
        line.status = capped ? QuoteStatus::LimitReached : QuoteStatus::Zero;
    return line;
}

/// 6000 bp → "60", 1050 → "10.5", 625 → "6.25".
std::string percent(std::int64_t bp) {
    std::string text = formatYuan(bp);  // two decimals of a percent
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

void explain(const Quote& quote, std::string& zhOut, std::string& enOut) {
    std::string zh, en;
    switch (quote.status) {
        case QuoteStatus::NoBenefit:
            zh = "本计划没有适用于此类申请的保障项目。";
            en = "The plan has no benefit for this kind of claim.";
            break;
        case QuoteStatus::NotCovered:
            zh = "事件日期不在您的保障期内。";
            en = "The event date is outside your coverage.";
            break;
        case QuoteStatus::Late:
            zh = "申请超过了计划规定的申请期限。";
            en = "The claim was filed after the plan's deadline.";
            break;
        case QuoteStatus::WaitingPeriod:
            zh = "事件发生在等待期内，不予给付。";
            en = "The event happened in the waiting period, so nothing is payable.";
            break;
        default:
            break;
    }
    for (const QuoteLine& line : quote.lines) {
        if (!en.empty()) en += ' ';
        zh += line.benefit + "：";
        en += line.benefit + ": ";
        for (const QuoteStep& s : line.steps) {
            const std::string y = formatYuan(s.fen);
            if (s.rule == "base") {
                zh +=
                    std::string(line.base ? baseNameZh(*line.base) : "计算基数") + " " + y + " 元";
                en += std::string(line.base ? baseNameEn(*line.base) : "base") + " " + y + " yuan";
            } else if (s.rule == "deductible") {
                zh += "，减去起付线 " + y + " 元";
                en += ", minus the deductible " + y;
            } else if (s.rule == "band") {
                const std::string pct = percent(*s.ratioBp);
                zh += "，" + formatYuan(*s.fromFen) + "–" + formatYuan(*s.toFen) + " 元部分按 " +
                      pct + "% 计 " + y + " 元";
                en += ", " + pct + "% of " + formatYuan(*s.fromFen) + "–" + formatYuan(*s.toFen) +
                      " = " + y;
            } else if (s.rule == "shares") {
                zh += "，乘以 " + std::to_string(*s.count) + " 份为 " + y + " 元";
                en += ", times " + std::to_string(*s.count) + " shares = " + y;
            } else if (s.rule == "reduced") {
                zh += "，减责期按 " + percent(*s.ratioBp) + "% 给付为 " + y + " 元";
                en += ", reduced-benefit window " + percent(*s.ratioBp) + "% = " + y;
            } else if (s.rule == "lump_sum") {
                zh += "定额给付 " + y + " 元";
                en += "lump sum " + y + " yuan";
            } else if (s.rule == "daily") {
                zh += "计发 " + std::to_string(*s.days) + " 天津贴，共 " + y + " 元";
                en += std::to_string(*s.days) + " allowance days = " + y + " yuan";
            } else if (s.rule == "disability") {
                zh += "按伤残等级给付比例 " + percent(*s.ratioBp) + "% 计 " + y + " 元";
                en += "disability grade ratio " + percent(*s.ratioBp) + "% = " + y + " yuan";
            } else if (s.rule == "minimum") {
                zh += "，提高到最低给付 " + y + " 元";
                en += ", raised to the minimum " + y;
            } else if (s.rule == "stay_cap") {
                zh += "，受单次住院封顶限制为 " + y + " 元";
                en += ", limited by the per-stay cap to " + y;
            } else if (s.rule == "indemnity") {
                zh += "，不超过个人实际支付 " + y + " 元";
                en += ", limited to what you actually paid, " + y;
            } else if (s.rule == "death_minimum") {
                zh += "，按身故最低给付 " + y + " 元";
                en += ", raised to the death minimum " + y;
            } else if (s.rule == "benefit_cap" || s.rule == "plan_cap") {
                zh += "，受年度封顶线剩余额度限制为 " + y + " 元";
                en += ", limited by what is left under the cap to " + y;
            }
        }
        switch (line.status) {
            case QuoteStatus::NotListed:
                zh += "诊断不在保障病种范围内。";
                en += "the diagnosis is not a listed disease.";
                break;
            case QuoteStatus::LimitReached:
                zh += "。已达到给付上限。";
                en += ". The limit has been reached.";
                break;
            default:
                zh += "。互助金 " + formatYuan(line.payoutFen) + " 元。";
                en += ". Benefit " + formatYuan(line.payoutFen) + " yuan.";
        }
    }
    if (quote.lines.size() > 1) {
        zh += "合计 " + formatYuan(quote.payoutFen) + " 元。";
        en += " Total " + formatYuan(quote.payoutFen) + " yuan.";
    }
    zhOut = std::move(zh);
    enOut = std::move(en);
}

}  // namespace

Quote quoteClaim(const Plan& plan, const MemberFacts& member, const History& history,
                 const ClaimFacts& claim) {
    Quote quote;
    std::vector<const Benefit*> answering;
    for (const Benefit& b : plan.benefits)
        if (answers(b, member, claim)) answering.push_back(&b);

    const Date eventDate = claim.admission ? *claim.admission : *claim.eventDate;
    const Date periodDate = claim.admission && plan.stayBelongsTo == StayBelongsTo::Discharge
                                ? *claim.discharge
                                : eventDate;
    const Date coverFrom = std::max(plan.periodStart, member.coverStart);
    const Date deadlineFrom = claim.discharge ? *claim.discharge : eventDate;

    bool late = false;
    if (plan.deadline) {
        if (plan.deadline->date) late = claim.filed > *plan.deadline->date;
        if (plan.deadline->daysAfterDischarge)
            late = claim.filed > deadlineFrom.addDays(*plan.deadline->daysAfterDischarge);
    }

    // An admission before cover start can still belong to the period (stay_belongs_to
    // discharge); such an event counts as day 1 of cover, not as a day before it.
    const std::int64_t day =
        std::max<std::int64_t>(1, Date::daysBetween(member.coverStart, eventDate) + 1);
    const Waiting& w = plan.waiting;
    const bool waived = member.renewedAfterDays && w.waivedIfRenewedWithinDays &&
                        *member.renewedAfterDays <= *w.waivedIfRenewedWithinDays;
    std::optional<std::int64_t> reducedBp;
    if (!waived && day > w.days && day <= w.days + w.reducedDays) reducedBp = w.reducedRatioBp;

    if (answering.empty()) {
        quote.status = QuoteStatus::NoBenefit;
    } else if (periodDate < coverFrom || periodDate > plan.periodEnd ||
               (member.coverEnd && periodDate > *member.coverEnd)) {
        quote.status = QuoteStatus::NotCovered;
    } else if (late) {
        quote.status = QuoteStatus::Late;
    } else if (!waived && day <= w.days) {
        quote.status = QuoteStatus::WaitingPeriod;
    } else {
        LineContext ctx{plan, member, history, claim, reducedBp, std::nullopt, claim.personalFen()};
        if (plan.capFen)
            ctx.planRoomFen = std::max<Fen>(
                0, checkedSub(checkedMul(*plan.capFen, member.shares), history.paidFen));
        for (const Benefit* b : answering) {
            quote.lines.push_back(evaluateLine(*b, ctx));
            quote.payoutFen = checkedAdd(quote.payoutFen, quote.lines.back().payoutFen);
        }
        quote.status = quote.payoutFen > 0 ? QuoteStatus::Payable : quote.lines.front().status;
    }
    return quote;
}

std::string Quote::explanationZh() const {
    std::string zh, en;
    explain(*this, zh, en);
    return zh;
}

std::string Quote::explanationEn() const {
    std::string zh, en;
    explain(*this, zh, en);
    return en;
}

std::string Quote::toJson() const {
    std::string zh, en;
    explain(*this, zh, en);
    JsonWriter w;
    w.beginObject();
    w.key("status").value(toString(status));
    w.key("payout_fen").value(payoutFen);
    w.key("lines").beginArray();
    for (const QuoteLine& line : lines) {
        w.beginObject();
        w.key("benefit").value(line.benefit);
        w.key("status").value(toString(line.status));
        w.key("payout_fen").value(line.payoutFen);
        w.key("steps").beginArray();
        for (const QuoteStep& s : line.steps) {
            w.beginObject().key("rule").value(s.rule);
            if (s.fromFen) w.key("from_fen").value(*s.fromFen);
            if (s.toFen) w.key("to_fen").value(*s.toFen);
            if (s.ratioBp) w.key("ratio_bp").value(*s.ratioBp);
            if (s.count) w.key("shares").value(*s.count);
            if (s.days) w.key("days").value(*s.days);
            w.key("fen").value(s.fen);
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }
    w.endArray();
    w.key("explanation").beginObject();
    w.key("zh").value(zh);
    w.key("en").value(en);
    w.endObject();
    w.endObject();
    return w.str();
}

}  // namespace huzhu::core
