#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Claim.h"

/// Claim documents (CONTRACT §6 POST /claims/{id}/documents): the kinds accepted, how a kind
/// is recognised, and the port that keeps the files. Standard library only.
namespace huzhu::core {

/// The kinds of document a claim accepts: scans and photos of settlement statements (结算单),
/// invoices and discharge summaries.
enum class DocumentKind { Pdf, Jpeg, Png };

/// "pdf", "jpeg" or "png".
std::string_view toString(DocumentKind kind);
std::optional<DocumentKind> parseDocumentKind(std::string_view text);
/// The HTTP media type: "application/pdf", "image/jpeg" or "image/png".
std::string_view mediaType(DocumentKind kind);
/// The usual file name extension without the dot: "pdf", "jpg" or "png".
std::string_view extension(DocumentKind kind);

/// The kind of `bytes` recognised by their magic bytes ("%PDF-"; FF D8 FF; the 8-byte PNG
/// signature), never by a file name; nothing for anything else, including empty input.
std::optional<DocumentKind> sniffDocument(std::string_view bytes);

/// One stored document of a claim.
struct DocumentRecord {
    std::int64_t id = 0;
    std::int64_t claimId = 0;
    std::string sha256;  // of the content, 64 lowercase hex characters
    std::string kind;    // "pdf" | "jpeg" | "png"
    std::string fileName;
    std::int64_t sizeBytes = 0;
    std::int64_t uploadedBy = 0;  // user id
    std::string uploadedAt;       // ISO 8601 with offset
};

/// Where claim documents live. Content-addressed: the bytes are kept once per SHA-256 outside
/// the database; the database holds one metadata row per upload, written together with an
/// audit record in one transaction. Implementations must be safe to call from many threads.
class DocumentStore {
public:
    DocumentStore() = default;
    DocumentStore(const DocumentStore&) = delete;
    DocumentStore& operator=(const DocumentStore&) = delete;
    virtual ~DocumentStore() = default;

    /// Keeps `bytes` (REQUIRES: non-empty, of kind `kind`) as a document of claim `claimId`
    /// uploaded by `actor`. Throws on an infrastructure failure.
    virtual DocumentRecord store(std::int64_t claimId, std::string_view bytes, DocumentKind kind,
                                 const std::string& fileName, const Actor& actor) = 0;
    /// The documents of a claim, oldest first.
    virtual std::vector<DocumentRecord> list(std::int64_t claimId) = 0;
    virtual std::optional<DocumentRecord> find(std::int64_t documentId) = 0;
    /// The bytes of a document, checked against its SHA-256: a file that changed on disk is an
    /// error (an exception), never served.
    virtual std::string read(const DocumentRecord& document) = 0;
    /// The other claims that carry a document with this SHA-256 (ascending ids, each once): the
    /// same scan filed twice is a duplicate flag.
    virtual std::vector<std::int64_t> claimsWithHash(const std::string& sha256,
                                                     std::int64_t exceptClaimId) = 0;
};

}  // namespace huzhu::core
