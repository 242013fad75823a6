#include "adapters/formats/BankCsvWriter.h"

namespace huzhu::adapters::formats {

std::string BankCsvWriter::cell(const std::string& value) {
    const bool formula = !value.empty() &&
                         (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
    const std::string v = formula ? "'" + value : value;
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string BankCsvWriter::write(const core::PaymentFile& file) const {
    std::string out = "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n";
    for (const core::PaymentLine& line : file.lines) {
        out += std::to_string(line.seq) + "," + cell(line.payeeName) + "," + cell(line.account) +
               "," + cell(line.bankName) + "," + core::formatYuan(line.amountFen) + "," +
               cell(line.purpose) + "," + cell(line.reference) + "\r\n";
    }
    return out;
}

}  // namespace huzhu::adapters::formats
