#include "claims/PaymentBatches.h"

namespace huzhu::claims {

using core::Actor;
using core::BatchRecord;
using core::Outcome;
using core::Result;

namespace {

Outcome requireFinance(const Actor& actor) {
    return actor.role == core::Role::Finance
               ? Outcome::ok()
               : Outcome::forbidden("only finance staff handle batches");
}

}  // namespace

PaymentBatches::PaymentBatches(core::ClaimStore& store,
                               std::vector<std::unique_ptr<core::PaymentFileWriter>> writers)
    : _store(store) {
    for (auto& writer : writers) {
        std::string format = writer->format();
        _writers.emplace(std::move(format), std::move(writer));
    }
}

Result<BatchRecord> PaymentBatches::create(const Actor& actor) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    return _store.createBatch(actor);
}

Result<BatchRecord> PaymentBatches::release(const Actor& actor, std::int64_t batchId) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    return _store.moveBatch(batchId, actor, "released", [&](const BatchRecord& batch) {
        if (batch.status != "draft")
            return Outcome::conflict("illegal_transition",
                                     "batch " + std::to_string(batchId) + " is " + batch.status +
                                         ", only a draft batch can be released");
        if (batch.createdBy == actor.userId)
            return Outcome::forbidden("the batch must be released by someone other than its maker");
        return Outcome::ok();
    });
}

Result<ExportedFile> PaymentBatches::exportFile(const Actor& actor, std::int64_t batchId,
                                                const std::string& format) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    auto writer = _writers.find(format);
    if (writer == _writers.end())
        return Outcome::invalid("format", "unsupported payment file format '" + format + "'");
    auto moved = _store.moveBatch(batchId, actor, "exported", [&](const BatchRecord& batch) {
        // Once the bank has answered for any payout, a new copy of the file could pay someone
        // twice (a paid transfer, or a returned one already re-issued): no more exports.
        if (batch.resolvedCount > 0)
            return Outcome::conflict("results_loaded",
                                     "batch " + std::to_string(batchId) +
                                         " already has bank results; it is not exported again");
        if (batch.status != "released" && batch.status != "exported")
            return Outcome::conflict("not_released", "batch " + std::to_string(batchId) + " is " +
                                                         batch.status +
                                                         "; only a released batch is exported");
        return Outcome::ok();
    });
    if (!moved.isOk()) return moved.outcome;
    const core::PaymentFile file = _store.paymentFile(batchId);
    return ExportedFile{.bytes = writer->second->write(file),
                        .mediaType = writer->second->mediaType(),
                        .fileName = "huzhu-batch-" + std::to_string(batchId) + "." + format,
                        .count = static_cast<std::int64_t>(file.lines.size()),
                        .totalFen = file.totalFen};
}

Result<std::vector<BatchRecord>> PaymentBatches::list(const Actor& actor) {
    if (actor.role != core::Role::Finance && actor.role != core::Role::Auditor &&
        actor.role != core::Role::Admin)
        return Outcome::forbidden("only finance staff and auditors see batches");
    return _store.listBatches(100);
}

Result<core::BankResultReport> PaymentBatches::loadResults(
    const Actor& actor, std::int64_t batchId, const std::vector<core::BankResult>& results) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    return _store.applyBankResults(batchId, actor, results);
}

}  // namespace huzhu::claims
