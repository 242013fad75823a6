#include "adapters/formats/BankCsvWriter.h"

#include <sstream>

#include "adapters/formats/CsvReader.h"

namespace huzhu::adapters::formats {

std::string BankCsvWriter::neutralised(const std::string& value) {
    const bool formula = !value.empty() &&
                         (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
    return formula ? "'" + value : value;
}

namespace {

/// Appends one cell, neutralised and quoted, without temporary strings (the hot loop of a
/// 100,000-line file).
void appendCell(std::string& out, const std::string& value) {
    const bool formula = !value.empty() &&
                         (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
    const bool quote = value.find_first_of(",\"\r\n") != std::string::npos;
    if (quote) out += '"';
    if (formula) out += '\'';
    if (!quote) {
        out += value;
        return;
    }
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string BankCsvWriter::cell(const std::string& value) {
    std::string out;
    appendCell(out, value);
    return out;
}

core::Result<std::string> BankCsvWriter::write(const core::PaymentFile& file) const {
    if (core::Outcome o = checkFields(file, Limits); !o.isOk()) return o;
    std::string out = std::string(Header) + "\r\n";
    out.reserve(file.lines.size() * 120 + out.size());
    for (const core::PaymentLine& line : file.lines) {
        out += std::to_string(line.seq);
        out += ',';
        appendCell(out, line.payeeName);
        out += ',';
        appendCell(out, line.account);
        out += ',';
        appendCell(out, line.bankName);
        out += ',';
        out += core::formatYuan(line.amountFen);
        out += ',';
        appendCell(out, line.purpose);
        out += ',';
        appendCell(out, line.reference);
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
