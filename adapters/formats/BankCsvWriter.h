#pragma once

#include <string>

#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// The bank batch-payout CSV of CONTRACT §7 (批量代发): header
/// `序号,收款人姓名,收款账号,开户行,金额,用途,业务编号`, amounts in yuan with two decimals, UTF-8
/// without BOM, CRLF line ends, no trailing control line. Fields with a comma, quote or line
/// break are quoted; a cell starting with = + - @ is prefixed with ' so that a spreadsheet
/// does not run it as a formula. Stateless and thread-safe.
class BankCsvWriter : public core::PaymentFileWriter {
public:
    // PaymentFileWriter
    std::string format() const override { return "csv"; }
    std::string mediaType() const override { return "text/csv; charset=utf-8"; }
    std::string write(const core::PaymentFile& file) const override;

    /// One CSV cell, neutralised and quoted as above.
    static std::string cell(const std::string& value);
};

}  // namespace huzhu::adapters::formats
