#include "core/Plan.h"

#include "core/EnumNamesInternal.h"

namespace huzhu::core {

using internal::nameOf;
using internal::valueOf;

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
