#include "claims/PaymentBatches.h"

#include <set>

#include "core/Identifiers.h"
#include "core/JsonWriter.h"

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

Outcome exportable(const BatchRecord& batch) {
    const std::string id = std::to_string(batch.id);
    // Once the bank has answered for any payout, a new copy of the file could pay someone
    // twice (a paid transfer, or a returned one already re-issued): no more exports.
    if (batch.resolvedCount > 0)
        return Outcome::conflict(
            "results_loaded",
            "batch " + id + " already has bank results; it is not exported again");
    if (batch.status != "released" && batch.status != "exported")
        return Outcome::conflict("not_released", "batch " + id + " is " + batch.status +
                                                     "; only a released batch is exported");
    return Outcome::ok();
}

}  // namespace

PaymentBatches::PaymentBatches(core::ClaimStore& store, const core::Clock& clock,
                               std::vector<std::unique_ptr<core::PaymentFileWriter>> writers,
                               ManifestSigner sign)
    : _store(store), _clock(clock), _sign(std::move(sign)) {
    for (auto& writer : writers) {
        std::string format = writer->format();
        _writers.emplace(std::move(format), std::move(writer));
    }
}

std::vector<std::string> PaymentBatches::formats() const {
    std::vector<std::string> names;
    for (const auto& [name, writer] : _writers) names.push_back(name);
    return names;
}

Result<BatchRecord> PaymentBatches::create(const Actor& actor, const core::BatchFilter& filter) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    return _store.createBatch(actor, filter);
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

Outcome PaymentBatches::checkFile(const BatchRecord& batch, const core::PaymentFile& file) const {
    std::set<std::string> references;
    core::Fen total = 0;
    for (const core::PaymentLine& line : file.lines) {
        const std::string which = "payout " + line.reference + " (line " +
                                  std::to_string(line.seq) + ", " + line.payeeName + ")";
        if (line.account.empty()) return Outcome::invalid("payout", which + ": no bank account");
        if (!core::isValidBankAccount(line.account))
            return Outcome::invalid("payout", which + ": the bank account is not valid");
        if (line.amountFen <= 0)
            return Outcome::invalid("payout", which + ": amount is not positive");
        if (!references.insert(line.reference).second)
            return Outcome::invalid("payout", which + ": reference appears twice");
        total = core::checkedAdd(total, line.amountFen);
    }
    if (static_cast<std::int64_t>(file.lines.size()) != batch.count || total != batch.totalFen ||
        total != file.totalFen)
        return Outcome::conflict(
            "totals_mismatch",
            "batch " + std::to_string(batch.id) + " was made with " + std::to_string(batch.count) +
                " payouts, " + core::formatYuan(batch.totalFen) + " 元, but now holds " +
                std::to_string(file.lines.size()) + ", " + core::formatYuan(total) + " 元");
    return Outcome::ok();
}

Result<ExportedFile> PaymentBatches::exportFile(const Actor& actor, std::int64_t batchId,
                                                const std::string& format) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    auto writer = _writers.find(format);
    if (writer == _writers.end())
        return Outcome::invalid("format", "unsupported payment file format '" + format + "'");
    auto batch = _store.prepareExport(batchId, format, exportable);
    if (!batch.isOk()) return batch.outcome;

    const core::PaymentFile file = _store.paymentFile(batchId);
    if (Outcome o = checkFile(*batch.value, file); !o.isOk()) return o;
    auto bytes = writer->second->write(file);
    if (!bytes.isOk()) return bytes.outcome;
    auto back = writer->second->readBack(*bytes.value);
    if (!back.isOk()) return back.outcome;
    std::vector<std::string> expected;
    for (const core::PaymentLine& line : file.lines) expected.push_back(line.reference);
    if (back.value->count != batch.value->count || back.value->totalFen != batch.value->totalFen ||
        back.value->references != expected)
        return Outcome::conflict("totals_mismatch",
                                 "the written file does not read back as batch " +
                                     std::to_string(batchId) + ": " +
                                     std::to_string(back.value->count) + " payouts, " +
                                     core::formatYuan(back.value->totalFen) + " 元");

    // Only now is the batch marked exported (the check runs again inside that transaction).
    auto moved = _store.moveBatch(batchId, actor, "exported", exportable);
    if (!moved.isOk()) return moved.outcome;

    ExportedFile out{.bytes = std::move(*bytes.value),
                     .mediaType = writer->second->mediaType(),
                     .fileName = "huzhu-batch-" + std::to_string(batchId) + "-" + format + "." +
                                 writer->second->extension(),
                     .count = static_cast<std::int64_t>(file.lines.size()),
                     .totalFen = file.totalFen,
                     .messageId = file.messageId};
    const auto fields = [&](core::JsonWriter& w) {
        w.key("batch_id").value(batchId);
        w.key("format").value(format);
        w.key("message_id").value(file.messageId);
        w.key("count").value(out.count);
        w.key("total_fen").value(out.totalFen);
        w.key("sha256").value(_sign.sha256Hex(out.bytes));
        w.key("exported_at").value(_clock.now());
        w.key("exported_by").value(actor.username);
    };
    core::JsonWriter body, manifest;
    body.beginObject();
    fields(body);
    body.endObject();
    manifest.beginObject();
    fields(manifest);
    manifest.key("signature").value(_sign.sign(body.str()));
    manifest.endObject();
    out.manifest = manifest.str() + "\n";
    return out;
}

Result<std::vector<BatchRecord>> PaymentBatches::list(const Actor& actor) {
    if (actor.role != core::Role::Finance && actor.role != core::Role::Auditor &&
        actor.role != core::Role::Admin)
        return Outcome::forbidden("only finance staff and auditors see batches");
    return _store.listBatches(100);
}

Result<PaymentBatches::PayoutList> PaymentBatches::payouts(const Actor& actor,
                                                           const std::string& status) {
    if (actor.role != core::Role::Finance && actor.role != core::Role::Auditor &&
        actor.role != core::Role::Admin)
        return Outcome::forbidden("only finance staff and auditors see payouts");
    if (status != "payable" && status != "in_batch" && status != "paid" && status != "returned")
        return Outcome::invalid("status", "must be payable, in_batch, paid or returned");
    return PayoutList{.items = _store.listPayouts(status, 200),
                      .summary = _store.payoutSummary(status)};
}

Result<core::BankResultReport> PaymentBatches::loadResults(const Actor& actor, std::int64_t batchId,
                                                           std::vector<core::BankResult> results,
                                                           const std::string& originalMessageId,
                                                           const std::string& groupRejection) {
    if (Outcome o = requireFinance(actor); !o.isOk()) return o;
    if (!originalMessageId.empty() || !groupRejection.empty()) {
        auto batch = _store.findBatch(batchId);
        if (!batch) return Outcome::notFound("batch " + std::to_string(batchId) + " not found");
        if (!originalMessageId.empty() && originalMessageId != batch->messageId)
            return Outcome::invalid(
                "file", batch->messageId.empty()
                            ? "this status report answers message " + originalMessageId +
                                  ", but batch " + std::to_string(batchId) + " was never sent"
                            : "this status report answers message " + originalMessageId +
                                  ", but batch " + std::to_string(batchId) + " was sent as " +
                                  batch->messageId);
        if (!groupRejection.empty())
            for (const core::PaymentLine& line : _store.paymentFile(batchId).lines)
                results.push_back(core::BankResult{.line = 0,
                                                   .reference = line.reference,
                                                   .success = false,
                                                   .reason = groupRejection});
    }
    return _store.applyBankResults(batchId, actor, results);
}

}  // namespace huzhu::claims
