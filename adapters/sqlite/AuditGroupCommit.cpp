#include "adapters/sqlite/AuditGroupCommit.h"

#include <Poco/Exception.h>

#include <iostream>
#include <iterator>

#include <pthread.h>

#include "adapters/sqlite/RawSqlite.h"

namespace huzhu::adapters::sqlite {

AuditGroupCommit::AuditGroupCommit(const Database& db) : _db(db) {}

AuditGroupCommit::~AuditGroupCommit() {
    {
        std::lock_guard lock(_mutex);
        _stopping = true;
    }
    _work.notify_one();
    if (_writer.joinable()) _writer.join();
}

void AuditGroupCommit::append(AuditEntry entry) {
    std::unique_lock lock(_mutex);
    _progress.wait(lock, [&] { return _queued.size() < MaxQueued || !_failure.empty(); });
    if (!_failure.empty())
        throw Poco::IOException("the audit trail cannot be written: " + _failure);
    const auto now = std::chrono::steady_clock::now();
    // The oldest record not yet committed: of the batch being written, else of the queue.
    const bool pending = _writing || !_queued.empty();
    const auto oldest = _writing ? _writingSince : _oldestQueued;
    if (pending && now - oldest > MaxLag)
        throw Poco::IOException("the audit trail is more than " + std::to_string(MaxLag.count()) +
                                " s behind");
    if (!_writer.joinable()) _writer = std::thread([this] { run(); });
    if (_queued.empty()) _oldestQueued = now;
    _queued.push_back(std::move(entry));
    ++_appended;
    if (_queued.size() == 1) _work.notify_one();
}

void AuditGroupCommit::flush() {
    std::unique_lock lock(_mutex);
    const std::uint64_t target = _appended;
    _progress.wait(lock, [&] { return _committed >= target || !_failure.empty(); });
    if (_committed < target)
        throw Poco::IOException("the audit trail cannot be written: " + _failure);
}

void AuditGroupCommit::run() {
    int failuresAtStop = 0;
    pthread_setname_np(pthread_self(), "huzhu-audit");  // as `top -H` and perf show it
    // The batch being written. Its records are destroyed, and its capacity handed back to
    // _queued, outside the lock: appends must not wait for a thousand frees (measured: the
    // longest waits of a claim view, 8 to 30 ms, were appends queued behind this lock).
    std::vector<AuditEntry> batch;
    std::unique_lock lock(_mutex);
    for (;;) {
        _work.wait(lock, [&] { return !_queued.empty() || _stopping; });
        if (_queued.empty()) return;  // stopping, and everything is committed
        // At most one commit per interval: a lone view after a quiet spell goes at once;
        // under load the views of the interval gather into one transaction.
        const auto due = _lastCommit + CommitInterval;
        if (!_stopping && std::chrono::steady_clock::now() < due) {
            lock.unlock();
            std::this_thread::sleep_until(due);
            lock.lock();
        }
        batch.swap(_queued);  // _queued gets the last batch's emptied storage
        const auto queuedSince = _oldestQueued;
        const std::uint64_t upTo = _appended;
        _writing = true;
        _writingSince = queuedSince;
        lock.unlock();
        const std::string failure = write(batch);
        if (failure.empty()) batch.clear();  // keeps the capacity
        lock.lock();
        _writing = false;
        _lastCommit = std::chrono::steady_clock::now();
        _failure = failure;
        if (failure.empty()) {
            _committed = upTo;
        } else {
            // Keep the records, ahead of those queued since, and retry; appends fail meanwhile.
            std::cerr << "huzhu: the audit trail could not be written (" << batch.size()
                      << " records kept for a retry): " << failure << "\n";
            batch.insert(batch.end(), std::make_move_iterator(_queued.begin()),
                         std::make_move_iterator(_queued.end()));
            _queued = std::move(batch);
            _oldestQueued = queuedSince;
            if (_stopping && ++failuresAtStop >= AttemptsAtStop) {
                std::cerr << "huzhu: stopping with " << _queued.size()
                          << " audit records unwritten\n";
                _progress.notify_all();
                return;
            }
            _progress.notify_all();
            if (_stopping)
                _work.wait_for(lock, RetryAfter);
            else
                _work.wait_for(lock, RetryAfter, [&] { return _stopping; });
            continue;
        }
        _progress.notify_all();
    }
}

std::string AuditGroupCommit::write(const std::vector<AuditEntry>& entries) {
    try {
        if (!_connection) {
            _connection = std::make_unique<RawConnection>(_db.path(), false, 1024);
            _db.watchWal(_connection->handle());  // the WAL's size, for the read pool
        }
        // Under WAL pressure the readers have let go of their snapshots by now (ReadPool), a
        // commit interval after the last commit: a checkpoint here can copy the whole WAL, and
        // this transaction then starts it over, ending the pressure.
        if (_db.wal().pages.load(std::memory_order_acquire) >= WalState::CheckpointPages)
            sqlite3_wal_checkpoint_v2(_connection->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
        _connection->exec("BEGIN IMMEDIATE");
        try {
            appendAudit(*_connection, entries);
            _connection->exec("COMMIT");
        } catch (...) {
            sqlite3_exec(_connection->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
        return {};
    } catch (const Poco::Exception& e) {
        _connection.reset();  // the retry opens a new one: this one may be broken
        return e.displayText();
    } catch (const std::exception& e) {
        _connection.reset();
        return e.what();
    }
}

}  // namespace huzhu::adapters::sqlite
