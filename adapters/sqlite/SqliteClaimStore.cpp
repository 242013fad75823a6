#include "adapters/sqlite/SqliteClaimStore.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <algorithm>
#include <cstdio>
#include <map>

#include "adapters/formats/PlanJson.h"
#include "adapters/formats/StrictJson.h"
#include "core/Identifiers.h"
#include "core/JsonWriter.h"
#include "core/PaymentText.h"

namespace huzhu::adapters::sqlite {

using namespace Poco::Data::Keywords;
using core::Outcome;
using Poco::Data::RecordSet;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

std::string text(RecordSet& rs, const std::string& column) {
    return rs.isNull(column) ? std::string() : rs[column].convert<std::string>();
}

std::optional<std::string> optionalText(RecordSet& rs, const std::string& column) {
    if (rs.isNull(column)) return std::nullopt;
    return rs[column].convert<std::string>();
}

std::int64_t integer(RecordSet& rs, const std::string& column) {
    return rs.isNull(column) ? 0 : rs[column].convert<Poco::Int64>();
}

std::optional<std::int64_t> optionalInteger(RecordSet& rs, const std::string& column) {
    if (rs.isNull(column)) return std::nullopt;
    return rs[column].convert<Poco::Int64>();
}

// The same readings of a raw SQLite row (the hot read path, see RawSqlite.h).
std::string text(const Query& q, std::string_view column) {
    return q.text(column);
}

std::optional<std::string> optionalText(const Query& q, std::string_view column) {
    if (q.isNull(column)) return std::nullopt;
    return q.text(column);
}

std::int64_t integer(const Query& q, std::string_view column) {
    return q.integer(column);
}

std::optional<std::int64_t> optionalInteger(const Query& q, std::string_view column) {
    if (q.isNull(column)) return std::nullopt;
    return q.integer(column);
}

template <class Row>
std::optional<core::Date> optionalDate(Row& rs, const char* column) {
    auto t = optionalText(rs, column);
    if (!t) return std::nullopt;
    return core::Date::parse(*t);
}

template <class Row>
core::Date date(Row& rs, const char* column) {
    auto d = optionalDate(rs, column);
    if (!d) throw Poco::DataException(std::string("bad date in column ") + column);
    return *d;
}

Poco::Nullable<std::string> nullableDate(const std::optional<core::Date>& d) {
    if (!d) return Poco::Nullable<std::string>();
    return Poco::Nullable<std::string>(d->iso());
}

Poco::Nullable<std::string> nullIfEmpty(const std::string& s) {
    if (s.empty()) return Poco::Nullable<std::string>();
    return Poco::Nullable<std::string>(s);
}

// A macro so that the queries built on it are string literals (RawConnection caches
// statements by the literal's address).
// The member's number, name and union are the claim's copies (schema migration 9).
#define HUZHU_CLAIM_COLUMNS                                                     \
    "SELECT c.*, p.code AS plan_code, p.version AS plan_version FROM claims c " \
    "JOIN plans p ON p.id = c.plan_id "

const char* const ClaimColumns = HUZHU_CLAIM_COLUMNS;
const char* const ClaimById = HUZHU_CLAIM_COLUMNS "WHERE c.id = ?";

// Possible duplicates: another live claim of the member whose stay overlaps this one.
// Neither query sorts: both almost always find nothing, and an ORDER BY or DISTINCT costs a
// sorter or temporary b-tree on every view; findClaim orders and de-duplicates the few ids.
const char* const OverlappingStays =
    "SELECT id FROM claims WHERE member_id = ? AND id <> ? AND status <> 'rejected' "
    "AND admission IS NOT NULL AND admission <= ? AND discharge >= ?";
// The same document (by SHA-256) uploaded to another claim.
const char* const SameDocuments =
    "SELECT d2.claim_id FROM documents d1 JOIN documents d2 "
    "ON d2.sha256 = d1.sha256 AND d2.claim_id <> d1.claim_id WHERE d1.claim_id = ?";
const char* const ClaimEvents =
    "SELECT e.at, u.username, e.from_status, e.to_status, e.reason "
    "FROM claim_events e LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.claim_id = ? ORDER BY e.id";

/// Flags of one kind, to the other claims in id order, each once.
void addFlags(core::ClaimRecord& record, const char* kind, std::vector<std::int64_t>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (std::int64_t id : ids) record.flags.push_back({kind, id});
}

/// A claim from a row of ClaimColumns, read through Poco (RecordSet) or raw SQLite (Query).
template <class Row>
core::ClaimRecord claimFromRow(Row& rs) {
    core::ClaimRecord c;
    c.id = integer(rs, "id");
    c.memberId = integer(rs, "member_id");
    c.memberNo = text(rs, "member_no");
    c.memberName = text(rs, "member_name");
    c.unionId = integer(rs, "union_id");
    c.planId = integer(rs, "plan_id");
    c.planCode = text(rs, "plan_code");
    c.planVersion = static_cast<int>(integer(rs, "plan_version"));
    c.filedBy = integer(rs, "filed_by");
    auto& f = c.facts;
    f.type = core::parseClaimType(text(rs, "claim_type")).value_or(core::ClaimType::Inpatient);
    f.admission = optionalDate(rs, "admission");
    f.discharge = optionalDate(rs, "discharge");
    f.eventDate = optionalDate(rs, "event_date");
    f.filed = date(rs, "filed_on");
    f.diagnosis = text(rs, "diagnosis");
    f.hospitalLevel = core::parseHospitalLevel(text(rs, "hospital_level"));
    f.localHospital = integer(rs, "local_hospital") != 0;
    f.severity = optionalText(rs, "severity");
    if (auto grade = optionalInteger(rs, "disability_grade"))
        f.disabilityGrade = static_cast<int>(*grade);
    f.died = integer(rs, "died") != 0;
    f.totalFen = integer(rs, "total_fen");
    f.fundPaidFen = integer(rs, "fund_paid_fen");
    f.criticalInsuranceFen = integer(rs, "critical_insurance_fen");
    f.assistanceFen = integer(rs, "assistance_fen");
    f.otherPaidFen = integer(rs, "other_paid_fen");
    f.outOfScopeFen = integer(rs, "out_of_scope_fen");
    c.settlementNo = text(rs, "settlement_no");
    c.invoiceNo = text(rs, "invoice_no");
    c.hospital = text(rs, "hospital");
    auto status = core::parseClaimStatus(text(rs, "status"));
    if (!status) throw Poco::DataException("claim " + std::to_string(c.id) + ": bad status");
    c.status = *status;
    c.payoutFen = integer(rs, "payout_fen");
    c.quoteJson = text(rs, "quote");
    c.firstApprover = optionalInteger(rs, "first_approver");
    c.rejectedBy = optionalInteger(rs, "rejected_by");
    c.createdAt = text(rs, "created_at");
    return c;
}

core::BatchRecord batchFromRow(RecordSet& rs) {
    return core::BatchRecord{.id = integer(rs, "id"),
                             .status = text(rs, "status"),
                             .createdBy = integer(rs, "created_by"),
                             .createdByName = text(rs, "created_by_name"),
                             .releasedBy = optionalInteger(rs, "released_by"),
                             .count = static_cast<int>(integer(rs, "item_count")),
                             .totalFen = integer(rs, "total_fen"),
                             .createdAt = text(rs, "created_at"),
                             .resolvedCount = static_cast<int>(integer(rs, "resolved")),
                             .messageId = text(rs, "message_id"),
                             .filter = text(rs, "filter"),
                             .exportFormat = text(rs, "export_format")};
}

void insertEvent(Session& s, std::int64_t claimId, const std::string& at, std::int64_t actorId,
                 const std::optional<core::ClaimStatus>& from, core::ClaimStatus to,
                 const std::string& reason) {
    Poco::Nullable<std::string> fromText;
    if (from) fromText = std::string(core::toString(*from));
    Poco::Nullable<Poco::Int64> actor;  // none for the console (CLI) operator
    if (actorId > 0) actor = actorId;
    s << "INSERT INTO claim_events (claim_id, at, actor_id, from_status, to_status, reason) "
         "VALUES (?, ?, ?, ?, ?, ?)",
        bind(claimId), bind(at), bind(actor), bind(fromText), bind(std::string(core::toString(to))),
        bind(reason), now;
}

/// 业务编号 of a payout: "HZP" and the payout id in ten digits, stable across re-exports.
std::string payoutReference(std::int64_t payoutId) {
    char reference[32];
    std::snprintf(reference, sizeof reference, "HZP%010lld", static_cast<long long>(payoutId));
    return reference;
}

/// The payout id in a reference, or 0 when it is not one of ours.
Poco::Int64 referencePayoutId(const std::string& reference) {
    if (reference.size() != 13 || reference.compare(0, 3, "HZP") != 0 ||
        reference.find_first_not_of("0123456789", 3) != std::string::npos)
        return 0;
    return std::stoll(reference.substr(3));
}

}  // namespace

