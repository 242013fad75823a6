// The read pool's kept snapshots: this process's commits are seen at once, another process's
// within the snapshot age, idle snapshots do not hold back the WAL checkpoint, and under a
// steady load the audit writer still lets the WAL start over.

#include "adapters/sqlite/RawSqlite.h"

#include <Poco/Data/Session.h>
#include <Poco/TemporaryFile.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "adapters/sqlite/AuditGroupCommit.h"
#include "adapters/sqlite/Database.h"

using namespace Poco::Data::Keywords;
using namespace std::chrono_literals;
using huzhu::adapters::sqlite::AuditGroupCommit;
using huzhu::adapters::sqlite::Database;
using huzhu::adapters::sqlite::Query;
using huzhu::adapters::sqlite::RawConnection;
using huzhu::adapters::sqlite::ReadPool;
using huzhu::adapters::sqlite::WalState;
using huzhu::adapters::sqlite::WriteTransaction;

namespace {

const char* const ReadValue = "SELECT v FROM t";

void removeWal(const std::string& path) {
    for (const char* suffix : {"-wal", "-shm"}) std::remove((path + suffix).c_str());
}

/// A database file with one value, written through Database (this process's write sessions)
/// or through a connection of its own, as another process would.
struct Fixture {
    Poco::TemporaryFile file;
    Database db{file.path()};
    RawConnection outside{file.path(), false, 64};

