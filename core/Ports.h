#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Claim.h"
#include "core/Date.h"
#include "core/Money.h"
#include "core/Outcome.h"
#include "core/PayoutEngine.h"

/// The ports: what the use cases need from the outside world, implemented in adapters/.
/// Each is a pure interface; implementations state their own thread-safety.
namespace huzhu::core {

/// Time, injected so that tests are deterministic.
class Clock {
public:
    Clock() = default;
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;
    virtual ~Clock() = default;

    virtual Date today() const = 0;
    /// ISO 8601 timestamp with offset, e.g. "2026-11-28T23:44:32+08:00".
    virtual std::string now() const = 0;
    /// Seconds since 1970-01-01T00:00:00Z.
    virtual std::int64_t epochSeconds() const = 0;
};

/// Password hashing for stored credentials.
class PasswordHasher {
public:
    PasswordHasher() = default;
    PasswordHasher(const PasswordHasher&) = delete;
    PasswordHasher& operator=(const PasswordHasher&) = delete;
    virtual ~PasswordHasher() = default;

    /// A self-describing hash string (algorithm, parameters, salt, digest).
    virtual std::string hash(std::string_view password) const = 0;
    /// Constant-time check of a password against a string made by hash().
    virtual bool verify(std::string_view password, std::string_view stored) const = 0;
};

struct UserAccount {
    std::int64_t id = 0;
    std::string username;
    std::string passwordHash;
    Role role = Role::Member;
    std::optional<std::int64_t> memberId;
    std::optional<std::string> memberNo;
    std::optional<std::int64_t> unionId;
    int failedLogins = 0;
    std::optional<std::int64_t> lockedUntil;  // epoch seconds
};

/// A claim as filed, before it has an id.
struct NewClaim {
    std::int64_t memberId = 0;
    std::int64_t planId = 0;
    std::int64_t filedBy = 0;
    bool proxy = false;  // filed by a union officer for the member
    ClaimFacts facts;
    std::string settlementNo;
    std::string invoiceNo;
    std::string hospital;
    Fen payoutFen = 0;
    std::string quoteJson;
};

/// Filters for the officers' queue; `after` is the keyset cursor (the last id seen).
struct ClaimFilter {
    std::optional<ClaimStatus> status;
    std::optional<std::string> memberNo;
    std::optional<std::int64_t> unionId;
    std::optional<std::int64_t> memberId;
    std::optional<std::string> unionCode;
    std::optional<std::string> planCode;
    bool flaggedOnly = false;  // claims with a possible duplicate (overlapping stay, same document)
    std::optional<Fen> minPayoutFen;
    std::optional<Fen> maxPayoutFen;
    std::optional<std::int64_t> afterId;
    int limit = 50;
};

/// What one benefit line of an approved claim pays and uses of the deductible: the ledger the
/// next claim's history (caps, per-period deductible, max_claims) is summed from.
struct LineAmount {
    std::string benefit;
    Fen payoutFen = 0;
    Fen deductibleFen = 0;
};

/// What a decision changes on a claim, computed by the workflow inside the store's transaction.
struct ClaimChange {
    ClaimStatus to = ClaimStatus::Submitted;
    Fen payoutFen = 0;
    std::vector<LineAmount> lines;
    std::string quoteJson;
    std::string reason;
    bool recordsFirstApproval = false;
    bool createsPayout = false;
};

/// Decides a change given the claim, the member's cover and their latest paid history.
using ClaimDecider =
    std::function<Result<ClaimChange>(const ClaimRecord&, const Coverage&, const History&)>;

struct BatchRecord {
    std::int64_t id = 0;
    std::string status;  // draft | released | exported | settled
    std::int64_t createdBy = 0;
    std::string createdByName;
    std::optional<std::int64_t> releasedBy;
    int count = 0;
    Fen totalFen = 0;
    std::string createdAt;
    int resolvedCount = 0;     // payouts with a bank result (paid or returned)
    std::string messageId;     // pain.001 MsgId, given at the first export; empty before
    std::string filter;        // how the payouts were chosen (JSON), for the record
    std::string exportFormat;  // the one format it is exported in, from the first export
};

/// Which payable payouts a new batch takes: oldest first, optionally only those of one union
/// or plan, stopping before the count or the total would exceed its limit.
struct BatchFilter {
    std::optional<std::string> unionCode;
    std::optional<std::string> planCode;
    std::optional<int> maxCount;
    std::optional<Fen> maxTotalFen;
};

/// The account payouts are paid from (the debtor of a pain.001), kept in the settings.
struct Payer {
    std::string name;
    std::string account;
    std::string bankCode;  // BIC or other bank identifier; empty when not known
};

/// One transfer of a payment file (批量代发 row).
struct PaymentLine {
    int seq = 0;
    std::int64_t payoutId = 0;
    std::string reference;  // 业务编号, stable per payout
    std::string payeeName;
    std::string account;  // clear text: only the payment file carries it
    std::string bankName;
    Fen amountFen = 0;
    std::string purpose;
};

struct PaymentFile {
    std::int64_t batchId = 0;
    std::vector<PaymentLine> lines;
    Fen totalFen = 0;
    std::string messageId;    // unique per batch, from a persistent counter
    std::string firstExport;  // when the batch was first exported (ISO 8601, UTC): fixes the file
    Payer payer;              // as at the first export
};

/// What a payment file says when read back: its transfers' count, total and references.
struct PaymentFileSummary {
    std::int64_t count = 0;
    Fen totalFen = 0;
    std::vector<std::string> references;
};

/// One row of a bank's result file: the payout's reference (业务编号), success or failure, why.
struct BankResult {
    std::int64_t line = 0;  // where it came from, for the report
    std::string reference;
    bool success = false;
    std::string reason;
};

/// A bank's answer to a payment file, in any of the forms CONTRACT §7 accepts.
struct BankResultFile {
    std::string format;             // "csv", "pain.002" or "camt.054"; empty when unrecognised
    std::string originalMessageId;  // pain.002 OrgnlGrpInfAndSts/OrgnlMsgId; empty otherwise
    /// Decisive results: settled (success) or rejected / returned (failure, with a reason).
    /// `line` is that of the row, or of the TxInfAndSts / TxDtls element.
    std::vector<BankResult> results;
    /// pain.002 transactions accepted but not settled yet (ACTC, ACCP, ACSP, ACWC, PDNG, RCVD),
    /// and camt.054 entries not booked yet (PDNG, INFO, FUTR; each TxDtls counts, an entry
    /// without any counts once): nothing to apply now. A pain.002 without transaction details
    /// whose group status is one of those counts OrgnlNbOfTxs (1 when absent).
    int pending = 0;
    /// pain.002 whose group (or payment information) status is RJCT without any transaction
    /// detail: every payout of the original message failed, for this reason. Empty otherwise.
    std::string groupRejection;
};

/// What loading a result file did.
struct BankResultReport {
    int paid = 0;
    int returned = 0;
    int unchanged = 0;  // the same result loaded before
    std::string batchStatus;
};

/// A plan a claim can be filed under: its code and its newest edition's name.
struct PlanChoice {
    std::string code;
    std::string name;
    int version = 0;
};

/// A payout as finance sees it (the account is not shown).
struct PayoutRecord {
    std::int64_t id = 0;
    std::string reference;  // 业务编号 / EndToEndId
    std::int64_t claimId = 0;
    std::string memberNo;
    std::string payeeName;
    std::string unionCode;
    std::string planCode;
    Fen amountFen = 0;
    std::string status;  // payable | in_batch | paid | returned
    std::optional<std::int64_t> batchId;
    std::optional<std::int64_t> predecessorId;  // the returned payout this one re-issues
    std::string reason;                         // for a returned payout: the bank's reason
    std::string createdAt;
};

/// How many payouts are in a status and their total.
struct PayoutSummary {
    std::int64_t count = 0;
    Fen totalFen = 0;
};

/// Where a member is paid: the bank's name and the account, masked for screens.
struct BankDetails {
    std::string bankName;
    std::string accountMasked;
};

/// A message to a member, e.g. to check their bank account after a payment came back.
struct Notice {
    std::int64_t id = 0;
    std::optional<std::int64_t> claimId;
    std::string kind;  // check_bank_account
    std::string message;
    std::string createdAt;
    bool read = false;
};

/// Checks a batch before a state change, inside the store's transaction.
using BatchCheck = std::function<Outcome(const BatchRecord&)>;

/// Storage for the claims workflow. Every method that changes state runs in one transaction
/// and appends to the audit trail in the same transaction; a refusal from a callback rolls
/// everything back. Implementations must be safe to call from many threads.
class ClaimStore {
public:
    ClaimStore() = default;
    ClaimStore(const ClaimStore&) = delete;
    ClaimStore& operator=(const ClaimStore&) = delete;
    virtual ~ClaimStore() = default;

