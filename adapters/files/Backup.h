#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace huzhu::adapters::files {

/// A backup that cannot start: the target is taken, its folder missing, the source absent.
struct BackupRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct BackupReport {
    std::int64_t pages = 0;      // of the database copy
    std::int64_t pageSize = 0;   // bytes
    std::int64_t documents = 0;  // files copied
};

/// `huzhu backup`: a consistent copy of the database at `database`, which a server may be
/// writing meanwhile, and of the uploaded documents its rows name.
///   - The database is copied with SQLite's online backup API in one step, that is in one
///     read transaction: one snapshot, taken without stopping writers (WAL mode).
///   - The copy is checked (PRAGMA quick_check) and then read for the documents it names;
///     each is copied from "<database>.documents" to "<target>.documents" after its SHA-256
///     is checked (a missing or damaged document stops the backup: it would not be complete).
///     Documents are written before their rows, so the snapshot never names one not yet there.
///   - Everything is written under temporary names ("<target>.partial",
///     "<target>.documents.partial"), synced, and renamed into place last: a failure leaves no
///     half backup under the real names (and removes the temporary ones).
/// The key file is not copied: kept apart from the backups, a stolen backup yields only
/// ciphertext (docs/security.md). `huzhu serve --db TARGET --key-file KEY` runs on the copy.
/// Throws BackupRefused before anything is written when `target` or its documents folder
/// exists, or `target`'s folder does not; other exceptions when the copy fails.
BackupReport backupDatabase(const std::string& database, const std::string& target);

}  // namespace huzhu::adapters::files
