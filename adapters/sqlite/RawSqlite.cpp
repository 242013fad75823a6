#include "adapters/sqlite/RawSqlite.h"

#include <Poco/Data/DataException.h>

#include <pthread.h>

namespace huzhu::adapters::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw Poco::Data::DataException(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

CachedStatement::CachedStatement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &_stmt, nullptr) != SQLITE_OK)
        fail(db, std::string("preparing ") + sql);
}

void CachedStatement::indexColumns() const {
    const int n = sqlite3_column_count(_stmt);
    _columns.clear();
    _names.assign(static_cast<std::size_t>(n), std::string());
    for (int i = 0; i < n; ++i) {
        _names[static_cast<std::size_t>(i)] = sqlite3_column_name(_stmt, i);
        _columns.emplace(_names[static_cast<std::size_t>(i)], i);
    }
    _prepared = sqlite3_stmt_status(_stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
}

CachedStatement::~CachedStatement() {
    sqlite3_finalize(_stmt);
}

int CachedStatement::column(std::string_view name) const {
    if (_prepared != sqlite3_stmt_status(_stmt, SQLITE_STMTSTATUS_REPREPARE, 0)) indexColumns();
    const auto found = _columns.find(name);
    if (found == _columns.end())
        throw Poco::Data::DataException("no column " + std::string(name) + " in " +
                                        sqlite3_sql(_stmt));
    return found->second;
}

Query::Query(CachedStatement& statement) : _statement(statement) {}

Query::~Query() {
    sqlite3_reset(_statement.handle());
    sqlite3_clear_bindings(_statement.handle());
}

Query& Query::bind(std::int64_t value) {
    if (sqlite3_bind_int64(_statement.handle(), _nextParameter++, value) != SQLITE_OK)
        fail(sqlite3_db_handle(_statement.handle()), "binding");
    return *this;
}

Query& Query::bind(std::string_view value) {
    if (sqlite3_bind_text64(_statement.handle(), _nextParameter++, value.data(), value.size(),
                            SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
        fail(sqlite3_db_handle(_statement.handle()), "binding");
    return *this;
}

Query& Query::bindNull() {
    if (sqlite3_bind_null(_statement.handle(), _nextParameter++) != SQLITE_OK)
        fail(sqlite3_db_handle(_statement.handle()), "binding");
    return *this;
}

bool Query::next() {
    const int rc = sqlite3_step(_statement.handle());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(sqlite3_db_handle(_statement.handle()),
         std::string("running ") + sqlite3_sql(_statement.handle()));
}

void Query::run() {
    while (next()) {
    }
}

bool Query::isNull(std::string_view column) const {
    return sqlite3_column_type(_statement.handle(), _statement.column(column)) == SQLITE_NULL;
}

std::int64_t Query::integer(std::string_view column) const {
    return integerAt(_statement.column(column));
}

std::string Query::text(std::string_view column) const {
    return textAt(_statement.column(column));
}

std::int64_t Query::integerAt(int index) const {
    return sqlite3_column_int64(_statement.handle(), index);
}

std::string Query::textAt(int index) const {
    const auto* p = sqlite3_column_text(_statement.handle(), index);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(_statement.handle(), index)));
}

RawConnection::RawConnection(const std::string& path, bool queryOnly, int cacheKiB) {
    // No SQLITE_OPEN_CREATE: the database is made by `huzhu init` and migrated by Database.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &_db, flags, nullptr) != SQLITE_OK) {
        const std::string message = _db ? sqlite3_errmsg(_db) : "out of memory";
        sqlite3_close(_db);
        throw Poco::Data::DataException("opening " + path + ": " + message);
    }
    sqlite3_busy_timeout(_db, BusyTimeoutMs);
    sqlite3_extended_result_codes(_db, 1);
    const std::string settings = "PRAGMA foreign_keys=ON; PRAGMA cache_size=-" +
                                 std::to_string(cacheKiB) + ";" +
                                 (queryOnly ? " PRAGMA query_only=ON;" : "");
    if (sqlite3_exec(_db, settings.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(_db);
        sqlite3_close(_db);
        throw Poco::Data::DataException("setting up " + path + ": " + message);
    }
}

RawConnection::~RawConnection() {
    _statements.clear();  // finalised before the connection closes
    sqlite3_close(_db);
}

CachedStatement& RawConnection::statement(const char* sql) {
    auto& slot = _statements[sql];
    if (!slot) slot = std::make_unique<CachedStatement>(_db, sql);
    return *slot;
}

void RawConnection::exec(const char* sql) {
    Query(statement(sql)).run();
}

std::int64_t RawConnection::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(_db);
}

