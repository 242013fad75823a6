#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace huzhu::adapters::sqlite {

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

    /// How many transactions this process's sessions have committed, counted once each has
    /// landed (ReadPool compares it to keep or renew its snapshots).
    const std::atomic<std::uint64_t>& writeCount() const { return _writes; }

private:
    std::string _path;
    std::atomic<std::uint64_t> _writes{0};
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
