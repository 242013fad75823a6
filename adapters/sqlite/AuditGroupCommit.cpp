#include "adapters/sqlite/AuditGroupCommit.h"

#include <Poco/Exception.h>

namespace huzhu::adapters::sqlite {

void AuditGroupCommit::append(AuditEntry entry) {
    std::unique_lock lock(_mutex);
    _pending.push_back(std::move(entry));
    const std::uint64_t mine = ++_queued;
    while (_done < mine) {
        if (_writing) {
            _committed.wait(lock);
            continue;
        }
        // Lead: write everything queued so far in one transaction, outside the lock.
        _writing = true;
        std::vector<AuditEntry> batch;
        batch.swap(_pending);
        const std::uint64_t first = _done + 1, last = _queued;
        lock.unlock();
        std::string failure;
        try {
            Poco::Data::Session s = _db.session();
            WriteTransaction tx(s);
            for (const AuditEntry& e : batch) appendAudit(s, e);
            tx.commit();
        } catch (const Poco::Exception& e) {
            failure = e.displayText();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        lock.lock();
        _writing = false;
        _done = last;
        if (!failure.empty()) _failedFrom = first, _failedTo = last, _failure = failure;
        _committed.notify_all();
    }
    if (mine >= _failedFrom && mine <= _failedTo)
        throw Poco::IOException("the audit record could not be written: " + _failure);
}

}  // namespace huzhu::adapters::sqlite
