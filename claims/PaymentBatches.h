#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/Claim.h"
#include "core/Ports.h"

namespace huzhu::claims {

/// A payment file ready to hand to the bank, with its signed manifest (CONTRACT §7).
struct ExportedFile {
    std::string bytes;
    std::string mediaType;
    std::string fileName;
    std::int64_t count = 0;
    core::Fen totalFen = 0;
    std::string messageId;
    std::string manifest;  // FILE.manifest.json
};

/// What a manifest needs from cryptography: the file's digest and the body's signature.
struct ManifestSigner {
    std::function<std::string(std::string_view bytes)> sha256Hex;
    /// Hex HMAC-SHA256 under the installation's key.
    std::function<std::string(std::string_view body)> sign;
};

/// The finance use cases: a maker creates a batch from payable payouts, a different finance
/// user (the checker) releases it, and only a released batch is exported. Collaborators must
/// outlive this object. Thread-safe as long as the store is.
class PaymentBatches {
public:
    /// `writers`: one per supported format, looked up by PaymentFileWriter::format().
    PaymentBatches(core::ClaimStore& store, const core::Clock& clock,
                   std::vector<std::unique_ptr<core::PaymentFileWriter>> writers,
                   ManifestSigner sign);
    PaymentBatches(const PaymentBatches&) = delete;
    PaymentBatches& operator=(const PaymentBatches&) = delete;

    /// A new draft batch of the payable payouts `filter` picks; Conflict when there is none.
    core::Result<core::BatchRecord> create(const core::Actor& actor,
                                           const core::BatchFilter& filter = {});
    /// The second signature; Forbidden for the batch's creator.
    core::Result<core::BatchRecord> release(const core::Actor& actor, std::int64_t batchId);
    /// The payment file of a released (or already exported) batch in `format`. Before the file
    /// is final: every account valid, every amount positive, no reference twice, the count and
    /// total equal to the batch's as recorded at creation, and the file read back gives them
    /// again; any mismatch is an error and the batch stays as it was.
    core::Result<ExportedFile> exportFile(const core::Actor& actor, std::int64_t batchId,
                                          const std::string& format);
    core::Result<std::vector<core::BatchRecord>> list(const core::Actor& actor);
    /// Applies a bank's results to an exported batch (ClaimStore::applyBankResults).
    /// `originalMessageId`, when given (pain.002), must be the batch's message id;
    /// `groupRejection`, when given, fails every payout of the batch with that reason.
    core::Result<core::BankResultReport> loadResults(const core::Actor& actor, std::int64_t batchId,
                                                     std::vector<core::BankResult> results,
                                                     const std::string& originalMessageId = "",
                                                     const std::string& groupRejection = "");
    /// Payouts in `status` (payable, in_batch, paid, returned), oldest first, at most 200, with
    /// the count and total of all of them: finance, auditors and admins.
    struct PayoutList {
        std::vector<core::PayoutRecord> items;
        core::PayoutSummary summary;
    };
    core::Result<PayoutList> payouts(const core::Actor& actor, const std::string& status);
    /// The formats exportFile accepts.
    std::vector<std::string> formats() const;

private:
    core::Outcome checkFile(const core::BatchRecord& batch, const core::PaymentFile& file) const;

    core::ClaimStore& _store;
    const core::Clock& _clock;
    std::map<std::string, std::unique_ptr<core::PaymentFileWriter>> _writers;
    ManifestSigner _sign;
};

}  // namespace huzhu::claims