SqliteClaimStore::SqliteClaimStore(Database& db, const crypto::FieldCipher& cipher,
                                   const core::Clock& clock)
    : _db(db),
      _cipher(cipher),
      _clock(clock),
      _reads(db.path(), ReadConnections, ReadCacheKiB, db.wal(), MaxSnapshotAge),
      _views(db) {}

std::optional<core::UserAccount> SqliteClaimStore::findUser(std::string_view username) {
    Session s = _db.session();
    Statement select(s);
    select << "SELECT u.*, m.member_no FROM users u LEFT JOIN members m ON m.id = u.member_id "
              "WHERE u.username = ?",
        bind(std::string(username)), now;
    RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    auto role = core::parseRole(text(rs, "role"));
    if (!role) throw Poco::DataException("user " + std::string(username) + ": bad role");
    return core::UserAccount{.id = integer(rs, "id"),
                             .username = text(rs, "username"),
                             .passwordHash = text(rs, "password_hash"),
                             .role = *role,
                             .memberId = optionalInteger(rs, "member_id"),
                             .memberNo = optionalText(rs, "member_no"),
                             .unionId = optionalInteger(rs, "union_id"),
                             .failedLogins = static_cast<int>(integer(rs, "failed_logins")),
                             .lockedUntil = optionalInteger(rs, "locked_until")};
}

void SqliteClaimStore::recordLogin(std::int64_t userId, bool success,
                                   std::optional<std::int64_t> lockedUntil) {
    Session s = _db.session();
    WriteTransaction tx(s);
    if (success) {
        s << "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", bind(userId),
            now;
    } else {
        Poco::Nullable<Poco::Int64> until;
        if (lockedUntil) until = *lockedUntil;
        s << "UPDATE users SET failed_logins = CASE WHEN ? IS NULL THEN failed_logins + 1 "
             "ELSE 0 END, locked_until = ? WHERE id = ?",
            bind(until), bind(until), bind(userId), now;
        if (lockedUntil)
            appendAudit(s, {_clock.now(), "system", "user.locked", "user", std::to_string(userId),
                            auditDetail({{"reason", "too many failed logins"}})});
    }
    tx.commit();
}

std::shared_ptr<const core::Plan> SqliteClaimStore::plan(Session& s, std::int64_t planId) {
    {
        std::lock_guard<std::mutex> lock(_plansMutex);
        auto found = _plans.find(planId);
        if (found != _plans.end()) return found->second;
    }
    std::string definition;
    s << "SELECT definition FROM plans WHERE id = ?", bind(planId), into(definition), now;
    auto parsed = std::make_shared<const core::Plan>(formats::parsePlanJson(definition));
    std::lock_guard<std::mutex> lock(_plansMutex);
    return _plans.emplace(planId, std::move(parsed)).first->second;
}

std::optional<core::Coverage> SqliteClaimStore::coverageFor(Session& s, std::int64_t memberId,
                                                            std::int64_t planId) {
    Statement select(s);
    select << "SELECT m.id, m.member_no, m.name, m.union_id, m.gender, m.insured, m.left_on, "
              "e.shares, "
              "e.cover_start, e.cover_end, e.renewed_after_days FROM members m "
              "JOIN enrolments e ON e.member_id = m.id WHERE m.id = ? AND e.plan_id = ?",
        bind(memberId), bind(planId), now;
    RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    core::Coverage c;
    c.memberId = integer(rs, "id");
    c.memberNo = text(rs, "member_no");
    c.memberName = text(rs, "name");
    c.unionId = integer(rs, "union_id");
    c.planId = planId;
    c.plan = *plan(s, planId);
    c.facts.coverStart = date(rs, "cover_start");
    c.facts.shares = static_cast<int>(integer(rs, "shares"));
    c.facts.gender = text(rs, "gender") == "F" ? 'F' : 'M';
    c.facts.insured = integer(rs, "insured") != 0;
    if (auto gap = optionalInteger(rs, "renewed_after_days"))
        c.facts.renewedAfterDays = static_cast<int>(*gap);
    c.coverEnd = date(rs, "cover_end");
    c.leftOn = optionalDate(rs, "left_on");
    // The engine sees the cover's own end when it ends before the plan period does.
    core::Date lastDay = c.coverEnd;
    if (c.leftOn) lastDay = std::min(lastDay, c.leftOn->addDays(-1));
    if (lastDay < c.plan.periodEnd) c.facts.coverEnd = lastDay;
    return c;
}