    Fixture() {
        Poco::Data::Session s = db.session();
        s << "CREATE TABLE t (v INTEGER NOT NULL)", now;
        s << "INSERT INTO t VALUES (1)", now;
        sqlite3_busy_timeout(outside.handle(), 0);
    }
    ~Fixture() { removeWal(file.path()); }
    void writeHere(int v) {
        Poco::Data::Session s = db.session();
        s << "UPDATE t SET v = ?", use(v), now;
    }
    void writeOutside(std::int64_t v) {
        static const char* const Update = "UPDATE t SET v = ?";
        Query(outside.statement(Update)).bind(v).run();
    }
    /// PRAGMA wal_checkpoint(TRUNCATE) from outside: true if it could empty the WAL, which no
    /// reader may be using.
    bool walEmptied() {
        static const char* const Checkpoint = "PRAGMA wal_checkpoint(TRUNCATE)";
        Query q(outside.statement(Checkpoint));
        BOOST_REQUIRE(q.next());
        return q.integerAt(0) == 0 && q.integerAt(1) == 0;
    }
};

std::int64_t readValue(ReadPool& pool) {
    ReadPool::Lease c = pool.borrow();
    Query q(c->statement(ReadValue));
    BOOST_REQUIRE(q.next());
    return q.integerAt(0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(read_pool)

BOOST_AUTO_TEST_CASE(commits_of_this_process_are_seen_by_the_next_read) {
    Fixture f;
    ReadPool pool(f.file.path(), 1, 1024, f.db.wal(), 10s);
    BOOST_TEST(readValue(pool) == 1);
    const std::uint64_t before = f.db.wal().commits.load();
    f.writeHere(2);
    BOOST_TEST(f.db.wal().commits.load() == before + 1);
    BOOST_TEST(readValue(pool) == 2);
    f.writeHere(3);
    BOOST_TEST(readValue(pool) == 3);
}

BOOST_AUTO_TEST_CASE(a_snapshot_is_kept_until_it_is_too_old) {
    Fixture f;
    ReadPool kept(f.file.path(), 1, 1024, f.db.wal(), 10s);
    ReadPool young(f.file.path(), 1, 1024, f.db.wal(), 50ms);
    BOOST_TEST(readValue(kept) == 1);
    BOOST_TEST(readValue(young) == 1);
    f.writeOutside(2);                 // another process: not counted
    BOOST_TEST(readValue(kept) == 1);  // the kept snapshot (and page cache) serves on
    std::this_thread::sleep_for(120ms);
    BOOST_TEST(readValue(young) == 2);  // renewed once older than 50 ms
    BOOST_TEST(readValue(kept) == 1);
}

BOOST_AUTO_TEST_CASE(idle_snapshots_are_ended_and_free_the_wal) {
    Fixture f;
    {
        ReadPool kept(f.file.path(), 1, 1024, f.db.wal(), 10s);
        BOOST_TEST(readValue(kept) == 1);
        f.writeOutside(2);
        BOOST_TEST(!f.walEmptied());  // the idle reader's snapshot holds the WAL
    }
    ReadPool swept(f.file.path(), 1, 1024, f.db.wal(), 50ms);
    BOOST_TEST(readValue(swept) == 2);
    f.writeOutside(3);
    // The sweeper runs every 50 ms; a loaded machine (CI runs tests side by side) may delay it.
    bool emptied = false;
    for (int i = 0; i < 100 && !emptied; ++i) {
        std::this_thread::sleep_for(50ms);
        emptied = f.walEmptied();
    }
    BOOST_TEST(emptied);
    BOOST_TEST(readValue(swept) == 3);
}

/// The largest the WAL file grows while two threads read through `pool` without a pause and
/// `write(i)` is called 200 times, with the pool's default snapshot age.
std::uintmax_t largestWalUnderLoad(const std::string& path, ReadPool& pool,
                                   const std::function<void(int)>& write) {
    std::atomic<bool> done = false;
    auto reader = [&] {
        static const char* const Last = "SELECT max(rowid) FROM sqlite_master";
        while (!done) {
            ReadPool::Lease c = pool.borrow();
            Query q(c->statement(Last));
            q.next();
        }
    };
    std::thread r1(reader), r2(reader);
    std::uintmax_t largest = 0;
    for (int i = 0; i < 200; ++i) {
        write(i);
        std::error_code ignored;
        const auto size = std::filesystem::file_size(path + "-wal", ignored);
        if (!ignored) largest = std::max(largest, size);
    }
    done = true;
    r1.join();
    r2.join();
    return largest;
}

// Readers that always hold a snapshot keep SQLite from starting the WAL over: it would grow for
// as long as the load lasts. Once it reaches the checkpoint size the pool's reads let go.
// Room for the commits made until they have: an unbounded WAL would hold everything written
// (30 MB or more here), more than twice this.
constexpr std::uintmax_t WalBound = 3u * WalState::CheckpointPages * 4096;

/// Enough rows of `table` (over 300 bytes each) were written for an unbounded WAL to show, and
/// the WAL stayed under the bound.
void checkBounded(Database& db, const std::string& table, std::uintmax_t largestWal) {
    Poco::Data::Session s = db.session();
    std::int64_t rows = 0;
    s << "SELECT count(*) FROM " + table, into(rows), now;
    BOOST_TEST_MESSAGE(rows << " rows in " << table << ", largest WAL " << largestWal << " bytes");
    BOOST_TEST_REQUIRE(static_cast<std::uintmax_t>(rows) * 300 > 2 * WalBound);
    BOOST_TEST(largestWal < WalBound);
}

BOOST_AUTO_TEST_CASE(the_wal_starts_over_under_a_steady_load_of_views) {
    Poco::TemporaryFile file;
    const std::string path = file.path();
    {
        Database db(path);
        db.migrate("2026-11-29T08:00:00+08:00");
        ReadPool pool(path, 4, 1024, db.wal(), 100ms);
        AuditGroupCommit views(db);
        // 500 views a commit, 100,000 in all (the writer is waited for, so that no commit,
        // up to MaxQueued records when it falls behind as under a sanitizer, nears the bound).
        const std::uintmax_t largest = largestWalUnderLoad(path, pool, [&](int batch) {
            for (int i = 0; i < 500; ++i)
                views.append({"2026-11-29T08:00:00+08:00", "demo-officer", "claim.viewed", "claim",
                              std::to_string(batch * 500 + i),
                              R"({"padding":")" + std::string(200, 'x') + "\"}"});
            views.flush();
        });
        checkBounded(db, "audit_log", largest);
    }
    removeWal(path);
}

BOOST_AUTO_TEST_CASE(the_wal_starts_over_under_a_steady_load_of_changes) {
    // The same with the write sessions' commits alone (members filing claims: no view audit).
    Poco::TemporaryFile file;
    const std::string path = file.path();
    {
        Database db(path);
        {
            Poco::Data::Session s = db.session();
            s << "CREATE TABLE t (v TEXT NOT NULL)", now;
        }
        ReadPool pool(path, 4, 1024, db.wal(), 100ms);
        const std::string value(300, 'x');
        const std::uintmax_t largest = largestWalUnderLoad(path, pool, [&](int) {
            Poco::Data::Session s = db.session();
            WriteTransaction tx(s);
            for (int i = 0; i < 500; ++i) s << "INSERT INTO t VALUES (?)", useRef(value), now;
            tx.commit();
        });
        checkBounded(db, "t", largest);
    }
    removeWal(path);
}

BOOST_AUTO_TEST_SUITE_END()
