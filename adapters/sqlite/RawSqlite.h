#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

private:
    sqlite3* _db = nullptr;
    std::unordered_map<const char*, std::unique_ptr<CachedStatement>> _statements;
};

/// A read transaction on a RawConnection: BEGIN (deferred), so that the queries of one read see
/// one snapshot; ended by COMMIT when it goes out of scope.
class ReadTransaction {
public:
    explicit ReadTransaction(RawConnection& c) : _c(c) { _c.exec("BEGIN"); }
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    RawConnection& _c;
};

/// A fixed set of query-only connections lent to one thread at a time; a borrower waits when
/// all are lent (unlike Poco's SessionPool, which throws). A few connections serve many
/// server threads: a read holds one for tens of microseconds. Thread-safe.
class ReadPool {
public:
    ReadPool(std::string path, int connections, int cacheKiB);
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

    Lease borrow();

private:
    void giveBack(std::unique_ptr<RawConnection> c);

    std::string _path;
    int _cacheKiB;
    int _capacity;
    int _opened = 0;  // guarded by _mutex; connections are opened on first need
    std::mutex _mutex;
    std::condition_variable _returned;
    std::vector<std::unique_ptr<RawConnection>> _idle;  // guarded by _mutex
};

}  // namespace huzhu::adapters::sqlite