std::optional<core::Coverage> SqliteClaimStore::findCoverage(std::string_view memberNo,
                                                             std::string_view planCode,
                                                             core::Date date) {
    Session s = _db.session();
    const std::string day = date.iso();
    Poco::Nullable<Poco::Int64> memberId, planId;
    s << "SELECT m.id, p.id FROM members m JOIN enrolments e ON e.member_id = m.id "
         "JOIN plans p ON p.id = e.plan_id WHERE m.member_no = ? AND p.code = ? "
         "ORDER BY CASE WHEN p.period_start <= ? AND ? <= p.period_end THEN 0 ELSE 1 END, "
         "p.version DESC LIMIT 1",
        bind(std::string(memberNo)), bind(std::string(planCode)), bind(day), bind(day),
        into(memberId), into(planId), now;
    if (memberId.isNull()) return std::nullopt;
    return coverageFor(s, memberId.value(), planId.value());
}

std::optional<std::int64_t> SqliteClaimStore::memberUnion(std::string_view memberNo) {
    Session s = _db.session();
    Poco::Nullable<Poco::Int64> unionId;
    s << "SELECT union_id FROM members WHERE member_no = ?", bind(std::string(memberNo)),
        into(unionId), now;
    if (unionId.isNull()) return std::nullopt;
    return unionId.value();
}

std::vector<core::Coverage> SqliteClaimStore::coveragesOf(std::int64_t memberId) {
    Session s = _db.session();
    std::vector<Poco::Int64> planIds;
    s << "SELECT e.plan_id FROM enrolments e JOIN plans p ON p.id = e.plan_id "
         "WHERE e.member_id = ? ORDER BY p.period_start DESC, p.code",
        bind(memberId), into(planIds), now;
    std::vector<core::Coverage> result;
    for (Poco::Int64 planId : planIds)
        if (auto c = coverageFor(s, memberId, planId)) result.push_back(std::move(*c));
    return result;
}

core::History SqliteClaimStore::history(Session& s, std::int64_t memberId, std::int64_t planId,
                                        std::int64_t exceptClaim) {
    Statement select(s);
    select << "SELECT l.benefit, sum(l.payout_fen) AS paid, sum(l.deductible_fen) AS deducted, "
              "sum(CASE WHEN l.payout_fen > 0 THEN 1 ELSE 0 END) AS paid_claims "
              "FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
              "WHERE c.member_id = ? AND c.plan_id = ? AND c.id <> ? "
              "AND c.status IN ('approved', 'in_batch', 'paid', 'returned') GROUP BY l.benefit",
        bind(memberId), bind(planId), bind(exceptClaim), now;
    RecordSet rs(select);
    core::History h;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        core::BenefitHistory b{.paidFen = integer(rs, "paid"),
                               .deductibleUsedFen = integer(rs, "deducted"),
                               .paidClaims = static_cast<int>(integer(rs, "paid_claims"))};
        h.paidFen = core::checkedAdd(h.paidFen, b.paidFen);
        if (b.paidClaims > 0) b.lumpSumPaid = core::LumpSumPaid::ThisPeriod;
        h.benefits.emplace(text(rs, "benefit"), b);
    }
    // Benefits paid under an earlier edition of the same plan code: what a lump sum paid
    // "once per lifetime" needs to know.
    Statement earlier(s);
    earlier << "SELECT DISTINCT l.benefit FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
               "JOIN plans p ON p.id = c.plan_id JOIN plans this ON this.id = ? "
               "WHERE c.member_id = ? AND p.code = this.code AND p.period_end < this.period_start "
               "AND l.payout_fen > 0 AND c.status IN ('approved', 'in_batch', 'paid', 'returned')",
        bind(planId), bind(memberId), now;
    RecordSet ers(earlier);
    for (bool more = ers.moveFirst(); more; more = ers.moveNext()) {
        core::BenefitHistory& b = h.benefits[text(ers, "benefit")];
        if (!b.lumpSumPaid) b.lumpSumPaid = core::LumpSumPaid::EarlierPeriod;
    }
    return h;
}

std::vector<core::PlanChoice> SqliteClaimStore::planChoices() {
    Session s = _db.session();
    Statement select(s);
    select << "SELECT p.code, p.name, p.version FROM plans p WHERE p.version = "
              "(SELECT max(version) FROM plans q WHERE q.code = p.code) ORDER BY p.code",
        now;
    RecordSet rs(select);
    std::vector<core::PlanChoice> plans;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext())
        plans.push_back(
            {text(rs, "code"), text(rs, "name"), static_cast<int>(integer(rs, "version"))});
    return plans;
}

core::History SqliteClaimStore::historyOf(std::int64_t memberId, std::int64_t planId,
                                          std::int64_t exceptClaim) {
    Session s = _db.session();
    return history(s, memberId, planId, exceptClaim);
}

void SqliteClaimStore::recordAccess(const core::Actor& actor, std::string_view entity,
                                    std::string_view entityId) {
    // Queued before the data is sent; the audit writer commits it within about 10 ms (see
    // AuditGroupCommit.h). Throws while the trail cannot be written or lags too far behind.
    _views.append({_clock.now(), actor.username, std::string(entity) + ".viewed",
                   std::string(entity), std::string(entityId),
                   auditDetail({{"role", std::string(core::toString(actor.role))}})});
}

