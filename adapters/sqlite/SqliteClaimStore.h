#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "adapters/crypto/Crypto.h"
#include "adapters/sqlite/AuditGroupCommit.h"
#include "adapters/sqlite/Database.h"
#include "adapters/sqlite/RawSqlite.h"
#include "core/Ports.h"

namespace huzhu::adapters::sqlite {

/// ClaimStore on SQLite. Each state change is one BEGIN IMMEDIATE transaction that also
/// appends to the audit trail, so writers are serialised and caps computed inside a
/// transaction hold under concurrency. Parsed plans are cached by id (plan editions are
/// immutable). Thread-safe.
class SqliteClaimStore : public core::ClaimStore {
public:
    SqliteClaimStore(Database& db, const crypto::FieldCipher& cipher, const core::Clock& clock);

    // ClaimStore
    std::optional<core::UserAccount> findUser(std::string_view username) override;
    void recordLogin(std::int64_t userId, bool success,
                     std::optional<std::int64_t> lockedUntil) override;
    std::optional<core::Coverage> findCoverage(std::string_view memberNo, std::string_view planCode,
                                               core::Date date) override;
    std::optional<std::int64_t> memberUnion(std::string_view memberNo) override;
    std::vector<core::PlanChoice> planChoices() override;
    std::vector<core::Coverage> coveragesOf(std::int64_t memberId) override;
    core::History historyOf(std::int64_t memberId, std::int64_t planId,
                            std::int64_t exceptClaim) override;
    void recordAccess(const core::Actor& actor, std::string_view entity,
                      std::string_view entityId) override;
    core::Result<std::int64_t> insertClaim(const core::NewClaim& claim,
                                           const core::Actor& actor) override;
    std::optional<core::ClaimRecord> findClaim(std::int64_t claimId) override;
    std::vector<core::ClaimRecord> listClaims(const core::ClaimFilter& filter) override;
    core::Result<core::ClaimRecord> updateClaim(std::int64_t claimId, const core::Actor& actor,
                                                const core::ClaimDecider& decide) override;
    core::Result<core::BatchRecord> createBatch(const core::Actor& actor,
                                                const core::BatchFilter& filter) override;
    std::optional<core::BatchRecord> findBatch(std::int64_t batchId) override;
    std::vector<core::BatchRecord> listBatches(int limit) override;
    core::Result<core::BatchRecord> moveBatch(std::int64_t batchId, const core::Actor& actor,
                                              std::string_view to,
                                              const core::BatchCheck& check) override;
    core::Result<core::BankResultReport> applyBankResults(
        std::int64_t batchId, const core::Actor& actor,
        const std::vector<core::BankResult>& results) override;
    core::Result<core::BatchRecord> prepareExport(std::int64_t batchId, const std::string& format,
                                                  const core::BatchCheck& check) override;
    core::PaymentFile paymentFile(std::int64_t batchId) override;
    std::vector<core::Notice> noticesOf(std::int64_t memberId) override;
    std::vector<core::PayoutRecord> listPayouts(std::string_view status, int limit) override;
    core::PayoutSummary payoutSummary(std::string_view status) override;
    std::optional<core::BankDetails> bankDetailsOf(std::int64_t memberId) override;
    core::BankDetails updateBankAccount(std::int64_t memberId, const std::string& bankName,
                                        const std::string& account,
                                        const core::Actor& actor) override;

    /// Sets a setting (e.g. payer.name, payer.account, payer.bank_code), audited as `actor`.
    void setSetting(const std::string& key, const std::string& value, const std::string& actor);

    /// Returns once every view recorded so far is committed to the audit chain (views are
    /// queued: see AuditGroupCommit); throws while the audit trail cannot be written.
    void flushAudit() { _views.flush(); }

private:
    std::shared_ptr<const core::Plan> plan(Poco::Data::Session& s, std::int64_t planId);
    std::optional<core::Coverage> coverageFor(Poco::Data::Session& s, std::int64_t memberId,
                                              std::int64_t planId);
    /// The claim's own row (no flags, no timeline), inside the caller's transaction.
    std::optional<core::ClaimRecord> loadClaim(Poco::Data::Session& s, std::int64_t claimId);
    core::History history(Poco::Data::Session& s, std::int64_t memberId, std::int64_t planId,
                          std::int64_t exceptClaim);
    std::optional<core::BatchRecord> loadBatch(Poco::Data::Session& s, std::int64_t batchId);

    Database& _db;
    const crypto::FieldCipher& _cipher;
    const core::Clock& _clock;
    // Claim views: a few connections serve all server threads (a view holds one for tens of
    // microseconds; 16 rather than 8, so that fewer views wait for one when holders are
    // preempted: at 8, 0.05 % of views waited over 8 ms); each keeps its page cache between views,
    // and its read snapshot for at most MaxSnapshotAge unless this process commits a change (see
    // ReadPool). A small cache: the leaves a view reads are random among hundreds of MB, so a
    // bigger one hardly raises the hit rate and costs more to drop (measured with
    // bench/http_bench.sh: 2 MiB beat 4 and 16 MiB by 4 % of server CPU per view).
    static constexpr int ReadConnections = 16;
    static constexpr int ReadCacheKiB = 2048;
    static constexpr std::chrono::milliseconds MaxSnapshotAge{100};
    ReadPool _reads;
    AuditGroupCommit _views;
    std::mutex _plansMutex;
    std::map<std::int64_t, std::shared_ptr<const core::Plan>> _plans;  // guarded by _plansMutex
};

}  // namespace huzhu::adapters::sqlite
