#include "adapters/formats/BankCsvWriter.h"

namespace huzhu::adapters::formats {

std::string BankCsvWriter::cell(const std::string& value) {
    std::string v = value;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(0, "'");
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