core::Result<std::int64_t> SqliteClaimStore::insertClaim(const core::NewClaim& c,
                                                         const core::Actor& actor) {
    Session s = _db.session();
    WriteTransaction tx(s);
    int used = 0;
    if (!c.settlementNo.empty()) {
        s << "SELECT count(*) FROM claims WHERE settlement_no = ?", bind(c.settlementNo),
            into(used), now;
        if (used)
            return Outcome::conflict("duplicate_settlement_no",
                                     "settlement number " + c.settlementNo + " is already claimed",
                                     "settlement_no");
    }
    if (!c.invoiceNo.empty()) {
        s << "SELECT count(*) FROM claims WHERE invoice_no = ?", bind(c.invoiceNo), into(used), now;
        if (used)
            return Outcome::conflict("duplicate_invoice_no",
                                     "invoice number " + c.invoiceNo + " is already claimed",
                                     "invoice_no");
    }
    const std::string at = _clock.now();
    const auto& f = c.facts;
    const std::string level(f.hospitalLevel ? core::toString(*f.hospitalLevel) : "");
    Poco::Nullable<std::string> severity;
    if (f.severity) severity = *f.severity;
    Poco::Nullable<Poco::Int64> grade;
    if (f.disabilityGrade) grade = *f.disabilityGrade;
    s << "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, admission, "
         "discharge, event_date, filed_on, diagnosis, hospital, hospital_level, local_hospital, "
         "died, total_fen, fund_paid_fen, critical_insurance_fen, assistance_fen, "
         "other_paid_fen, out_of_scope_fen, settlement_no, invoice_no, status, payout_fen, "
         "quote, created_at, updated_at, severity, disability_grade) VALUES (?, ?, ?, ?, ?, ?, "
         "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?)",
        bind(c.memberId), bind(c.planId), bind(c.filedBy), bind(c.proxy ? 1 : 0),
        bind(std::string(core::toString(f.type))), bind(nullableDate(f.admission)),
        bind(nullableDate(f.discharge)), bind(nullableDate(f.eventDate)), bind(f.filed.iso()),
        bind(f.diagnosis), bind(c.hospital), bind(nullIfEmpty(level)),
        bind(f.localHospital ? 1 : 0), bind(f.died ? 1 : 0), bind(f.totalFen), bind(f.fundPaidFen),
        bind(f.criticalInsuranceFen), bind(f.assistanceFen), bind(f.otherPaidFen),
        bind(f.outOfScopeFen), bind(nullIfEmpty(c.settlementNo)), bind(nullIfEmpty(c.invoiceNo)),
        bind(c.payoutFen), bind(c.quoteJson), bind(at), bind(at), bind(severity), bind(grade), now;
    Poco::Int64 id = 0;
    s << "SELECT last_insert_rowid()", into(id), now;
    insertEvent(s, id, at, actor.userId, std::nullopt, core::ClaimStatus::Submitted,
                c.proxy ? "filed by the union officer" : "filed by the member");
    appendAudit(s, {at, actor.username, "claim.filed", "claim", std::to_string(id),
                    auditDetail({{"payout_fen", std::to_string(c.payoutFen)},
                                 {"proxy", c.proxy ? "true" : "false"}})});
    tx.commit();
    return static_cast<std::int64_t>(id);
}

std::optional<core::ClaimRecord> SqliteClaimStore::loadClaim(Session& s, std::int64_t claimId) {
    Statement select(s);
    select << ClaimById, bind(claimId), now;
    RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    return claimFromRow(rs);
}

std::optional<core::ClaimRecord> SqliteClaimStore::findClaim(std::int64_t claimId) {
    // The hot read path (every claim page and API view): raw SQLite, statements prepared once
    // per connection, one read snapshot for the claim, its flags and its timeline.
    ReadPool::Lease c = _reads.borrow();
    Query claim(c->statement(ClaimById));
    claim.bind(claimId);
    if (!claim.next()) return std::nullopt;
    core::ClaimRecord record = claimFromRow(claim);
    if (record.facts.admission) {
        Query others(c->statement(OverlappingStays));
        others.bind(record.memberId)
            .bind(claimId)
            .bind(record.facts.discharge->iso())
            .bind(record.facts.admission->iso());
        std::vector<std::int64_t> ids;
        while (others.next()) ids.push_back(others.integerAt(0));
        addFlags(record, "overlapping_stay", ids);
    }
    Query sameDocument(c->statement(SameDocuments));
    sameDocument.bind(claimId);
    std::vector<std::int64_t> ids;
    while (sameDocument.next()) ids.push_back(sameDocument.integerAt(0));
    addFlags(record, "same_document", ids);
    Query events(c->statement(ClaimEvents));
    events.bind(claimId);
    while (events.next()) {
        core::ClaimEvent e;
        e.at = events.text("at");
        e.actor = events.text("username");
        if (!events.isNull("from_status"))
            e.from = core::parseClaimStatus(events.text("from_status"));
        e.to =
            core::parseClaimStatus(events.text("to_status")).value_or(core::ClaimStatus::Submitted);
        e.reason = events.text("reason");
        record.events.push_back(std::move(e));
    }
    return record;
}

std::vector<core::ClaimRecord> SqliteClaimStore::listClaims(const core::ClaimFilter& filter) {
    Session s = _db.session();
    const std::string status = filter.status ? std::string(core::toString(*filter.status)) : "";
    const std::string memberNo = filter.memberNo.value_or("");
    const Poco::Int64 unionId = filter.unionId.value_or(-1);
    const Poco::Int64 memberId = filter.memberId.value_or(-1);
    const Poco::Int64 after = filter.afterId.value_or(std::numeric_limits<Poco::Int64>::max());
    const std::string unionCode = filter.unionCode.value_or("");
    const std::string planCode = filter.planCode.value_or("");
    const Poco::Int64 flagged = filter.flaggedOnly ? 1 : 0;
    const Poco::Int64 minFen = filter.minPayoutFen.value_or(-1);
    const Poco::Int64 maxFen = filter.maxPayoutFen.value_or(-1);
    const int limit = filter.limit;
    // Every filter is "(no value OR condition)" so that one statement serves every combination;
    // the keyset cursor (c.id < after, newest first) walks the primary key.
    Statement select(s);
    select << std::string(ClaimColumns) +
                  "WHERE c.id < ? AND (? = '' OR c.status = ?) AND (? = '' OR c.member_no = ?) "
                  "AND (? < 0 OR c.union_id = ?) AND (? < 0 OR c.member_id = ?) "
                  "AND (? = '' OR c.union_id = (SELECT id FROM unions WHERE union_code = ?)) "
                  "AND (? = '' OR p.code = ?) AND (? < 0 OR c.payout_fen >= ?) "
                  "AND (? < 0 OR c.payout_fen <= ?) "
                  "AND (? = 0 OR EXISTS (SELECT 1 FROM claims o WHERE o.member_id = c.member_id "
                  "AND o.id <> c.id AND o.status <> 'rejected' AND o.admission IS NOT NULL AND "
                  "c.admission IS NOT NULL AND o.admission <= c.discharge AND "
                  "o.discharge >= c.admission) OR EXISTS (SELECT 1 FROM documents d1 JOIN "
                  "documents d2 ON d2.sha256 = d1.sha256 AND d2.claim_id <> d1.claim_id "
                  "WHERE d1.claim_id = c.id)) "
                  "ORDER BY c.id DESC LIMIT ?",
        bind(after), bind(status), bind(status), bind(memberNo), bind(memberNo), bind(unionId),
        bind(unionId), bind(memberId), bind(memberId), bind(unionCode), bind(unionCode),
        bind(planCode), bind(planCode), bind(minFen), bind(minFen), bind(maxFen), bind(maxFen),
        bind(flagged), bind(limit), now;
    RecordSet rs(select);
    std::vector<core::ClaimRecord> claims;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) claims.push_back(claimFromRow(rs));
    return claims;
}

