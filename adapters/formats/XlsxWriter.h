#pragma once

#include <string>

#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// The bank batch-payout columns of BankCsvWriter as one XLSX sheet, written with Debian's
/// libxlsxwriter, followed by a totals row (合计, the count and the total). Every cell is text —
/// amounts too, as "1234.56" — so no amount passes through a floating-point number; cells
/// starting with = + - @ get a leading ' as in the CSV. The document's creation time is the
/// batch's first export, so exporting again gives the same bytes. Thread-safe: each call uses
/// its own temporary file.
class XlsxWriter : public core::PaymentFileWriter {
public:
    // PaymentFileWriter
    std::string format() const override { return "xlsx"; }
    std::string mediaType() const override {
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    std::string extension() const override { return "xlsx"; }
    core::Result<std::string> write(const core::PaymentFile& file) const override;
    /// Unzips the sheet (Poco::Zip) and reads its cells back with libxml2.
    core::Result<core::PaymentFileSummary> readBack(const std::string& bytes) const override;
};

}  // namespace huzhu::adapters::formats
