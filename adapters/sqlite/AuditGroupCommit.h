#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/sqlite/Database.h"

namespace huzhu::adapters::sqlite {

/// Appends audit records that do not belong to another change (a staff member viewing a
/// claim) with group commit: each caller blocks until its record is committed, but records
/// that arrive while one transaction is being written go into the next one together, so many
/// concurrent views share one write transaction and one fsync instead of queueing for the
/// write lock one by one. The first waiting caller writes the batch (no extra thread); a
/// failed write fails every caller of that batch. Thread-safe.
class AuditGroupCommit {
public:
    explicit AuditGroupCommit(Database& db) : _db(db) {}
    AuditGroupCommit(const AuditGroupCommit&) = delete;
    AuditGroupCommit& operator=(const AuditGroupCommit&) = delete;

    /// Returns once `entry` is committed to the audit chain; throws if its batch failed.
    void append(AuditEntry entry);

private:
    Database& _db;
    std::mutex _mutex;
    std::condition_variable _committed;
    std::vector<AuditEntry> _pending;              // guarded by _mutex
    std::uint64_t _queued = 0;                     // records ever queued
    std::uint64_t _done = 0;                       // records ever written or failed, in order
    bool _writing = false;                         // a caller is writing a batch
    std::uint64_t _failedFrom = 0, _failedTo = 0;  // the last failed batch (1-based, inclusive)
    std::string _failure;
};

}  // namespace huzhu::adapters::sqlite
