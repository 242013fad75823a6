#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/Database.h"

namespace huzhu::adapters::sqlite {

class RawConnection;

/// Appends the audit records that do not belong to another change (a staff member viewing a
/// claim, a document, a member's eligibility) through a writer thread with group commit:
/// append() queues the record and returns; the writer commits what is queued in one
/// transaction at most every CommitInterval, so under load many views share one transaction
/// and the readers' page caches (which SQLite drops whenever the database changes) survive
/// between commits. The first append starts the writer.
///
/// What this trades: a view is queued before the data is sent and committed within a few
/// milliseconds; a process crash loses the views of that last moment (a clean stop commits
/// them). A failed write is retried on a new connection and, until it succeeds, append()
/// throws, so staff views fail rather than go unrecorded; so does a queue whose oldest record
/// has waited MaxLag. In id order a view's record can follow a change made in the
/// milliseconds after it; its `at` is the time of the view. Measured in bench/http_bench.sh:
/// waiting for each view's commit cost more than half of a claim view (two context switches and a
/// cache refill). Thread-safe.
class AuditGroupCommit {
public:
    static constexpr std::chrono::milliseconds CommitInterval{10};
    static constexpr std::size_t MaxQueued = 10000;  // append() waits beyond this
    static constexpr std::chrono::milliseconds RetryAfter{100};
    /// append() refuses once the oldest queued record has waited this long (the write lock
    /// held by a long import, a disk that stalls): views are refused rather than left
    /// unrecorded for long.
    static constexpr std::chrono::seconds MaxLag{5};
    static constexpr int AttemptsAtStop = 3;  // then what is queued is reported and dropped

    explicit AuditGroupCommit(const Database& db);
    /// Commits what is queued, then stops the writer.
    ~AuditGroupCommit();
    AuditGroupCommit(const AuditGroupCommit&) = delete;
    AuditGroupCommit& operator=(const AuditGroupCommit&) = delete;

    /// Queues `entry`; throws while the audit trail cannot be written.
    void append(AuditEntry entry);
    /// Returns once every record appended before the call is committed; throws if the
    /// writer is failing.
    void flush();

private:
    void run();  // the writer thread
    /// Writes `entries` in one transaction; returns the failure, empty when committed.
    std::string write(const std::vector<AuditEntry>& entries);

    const Database& _db;
    std::unique_ptr<RawConnection> _connection;  // the writer thread's alone
    std::mutex _mutex;
    std::condition_variable _work;      // for the writer: records queued, or stopping
    std::condition_variable _progress;  // for callers: a write committed or failed
    // Guarded by _mutex:
    std::vector<AuditEntry> _queued;
    std::uint64_t _appended = 0, _committed = 0;  // records, counted since start
    std::string _failure;                         // of the last write; empty if it succeeded
    bool _stopping = false;
    std::chrono::steady_clock::time_point _lastCommit;
    std::chrono::steady_clock::time_point _oldestQueued;  // when _queued last became non-empty
    bool _writing = false;                                // a batch is being written
    std::chrono::steady_clock::time_point _writingSince;  // its oldest record's queueing time
    std::thread _writer;
};

}  // namespace huzhu::adapters::sqlite