void RawConnection::keepSnapshot(std::uint64_t generation, Clock::time_point now,
                                 Clock::duration maxAge) {
    if (_snapshot && _generation == generation && now - _since < maxAge) return;
    if (_snapshot && !endSnapshot())
        throw Poco::Data::DataException("ending a read transaction: " +
                                        std::string(sqlite3_errmsg(_db)));
    // BEGIN is deferred: the snapshot is taken by the first read, after `generation` was
    // read, so it holds every commit counted in it.
    exec("BEGIN");
    _snapshot = true;
    _generation = generation;
    _since = now;
}

bool RawConnection::endSnapshot() {
    if (!_snapshot) return true;
    _snapshot = false;
    // A read transaction has nothing to commit; COMMIT only ends it.
    try {
        exec("COMMIT");
        return true;
    } catch (const std::exception&) {  // Poco's, or bad_alloc: the sweeper must not die
        return sqlite3_exec(_db, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
}

ReadPool::ReadPool(std::string path, int connections, int cacheKiB, const WalState& wal,
                   std::chrono::milliseconds maxSnapshotAge)
    : _path(std::move(path)),
      _cacheKiB(cacheKiB),
      _capacity(connections),
      _wal(wal),
      _maxAge(maxSnapshotAge),
      _sweeper([this] { sweep(); }) {}

ReadPool::~ReadPool() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _wake.notify_one();
    _sweeper.join();
}

ReadPool::Lease ReadPool::borrow() {
    // Read before the connection's snapshot is taken: see keepSnapshot.
    const std::uint64_t generation = _wal.commits.load(std::memory_order_acquire);
    const auto maxAge = walPressed() ? RawConnection::Clock::duration::zero()
                                     : RawConnection::Clock::duration(_maxAge);
    std::unique_ptr<RawConnection> c = take();
    try {
        c->keepSnapshot(generation, RawConnection::Clock::now(), maxAge);
    } catch (...) {
        giveBack(std::move(c));
        throw;
    }
    return Lease(*this, std::move(c));
}

std::unique_ptr<RawConnection> ReadPool::take() {
    std::unique_lock lock(_mutex);
    for (;;) {
        if (!_idle.empty()) {
            std::unique_ptr<RawConnection> c = std::move(_idle.back());
            _idle.pop_back();
            return c;
        }
        if (_opened < _capacity) {
            ++_opened;
            lock.unlock();
            try {
                return std::make_unique<RawConnection>(_path, true, _cacheKiB);
            } catch (...) {
                lock.lock();
                --_opened;
                _returned.notify_one();  // a waiter may open one in its place
                throw;
            }
        }
        _returned.wait(lock);
    }
}

void ReadPool::giveBack(std::unique_ptr<RawConnection> c) {
    // A connection whose transaction state is not what it believes (a failed BEGIN, a COMMIT
    // and ROLLBACK that both failed) could serve an old snapshot for ever and hold back
    // checkpoints: it is closed, and a new one opened when needed.
    bool usable = c->consistent();
    if (usable && walPressed()) usable = c->endSnapshot();  // lets the WAL start over
    if (!usable) c.reset();
    {
        std::lock_guard lock(_mutex);
        if (usable)
            _idle.push_back(std::move(c));
        else
            --_opened;
    }
    _returned.notify_one();
}

bool ReadPool::walPressed() const {
    return _wal.pages.load(std::memory_order_acquire) >= WalState::CheckpointPages;
}

void ReadPool::endIdleSnapshots(RawConnection::Clock::time_point begunBefore) {
    // Idle connections are not lent, so the caller (holding _mutex) may use them: ending a
    // read transaction takes microseconds.
    for (auto it = _idle.begin(); it != _idle.end();) {
        if ((*it)->snapshotBegunBefore(begunBefore) && !(*it)->endSnapshot()) {
            it = _idle.erase(it);  // closed
            --_opened;
            _returned.notify_one();  // a waiter may open one in its place
        } else {
            ++it;
        }
    }
}

void ReadPool::sweep() {
    pthread_setname_np(pthread_self(), "huzhu-reads");  // as `top -H` and perf show it
    std::unique_lock lock(_mutex);
    // Lent connections are ended or renewed by their next borrower.
    while (!_wake.wait_for(lock, _maxAge, [&] { return _stopping; }))
        endIdleSnapshots(walPressed() ? RawConnection::Clock::time_point::max()
                                      : RawConnection::Clock::now() - _maxAge);
}

}  // namespace huzhu::adapters::sqlite