core::Result<core::ClaimRecord> SqliteClaimStore::updateClaim(std::int64_t claimId,
                                                              const core::Actor& actor,
                                                              const core::ClaimDecider& decide) {
    Session s = _db.session();
    {
        WriteTransaction tx(s);
        auto claim = loadClaim(s, claimId);
        if (!claim) return Outcome::notFound("claim " + std::to_string(claimId) + " not found");
        auto coverage = coverageFor(s, claim->memberId, claim->planId);
        if (!coverage)
            return Outcome::conflict("not_enrolled",
                                     "the member is no longer enrolled in the plan");
        const core::History h = history(s, claim->memberId, claim->planId, claimId);
        auto change = decide(*claim, *coverage, h);
        if (!change.isOk()) return change.outcome;
        const core::ClaimChange& c = *change.value;
        const std::string at = _clock.now();
        const std::string to(core::toString(c.to));
        const std::string from(core::toString(claim->status));
        Poco::Nullable<Poco::Int64> firstApprover;
        if (claim->firstApprover) firstApprover = *claim->firstApprover;
        if (c.recordsFirstApproval) firstApprover = actor.userId;
        Poco::Nullable<Poco::Int64> rejectedBy;
        if (claim->rejectedBy) rejectedBy = *claim->rejectedBy;
        if (c.to == core::ClaimStatus::Rejected) rejectedBy = actor.userId;
        s << "UPDATE claims SET status = ?, payout_fen = ?, quote = ?, first_approver = ?, "
             "rejected_by = ?, updated_at = ? WHERE id = ?",
            bind(to), bind(c.payoutFen), bind(c.quoteJson), bind(firstApprover), bind(rejectedBy),
            bind(at), bind(claimId), now;
        insertEvent(s, claimId, at, actor.userId, claim->status, c.to, c.reason);
        if (c.createsPayout) {
            s << "DELETE FROM claim_lines WHERE claim_id = ?", bind(claimId), now;
            for (const core::LineAmount& line : c.lines)
                s << "INSERT INTO claim_lines (claim_id, benefit, payout_fen, deductible_fen) "
                     "VALUES (?, ?, ?, ?)",
                    bind(claimId), bind(line.benefit), bind(line.payoutFen),
                    bind(line.deductibleFen), now;
            if (c.payoutFen > 0)  // a covered zero claim only records its deductible use
                s << "INSERT INTO payouts (claim_id, amount_fen, status, created_at) "
                     "VALUES (?, ?, 'payable', ?)",
                    bind(claimId), bind(c.payoutFen), bind(at), now;
        }
        appendAudit(s, {at, actor.username, "claim." + to, "claim", std::to_string(claimId),
                        auditDetail({{"from", from},
                                     {"payout_fen", std::to_string(c.payoutFen)},
                                     {"reason", c.reason}})});
        tx.commit();
    }
    return *findClaim(claimId);
}

core::Result<core::BatchRecord> SqliteClaimStore::createBatch(const core::Actor& actor,
                                                              const core::BatchFilter& filter) {
    if ((filter.maxCount && *filter.maxCount <= 0) ||
        (filter.maxTotalFen && *filter.maxTotalFen <= 0))
        return Outcome::invalid("filter", "a batch limit must be positive");
    Session s = _db.session();
    Poco::Int64 batchId = 0;
    {
        WriteTransaction tx(s);
        std::string sql =
            "SELECT p.id, p.claim_id, p.amount_fen, m.name, m.bank_name, m.bank_account_enc "
            "FROM payouts p JOIN claims c ON c.id = p.claim_id JOIN members m ON m.id = "
            "c.member_id JOIN unions u ON u.id = m.union_id JOIN plans pl ON pl.id = c.plan_id "
            "WHERE p.status = 'payable'";
        Statement select(s);
        const std::string unionCode = filter.unionCode.value_or("");
        const std::string planCode = filter.planCode.value_or("");
        if (filter.unionCode) sql += " AND u.union_code = ?";
        if (filter.planCode) sql += " AND pl.code = ?";
        select << sql + " ORDER BY p.id";
        if (filter.unionCode) select, bind(unionCode);
        if (filter.planCode) select, bind(planCode);
        select.execute();
        RecordSet rs(select);
        struct Pick {
            Poco::Int64 payoutId, claimId, amount;
            std::string name, bank, accountEnc;
        };
        std::vector<Pick> picks;
        core::Fen total = 0;
        // Oldest first; stop at the first payout that would break a limit, so that no payout
        // is overtaken by a younger, smaller one.
        for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
            const core::Fen amount = integer(rs, "amount_fen");
            // A payee whose name or bank no bank file can carry stays payable (and listed) until
            // the details are corrected, rather than blocking a whole batch at export.
            if (!core::paymentTextProblem(text(rs, "name"), 60).empty() ||
                !core::paymentTextProblem(text(rs, "bank_name"), 60).empty())
                continue;
            if (filter.maxCount && static_cast<int>(picks.size()) >= *filter.maxCount) break;
            if (filter.maxTotalFen && core::checkedAdd(total, amount) > *filter.maxTotalFen) break;
            total = core::checkedAdd(total, amount);
            picks.push_back({integer(rs, "id"), integer(rs, "claim_id"), amount, text(rs, "name"),
                             text(rs, "bank_name"), text(rs, "bank_account_enc")});
        }
        if (picks.empty())
            return Outcome::conflict("nothing_payable",
                                     filter.maxTotalFen && rs.rowCount() > 0
                                         ? "the oldest payable payout is above the amount limit"
                                         : "there are no payable payouts that match");
        const std::string at = _clock.now();
        const Poco::Int64 count = static_cast<Poco::Int64>(picks.size());
        core::JsonWriter how;
        how.beginObject();
        if (filter.unionCode) how.key("union_code").value(*filter.unionCode);
        if (filter.planCode) how.key("plan_code").value(*filter.planCode);
        if (filter.maxCount) how.key("max_count").value(*filter.maxCount);
        if (filter.maxTotalFen) how.key("max_total_fen").value(*filter.maxTotalFen);
        how.endObject();
        s << "INSERT INTO batches (status, created_by, item_count, total_fen, created_at, "
             "filter) VALUES ('draft', ?, ?, ?, ?, ?)",
            bind(actor.userId), bind(count), bind(total), bind(at), bind(how.str()), now;
        s << "SELECT last_insert_rowid()", into(batchId), now;
        Statement joinBatch(s), readClaim(s), moveClaim(s);
        Poco::Int64 seq = 0, payoutId = 0, claimId = 0;
        std::string name, bank, accountEnc, was;
        joinBatch << "UPDATE payouts SET status = 'in_batch', batch_id = ?, batch_seq = ?, "
                     "payee_name = ?, payee_bank = ?, payee_account_enc = ? "
                     "WHERE id = ? AND status = 'payable'",
            use(batchId), use(seq), use(name), use(bank), use(accountEnc), use(payoutId);
        readClaim << "SELECT status FROM claims WHERE id = ?", use(claimId), into(was);
        moveClaim << "UPDATE claims SET status = 'in_batch', updated_at = ? WHERE id = ?", bind(at),
            use(claimId);
        for (const Pick& pick : picks) {
            ++seq;
            payoutId = pick.payoutId, claimId = pick.claimId;
            name = pick.name, bank = pick.bank, accountEnc = pick.accountEnc;
            if (joinBatch.execute() != 1)
                throw Poco::DataException("payout " + std::to_string(payoutId) + " moved");
            readClaim.execute();  // approved, or returned for a re-issued payout
            moveClaim.execute();
            insertEvent(s, claimId, at, actor.userId, core::parseClaimStatus(was),
                        core::ClaimStatus::InBatch, "payment batch " + std::to_string(batchId));
        }
        appendAudit(s, {at, actor.username, "batch.created", "batch", std::to_string(batchId),
                        auditDetail({{"count", std::to_string(count)},
                                     {"total_fen", std::to_string(total)},
                                     {"filter", how.str()}})});
        tx.commit();
    }
    return *loadBatch(s, batchId);
}

