#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace huzhu::adapters::sqlite {

/// What this process knows of the WAL, kept by a hook on its connections (sqlite3_wal_hook,
/// called after each commit once it has landed). ReadPool reads it to decide whether a kept
/// read snapshot is still current and whether the WAL needs its readers to let go.
struct WalState {
    /// SQLite's auto-checkpoint point, which the hook keeps (it replaces SQLite's own).
    static constexpr int CheckpointPages = 1000;
    std::atomic<std::uint64_t> commits{0};  // of this process's write sessions
    std::atomic<int> pages{0};              // in the WAL after the last commit seen
};

/// The SQLite database: one SessionPool, per-connection settings (foreign keys, busy
/// timeout), numbered schema migrations recorded in `schema_migrations`. Thread-safe: each
/// thread takes its own session from the pool.
class Database {
public:
    /// Opens (creating if needed) the database file. `maxSessions` must cover the server's
    /// threads: SessionPool::get() throws rather than waits when it is exhausted.
    explicit Database(const std::string& path, int maxSessions = 160);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// A session from the pool with foreign keys on and a busy timeout.
    Poco::Data::Session session();

    /// Applies the migrations not yet recorded; idempotent. Returns how many were applied.
    int migrate(const std::string& appliedAt);
    int schemaVersion();

    const std::string& path() const { return _path; }

    const WalState& wal() const { return _wal; }
    /// Puts the WAL hook of the sessions on another connection of this process, without
    /// counting its commits as changes: the audit writer's (a view's record is no change a
    /// read must see).
    void watchWal(sqlite3* connection) const;

private:
    std::string _path;
    mutable WalState _wal;
    Poco::Data::SessionPool _pool;
};

/// A write transaction taken with BEGIN IMMEDIATE, so that concurrent writers queue on the
/// busy timeout instead of failing on lock upgrade. Rolled back unless commit() is called.
class WriteTransaction {
public:
    explicit WriteTransaction(Poco::Data::Session& session);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();
    void commit();

private:
    Poco::Data::Session& _session;
    bool _open = true;
};

/// One record of the tamper-evident audit trail.
struct AuditEntry {
    std::string at;
    std::string actor;
    std::string action;  // e.g. "claim.filed"
    std::string entity;  // e.g. "claim"
    std::string entityId;
    std::string detail;  // JSON, no personal data in clear
};

/// A flat JSON object of text fields for AuditEntry::detail.
std::string auditDetail(std::initializer_list<std::pair<const char*, std::string>> fields);

/// Appends to `audit_log` inside the caller's transaction; each record holds the SHA-256 of
/// the previous record's hash and its own content.
void appendAudit(Poco::Data::Session& session, const AuditEntry& entry);

class RawConnection;
/// The same for several records in order, on a raw connection (the audit group commit),
/// inside its transaction.
void appendAudit(RawConnection& connection, const std::vector<AuditEntry>& entries);

/// Every `AuditCheckpointEvery` records appendAudit also writes a checkpoint: the record's
/// hash signed with HMAC-SHA256 under this key (set once at start-up by the composition root;
/// no checkpoints are written while it is empty). Thread-safe.
void setAuditSigningKey(const std::string& key);
constexpr std::int64_t AuditCheckpointEvery = 64;

/// The outcome of checking the audit trail: intact, or the first record found wrong and why.
struct AuditVerdict {
    std::int64_t badRecord = 0;  // 0 = intact
    std::string problem;
};

/// Recomputes the hash chain (finds an edited record, a record inserted or deleted in the
/// middle) and checks every checkpoint: its record must still exist with the same hash (finds
/// deleted tails up to the last checkpoint) and, when `signingKey` is given, its signature
/// must be valid (finds a rewritten chain). Records after the last checkpoint can be cut off
/// undetected; that is the limit of checkpoints.
AuditVerdict verifyAudit(Poco::Data::Session& session, const std::string& signingKey);

/// The chain check alone: the id of the first bad record, or 0 when intact.
std::int64_t verifyAuditChain(Poco::Data::Session& session);

}  // namespace huzhu::adapters::sqlite
