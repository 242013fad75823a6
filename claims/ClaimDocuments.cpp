#include "claims/ClaimDocuments.h"

#include "claims/ClaimWorkflow.h"

namespace huzhu::claims {

using core::Actor;
using core::ClaimRecord;
using core::DocumentRecord;
using core::Outcome;
using core::Result;

namespace {

/// Whether `text` is well-formed UTF-8 without control characters.
bool isPrintableUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) return false;
            ++i;
            continue;
        }
        int extra = 0;
        char32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= text.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
        if (cp >= 0x80 && cp <= 0x9F) return false;  // C1 controls
        i += static_cast<std::size_t>(extra) + 1;
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
