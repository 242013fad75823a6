#include "adapters/sqlite/Database.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <sqlite3.h>
#include <mutex>

#include "adapters/crypto/Crypto.h"
#include "adapters/sqlite/RawSqlite.h"
#include "adapters/sqlite/Schema.h"
#include "core/JsonWriter.h"

namespace huzhu::adapters::sqlite {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

namespace {

bool registerConnector() {
    // Before SQLite initialises: no global memory-statistics mutex on every allocation (it
    // serialises all threads' queries), and no per-connection mutex: a session from the pool
    // is used by one thread at a time.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    Poco::Data::SQLite::Connector::registerConnector();
    return true;
}

// SQLite calls these after each commit of a connection (WAL mode), once the commit has
// landed. They replace the auto-checkpoint hook, so they do what that one does.
int noteWal(WalState& wal, sqlite3* db, const char* schema, int pages) {
    wal.pages.store(pages, std::memory_order_release);
    if (pages >= WalState::CheckpointPages) sqlite3_wal_checkpoint(db, schema);
    return SQLITE_OK;
}

int afterSessionCommit(void* wal, sqlite3* db, const char* schema, int pages) {
    static_cast<WalState*>(wal)->commits.fetch_add(1, std::memory_order_release);
    return noteWal(*static_cast<WalState*>(wal), db, schema, pages);
}

int afterWatchedCommit(void* wal, sqlite3* db, const char* schema, int pages) {
    return noteWal(*static_cast<WalState*>(wal), db, schema, pages);
}

const std::string GenesisHash(64, '0');

// The audit chain's statements, shared by the Poco and the raw appendAudit.
const char* const LastAuditHash = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
const char* const InsertAudit =
    "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const char* const InsertCheckpoint =
    "INSERT INTO audit_checkpoints (audit_id, hash, signature, at) VALUES (?, ?, ?, ?)";

std::mutex auditKeyMutex;
std::string auditKey;  // guarded by auditKeyMutex

std::string checkpointSignature(const std::string& key, std::int64_t id, const std::string& hash) {
    return crypto::hmacSha256Hex(key, std::to_string(id) + ":" + hash);
}

std::string auditHash(const std::string& prev, const AuditEntry& e) {
    core::JsonWriter w;
    w.beginArray()
        .value(prev)
        .value(e.at)
        .value(e.actor)
        .value(e.action)
        .value(e.entity)
        .value(e.entityId)
        .value(e.detail)
        .endArray();
    return crypto::sha256Hex(w.str());
}

}  // namespace

Database::Database(const std::string& path, int maxSessions)
    : _path(path), _pool((registerConnector(), "SQLite"), path, 1, maxSessions, 60) {
    Session s = session();
    std::string mode;
    s << "PRAGMA journal_mode=WAL", into(mode), now;
}

Session Database::session() {
    Session s = _pool.get();
    s.setConnectionTimeout(10);
    s << "PRAGMA foreign_keys=ON", now;
    sqlite3_wal_hook(Poco::Data::SQLite::Utility::dbHandle(s), afterSessionCommit, &_wal);
    return s;
}

void Database::watchWal(sqlite3* connection) const {
    sqlite3_wal_hook(connection, afterWatchedCommit, &_wal);
}

int Database::schemaVersion() {
    Session s = session();
    int exists = 0;
    s << "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'",
        into(exists), now;
    if (!exists) return 0;
    Poco::Nullable<int> version;
    s << "SELECT max(version) FROM schema_migrations", into(version), now;
    return version.isNull() ? 0 : version.value();
}

int Database::migrate(const std::string& appliedAt) {
    Session s = session();
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
         "applied_at TEXT NOT NULL) STRICT",
        now;
    int applied = 0;
    const auto& migrations = schemaMigrations();
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        const int version = static_cast<int>(i) + 1;
        WriteTransaction tx(s);
        int done = 0;
        s << "SELECT count(*) FROM schema_migrations WHERE version = ?", bind(version), into(done),
            now;
        if (done) continue;
        for (const std::string& statement : migrations[i]) s << statement, now;
        s << "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", bind(version),
            bind(appliedAt), now;
        tx.commit();
        ++applied;
    }
    return applied;
}

WriteTransaction::WriteTransaction(Session& session) : _session(session) {
    _session << "BEGIN IMMEDIATE", now;
}

WriteTransaction::~WriteTransaction() {
    if (!_open) return;
    try {
        _session << "ROLLBACK", now;
    } catch (const Poco::Exception&) {
        // The connection is gone or the transaction was already ended by SQLite itself; the
        // pending exception (if any) is what the caller needs to see.
    }
}

void WriteTransaction::commit() {
    _session << "COMMIT", now;
    _open = false;
}

std::string auditDetail(std::initializer_list<std::pair<const char*, std::string>> fields) {
    core::JsonWriter w;
    w.beginObject();
    for (const auto& [k, v] : fields) w.key(k).value(v);
    w.endObject();
    return w.str();
}

namespace {

std::string currentAuditKey() {
    std::lock_guard<std::mutex> lock(auditKeyMutex);
    return auditKey;
}

}  // namespace

