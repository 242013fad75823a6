#include "adapters/formats/BankResultCsv.h"

#include <map>
#include <set>

#include "adapters/formats/CsvReader.h"

namespace huzhu::adapters::formats {

std::vector<core::BankResult> parseBankResultCsv(std::istream& in,
                                                 std::vector<std::string>& errors) {
    std::vector<core::BankResult> results;
    CsvReader reader(in, 1024);
    auto error = [&](std::int64_t line, const std::string& column, const std::string& reason) {
        errors.push_back("line " + std::to_string(line) +
                         (column.empty() ? "" : ", column " + column) + ": " + reason);
    };
    std::vector<std::string> cells;
    if (!reader.next(cells)) {
        if (reader.error())
            error(reader.error()->line, "", reader.error()->message);
        else
            error(1, "", "the file is empty; expected the header 业务编号,状态,原因");
        return results;
    }
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < cells.size(); ++i) column[cells[i]] = i;
    for (const char* name : {"业务编号", "状态", "原因"})
        if (!column.count(name)) error(1, name, "required column is missing");
    if (column.size() != cells.size()) error(1, "", "a column appears twice");
    if (!errors.empty()) return results;

    std::set<std::string> seen;
    while (reader.next(cells)) {
        const std::int64_t line = reader.recordLine();
        if (cells.size() != column.size()) {
            error(line, "",
                  "expected " + std::to_string(column.size()) + " columns, found " +
                      std::to_string(cells.size()));
            continue;
        }
        core::BankResult r{
            .line = line, .reference = cells[column["业务编号"]], .reason = cells[column["原因"]]};
        const std::string& status = cells[column["状态"]];
        if (status == "成功") {
            r.success = true;
        } else if (status == "失败") {
            if (r.reason.empty()) error(line, "原因", "a failed transfer needs a reason");
        } else {
            error(line, "状态", "must be 成功 or 失败, not '" + status + "'");
            continue;
        }
        if (r.reference.empty()) {
            error(line, "业务编号", "is empty");
            continue;
        }
        if (!seen.insert(r.reference).second) {
            error(line, "业务编号", "the payout " + r.reference + " appears twice");
            continue;
        }
        results.push_back(std::move(r));
    }
    if (reader.error()) error(reader.error()->line, "", reader.error()->message);
    if (results.empty() && errors.empty()) error(2, "", "the file has no result rows");
    return results;
}

}  // namespace huzhu::adapters::formats
