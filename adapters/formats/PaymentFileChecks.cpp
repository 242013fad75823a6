#include "adapters/formats/PaymentFileChecks.h"

#include "core/PaymentText.h"

namespace huzhu::adapters::formats {

core::Outcome checkFields(const core::PaymentFile& file, const FieldLimits& limits) {
    for (const core::PaymentLine& line : file.lines) {
        const std::pair<const char*, std::pair<const std::string*, std::size_t>> fields[] = {
            {"收款人姓名 (payee name)", {&line.payeeName, limits.payeeName}},
            {"收款账号 (account)", {&line.account, limits.account}},
            {"开户行 (bank)", {&line.bankName, limits.bankName}},
            {"用途 (purpose)", {&line.purpose, limits.purpose}},
            {"业务编号 (reference)", {&line.reference, limits.reference}},
        };
        for (const auto& [name, value] : fields) {
            const std::string problem = core::paymentTextProblem(*value.first, value.second);
            if (!problem.empty())
                return core::Outcome::invalid("payout", "payout " + line.reference + " (line " +
                                                            std::to_string(line.seq) +
                                                            "): " + name + " " + problem);
        }
    }
    return core::Outcome::ok();
}

core::Outcome checkDeclared(const core::PaymentFileSummary& summary, std::int64_t declaredCount,
                            core::Fen declaredTotal, const char* where) {
    if (summary.count != declaredCount)
        return core::Outcome::invalid(
            "file", std::string(where) + " declares " + std::to_string(declaredCount) +
                        " transfers but the file holds " + std::to_string(summary.count));
    if (summary.totalFen != declaredTotal)
        return core::Outcome::invalid(
            "file", std::string(where) + " declares " + core::formatYuan(declaredTotal) +
                        " but the transfers add up to " + core::formatYuan(summary.totalFen));
    return core::Outcome::ok();
}

}  // namespace huzhu::adapters::formats
