#pragma once

#include <istream>
#include <string>
#include <vector>

#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// Reads a bank result file in the CSV form of CONTRACT §7: header `业务编号,状态,原因` (columns
/// in any order, UTF-8, optional BOM), one row per payout, 状态 `成功` (paid) or `失败`
/// (failed, with 原因). Every problem goes to `errors` as "line N, column C: reason"; the
/// results are only to be applied when there is none.
std::vector<core::BankResult> parseBankResultCsv(std::istream& in,
                                                 std::vector<std::string>& errors);

}  // namespace huzhu::adapters::formats
