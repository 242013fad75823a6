#pragma once

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "adapters/sqlite/Database.h"

namespace huzhu::adapters::sqlite {

/// The hot paths (a staff member opening a claim, the audit record of that view) on SQLite's
/// own C API instead of Poco::Data: each statement is prepared once per connection and reset
/// after use, and a row's columns are read without copies into Poco::Dynamic::Var. Measured
/// in bench/http_bench.sh, Poco re-preparing every statement and allocating its record sets
/// cost most of a claim view. Everything else stays on Poco::Data.

/// One prepared statement, cached by its connection; a use binds, steps and is reset by
/// `Query`. Columns are found by name through an index built once.
class CachedStatement {
public:
    CachedStatement(sqlite3* db, const char* sql);
    ~CachedStatement();
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;

    sqlite3_stmt* handle() const { return _stmt; }
    /// The index of the result column `name`; throws when the statement has none. Call it
    /// after a step: SQLite re-prepares a statement after a schema change, and the columns
    /// are then indexed again.
    int column(std::string_view name) const;

private:
    void indexColumns() const;

    sqlite3_stmt* _stmt = nullptr;
    mutable std::vector<std::string> _names;                     // copies: SQLite's own go
    mutable std::unordered_map<std::string_view, int> _columns;  // with a re-prepare; into _names
    mutable int _prepared = -1;  // the SQLITE_STMTSTATUS_REPREPARE count _columns is for
};

/// One use of a cached statement: bind (1-based, in order), step through the rows, and the
/// statement is reset and its bindings cleared when the Query ends.
class Query {
public:
    explicit Query(CachedStatement& statement);
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(std::int64_t value);
    Query& bind(std::string_view value);
    Query& bindNull();
    /// The next row: true while there is one; throws on an error.
    bool next();
    /// Runs a statement that returns no rows.
    void run();

    bool isNull(std::string_view column) const;
    std::int64_t integer(std::string_view column) const;  // NULL reads as 0
    std::string text(std::string_view column) const;      // NULL reads as ""
    std::int64_t integerAt(int index) const;
    std::string textAt(int index) const;

private:
    CachedStatement& _statement;
    int _nextParameter = 1;
};

/// One SQLite connection with its statement cache. Used by one thread at a time.
class RawConnection {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr int BusyTimeoutMs = 10000;  // as Database's sessions

    /// Opens `path` (which must exist) with the settings Database gives its sessions (busy
    /// timeout, foreign keys) and `cacheKiB` of page cache; `queryOnly` refuses writes.
    RawConnection(const std::string& path, bool queryOnly, int cacheKiB);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// The statement for `sql`, prepared on first use. `sql` must be a string literal (the
    /// cache is keyed by its address).
    CachedStatement& statement(const char* sql);
    /// Runs `sql` (no rows, no parameters) through the cache: BEGIN, COMMIT, ...
    void exec(const char* sql);
    std::int64_t lastInsertRowid() const;
    sqlite3* handle() const { return _db; }

    /// Read snapshots kept across uses (ReadPool). SQLite drops a connection's whole page
    /// cache when a read transaction begins after another connection committed, and the audit
    /// trail commits every few milliseconds: a kept read transaction keeps the cache.
    /// Keeps the open read transaction if it was begun at `generation` (the count of this
    /// process's commits: nothing committed here since) less than `maxAge` ago; else ends it
    /// and begins a new one.
    void keepSnapshot(std::uint64_t generation, Clock::time_point now, Clock::duration maxAge);
    /// Ends the read transaction, if one is open. False if the connection is unusable (both
    /// COMMIT and ROLLBACK failed) and must be closed.
    bool endSnapshot();
    bool snapshotBegunBefore(Clock::time_point when) const { return _snapshot && _since < when; }
    /// Whether SQLite's transaction state is the one this object believes in.
    bool consistent() const { return _snapshot == (sqlite3_get_autocommit(_db) == 0); }

private:
    sqlite3* _db = nullptr;
    std::unordered_map<const char*, std::unique_ptr<CachedStatement>> _statements;
    bool _snapshot = false;         // a read transaction is open (BEGIN was run)
    std::uint64_t _generation = 0;  // the commit count when it began
    Clock::time_point _since{};     // when it began
};

/// A fixed set of query-only connections lent to one thread at a time; a borrower waits when
/// all are lent (unlike Poco's SessionPool, which throws). A few connections serve many
/// server threads: a read holds one for tens of microseconds. Thread-safe.
///
/// A lent connection is inside a read transaction, so that the queries of one use see one
/// snapshot. The transaction is kept from one use to the next (RawConnection::keepSnapshot)
/// while
///   - nothing was committed through this process's write sessions since it began
///     (WalState::commits, counted once each commit has landed), so that a change made here is
///     seen by every read that starts after it;
///   - it is younger than `maxSnapshotAge`, which bounds how late a change made by another
///     process (the CLI) is seen;
///   - and the WAL is below WalState::CheckpointPages. SQLite can start the WAL over only
///     when no reader uses it, which readers that always hold a snapshot never allow (measured:
///     138 MB of WAL after 30 s of bench/http_bench.sh). So once the WAL is that large, reads
///     use a transaction each, as SQLite's own checkpoints expect, until a commit finds the
///     WAL started over.
/// A sweeper thread ends the transactions of idle connections once they are that old, or at
/// once when the WAL is that large.
class ReadPool {
public:
    ReadPool(std::string path, int connections, int cacheKiB, const WalState& wal,
             std::chrono::milliseconds maxSnapshotAge);
    ~ReadPool();
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    class Lease {
    public:
        Lease(ReadPool& pool, std::unique_ptr<RawConnection> c) : _pool(pool), _c(std::move(c)) {}
        ~Lease() { _pool.giveBack(std::move(_c)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        RawConnection& operator*() const { return *_c; }
        RawConnection* operator->() const { return _c.get(); }

    private:
        ReadPool& _pool;
        std::unique_ptr<RawConnection> _c;
    };

    /// A connection inside a read transaction that sees every commit of this process's write
    /// sessions made before the call.
    Lease borrow();

private:
    std::unique_ptr<RawConnection> take();
    void giveBack(std::unique_ptr<RawConnection> c);
    void endIdleSnapshots(RawConnection::Clock::time_point begunBefore);  // holding _mutex
    void sweep();
    bool walPressed() const;  // the WAL needs its readers to let go

    std::string _path;
    int _cacheKiB;
    int _capacity;
    const WalState& _wal;
    std::chrono::milliseconds _maxAge;
    int _opened = 0;  // guarded by _mutex; connections are opened on first need
    std::mutex _mutex;
    std::condition_variable _returned;
    std::vector<std::unique_ptr<RawConnection>> _idle;  // guarded by _mutex
    bool _stopping = false;                             // guarded by _mutex
    std::condition_variable _wake;                      // the sweeper's
    std::thread _sweeper;
};

}  // namespace huzhu::adapters::sqlite
