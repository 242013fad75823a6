#include "adapters/sqlite/AuditGroupCommit.h"

#include <Poco/Exception.h>

namespace huzhu::adapters::sqlite {

void AuditGroupCommit::append(AuditEntry entry) {
    std::unique_lock lock(_mutex);
    const std::shared_ptr<Batch> mine = _open;
    mine->entries.push_back(std::move(entry));
    while (!mine->done) {
        if (_writing) {
            _finished.wait(lock);
            continue;
        }
        // Lead: write the open batch (ours, with whatever joined it) in one transaction,
        // outside the lock; later arrivals start the next batch.
        _writing = true;
        const std::shared_ptr<Batch> batch = _open;
        _open = std::make_shared<Batch>();
        lock.unlock();
        std::string failure;
        try {
            Poco::Data::Session s = _db.session();
            WriteTransaction tx(s);
            for (const AuditEntry& e : batch->entries) appendAudit(s, e);
            tx.commit();
        } catch (const Poco::Exception& e) {
            failure = e.displayText();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        lock.lock();
        _writing = false;
        batch->failure = failure;
        batch->done = true;
        _finished.notify_all();
    }
    if (!mine->failure.empty())
        throw Poco::IOException("the audit record could not be written: " + mine->failure);
}

}  // namespace huzhu::adapters::sqlite