void appendAudit(Session& session, const AuditEntry& entry) {
    Poco::Nullable<std::string> last;
    session << LastAuditHash, into(last), now;
    const std::string prev = last.isNull() ? GenesisHash : last.value();
    const std::string hash = auditHash(prev, entry);
    session << InsertAudit, bind(entry.at), bind(entry.actor), bind(entry.action),
        bind(entry.entity), bind(entry.entityId), bind(entry.detail), bind(prev), bind(hash), now;
    Poco::Int64 id = 0;
    session << "SELECT last_insert_rowid()", into(id), now;
    const std::string key = currentAuditKey();
    if (!key.empty() && id % AuditCheckpointEvery == 0)
        session << InsertCheckpoint, bind(id), bind(hash), bind(checkpointSignature(key, id, hash)),
            bind(entry.at), now;
}

void appendAudit(RawConnection& c, const std::vector<AuditEntry>& entries) {
    // The caller holds the write lock: the last hash is read once, then chained in memory.
    std::string prev = GenesisHash;
    {
        Query last(c.statement(LastAuditHash));
        if (last.next()) prev = last.text("hash");
    }
    const std::string key = currentAuditKey();
    for (const AuditEntry& entry : entries) {
        std::string hash = auditHash(prev, entry);
        Query(c.statement(InsertAudit))
            .bind(entry.at)
            .bind(entry.actor)
            .bind(entry.action)
            .bind(entry.entity)
            .bind(entry.entityId)
            .bind(entry.detail)
            .bind(prev)
            .bind(hash)
            .run();
        const std::int64_t id = c.lastInsertRowid();
        if (!key.empty() && id % AuditCheckpointEvery == 0)
            Query(c.statement(InsertCheckpoint))
                .bind(id)
                .bind(hash)
                .bind(checkpointSignature(key, id, hash))
                .bind(entry.at)
                .run();
        prev = std::move(hash);
    }
}

void setAuditSigningKey(const std::string& key) {
    std::lock_guard<std::mutex> lock(auditKeyMutex);
    auditKey = key;
}

AuditVerdict verifyAudit(Session& session, const std::string& signingKey) {
    if (const std::int64_t bad = verifyAuditChain(session))
        return {bad, "record " + std::to_string(bad) +
                         " does not match the chain (edited, or a record before it was inserted "
                         "or deleted)"};
    // Every 64th record must have its checkpoint: deleting checkpoints to hide a rewrite, or
    // records with them, is found here.
    Poco::Int64 last = 0, checkpoints = 0;
    session << "SELECT coalesce(max(id), 0) FROM audit_log", into(last), now;
    session << "SELECT count(*) FROM audit_checkpoints WHERE audit_id % ? = 0",
        bind(AuditCheckpointEvery), into(checkpoints), now;
    if (!signingKey.empty() && checkpoints < last / AuditCheckpointEvery) {
        Poco::Int64 missing = 0;
        session << "WITH RECURSIVE k(id) AS (SELECT ? UNION ALL SELECT id + ? FROM k WHERE id + ? "
                   "<= ?) "
                   "SELECT min(k.id) FROM k LEFT JOIN audit_checkpoints c ON c.audit_id = k.id "
                   "WHERE c.audit_id IS NULL",
            bind(AuditCheckpointEvery), bind(AuditCheckpointEvery), bind(AuditCheckpointEvery),
            bind(last), into(missing), now;
        return {missing, "the checkpoint of record " + std::to_string(missing) +
                             " is missing (checkpoints were deleted, or records were written "
                             "without the key)"};
    }
    Poco::Data::Statement select(session);
    select << "SELECT c.audit_id, c.hash, c.signature, a.hash AS actual FROM audit_checkpoints c "
              "LEFT JOIN audit_log a ON a.id = c.audit_id ORDER BY c.audit_id",
        now;
    Poco::Data::RecordSet rs(select);
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        const std::int64_t id = rs["audit_id"].convert<Poco::Int64>();
        const std::string hash = rs["hash"].convert<std::string>();
        if (rs.isNull("actual"))
            return {id, "record " + std::to_string(id) +
                            " was checkpointed but is missing (records were deleted)"};
        if (rs["actual"].convert<std::string>() != hash)
            return {id, "record " + std::to_string(id) + " differs from its checkpoint"};
        if (!signingKey.empty() &&
            rs["signature"].convert<std::string>() != checkpointSignature(signingKey, id, hash))
            return {id, "the checkpoint of record " + std::to_string(id) +
                            " has a bad signature (the chain was rewritten)"};
    }
    return {};
}

std::int64_t verifyAuditChain(Session& session) {
    Poco::Data::Statement select(session);
    select << "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash "
              "FROM audit_log ORDER BY id",
        now;
    Poco::Data::RecordSet rs(select);
    std::string prev = GenesisHash;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        AuditEntry e{rs["at"].convert<std::string>(),        rs["actor"].convert<std::string>(),
                     rs["action"].convert<std::string>(),    rs["entity"].convert<std::string>(),
                     rs["entity_id"].convert<std::string>(), rs["detail"].convert<std::string>()};
        const std::string hash = rs["hash"].convert<std::string>();
        if (rs["prev_hash"].convert<std::string>() != prev || auditHash(prev, e) != hash)
            return rs["id"].convert<Poco::Int64>();
        prev = hash;
    }
    return 0;
}

}  // namespace huzhu::adapters::sqlite
