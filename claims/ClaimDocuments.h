#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/Documents.h"
#include "core/Ports.h"

namespace huzhu::claims {

/// A document and its bytes, for a download.
struct DocumentDownload {
    core::DocumentRecord document;
    core::DocumentKind kind = core::DocumentKind::Pdf;
    std::string bytes;
};

/// The documents of a claim (CONTRACT §6 POST /claims/{id}/documents): upload by the filer,
/// listing and download by everyone who may see the claim. Holds references to its
/// collaborators, which must outlive it. Thread-safe as long as the stores are.
class ClaimDocuments {
public:
    static constexpr std::size_t MaxBytes = 10 * 1024 * 1024;  // 10 MiB per document
    static constexpr std::size_t MaxFileNameBytes = 255;

    ClaimDocuments(core::ClaimStore& claims, core::DocumentStore& documents);
    ClaimDocuments(const ClaimDocuments&) = delete;
    ClaimDocuments& operator=(const ClaimDocuments&) = delete;

    /// Stores `bytes` as a document of the claim. Who: the claim's filer, or the member the
    /// claim is about. NotFound when the actor may not see the claim, Forbidden when they may
    /// see but not upload, Conflict when the claim is rejected or paid, Invalid("file") when
    /// the bytes are empty, above MaxBytes or not a PDF, JPEG or PNG by their content, or the
    /// file name is not printable UTF-8 of at most MaxFileNameBytes. The kind comes from the
    /// content, never from the name; a path in the name is dropped.
    core::Result<core::DocumentRecord> upload(const core::Actor& actor, std::int64_t claimId,
                                              std::string_view bytes, const std::string& fileName);

    /// The claim's documents, oldest first; NotFound when the actor may not see the claim.
    core::Result<std::vector<core::DocumentRecord>> list(const core::Actor& actor,
                                                         std::int64_t claimId);

    /// A document with its bytes, checked against its SHA-256 (a damaged file throws);
    /// NotFound for an unknown document or one of a claim the actor may not see.
    core::Result<DocumentDownload> download(const core::Actor& actor, std::int64_t documentId);

    /// Whether the actor may add documents to the claim (they may see it already).
    static bool mayUpload(const core::Actor& actor, const core::ClaimRecord& claim);

private:
    core::ClaimStore& _claims;
    core::DocumentStore& _documents;
};

}  // namespace huzhu::claims
