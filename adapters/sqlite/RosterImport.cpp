#include "adapters/sqlite/RosterImport.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "adapters/formats/CsvReader.h"
#include "adapters/formats/PlanJson.h"
#include "core/Identifiers.h"
#include "core/JsonWriter.h"

namespace huzhu::adapters::sqlite {

using namespace Poco::Data::Keywords;
using formats::CsvReader;
using Poco::Data::Session;

void ImportReport::addError(std::int64_t line, const std::string& column,
                            const std::string& reason) {
    ++errorCount;
    if (errors.size() >= MaxListedErrors) return;
    std::string text = "line " + std::to_string(line);
    if (!column.empty()) text += ", column " + column;
    errors.push_back(text + ": " + reason);
}

namespace {

/// The header row: which column holds which field.
class Header {
public:
    /// Reads and checks the header; reports problems and returns false when the file cannot
    /// be read at all.
    bool read(CsvReader& reader, const std::vector<std::string>& required,
              const std::vector<std::string>& optional, ImportReport& report) {
        std::vector<std::string> names;
        if (!reader.next(names)) {
            if (reader.error())
                report.addError(reader.error()->line, "", reader.error()->message);
            else
                report.addError(1, "", "the file is empty; expected a header row");
            return false;
        }
        const std::int64_t line = reader.recordLine();
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::string name = names[i];
            name.erase(0, name.find_first_not_of(" \t"));
            name.erase(name.find_last_not_of(" \t") + 1);
            const bool known = std::count(required.begin(), required.end(), name) ||
                               std::count(optional.begin(), optional.end(), name);
            if (!known) {
                report.addError(line, name.empty() ? "#" + std::to_string(i + 1) : name,
                                "unknown column");
                continue;
            }
            if (!_index.emplace(name, i).second) report.addError(line, name, "duplicate column");
        }
        for (const auto& name : required)
            if (!_index.count(name)) report.addError(line, name, "required column is missing");
        _count = names.size();
        return report.ok();
    }

    std::size_t count() const { return _count; }
    bool has(const std::string& name) const { return _index.count(name) > 0; }
    /// The cell of `name` in `row`, trimmed of surrounding spaces ("" for an absent column).
    std::string cell(const std::vector<std::string>& row, const std::string& name) const {
        auto it = _index.find(name);
        if (it == _index.end()) return "";
        std::string v = row[it->second];
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t") + 1);
        return v;
    }

private:
    std::map<std::string, std::size_t> _index;
    std::size_t _count = 0;
};

bool matches(const std::string& s, std::size_t maxLen, std::string_view allowed) {
    return !s.empty() && s.size() <= maxLen && s.find_first_not_of(allowed) == std::string::npos;
}

constexpr std::string_view CodeChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A free-text cell (names, banks): present, not too long, no control characters, and not
/// something a spreadsheet would run as a formula.
std::optional<std::string> textProblem(const std::string& v, std::size_t maxBytes) {
    if (v.empty()) return "is empty";
    if (v.size() > maxBytes) return "is longer than " + std::to_string(maxBytes) + " bytes";
    if (std::any_of(v.begin(), v.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return "contains a control character";
    if (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')
        return "starts with " + v.substr(0, 1) + " (a spreadsheet formula); remove it";
    return std::nullopt;
}

std::optional<std::int64_t> parseInt(const std::string& v) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
    return n;
}

/// An open-addressing map from a 64-bit key to the line where it was seen (0 = a member
/// already in the database): 12 bytes a slot, so a million rows cost about 24 MB. Used to
/// find duplicates in a file. A hit on a stored member is confirmed against the database; a
/// hit on an earlier line of the file is reported as a duplicate (two different values share
/// a 64-bit key with a chance of about 3 in 100 million for a million-row file; the database's
/// UNIQUE constraints stay the guarantee either way).
class LineIndex {
public:
    /// The line stored for `key`, or inserts `line` and returns nothing. With `claimStored`,
    /// a key stored with line 0 (a member in the database) takes `line`, so that a second row
    /// of the file for the same stored member is found as a duplicate of the first.
    std::optional<std::uint32_t> findOrInsert(std::uint64_t key, std::uint32_t line,
                                              bool claimStored = false) {
        if ((_size + 1) * 2 > _slots.size()) grow();
        std::size_t i = mix(key) & (_slots.size() - 1);
        while (_slots[i].used) {
            if (_slots[i].key == key) {
                const auto seen = static_cast<std::uint32_t>(_slots[i].line);
                if (seen == 0 && claimStored) _slots[i].line = line;
                return seen;
            }
            i = (i + 1) & (_slots.size() - 1);
        }
        _slots[i] = Slot{key, line, true};
        ++_size;
        return std::nullopt;
    }

private:
#pragma pack(push, 4)
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t line : 31 = 0;
        bool used : 1 = false;
    };
#pragma pack(pop)
    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return x;
    }
    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(1024, _slots.size() * 2));
        old.swap(_slots);
        _size = 0;
        for (const Slot& s : old)
            if (s.used) findOrInsert(s.key, s.line);
    }
    std::vector<Slot> _slots;
    std::size_t _size = 0;
};

