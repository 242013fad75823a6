#pragma once

#include <string>

#include "adapters/formats/PaymentFileChecks.h"
#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// The bank batch-payout CSV of CONTRACT §7 (批量代发): header
/// `序号,收款人姓名,收款账号,开户行,金额,用途,业务编号`, amounts in yuan with two decimals, UTF-8
/// without BOM, CRLF line ends, no trailing control line. Fields with a comma, quote or line
/// break are quoted; a cell starting with = + - @ is prefixed with ' so that a spreadsheet
/// does not run it as a formula. Stateless and thread-safe.
class BankCsvWriter : public core::PaymentFileWriter {
public:
    /// The field lengths of the common 批量代发 templates (also used for XLSX).
    static constexpr FieldLimits Limits{
        .payeeName = 60, .account = 32, .bankName = 60, .purpose = 60, .reference = 32};
    static constexpr const char* Header = "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号";

    // PaymentFileWriter
    std::string format() const override { return "csv"; }
    std::string mediaType() const override { return "text/csv; charset=utf-8"; }
    std::string extension() const override { return "csv"; }
    core::Result<std::string> write(const core::PaymentFile& file) const override;
    core::Result<core::PaymentFileSummary> readBack(const std::string& bytes) const override;

    /// One CSV cell, neutralised and quoted as above.
    static std::string cell(const std::string& value);
    /// A cell that would start a spreadsheet formula, with a leading ' (CSV and XLSX).
    static std::string neutralised(const std::string& value);
};

}  // namespace huzhu::adapters::formats