std::optional<core::BatchRecord> SqliteClaimStore::loadBatch(Session& s, std::int64_t batchId) {
    Statement select(s);
    select << "SELECT b.*, u.username AS created_by_name, (SELECT count(*) FROM payouts p WHERE "
              "p.batch_id = b.id AND p.status <> 'in_batch') AS resolved FROM batches b "
              "JOIN users u ON u.id = b.created_by WHERE b.id = ?",
        bind(batchId), now;
    RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    return batchFromRow(rs);
}

std::optional<core::BatchRecord> SqliteClaimStore::findBatch(std::int64_t batchId) {
    Session s = _db.session();
    return loadBatch(s, batchId);
}

std::vector<core::BatchRecord> SqliteClaimStore::listBatches(int limit) {
    Session s = _db.session();
    Statement select(s);
    select << "SELECT b.*, u.username AS created_by_name, (SELECT count(*) FROM payouts p WHERE "
              "p.batch_id = b.id AND p.status <> 'in_batch') AS resolved FROM batches b "
              "JOIN users u ON u.id = b.created_by ORDER BY b.id DESC LIMIT ?",
        bind(limit), now;
    RecordSet rs(select);
    std::vector<core::BatchRecord> batches;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext())
        batches.push_back(batchFromRow(rs));
    return batches;
}

core::Result<core::BatchRecord> SqliteClaimStore::moveBatch(std::int64_t batchId,
                                                            const core::Actor& actor,
                                                            std::string_view to,
                                                            const core::BatchCheck& check) {
    Session s = _db.session();
    {
        WriteTransaction tx(s);
        auto batch = loadBatch(s, batchId);
        if (!batch) return Outcome::notFound("batch " + std::to_string(batchId) + " not found");
        if (Outcome o = check(*batch); !o.isOk()) return o;
        const std::string at = _clock.now();
        const std::string status(to);
        if (status == "released")
            s << "UPDATE batches SET status = ?, released_by = ?, released_at = ? WHERE id = ?",
                bind(status), bind(actor.userId), bind(at), bind(batchId), now;
        else if (status == "exported")
            s << "UPDATE batches SET status = ?, exported_at = coalesce(exported_at, ?) "
                 "WHERE id = ?",
                bind(status), bind(at), bind(batchId), now;
        else
            s << "UPDATE batches SET status = ? WHERE id = ?", bind(status), bind(batchId), now;
        appendAudit(s, {at, actor.username, "batch." + status, "batch", std::to_string(batchId),
                        auditDetail({{"from", batch->status}})});
        tx.commit();
    }
    return *loadBatch(s, batchId);
}

