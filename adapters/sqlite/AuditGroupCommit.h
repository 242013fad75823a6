#pragma once

#include <condition_variable>
#include <memory>
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
/// failed write fails every caller of that batch, and only them. Thread-safe.
class AuditGroupCommit {
public:
    explicit AuditGroupCommit(Database& db) : _db(db) {}
    AuditGroupCommit(const AuditGroupCommit&) = delete;
    AuditGroupCommit& operator=(const AuditGroupCommit&) = delete;

    /// Returns once `entry` is committed to the audit chain; throws if its batch failed.
    void append(AuditEntry entry);

private:
    struct Batch {
        std::vector<AuditEntry> entries;
        bool done = false;
        std::string failure;  // empty when committed
    };

    Database& _db;
    std::mutex _mutex;
    std::condition_variable _finished;
    std::shared_ptr<Batch> _open = std::make_shared<Batch>();  // guarded by _mutex
    bool _writing = false;                                     // a caller is writing a batch
};

}  // namespace huzhu::adapters::sqlite
