#include "adapters/formats/BankCsvWriter.h"

#include <sstream>

#include "adapters/formats/CsvReader.h"

namespace huzhu::adapters::formats {

std::string BankCsvWriter::neutralised(const std::string& value) {
    const bool formula = !value.empty() &&
                         (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
    return formula ? "'" + value : value;
}

std::string BankCsvWriter::cell(const std::string& value) {
    const std::string v = neutralised(value);
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

core::Result<std::string> BankCsvWriter::write(const core::PaymentFile& file) const {
    if (core::Outcome o = checkFields(file, Limits); !o.isOk()) return o;
    std::string out = std::string(Header) + "\r\n";
    out.reserve(file.lines.size() * 120 + out.size());
    for (const core::PaymentLine& line : file.lines) {
        out += std::to_string(line.seq);
        out += ',';
        out += cell(line.payeeName);
        out += ',';
        out += cell(line.account);
        out += ',';
        out += cell(line.bankName);
        out += ',';
        out += core::formatYuan(line.amountFen);
        out += ',';
        out += cell(line.purpose);
        out += ',';
        out += cell(line.reference);
        out += "\r\n";
    }
    return out;
}

core::Result<core::PaymentFileSummary> BankCsvWriter::readBack(const std::string& bytes) const {
    std::istringstream in(bytes);
    CsvReader reader(in);
    std::vector<std::string> cells;
    core::PaymentFileSummary summary;
    const auto bad = [&](const std::string& what) {
        return core::Outcome::invalid(
            "file", "the written file, line " + std::to_string(reader.recordLine()) + ": " + what);
    };
    if (!reader.next(cells)) return bad("no header");
    std::string header;
    for (std::size_t i = 0; i < cells.size(); ++i) header += (i ? "," : "") + cells[i];
    if (header != Header) return bad("unexpected header");
    while (reader.next(cells)) {
        if (cells.size() != 7) return bad("expected 7 columns");
        const auto amount = core::parseYuan(cells[4]);
        if (!amount || *amount <= 0) return bad("amount '" + cells[4] + "' is not a payment");
        summary.totalFen = core::checkedAdd(summary.totalFen, *amount);
        ++summary.count;
        summary.references.push_back(cells[6]);
    }
    if (reader.error()) return bad(reader.error()->message);
    return summary;
}

}  // namespace huzhu::adapters::formats