core::Result<core::BankResultReport> SqliteClaimStore::applyBankResults(
    std::int64_t batchId, const core::Actor& actor, const std::vector<core::BankResult>& results) {
    Session s = _db.session();
    core::BankResultReport report;
    {
        WriteTransaction tx(s);
        auto batch = loadBatch(s, batchId);
        if (!batch) return Outcome::notFound("batch " + std::to_string(batchId) + " not found");
        if (batch->status != "exported" && batch->status != "settled")
            return Outcome::conflict("not_exported", "batch " + std::to_string(batchId) + " is " +
                                                         batch->status +
                                                         "; results come after the export");
        const std::string at = _clock.now();
        for (const core::BankResult& r : results) {
            const std::string where = "line " + std::to_string(r.line);
            Poco::Nullable<Poco::Int64> payoutId, inBatch, claimId, amount;
            Poco::Nullable<std::string> status;
            s << "SELECT id, batch_id, claim_id, amount_fen, status FROM payouts WHERE id = ?",
                bind(referencePayoutId(r.reference)), into(payoutId), into(inBatch), into(claimId),
                into(amount), into(status), now;
            if (payoutId.isNull())
                return Outcome::invalid("reference", where + ": unknown payout " + r.reference);
            if (inBatch.isNull() || inBatch.value() != batchId)
                return Outcome::invalid("reference", where + ": payout " + r.reference +
                                                         " is not in batch " +
                                                         std::to_string(batchId));
            const std::string current = status.value();
            const std::string want = r.success ? "paid" : "returned";
            if (current == want) {
                ++report.unchanged;
                continue;
            }
            // A transfer the bank paid may come back later (a return): that is the one change
            // after a result; anything else contradicts what is loaded.
            const bool lateReturn = current == "paid" && want == "returned";
            if (current != "in_batch" && !lateReturn)
                return Outcome::invalid("status", where + ": payout " + r.reference + " is " +
                                                      current + "; the file says " + want);
            s << "UPDATE payouts SET status = ? WHERE id = ?", bind(want), bind(payoutId.value()),
                now;
            s << "UPDATE claims SET status = ?, updated_at = ? WHERE id = ?", bind(want), bind(at),
                bind(claimId.value()), now;
            insertEvent(s, claimId.value(), at, actor.userId,
                        lateReturn ? core::ClaimStatus::Paid : core::ClaimStatus::InBatch,
                        r.success ? core::ClaimStatus::Paid : core::ClaimStatus::Returned,
                        r.success ? "paid by the bank" : "returned by the bank: " + r.reason);
            if (r.success) {
                ++report.paid;
            } else {
                // Re-issue: a new payable payout for the same amount, linked to this one.
                s << "INSERT INTO payouts (claim_id, amount_fen, status, predecessor_id, "
                     "created_at) VALUES (?, ?, 'payable', ?, ?)",
                    bind(claimId.value()), bind(amount.value()), bind(payoutId.value()), bind(at),
                    now;
                s << "INSERT INTO notices (member_id, claim_id, kind, message, created_at) "
                     "SELECT member_id, id, 'check_bank_account', ?, ? FROM claims WHERE id = ?",
                    bind("理赔 " + std::to_string(claimId.value()) + " 的互助金被银行退回（" +
                         r.reason + "）。请核对您的收款银行账户，如有变更请更新，我们会重新支付。"),
                    bind(at), bind(claimId.value()), now;
                ++report.returned;
            }
            appendAudit(s,
                        {at, actor.username, "payout." + want, "payout", r.reference,
                         auditDetail({{"batch", std::to_string(batchId)}, {"reason", r.reason}})});
        }
        Poco::Int64 open = 0;
        s << "SELECT count(*) FROM payouts WHERE batch_id = ? AND status = 'in_batch'",
            bind(batchId), into(open), now;
        report.batchStatus = open == 0 ? "settled" : batch->status;
        if (open == 0 && batch->status != "settled") {
            s << "UPDATE batches SET status = 'settled' WHERE id = ?", bind(batchId), now;
            appendAudit(
                s, {at, actor.username, "batch.settled", "batch", std::to_string(batchId), "{}"});
        }
        tx.commit();
    }
    return report;
}

core::Result<core::BatchRecord> SqliteClaimStore::prepareExport(std::int64_t batchId,
                                                                const std::string& format,
                                                                const core::BatchCheck& check) {
    Session s = _db.session();
    {
        WriteTransaction tx(s);
        auto batch = loadBatch(s, batchId);
        if (!batch) return Outcome::notFound("batch " + std::to_string(batchId) + " not found");
        if (Outcome o = check(*batch); !o.isOk()) return o;
        // One format per batch: the same transfers as a CSV and as a pain.001 could both
        // reach the bank and pay everyone twice.
        Poco::Nullable<std::string> exportedAs;
        s << "SELECT export_format FROM batches WHERE id = ?", bind(batchId), into(exportedAs), now;
        if (!exportedAs.isNull() && exportedAs.value() != format)
            return Outcome::conflict("other_format", "batch " + std::to_string(batchId) +
                                                         " was exported as " + exportedAs.value() +
                                                         "; another format of it could pay "
                                                         "twice, so it is exported as " +
                                                         exportedAs.value() + " only");
        if (exportedAs.isNull())
            s << "UPDATE batches SET export_format = ? WHERE id = ?", bind(format), bind(batchId),
                now;
        const std::string at = _clock.now();
        if (batch->messageId.empty()) {
            // The persistent counter: one value per batch, never reused (even if this export
            // fails its checks and the transaction of the export itself never happens).
            s << "INSERT INTO counters (name, value) VALUES ('message_id', 1) "
                 "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                now;
            Poco::Int64 n = 0;
            s << "SELECT value FROM counters WHERE name = 'message_id'", into(n), now;
            char id[40];
            std::snprintf(id, sizeof id, "HZ%.4s%.2s%.2s-%08lld", at.c_str(), at.c_str() + 5,
                          at.c_str() + 8, static_cast<long long>(n));
            s << "UPDATE batches SET message_id = ?, exported_at = coalesce(exported_at, ?) "
                 "WHERE id = ?",
                bind(std::string(id)), bind(at), bind(batchId), now;
        }
        Poco::Nullable<std::string> payer;
        s << "SELECT payer FROM batches WHERE id = ?", bind(batchId), into(payer), now;
        if (payer.isNull()) {  // the payer as set now, kept for every later export
            std::map<std::string, std::string> settings;
            std::vector<std::string> keys, values;
            s << "SELECT key, value FROM settings WHERE key LIKE 'payer.%'", into(keys),
                into(values), now;
            for (std::size_t i = 0; i < keys.size(); ++i) settings[keys[i]] = values[i];
            if (!settings["payer.name"].empty() && !settings["payer.account"].empty()) {
                core::JsonWriter w;
                w.beginObject();
                w.key("name").value(settings["payer.name"]);
                w.key("account").value(settings["payer.account"]);
                w.key("bank_code").value(settings["payer.bank_code"]);
                w.endObject();
                s << "UPDATE batches SET payer = ? WHERE id = ?", bind(w.str()), bind(batchId), now;
            }
        }
        tx.commit();
    }
    return *loadBatch(s, batchId);
}