    virtual std::optional<UserAccount> findUser(std::string_view username) = 0;
    /// Records a login attempt: resets the failure count on success, else counts it and sets
    /// `lockedUntil` when given.
    virtual void recordLogin(std::int64_t userId, bool success,
                             std::optional<std::int64_t> lockedUntil) = 0;

    /// The member's cover under the newest edition of plan `planCode` whose period contains
    /// `date`, else the newest edition they are enrolled in; nothing if not enrolled at all.
    virtual std::optional<Coverage> findCoverage(std::string_view memberNo,
                                                 std::string_view planCode, Date date) = 0;
    /// The union of the member with this number; nothing for an unknown member.
    virtual std::optional<std::int64_t> memberUnion(std::string_view memberNo) = 0;
    /// Every plan code with its newest edition, by code.
    virtual std::vector<PlanChoice> planChoices() = 0;
    /// Every cover the member has, newest plan edition first.
    virtual std::vector<Coverage> coveragesOf(std::int64_t memberId) = 0;
    /// Paid and reserved amounts of the member under the plan edition, excluding `exceptClaim`.
    virtual History historyOf(std::int64_t memberId, std::int64_t planId,
                              std::int64_t exceptClaim) = 0;

    /// Appends an audit record that `actor` viewed personal data of `entity` `entityId`.
    virtual void recordAccess(const Actor& actor, std::string_view entity,
                              std::string_view entityId) = 0;

