#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// A bank's answer to a payment file (core::BankResultFile, which the web layer takes too).
using core::BankResultFile;

/// Reads a bank result file, recognising its form by content: XML whose root element is in a
/// `urn:iso:std:iso:20022:tech:xsd:pain.002.001.NN` namespace is a payment status report, in
/// a `camt.054.001.NN` namespace a debit/credit notification (returns via RtrInf); anything
/// else is the CSV of parseBankResultCsv. Every problem goes to `errors` as "line N: ..."
/// (for XML "line N: Path/To/Element: what is wrong"); the results are only to be applied when
/// there is none.
///
/// pain.002: TxSts ACSC (or ACCC) is paid, RJCT failed with "Cd: AddtlInf" from StsRsnInf.
/// camt.054: a booked (BOOK) TxDtls with RtrInf is a return (failure), else a debit is paid; a
/// credit that is not a return is an error. Each transaction needs a reference (OrgnlEndToEndId
/// or Refs/EndToEndId, not NOTPROVIDED), at most once per file.
///
/// XML must be UTF-8 and is read without network access, DTDs or entity expansion: a file with
/// a DOCTYPE is refused. Files over 10 MiB are refused. Thread-safe; libxml2 prints nothing.
BankResultFile parseBankResultFile(std::string_view bytes, std::vector<std::string>& errors);

}  // namespace huzhu::adapters::formats