core::PaymentFile SqliteClaimStore::paymentFile(std::int64_t batchId) {
    Session s = _db.session();
    core::PaymentFile file;
    file.batchId = batchId;
    Poco::Nullable<std::string> messageId, exportedAt, payer;
    s << "SELECT message_id, exported_at, payer FROM batches WHERE id = ?", bind(batchId),
        into(messageId), into(exportedAt), into(payer), now;
    file.messageId = messageId.isNull() ? "" : messageId.value();
    file.firstExport = exportedAt.isNull() ? "" : exportedAt.value();
    if (!payer.isNull()) {
        formats::StrictObject json(formats::parseJsonObject(payer.value()), "batch.payer");
        file.payer = core::Payer{.name = json.text("name"),
                                 .account = json.text("account"),
                                 .bankCode = json.text("bank_code", "")};
    }
    // The payee as at batching (older batches, made before the snapshot, read the member).
    // Bulk extraction into columns: a RecordSet's per-cell conversions cost more than the
    // whole file for a batch of 100,000.
    std::vector<Poco::Int64> ids, seqs, amounts, claimIds;
    std::vector<std::string> names, banks, accounts;
    s << "SELECT p.id, p.batch_seq, p.amount_fen, p.claim_id, coalesce(p.payee_name, m.name), "
         "coalesce(p.payee_bank, m.bank_name), "
         "coalesce(p.payee_account_enc, m.bank_account_enc) "
         "FROM payouts p JOIN claims c ON c.id = p.claim_id "
         "JOIN members m ON m.id = c.member_id WHERE p.batch_id = ? ORDER BY p.batch_seq",
        bind(batchId), into(ids), into(seqs), into(amounts), into(claimIds), into(names),
        into(banks), into(accounts), now;
    file.lines.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        core::PaymentLine line{.seq = static_cast<int>(seqs[i]),
                               .payoutId = ids[i],
                               .reference = payoutReference(ids[i]),
                               .payeeName = std::move(names[i]),
                               .account = _cipher.decrypt(accounts[i]),
                               .bankName = std::move(banks[i]),
                               .amountFen = amounts[i],
                               .purpose = "职工医疗互助金 理赔" + std::to_string(claimIds[i])};
        file.totalFen = core::checkedAdd(file.totalFen, line.amountFen);
        file.lines.push_back(std::move(line));
    }
    return file;
}

std::vector<core::Notice> SqliteClaimStore::noticesOf(std::int64_t memberId) {
    Session s = _db.session();
    Statement select(s);
    select << "SELECT id, claim_id, kind, message, created_at, read_at FROM notices "
              "WHERE member_id = ? ORDER BY id DESC LIMIT 50",
        bind(memberId), now;
    RecordSet rs(select);
    std::vector<core::Notice> notices;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext())
        notices.push_back(core::Notice{.id = integer(rs, "id"),
                                       .claimId = optionalInteger(rs, "claim_id"),
                                       .kind = text(rs, "kind"),
                                       .message = text(rs, "message"),
                                       .createdAt = text(rs, "created_at"),
                                       .read = !rs.isNull("read_at")});
    return notices;
}

std::vector<core::PayoutRecord> SqliteClaimStore::listPayouts(std::string_view status, int limit) {
    Session s = _db.session();
    Statement select(s);
    const std::string wanted(status);
    select << "SELECT p.id, p.claim_id, m.member_no, coalesce(p.payee_name, m.name) AS name, "
              "u.union_code, pl.code AS plan_code, p.amount_fen, p.status, p.batch_id, "
              "p.predecessor_id, p.created_at, (SELECT reason FROM claim_events e WHERE "
              "e.claim_id = p.claim_id AND e.to_status = 'returned' ORDER BY e.id DESC LIMIT 1) "
              "AS reason FROM payouts p JOIN claims c ON c.id = p.claim_id JOIN members m ON "
              "m.id = c.member_id JOIN unions u ON u.id = m.union_id JOIN plans pl ON pl.id = "
              "c.plan_id WHERE p.status = ? ORDER BY p.id LIMIT ?",
        bind(wanted), bind(limit), now;
    RecordSet rs(select);
    std::vector<core::PayoutRecord> payouts;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        const std::int64_t id = integer(rs, "id");
        payouts.push_back(
            core::PayoutRecord{.id = id,
                               .reference = payoutReference(id),
                               .claimId = integer(rs, "claim_id"),
                               .memberNo = text(rs, "member_no"),
                               .payeeName = text(rs, "name"),
                               .unionCode = text(rs, "union_code"),
                               .planCode = text(rs, "plan_code"),
                               .amountFen = integer(rs, "amount_fen"),
                               .status = text(rs, "status"),
                               .batchId = optionalInteger(rs, "batch_id"),
                               .predecessorId = optionalInteger(rs, "predecessor_id"),
                               .reason = wanted == "returned" ? text(rs, "reason") : "",
                               .createdAt = text(rs, "created_at")});
    }
    return payouts;
}

core::PayoutSummary SqliteClaimStore::payoutSummary(std::string_view status) {
    Session s = _db.session();
    Poco::Int64 count = 0, total = 0;
    s << "SELECT count(*), coalesce(sum(amount_fen), 0) FROM payouts WHERE status = ?",
        bind(std::string(status)), into(count), into(total), now;
    return core::PayoutSummary{.count = count, .totalFen = total};
}

std::optional<core::BankDetails> SqliteClaimStore::bankDetailsOf(std::int64_t memberId) {
    Session s = _db.session();
    Poco::Nullable<std::string> bank, masked;
    s << "SELECT bank_name, bank_account_masked FROM members WHERE id = ?", bind(memberId),
        into(bank), into(masked), now;
    if (bank.isNull()) return std::nullopt;
    return core::BankDetails{.bankName = bank.value(), .accountMasked = masked.value()};
}

core::BankDetails SqliteClaimStore::updateBankAccount(std::int64_t memberId,
                                                      const std::string& bankName,
                                                      const std::string& account,
                                                      const core::Actor& actor) {
    Session s = _db.session();
    const std::string masked = core::maskIdentifier(account);
    {
        WriteTransaction tx(s);
        const std::string at = _clock.now();
        s << "UPDATE members SET bank_name = ?, bank_account_enc = ?, bank_account_masked = ? "
             "WHERE id = ?",
            bind(bankName), bind(_cipher.encrypt(account)), bind(masked), bind(memberId), now;
        s << "UPDATE notices SET read_at = ? WHERE member_id = ? AND kind = "
             "'check_bank_account' AND read_at IS NULL",
            bind(at), bind(memberId), now;
        appendAudit(s,
                    {at, actor.username, "member.bank_account", "member", std::to_string(memberId),
                     auditDetail({{"bank_name", bankName}, {"account", masked}})});
        tx.commit();
    }
    return core::BankDetails{.bankName = bankName, .accountMasked = masked};
}

void SqliteClaimStore::setSetting(const std::string& key, const std::string& value,
                                  const std::string& actor) {
    Session s = _db.session();
    WriteTransaction tx(s);
    s << "INSERT INTO settings (key, value) VALUES (?, ?) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        bind(key), bind(value), now;
    appendAudit(s, {_clock.now(), actor, "setting.changed", "setting", key,
                    auditDetail({{"value", value}})});
    tx.commit();
}

}  // namespace huzhu::adapters::sqlite