    /// Stores a new claim; Conflict when the settlement or invoice number is already used.
    virtual Result<std::int64_t> insertClaim(const NewClaim& claim, const Actor& actor) = 0;
    virtual std::optional<ClaimRecord> findClaim(std::int64_t claimId) = 0;
    virtual std::vector<ClaimRecord> listClaims(const ClaimFilter& filter) = 0;
    /// Loads the claim, cover and history, asks `decide`, and applies the change (status,
    /// amounts, history event, payout when approved, audit) in one transaction.
    virtual Result<ClaimRecord> updateClaim(std::int64_t claimId, const Actor& actor,
                                            const ClaimDecider& decide) = 0;

    /// Puts the payable payouts `filter` picks into a new draft batch made by `actor`, with a
    /// snapshot of each payee's name and account; Conflict when there is none.
    virtual Result<BatchRecord> createBatch(const Actor& actor, const BatchFilter& filter) = 0;
    virtual std::optional<BatchRecord> findBatch(std::int64_t batchId) = 0;
    virtual std::vector<BatchRecord> listBatches(int limit) = 0;
    /// Sets the batch's status to `to` after `check` accepted it (audited).
    virtual Result<BatchRecord> moveBatch(std::int64_t batchId, const Actor& actor,
                                          std::string_view to, const BatchCheck& check) = 0;
    /// Applies a bank's results to an exported batch in one transaction: a success makes the
    /// payout and its claim paid; a failure makes them returned and puts a new payable payout
    /// (linked to its predecessor) in the queue for a later batch. Loading the same results
    /// again changes nothing. A returned payout leaves the member a check_bank_account notice. A
    /// paid payout may still be returned later (the bank returns the transfer): it is re-issued.
    /// Invalid naming the line when a reference is unknown, belongs to
    /// another batch, or contradicts a result already loaded; then nothing is applied.
    virtual Result<BankResultReport> applyBankResults(std::int64_t batchId, const Actor& actor,
                                                      const std::vector<BankResult>& results) = 0;
    /// Gives the batch its format, message id, first-export time and payer the first time it
    /// is exported (after `check` accepted it); later calls keep them, and Conflict
    /// ("other_format") for another format than the first.
    virtual Result<BatchRecord> prepareExport(std::int64_t batchId, const std::string& format,
                                              const BatchCheck& check) = 0;
    /// The transfers of a batch with clear-text accounts, for the payment file only.
    virtual PaymentFile paymentFile(std::int64_t batchId) = 0;
    /// Payouts in `status`, oldest first, at most `limit`; and the count and total of all.
    virtual std::vector<PayoutRecord> listPayouts(std::string_view status, int limit) = 0;
    virtual PayoutSummary payoutSummary(std::string_view status) = 0;
    /// The member's notices, newest first (at most 50).
    virtual std::vector<Notice> noticesOf(std::int64_t memberId) = 0;
    virtual std::optional<BankDetails> bankDetailsOf(std::int64_t memberId) = 0;
    /// Stores the member's new bank account (encrypted, with its mask), marks their
    /// check_bank_account notices read, and audits the change; the account is not logged.
    virtual BankDetails updateBankAccount(std::int64_t memberId, const std::string& bankName,
                                          const std::string& account, const Actor& actor) = 0;
};

/// Turns a batch into the bytes of one payment file format.
class PaymentFileWriter {
public:
    PaymentFileWriter() = default;
    PaymentFileWriter(const PaymentFileWriter&) = delete;
    PaymentFileWriter& operator=(const PaymentFileWriter&) = delete;
    virtual ~PaymentFileWriter() = default;

    virtual std::string format() const = 0;     // e.g. "csv"
    virtual std::string mediaType() const = 0;  // e.g. "text/csv; charset=utf-8"
    virtual std::string extension() const = 0;  // e.g. "csv"
    /// The file's bytes; Invalid naming the payout when a value has a character the format
    /// cannot carry or is longer than the format allows (never transliterated or cut).
    virtual Result<std::string> write(const PaymentFile& file) const = 0;
    /// Reads a file this writer wrote, for the check before it is final.
    virtual Result<PaymentFileSummary> readBack(const std::string& bytes) const = 0;
};

}  // namespace huzhu::core
