#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/sqlite/Database.h"
#include "core/Documents.h"
#include "core/Ports.h"

namespace huzhu::adapters::files {

/// DocumentStore on the file system and SQLite. The bytes live once per SHA-256 under a
/// folder (mode 0700) at `ab/cdef…` (the first two hex characters as a subfolder, files mode
/// 0600), written to a temporary file, fsync'd and renamed into place, so that a crash never
/// leaves half a file under a real name; an identical file already there is kept. The
/// `documents` table (migration 5) holds one row per upload, inserted with an audit record in
/// one transaction after the file is safely on disk. A file without a row (a failed
/// transaction) is harmless. Thread-safe.
class FileDocumentStore : public core::DocumentStore {
public:
    /// Files go under `folder`, by default "<database path>.documents"; the folder is created
    /// (mode 0700) when missing. Throws Poco::FileException when it cannot be.
    FileDocumentStore(sqlite::Database& db, const core::Clock& clock, std::string folder = "");

    // DocumentStore
    core::DocumentRecord store(std::int64_t claimId, std::string_view bytes,
                               core::DocumentKind kind, const std::string& fileName,
                               const core::Actor& actor) override;
    std::vector<core::DocumentRecord> list(std::int64_t claimId) override;
    std::optional<core::DocumentRecord> find(std::int64_t documentId) override;
    /// Throws Poco::FileNotFoundException when the file is missing and Poco::DataException
    /// when its content no longer matches the SHA-256 recorded at upload.
    std::string read(const core::DocumentRecord& document) override;
    std::vector<std::int64_t> claimsWithHash(const std::string& sha256,
                                             std::int64_t exceptClaimId) override;

    const std::string& folder() const { return _folder; }
    /// Where the bytes with this SHA-256 live. Throws Poco::DataException unless `sha256` is
    /// 64 lowercase hex characters.
    std::string pathFor(const std::string& sha256) const { return pathUnder(_folder, sha256); }

    /// The same layout under any existing folder (a backup's): where the bytes with `sha256`
    /// live, reading them as read() does (`what` names them in the errors), and writing them
    /// there as store() does.
    static std::string pathUnder(const std::string& folder, const std::string& sha256);
    static std::string readCheckedUnder(const std::string& folder, const std::string& sha256,
                                        const std::string& what);
    static void writeUnder(const std::string& folder, const std::string& sha256,
                           std::string_view bytes);

private:
    sqlite::Database& _db;
    const core::Clock& _clock;
    std::string _folder;
};

}  // namespace huzhu::adapters::files
