#include "core/Plan.h"

#include <array>
#include <utility>

namespace huzhu::core {

namespace {

constexpr std::array<std::pair<ClaimType, std::string_view>, 5> ClaimTypeNames{{
    {ClaimType::Inpatient, "inpatient"},
    {ClaimType::OutpatientSpecial, "outpatient_special"},
    {ClaimType::CriticalIllness, "critical_illness"},
    {ClaimType::FemaleSpecial, "female_special"},
    {ClaimType::Accident, "accident"},
}};

constexpr std::array<std::pair<BaseAmount, std::string_view>, 5> BaseNames{{
    {BaseAmount::SelfPayInScope, "self_pay_in_scope"},
    {BaseAmount::SelfPay, "self_pay"},
    {BaseAmount::TotalInScope, "total_in_scope"},
    {BaseAmount::Total, "total"},
    {BaseAmount::FundPaid, "fund_paid"},
}};

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view text) {
    for (const auto& [v, name] : table)
        if (name == text) return v;
    return std::nullopt;
}

}  // namespace

std::string_view toString(ClaimType type) {
    return nameOf(ClaimTypeNames, type);
}
std::optional<ClaimType> parseClaimType(std::string_view text) {
    return valueOf(ClaimTypeNames, text);
}
std::string_view toString(Method method) {
    switch (method) {
        case Method::Ratio:
            return "ratio";
        case Method::LumpSum:
            return "lump_sum";
        case Method::Daily:
            return "daily";
        case Method::Disability:
            return "disability";
    }
    return "?";
}

std::string_view toString(BaseAmount base) {
    return nameOf(BaseNames, base);
}
std::optional<BaseAmount> parseBaseAmount(std::string_view text) {
    return valueOf(BaseNames, text);
}

}  // namespace huzhu::core
