#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/Claim.h"
#include "core/Ports.h"

namespace huzhu::claims {

/// A payment file ready to hand to the bank.
struct ExportedFile {
    std::string bytes;
    std::string mediaType;
    std::string fileName;
    std::int64_t count = 0;
    core::Fen totalFen = 0;
};

/// The finance use cases: a maker creates a batch from payable payouts, a different finance
/// user (the checker) releases it, and only a released batch is exported. Collaborators must
/// outlive this object. Thread-safe as long as the store is.
class PaymentBatches {
public:
    /// `writers`: one per supported format, looked up by PaymentFileWriter::format().
    PaymentBatches(core::ClaimStore& store,
                   std::vector<std::unique_ptr<core::PaymentFileWriter>> writers);
    PaymentBatches(const PaymentBatches&) = delete;
    PaymentBatches& operator=(const PaymentBatches&) = delete;

    /// A new draft batch holding every payable payout; Conflict when there is none.
    core::Result<core::BatchRecord> create(const core::Actor& actor);
    /// The second signature; Forbidden for the batch's creator.
    core::Result<core::BatchRecord> release(const core::Actor& actor, std::int64_t batchId);
    /// The payment file of a released (or already exported) batch in `format`.
    core::Result<ExportedFile> exportFile(const core::Actor& actor, std::int64_t batchId,
                                          const std::string& format);
    core::Result<std::vector<core::BatchRecord>> list(const core::Actor& actor);
    /// Applies a bank's results to an exported batch (ClaimStore::applyBankResults).
    core::Result<core::BankResultReport> loadResults(const core::Actor& actor, std::int64_t batchId,
                                                     const std::vector<core::BankResult>& results);

private:
    core::ClaimStore& _store;
    std::map<std::string, std::unique_ptr<core::PaymentFileWriter>> _writers;
};

}  // namespace huzhu::claims
