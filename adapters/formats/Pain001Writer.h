#pragma once

#include <string>

#include "adapters/formats/PaymentFileChecks.h"
#include "core/Ports.h"

namespace huzhu::adapters::formats {

/// ISO 20022 customer credit transfer initiation `pain.001.001.03` (CONTRACT §7): one group
/// header and one payment information block for the batch, both with NbOfTxs and CtrlSum; one
/// CdtTrfTxInf per payout with the payout's reference as EndToEndId, the amount in CNY, the
/// payee's bank by name, the account as a proprietary (Othr) id and the purpose as
/// unstructured remittance information. MsgId, CreDtTm, the execution date and the debtor come
/// from the batch's first export, so exporting again gives the same bytes. Values are written
/// exactly, escaped for XML; anything over the schema's lengths is refused, never cut.
///
/// Written by hand rather than through libxml2's xmlTextWriter: the document is a fixed
/// shape, every text goes through one escaping function, the tests validate the output
/// against the official XSD with libxml2, and this is the fast path for 100,000-payout files.
class Pain001Writer : public core::PaymentFileWriter {
public:
    static constexpr FieldLimits Limits{// Max140Text, Max34Text (Othr/Id), Max35Text
                                        .payeeName = 140,
                                        .account = 34,
                                        .bankName = 140,
                                        .purpose = 140,
                                        .reference = 35};

    // PaymentFileWriter
    std::string format() const override { return "pain001"; }
    std::string mediaType() const override { return "application/xml"; }
    std::string extension() const override { return "xml"; }
    core::Result<std::string> write(const core::PaymentFile& file) const override;
    core::Result<core::PaymentFileSummary> readBack(const std::string& bytes) const override;
};

}  // namespace huzhu::adapters::formats
