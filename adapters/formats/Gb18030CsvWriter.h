#pragma once

#include <string>

#include "adapters/formats/BankCsvWriter.h"

namespace huzhu::adapters::formats {

/// The bank CSV of BankCsvWriter encoded in GB 18030 (the encoding many Chinese banks' upload
/// pages expect). GB 18030 covers all of Unicode, so no name is ever changed; the conversion
/// uses glibc's iconv. Stateless and thread-safe.
class Gb18030CsvWriter : public core::PaymentFileWriter {
public:
    // PaymentFileWriter
    std::string format() const override { return "gb18030-csv"; }
    std::string mediaType() const override { return "text/csv; charset=gb18030"; }
    std::string extension() const override { return "csv"; }
    core::Result<std::string> write(const core::PaymentFile& file) const override;
    core::Result<core::PaymentFileSummary> readBack(const std::string& bytes) const override;
};

/// Converts text between two iconv encodings; throws Poco::DataException on a character the
/// source encoding does not allow or the target cannot hold.
std::string convertEncoding(const std::string& text, const char* from, const char* to);

/// Converts UTF-8 text to GB 18030; throws Poco::DataException on invalid UTF-8.
inline std::string utf8ToGb18030(const std::string& text) {
    return convertEncoding(text, "UTF-8", "GB18030");
}

}  // namespace huzhu::adapters::formats
