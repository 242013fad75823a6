#include "claims/ClaimDocuments.h"

#include "claims/ClaimWorkflow.h"
#include "core/Utf8.h"

namespace huzhu::claims {

using core::Actor;
using core::ClaimRecord;
using core::DocumentRecord;
using core::Outcome;
using core::Result;

namespace {

/// Whether `text` is well-formed UTF-8 without control characters (C0, DEL, C1).
bool isPrintableUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::int32_t cp = core::decodeUtf8(text, i);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return false;  // -1: malformed
    }
    return true;
}

}  // namespace

ClaimDocuments::ClaimDocuments(core::ClaimStore& claims, core::DocumentStore& documents)
    : _claims(claims), _documents(documents) {}

bool ClaimDocuments::mayUpload(const Actor& actor, const ClaimRecord& claim) {
    if (claim.filedBy == actor.userId) return true;
    return actor.role == core::Role::Member && actor.memberId && *actor.memberId == claim.memberId;
}

Result<DocumentRecord> ClaimDocuments::upload(const Actor& actor, std::int64_t claimId,
                                              std::string_view bytes, const std::string& fileName) {
    auto claim = _claims.findClaim(claimId);
    if (!claim || !ClaimWorkflow::maySee(actor, *claim))
        return Outcome::notFound("claim " + std::to_string(claimId) + " not found");
    if (!mayUpload(actor, *claim))
        return Outcome::forbidden("only the filer of a claim adds documents to it");
    if (claim->status == core::ClaimStatus::Rejected || claim->status == core::ClaimStatus::Paid)
        return Outcome::conflict("claim_closed", "the claim is " +
                                                     std::string(core::toString(claim->status)) +
                                                     "; it takes no more documents");

    if (bytes.empty()) return Outcome::invalid("file", "the file is empty");
    if (bytes.size() > MaxBytes) return Outcome::invalid("file", "the file is larger than 10 MiB");
    const auto kind = core::sniffDocument(bytes);
    if (!kind)
        return Outcome::invalid("file", "the file is not a PDF, JPEG or PNG (judged by content)");

    // Only the last component of a path a browser may send ("C:\\scans\\结算单.pdf").
    std::string name = fileName;
    if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos)
        name.erase(0, slash + 1);
    if (name == "." || name == "..") name.clear();
    if (name.size() > MaxFileNameBytes)
        return Outcome::invalid("file", "the file name is longer than 255 bytes");
    if (!isPrintableUtf8(name))
        return Outcome::invalid("file", "the file name is not printable UTF-8");
    if (name.empty()) name = "document." + std::string(core::extension(*kind));

    return _documents.store(claimId, bytes, *kind, name, actor);
}

Result<std::vector<DocumentRecord>> ClaimDocuments::list(const Actor& actor, std::int64_t claimId) {
    auto claim = _claims.findClaim(claimId);
    if (!claim || !ClaimWorkflow::maySee(actor, *claim))
        return Outcome::notFound("claim " + std::to_string(claimId) + " not found");
    return _documents.list(claimId);
}

Result<DocumentDownload> ClaimDocuments::download(const Actor& actor, std::int64_t documentId) {
    const Outcome missing =
        Outcome::notFound("document " + std::to_string(documentId) + " not found");
    auto document = _documents.find(documentId);
    if (!document) return missing;
    auto claim = _claims.findClaim(document->claimId);
    if (!claim || !ClaimWorkflow::maySee(actor, *claim)) return missing;
    const auto kind = core::parseDocumentKind(document->kind);
    if (!kind) return missing;  // a row the schema's CHECK would not allow
    std::string bytes = _documents.read(*document);
    // Staff opening a member's medical document is a view of personal data: audited.
    if (actor.memberId != claim->memberId && actor.userId != claim->filedBy)
        _claims.recordAccess(actor, "document", std::to_string(documentId));
    return DocumentDownload{std::move(*document), *kind, std::move(bytes)};
}

}  // namespace huzhu::claims