std::uint64_t hash64(std::string_view s) {  // FNV-1a, then mixed by LineIndex
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::uint64_t hexPrefix64(const std::string& hex) {
    std::uint64_t v = 0;
    std::from_chars(hex.data(), hex.data() + 16, v, 16);
    return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// unions

ImportReport importUnions(Database& db, std::istream& csv, const core::Clock& clock,
                          const std::string& actor) {
    ImportReport report;
    CsvReader reader(csv);
    Header header;
    if (!header.read(reader, {"union_code", "name", "parent_code"}, {"credit_code"}, report))
        return report;

    struct Row {
        std::int64_t line;
        std::string code, name, parent, creditCode;
    };
    std::vector<Row> rows;
    std::map<std::string, std::int64_t> lineOf;
    std::vector<std::string> cells;
    while (reader.next(cells)) {
        ++report.rows;
        const std::int64_t line = reader.recordLine();
        if (cells.size() != header.count()) {
            report.addError(line, "",
                            "expected " + std::to_string(header.count()) + " columns, found " +
                                std::to_string(cells.size()));
            continue;
        }
        Row r{line, header.cell(cells, "union_code"), header.cell(cells, "name"),
              header.cell(cells, "parent_code"), header.cell(cells, "credit_code")};
        bool good = true;
        auto bad = [&](const char* column, const std::string& reason) {
            report.addError(line, column, reason);
            good = false;
        };
        if (!matches(r.code, 32, CodeChars))
            bad("union_code", "must be 1–32 letters, digits, - or _");
        if (auto p = textProblem(r.name, 200)) bad("name", *p);
        if (!r.parent.empty() && r.parent == r.code)
            bad("parent_code", "a union cannot be its own parent");
        if (!r.creditCode.empty() && !core::isValidCreditCode(r.creditCode))
            bad("credit_code", "not a valid unified social credit code (check character)");
        if (good) {
            if (auto [it, fresh] = lineOf.emplace(r.code, line); !fresh)
                bad("union_code", "duplicate of line " + std::to_string(it->second));
        }
        if (good) rows.push_back(std::move(r));
    }
    if (reader.error()) report.addError(reader.error()->line, "", reader.error()->message);
    if (report.rows == 0 && report.ok()) report.addError(2, "", "the file has no data rows");

    Session s = db.session();
    std::map<std::string, Poco::Int64> existing;
    {
        std::vector<std::string> codes;
        std::vector<Poco::Int64> ids;
        s << "SELECT union_code, id FROM unions", into(codes), into(ids), now;
        for (std::size_t i = 0; i < codes.size(); ++i) existing[codes[i]] = ids[i];
    }
    for (const Row& r : rows)
        if (!r.parent.empty() && !lineOf.count(r.parent) && !existing.count(r.parent))
            report.addError(r.line, "parent_code", "unknown union " + r.parent);
    // Parents before children; a cycle leaves rows that never become ready.
    std::vector<const Row*> ordered;
    std::set<std::string> placed;
    for (bool progressMade = true; progressMade && ordered.size() < rows.size();) {
        progressMade = false;
        for (const Row& r : rows) {
            if (placed.count(r.code)) continue;
            if (r.parent.empty() || placed.count(r.parent) || !lineOf.count(r.parent)) {
                ordered.push_back(&r);
                placed.insert(r.code);
                progressMade = true;
            }
        }
    }
    if (report.ok())
        for (const Row& r : rows)
            if (!placed.count(r.code))
                report.addError(r.line, "parent_code", "parents form a cycle");
    if (!report.ok()) return report;

    WriteTransaction tx(s);
    const std::string at = clock.now();
    for (const Row* r : ordered) {
        Poco::Nullable<Poco::Int64> parentId;
        if (!r->parent.empty()) {
            Poco::Int64 id = 0;
            s << "SELECT id FROM unions WHERE union_code = ?", bind(r->parent), into(id), now;
            parentId = id;
        }
        Poco::Nullable<std::string> credit;
        if (!r->creditCode.empty()) credit = r->creditCode;
        auto found = existing.find(r->code);
        if (found == existing.end()) {
            s << "INSERT INTO unions (union_code, name, parent_id, credit_code) VALUES (?, ?, ?, "
                 "?)",
                bind(r->code), bind(r->name), bind(parentId), bind(credit), now;
            ++report.inserted;
            continue;
        }
        int same = 0;
        s << "SELECT count(*) FROM unions WHERE id = ? AND name = ? AND parent_id IS ? AND "
             "credit_code IS ?",
            bind(found->second), bind(r->name), bind(parentId), bind(credit), into(same), now;
        if (same) {
            ++report.unchanged;
            continue;
        }
        s << "UPDATE unions SET name = ?, parent_id = ?, credit_code = ? WHERE id = ?",
            bind(r->name), bind(parentId), bind(credit), bind(found->second), now;
        appendAudit(s, {at, actor, "union.updated", "union", r->code, "{}"});
        ++report.updated;
    }
    appendAudit(s, {at, actor, "unions.imported", "import", "",
                    auditDetail({{"rows", std::to_string(report.rows)},
                                 {"inserted", std::to_string(report.inserted)},
                                 {"updated", std::to_string(report.updated)}})});
    tx.commit();
    return report;
}

// ---------------------------------------------------------------------------------------------
// members

namespace {

struct PlanInfo {
    Poco::Int64 id = 0;
    core::Plan plan;
};

/// One valid roster row, ready to store.
struct MemberRow {
    std::int64_t line = 0;
    std::string memberNo, name, nationalId, bankName, bankAccount, phone, employment;
    Poco::Int64 unionId = 0;
    const PlanInfo* plan = nullptr;
    int shares = 1;
    core::Date enrolledOn{2000, 1, 1};
    core::Date coverStart{2000, 1, 1};
    std::optional<int> renewedAfterDays;
    std::optional<core::Date> leftOn;
    core::ResidentIdInfo id{core::Date(2000, 1, 1), 'M'};
    std::string idIndex;
};

/// New members collected for one multi-row insert (Poco vector binding: one prepare per batch).
struct MemberBatch {
    std::vector<std::string> memberNo, name, idEnc, idIndex, idMasked, gender, birth, bankName,
        accountEnc, accountMasked;
    std::vector<Poco::Nullable<std::string>> phone, employment, leftOn;
    std::vector<Poco::Int64> unionId, planId, shares, contribution;
    std::vector<std::string> enrolledOn, coverStart, coverEnd;
    std::vector<Poco::Nullable<Poco::Int64>> renewedAfter;

    std::size_t size() const { return memberNo.size(); }

    void add(const MemberRow& r, const crypto::FieldCipher& cipher) {
        memberNo.push_back(r.memberNo);
        name.push_back(r.name);
        idEnc.push_back(cipher.encrypt(r.nationalId));
        idIndex.push_back(r.idIndex);
        idMasked.push_back(core::maskIdentifier(r.nationalId));
        gender.emplace_back(1, r.id.gender);
        birth.push_back(r.id.birthDate.iso());
        bankName.push_back(r.bankName);
        accountEnc.push_back(cipher.encrypt(r.bankAccount));
        accountMasked.push_back(core::maskIdentifier(r.bankAccount));
        phone.push_back(r.phone.empty() ? Poco::Nullable<std::string>()
                                        : Poco::Nullable<std::string>(r.phone));
        employment.push_back(r.employment.empty() ? Poco::Nullable<std::string>()
                                                  : Poco::Nullable<std::string>(r.employment));
        leftOn.push_back(r.leftOn ? Poco::Nullable<std::string>(r.leftOn->iso())
                                  : Poco::Nullable<std::string>());
        unionId.push_back(r.unionId);
        planId.push_back(r.plan->id);
        shares.push_back(r.shares);
        contribution.push_back(core::checkedMul(r.plan->plan.priceFen, r.shares));
        enrolledOn.push_back(r.enrolledOn.iso());
        coverStart.push_back(r.coverStart.iso());
        coverEnd.push_back(r.plan->plan.periodEnd.iso());
        renewedAfter.push_back(r.renewedAfterDays ? Poco::Nullable<Poco::Int64>(*r.renewedAfterDays)
                                                  : Poco::Nullable<Poco::Int64>());
    }

    void flush(Session& s) {
        if (memberNo.empty()) return;
        s << "INSERT INTO members (member_no, name, union_id, national_id_enc, national_id_index, "
             "national_id_masked, gender, birth_date, bank_name, bank_account_enc, "
             "bank_account_masked, phone, employment, left_on) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            use(memberNo), use(name), use(unionId), use(idEnc), use(idIndex), use(idMasked),
            use(gender), use(birth), use(bankName), use(accountEnc), use(accountMasked), use(phone),
            use(employment), use(leftOn), now;
        s << "INSERT INTO enrolments (member_id, plan_id, shares, contribution_fen, enrolled_on, "
             "cover_start, cover_end, renewed_after_days) VALUES ((SELECT id FROM members WHERE "
             "member_no = ?), ?, ?, ?, ?, ?, ?, ?)",
            use(memberNo), use(planId), use(shares), use(contribution), use(enrolledOn),
            use(coverStart), use(coverEnd), use(renewedAfter), now;
        *this = MemberBatch();
    }
};

constexpr std::size_t BatchRows = 5000;

}  // namespace

ImportReport importMembers(Database& db, const crypto::FieldCipher& cipher, std::istream& csv,
                           const core::Clock& clock, const std::string& actor,
                           const ImportProgress& progress) {
    ImportReport report;
    CsvReader reader(csv);
    Header header;
    if (!header.read(reader,
                     {"member_no", "name", "national_id", "union_code", "bank_name", "bank_account",
                      "plan_code", "plan_version", "shares", "enrolled_on"},
                     {"phone", "employment", "cover_start", "renewed_after_days", "left_on"},
                     report))
        return report;

    Session s = db.session();
    s << "PRAGMA cache_size = -32768", now;  // 32 MiB: the unique indexes are hit in random order
    std::map<std::string, Poco::Int64> unions;
    {
        std::vector<std::string> codes;
        std::vector<Poco::Int64> ids;
        s << "SELECT union_code, id FROM unions", into(codes), into(ids), now;
        for (std::size_t i = 0; i < codes.size(); ++i) unions[codes[i]] = ids[i];
    }
    std::map<std::pair<std::string, int>, PlanInfo> plans;
    {
        std::vector<Poco::Int64> ids;
        std::vector<std::string> definitions;
        s << "SELECT id, definition FROM plans", into(ids), into(definitions), now;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            core::Plan plan = formats::parsePlanJson(definitions[i]);
            auto key = std::make_pair(plan.code, plan.version);
            plans.emplace(key, PlanInfo{ids[i], std::move(plan)});
        }
    }
    // Members already stored take line 0 in the duplicate indexes.
    LineIndex byMemberNo, byNationalId;
    Poco::Int64 storedMembers = 0;
    s << "SELECT count(*) FROM members", into(storedMembers), now;
    if (storedMembers > 0) {
        Poco::Data::Statement select(s);
        std::string memberNo, idIndex;
        select << "SELECT member_no, national_id_index FROM members", into(memberNo), into(idIndex),
            range(0, 1);
        while (!select.done()) {
            if (select.execute() == 0) break;
            byMemberNo.findOrInsert(hash64(memberNo), 0);
            byNationalId.findOrInsert(hexPrefix64(idIndex), 0);
        }
    }

    WriteTransaction tx(s);
    const std::string at = clock.now();
    MemberBatch batch;
    std::vector<std::string> cells;
    while (reader.next(cells)) {
        ++report.rows;
        if (progress && report.rows % 100000 == 0) progress(report.rows);
        const std::int64_t line = reader.recordLine();
        if (cells.size() != header.count()) {
            report.addError(line, "",
                            "expected " + std::to_string(header.count()) + " columns, found " +
                                std::to_string(cells.size()));
            continue;
        }
        MemberRow r;
        r.line = line;
        bool good = true;
        auto bad = [&](const char* column, const std::string& reason) {
            report.addError(line, column, reason);
            good = false;
        };
        auto cell = [&](const char* column) { return header.cell(cells, column); };

        r.memberNo = cell("member_no");
        if (!matches(r.memberNo, 32, CodeChars))
            bad("member_no", "must be 1–32 letters, digits, - or _");
        r.name = cell("name");
        if (auto p = textProblem(r.name, 100)) bad("name", *p);
        r.nationalId = cell("national_id");
        if (!r.nationalId.empty() && r.nationalId.back() == 'x') r.nationalId.back() = 'X';
        if (auto info = core::parseResidentId(r.nationalId))
            r.id = *info;
        else
            bad("national_id", "not a valid resident ID number (18 characters, check character)");
        const std::string unionCode = cell("union_code");
        if (auto u = unions.find(unionCode); u != unions.end())
            r.unionId = u->second;
        else
            bad("union_code", "unknown union '" + unionCode + "'");
        r.bankName = cell("bank_name");
        if (auto p = textProblem(r.bankName, 100)) bad("bank_name", *p);
        r.bankAccount = cell("bank_account");
        if (!core::isValidBankAccount(r.bankAccount))
            bad("bank_account",
                "must be 12–30 digits; a 16–19 digit card must pass the Luhn check");
        const std::string planCode = cell("plan_code");
        const auto version = parseInt(cell("plan_version"));
        if (!version) {
            bad("plan_version", "must be a whole number");
        } else if (auto p = plans.find({planCode, static_cast<int>(*version)}); p != plans.end()) {
            r.plan = &p->second;
        } else {
            bad("plan_code", "unknown plan " + planCode + " version " + cell("plan_version"));
        }
        const auto shares = parseInt(cell("shares"));
        if (!shares || *shares < 1)
            bad("shares", "must be a whole number of at least 1");
        else if (r.plan && *shares > r.plan->plan.maxShares)
            bad("shares", "above the plan's maximum of " + std::to_string(r.plan->plan.maxShares));
        else
            r.shares = static_cast<int>(*shares);
        if (auto d = core::Date::parse(cell("enrolled_on")))
            r.enrolledOn = *d;
        else
            bad("enrolled_on", "must be a real date YYYY-MM-DD");
        r.phone = cell("phone");
        if (!r.phone.empty() && !matches(r.phone, 20, "0123456789+- "))
            bad("phone", "must be digits, spaces, + or -");
        r.employment = cell("employment");
        if (!r.employment.empty())
            if (auto p = textProblem(r.employment, 64)) bad("employment", *p);
        const std::string coverStart = cell("cover_start");
        if (!coverStart.empty()) {
            if (auto d = core::Date::parse(coverStart))
                r.coverStart = *d;
            else
                bad("cover_start", "must be a real date YYYY-MM-DD");
        } else if (r.plan) {
            r.coverStart = std::max(r.enrolledOn, r.plan->plan.periodStart);
        }
        if (r.plan && (r.coverStart > r.plan->plan.periodEnd))
            bad("cover_start",
                "is after the plan period ends (" + r.plan->plan.periodEnd.iso() + ")");
        const std::string renewed = cell("renewed_after_days");
        if (!renewed.empty()) {
            const auto days = parseInt(renewed);
            if (!days || *days < 0 || *days > 100000)
                bad("renewed_after_days", "must be a whole number of days, 0 or more");
            else
                r.renewedAfterDays = static_cast<int>(*days);
        }
        const std::string leftOn = cell("left_on");
        if (!leftOn.empty()) {
            if (auto d = core::Date::parse(leftOn))
                r.leftOn = *d;
            else
                bad("left_on", "must be a real date YYYY-MM-DD");
        }
        if (!good) continue;

        // Duplicates within the file, and members already stored.
        r.idIndex = cipher.blindIndex(r.nationalId);
        const auto line32 = static_cast<std::uint32_t>(std::min<std::int64_t>(line, 0x7FFFFFFF));
        std::optional<Poco::Int64> existingId;
        if (auto seen = byMemberNo.findOrInsert(hash64(r.memberNo), line32, true)) {
            if (*seen != 0) {
                bad("member_no", "duplicate of line " + std::to_string(*seen));
                continue;
            }
            Poco::Nullable<Poco::Int64> id;
            Poco::Nullable<std::string> storedIndex;
            s << "SELECT id, national_id_index FROM members WHERE member_no = ?", bind(r.memberNo),
                into(id), into(storedIndex), now;
            if (!id.isNull()) {
                // Checked here, before an earlier bad row stops the comparison below.
                if (storedIndex.value() != r.idIndex) {
                    bad("national_id",
                        "differs from the ID number stored for member " + r.memberNo);
                    continue;
                }
                existingId = id.value();
            }
        }
        if (auto seen = byNationalId.findOrInsert(hexPrefix64(r.idIndex), line32)) {
            if (*seen != 0) {
                bad("national_id", "the same ID number is on line " + std::to_string(*seen));
                continue;
            }
            Poco::Nullable<std::string> owner;
            s << "SELECT member_no FROM members WHERE national_id_index = ?", bind(r.idIndex),
                into(owner), now;
            if (!owner.isNull() && owner.value() != r.memberNo) {
                bad("national_id", "already registered to another member");
                continue;
            }
        }
        if (!report.ok()) continue;  // nothing will be stored: keep validating only

        if (!existingId) {
            batch.add(r, cipher);
            ++report.inserted;
            if (batch.size() >= BatchRows) batch.flush(s);
            continue;
        }

        // An existing member: compare and update what changed.
        batch.flush(s);
        Poco::Data::Statement select(s);
        select << "SELECT name, union_id, bank_name, bank_account_enc, phone, "
                  "employment, left_on FROM members WHERE id = ?",
            bind(*existingId), now;
        Poco::Data::RecordSet rs(select);
        rs.moveFirst();
        auto text = [&](const char* c) {
            return rs.isNull(c) ? std::string() : rs[c].convert<std::string>();
        };
        std::vector<std::string> changed;
        if (text("name") != r.name) changed.push_back("name");
        if (rs["union_id"].convert<Poco::Int64>() != r.unionId) changed.push_back("union");
        if (text("bank_name") != r.bankName) changed.push_back("bank_name");
        if (cipher.decrypt(text("bank_account_enc")) != r.bankAccount)
            changed.push_back("bank_account");
        if (text("phone") != r.phone) changed.push_back("phone");
        if (text("employment") != r.employment) changed.push_back("employment");
        if (text("left_on") != (r.leftOn ? r.leftOn->iso() : "")) changed.push_back("left_on");
        if (!changed.empty()) {
            Poco::Nullable<std::string> phone, employment, left;
            if (!r.phone.empty()) phone = r.phone;
            if (!r.employment.empty()) employment = r.employment;
            if (r.leftOn) left = r.leftOn->iso();
            const bool accountChanged =
                std::find(changed.begin(), changed.end(), "bank_account") != changed.end();
            const std::string accountEnc =
                accountChanged ? cipher.encrypt(r.bankAccount) : text("bank_account_enc");
            s << "UPDATE members SET name = ?, union_id = ?, bank_name = ?, bank_account_enc = ?, "
                 "bank_account_masked = ?, phone = ?, employment = ?, left_on = ? WHERE id = ?",
                bind(r.name), bind(r.unionId), bind(r.bankName), bind(accountEnc),
                bind(core::maskIdentifier(r.bankAccount)), bind(phone), bind(employment),
                bind(left), bind(*existingId), now;
        }
        // The enrolment in this plan edition.
        Poco::Nullable<Poco::Int64> enrolmentShares;
        Poco::Nullable<std::string> enrolmentStart;
        s << "SELECT shares, cover_start FROM enrolments WHERE member_id = ? AND plan_id = ?",
            bind(*existingId), bind(r.plan->id), into(enrolmentShares), into(enrolmentStart), now;
        if (!r.renewedAfterDays) {
            // The gap from the previous cover of the same plan code, if any.
            Poco::Nullable<std::string> previousEnd;
            s << "SELECT max(e.cover_end) FROM enrolments e JOIN plans p ON p.id = e.plan_id "
                 "WHERE e.member_id = ? AND p.code = ? AND e.cover_end < ?",
                bind(*existingId), bind(r.plan->plan.code), bind(r.coverStart.iso()),
                into(previousEnd), now;
            if (!previousEnd.isNull())
                r.renewedAfterDays = static_cast<int>(
                    core::Date::daysBetween(*core::Date::parse(previousEnd.value()), r.coverStart));
        }
        Poco::Nullable<Poco::Int64> renewedAfter;
        if (r.renewedAfterDays) renewedAfter = *r.renewedAfterDays;
        const Poco::Int64 contribution = core::checkedMul(r.plan->plan.priceFen, r.shares);
        if (enrolmentShares.isNull()) {
            s << "INSERT INTO enrolments (member_id, plan_id, shares, contribution_fen, "
                 "enrolled_on, cover_start, cover_end, renewed_after_days) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                bind(*existingId), bind(r.plan->id), bind(static_cast<Poco::Int64>(r.shares)),
                bind(contribution), bind(r.enrolledOn.iso()), bind(r.coverStart.iso()),
                bind(r.plan->plan.periodEnd.iso()), bind(renewedAfter), now;
            changed.push_back("enrolment");
        } else if (enrolmentShares.value() != r.shares ||
                   enrolmentStart.value() != r.coverStart.iso()) {
            s << "UPDATE enrolments SET shares = ?, contribution_fen = ?, cover_start = ? "
                 "WHERE member_id = ? AND plan_id = ?",
                bind(static_cast<Poco::Int64>(r.shares)), bind(contribution),
                bind(r.coverStart.iso()), bind(*existingId), bind(r.plan->id), now;
            changed.push_back("enrolment");
        }
        if (changed.empty()) {
            ++report.unchanged;
            continue;
        }
        ++report.updated;
        std::string fields;
        for (const auto& c : changed) fields += (fields.empty() ? "" : ",") + c;
        appendAudit(s, {at, actor, "member.updated", "member", r.memberNo,
                        auditDetail({{"changed", fields}})});
    }
    if (reader.error()) report.addError(reader.error()->line, "", reader.error()->message);
    if (report.rows == 0 && report.ok()) report.addError(2, "", "the file has no data rows");
    if (!report.ok()) return report;  // the transaction rolls back: nothing is stored
    batch.flush(s);
    appendAudit(s, {at, actor, "members.imported", "import", "",
                    auditDetail({{"rows", std::to_string(report.rows)},
                                 {"inserted", std::to_string(report.inserted)},
                                 {"updated", std::to_string(report.updated)},
                                 {"unchanged", std::to_string(report.unchanged)}})});
    tx.commit();
    return report;
}

}  // namespace huzhu::adapters::sqlite
