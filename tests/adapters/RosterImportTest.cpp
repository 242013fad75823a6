#include "adapters/sqlite/RosterImport.h"

#include <Poco/Data/Session.h>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/formats/PlanJson.h"
#include "adapters/sqlite/DemoData.h"
#include "core/Identifiers.h"
#include "support/DemoDatabase.h"

using namespace Poco::Data::Keywords;
using namespace huzhu;
using adapters::sqlite::Database;
using adapters::sqlite::importMembers;
using adapters::sqlite::ImportReport;
using adapters::sqlite::importUnions;
using core::Date;

namespace {

const std::string Header =
    "member_no,name,national_id,union_code,bank_name,bank_account,plan_code,plan_version,shares,"
    "enrolled_on\n";

/// What importing a file of tests/data/roster-bad must do: store `inserted` new members, or
/// refuse with exactly these "line N[, column C]" prefixes, in this order.
struct Expectation {
    std::optional<std::int64_t> inserted;
    std::vector<std::string> refusedAt;
};

Expectation ok(std::int64_t inserted) {
    return {inserted, {}};
}
Expectation refused(std::vector<std::string> prefixes) {
    return {std::nullopt, std::move(prefixes)};
}

// Imported into test::DemoDatabase: unions U0000..U0002, plan demo-inpatient 2026 (one share at
// most), members M000001..M000020.
const std::map<std::string, Expectation> kExpected = {
    {"ok-bom.csv", ok(2)},
    {"ok-crlf.csv", ok(3)},         // also a 20-digit account (not Luhn-checked) and a 12-digit one
    {"ok-quoted.csv", ok(2)},       // commas and doubled quotes in quoted cells, a blank line
    {"ok-lowercase-x.csv", ok(1)},  // ...007x is stored as ...007X
    {"quoted-newline.csv", refused({"line 3, column name", "line 5, column shares"})},
    {"gbk-name.csv", refused({"line 3"})},
    {"wrong-column-count.csv", refused({"line 2", "line 4"})},
    {"missing-header-column.csv", refused({"line 1, column bank_account"})},
    {"duplicate-header.csv", refused({"line 1, column name"})},
    {"unknown-header.csv", refused({"line 1, column colour"})},
    {"empty.csv", refused({"line 1"})},
    {"header-only.csv", refused({"line 2"})},
    {"formula-cells.csv", refused({"line 2, column name", "line 3, column name",
                                   "line 4, column bank_name", "line 5, column bank_name"})},
    {"invalid-date.csv", refused({"line 2, column enrolled_on", "line 3, column enrolled_on",
                                  "line 4, column cover_start"})},
    {"wrong-id-check.csv", refused({"line 2, column national_id", "line 3, column national_id",
                                    "line 4, column national_id"})},
    {"bad-luhn.csv", refused({"line 2, column bank_account", "line 3, column bank_account"})},
    {"account-length.csv", refused({"line 2, column bank_account", "line 3, column bank_account",
                                    "line 4, column bank_account"})},
    {"unknown-union.csv", refused({"line 3, column union_code", "line 4, column union_code"})},
    {"unknown-plan.csv", refused({"line 2, column plan_code", "line 3, column plan_code",
                                  "line 4, column plan_version"})},
    {"shares-above-max.csv",
     refused({"line 3, column shares", "line 4, column shares", "line 5, column shares"})},
    {"duplicate-member-no.csv", refused({"line 4, column member_no", "line 6, column member_no"})},
    {"duplicate-national-id.csv", refused({"line 4, column national_id"})},
    {"id-registered-elsewhere.csv", refused({"line 3, column national_id"})},
    // M000001 is stored already; the file has it twice.
    {"duplicate-stored-member.csv", refused({"line 4, column member_no"})},
    // Stored member M000002 with another ID number is reported even after an earlier bad row.
    {"stored-member-other-id.csv",
     refused({"line 2, column shares", "line 3, column national_id"})},
};

/// "line 3, column name" of "line 3, column name: contains a control character".
std::string prefixOf(const std::string& error) {
    return error.substr(0, error.find(": "));
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

struct Fixture : test::DemoDatabase {
    Fixture() { BOOST_REQUIRE(loaded); }

    ImportReport importText(const std::string& csv) {
        std::istringstream in(csv);
        return importMembers(db, cipher, in, clock, "tester");
    }
    ImportReport importPath(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << path);
        return importMembers(db, cipher, in, clock, "tester");
    }

    std::string text(const std::string& sql, const std::string& param) {
        Poco::Data::Session s = db.session();
        Poco::Nullable<std::string> v;
        std::string p = param;
        s << sql, use(p), into(v), now;
        return v.isNull() ? "<null>" : v.value();
    }
    std::string integrity() {
        Poco::Data::Session s = db.session();
        std::string result;
        s << "PRAGMA integrity_check", into(result), now;
        return result;
    }
    std::int64_t unionId(const std::string& code) {
        Poco::Data::Session s = db.session();
        Poco::Int64 id = 0;
        std::string c = code;
        s << "SELECT id FROM unions WHERE union_code = ?", use(c), into(id), now;
        return id;
    }
    /// detail of each member.updated record, in order.
    std::vector<std::string> memberUpdates(const std::string& memberNo) {
        Poco::Data::Session s = db.session();
        std::vector<std::string> details;
        std::string no = memberNo;
        s << "SELECT detail FROM audit_log WHERE action = 'member.updated' AND entity = 'member' "
             "AND entity_id = ? ORDER BY id",
            use(no), into(details), now;
        return details;
    }

    struct Counts {
        std::int64_t members, enrolments, unions, audit;
        bool operator==(const Counts&) const = default;
    };
    Counts counts() {
        return {count("members"), count("enrolments"), count("unions"), count("audit_log")};
    }
};

// ---- a generated roster, like bench/gen_roster.py

struct RosterRow {
    std::string memberNo, name, nationalId, unionCode, bankName, account, planCode, version, shares,
        enrolledOn;
};

std::string residentId(int i) {
    const Date birth = Date(1960, 1, 1).addDays((static_cast<std::int64_t>(i) * 37) % 14000);
    char first17[32];
    std::snprintf(first17, sizeof first17, "330106%04d%02u%02u%03d", birth.year(), birth.month(),
                  birth.day(), (i / 14000) % 1000);
    return std::string(first17) + core::residentIdCheckChar(first17);
}

std::string bankCard(int i, int series = 0) {
    char payload[32];
    std::snprintf(payload, sizeof payload, "62170%d%012d", series, i);
    return std::string(payload) + core::luhnCheckDigit(payload);
}

std::vector<RosterRow> roster(int rows, const std::string& planCode = "demo-inpatient",
                              int version = 2026) {
    static const char* const Names[] = {"王伟", "李芳", "张秀英", "刘洋", "陈静", "杨磊"};
    std::vector<RosterRow> out;
    for (int i = 1; i <= rows; ++i) {
        char memberNo[16];
        std::snprintf(memberNo, sizeof memberNo, "R%07d", i);
        out.push_back({memberNo, Names[i % 6], residentId(i), i % 2 ? "U0001" : "U0002",
                       "中国工商银行贵阳分行", bankCard(i), planCode, std::to_string(version), "1",
                       std::to_string(version) + "-01-01"});
    }
    return out;
}

std::string csvOf(const std::vector<RosterRow>& rows) {
    std::string out = Header;
    for (const auto& r : rows)
        out += r.memberNo + "," + r.name + "," + r.nationalId + "," + r.unionCode + "," +
               r.bankName + "," + r.account + "," + r.planCode + "," + r.version + "," + r.shares +
               "," + r.enrolledOn + "\n";
    return out;
}

bool containsBytes(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(roster_import)

BOOST_AUTO_TEST_CASE(corpus_of_good_and_bad_files) {
    const std::filesystem::path dir = std::filesystem::path(HUZHU_TEST_DATA_DIR) / "roster-bad";
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".csv") continue;
        const std::string name = entry.path().filename().string();
        seen.insert(name);
        BOOST_TEST_CONTEXT(name) {
            auto expected = kExpected.find(name);
            BOOST_TEST_REQUIRE((expected != kExpected.end()),
                               "no expectation for " << name << ": add one to kExpected");
            Fixture f;
            const auto before = f.counts();
            const ImportReport report = f.importPath(entry.path());
            std::vector<std::string> prefixes;
            for (const auto& e : report.errors) prefixes.push_back(prefixOf(e));
            if (expected->second.inserted) {
                BOOST_TEST(report.ok(), joined(report.errors));
                BOOST_TEST(report.inserted == *expected->second.inserted);
                BOOST_TEST(report.rows == *expected->second.inserted);
                BOOST_TEST(report.updated == 0);
                BOOST_TEST(f.count("members") == before.members + *expected->second.inserted);
                BOOST_TEST(f.count("enrolments") == before.enrolments + *expected->second.inserted);
            } else {
                BOOST_TEST(joined(prefixes) == joined(expected->second.refusedAt),
                           "errors were:\n"
                               << joined(report.errors));
                BOOST_TEST(report.errorCount ==
                           static_cast<std::int64_t>(expected->second.refusedAt.size()));
                // All or nothing: the valid rows of a refused file are not stored either.
                BOOST_TEST((f.counts() == before));
            }
            BOOST_TEST(f.integrity() == "ok");
        }
    }
    for (const auto& [name, expectation] : kExpected)
        BOOST_TEST(seen.count(name) == 1u, name << " is missing from " << dir);
}

BOOST_AUTO_TEST_CASE(refusal_messages) {
    // A few reasons in full, as the CLI prints them.
    Fixture f;
    const std::filesystem::path dir = std::filesystem::path(HUZHU_TEST_DATA_DIR) / "roster-bad";
    auto errorsOf = [&](const char* file) { return f.importPath(dir / file).errors; };
    const auto dup = errorsOf("duplicate-member-no.csv");
    BOOST_TEST_REQUIRE(dup.size() == 2u);
    BOOST_TEST(dup[0] == "line 4, column member_no: duplicate of line 2");
    BOOST_TEST(dup[1] == "line 6, column member_no: duplicate of line 3");
    const auto ids = errorsOf("duplicate-national-id.csv");
    BOOST_TEST_REQUIRE(ids.size() == 1u);
    BOOST_TEST(ids[0] == "line 4, column national_id: the same ID number is on line 2");
    const auto elsewhere = errorsOf("id-registered-elsewhere.csv");
    BOOST_TEST_REQUIRE(elsewhere.size() == 1u);
    BOOST_TEST(elsewhere[0] == "line 3, column national_id: already registered to another member");
    const auto formula = errorsOf("formula-cells.csv");
    BOOST_TEST_REQUIRE(formula.size() == 4u);
    BOOST_TEST(formula[0] ==
               "line 2, column name: starts with = (a spreadsheet formula); remove it");
    BOOST_TEST(formula[3] ==
               "line 5, column bank_name: starts with @ (a spreadsheet formula); remove it");
    const auto gbk = errorsOf("gbk-name.csv");
    BOOST_TEST_REQUIRE(gbk.size() == 1u);
    BOOST_TEST(gbk[0] == "line 3: field 2 is not valid UTF-8 (save the file as UTF-8, not GBK)");
    const auto columns = errorsOf("wrong-column-count.csv");
    BOOST_TEST_REQUIRE(columns.size() == 2u);
    BOOST_TEST(columns[0] == "line 2: expected 10 columns, found 9");
    BOOST_TEST(columns[1] == "line 4: expected 10 columns, found 11");
    const auto plan = errorsOf("unknown-plan.csv");
    BOOST_TEST_REQUIRE(plan.size() == 3u);
    BOOST_TEST(plan[1] == "line 3, column plan_code: unknown plan demo-inpatient version 2031");
    const auto shares = errorsOf("shares-above-max.csv");
    BOOST_TEST_REQUIRE(shares.size() == 3u);
    BOOST_TEST(shares[0] == "line 3, column shares: above the plan's maximum of 1");
    BOOST_TEST(errorsOf("empty.csv") ==
               std::vector<std::string>{"line 1: the file is empty; expected a header row"});
    BOOST_TEST(errorsOf("header-only.csv") ==
               std::vector<std::string>{"line 2: the file has no data rows"});
    BOOST_TEST(f.count("members") == 20);
}

BOOST_AUTO_TEST_CASE(accepted_files_store_what_they_say) {
    const std::filesystem::path dir = std::filesystem::path(HUZHU_TEST_DATA_DIR) / "roster-bad";
    {
        // A lowercase x check character is accepted and stored uppercase.
        Fixture f;
        BOOST_TEST_REQUIRE(f.importPath(dir / "ok-lowercase-x.csv").ok());
        const std::string enc =
            f.text("SELECT national_id_enc FROM members WHERE member_no = ?", "R0001");
        BOOST_TEST(f.cipher.decrypt(enc) == "11010519870811007X");
        BOOST_TEST(f.text("SELECT national_id_masked FROM members WHERE member_no = ?", "R0001") ==
                   "110105********007X");
        BOOST_TEST(f.text("SELECT national_id_index FROM members WHERE member_no = ?", "R0001") ==
                   f.cipher.blindIndex("11010519870811007X"));
        BOOST_TEST(f.text("SELECT birth_date FROM members WHERE member_no = ?", "R0001") ==
                   "1987-08-11");
        BOOST_TEST(f.text("SELECT gender FROM members WHERE member_no = ?", "R0001") == "M");
        // Re-importing it (lowercase again) matches the stored member.
        const ImportReport again = f.importPath(dir / "ok-lowercase-x.csv");
        BOOST_TEST(again.ok(), joined(again.errors));
        BOOST_TEST(again.unchanged == 1);
        BOOST_TEST(again.inserted == 0);
    }
    {
        Fixture f;
        BOOST_TEST_REQUIRE(f.importPath(dir / "ok-quoted.csv").ok());
        BOOST_TEST(f.text("SELECT bank_name FROM members WHERE member_no = ?", "R0001") ==
                   "中国工商银行,贵阳分行");
        BOOST_TEST(f.text("SELECT name FROM members WHERE member_no = ?", "R0002") ==
                   "阿依古丽·\"买买提\"");
    }
    {
        Fixture f;
        BOOST_TEST_REQUIRE(f.importPath(dir / "ok-bom.csv").ok());
        BOOST_TEST(f.text("SELECT name FROM members WHERE member_no = ?", "R0002") == "李娜");
    }
    {
        Fixture f;
        BOOST_TEST_REQUIRE(f.importPath(dir / "ok-crlf.csv").ok());
        // No stray CR at the end of the last column.
        BOOST_TEST(f.text("SELECT enrolled_on FROM enrolments e JOIN members m ON m.id = "
                          "e.member_id WHERE m.member_no = ?",
                          "R0003") == "2026-01-01");
        BOOST_TEST(f.cipher.decrypt(f.text(
                       "SELECT bank_account_enc FROM members WHERE member_no = ?", "R0002")) ==
                   "12345678901234567890");
        BOOST_TEST(f.text("SELECT union_code FROM unions u JOIN members m ON m.union_id = u.id "
                          "WHERE m.member_no = ?",
                          "R0003") == "U0002");
    }
}

BOOST_AUTO_TEST_CASE(a_ten_megabyte_line_is_refused) {
    Fixture f;
    test::TempDir dir;
    const std::string path = dir.file("huge.csv");
    {
        const auto rows = roster(3);
        std::ofstream out(path, std::ios::binary);
        out << csvOf({rows[0]});
        out << rows[1].memberNo << ",";
        const std::string chunk(1 << 20, 'a');
        for (int i = 0; i < 10; ++i) out << chunk;
        out << "," << rows[1].nationalId << ",U0001,银行," << rows[1].account
            << ",demo-inpatient,2026,1,2026-01-01\n";
        out << csvOf({rows[2]}).substr(Header.size());
    }
    BOOST_TEST_REQUIRE(std::filesystem::file_size(path) > 10u * 1024 * 1024);
    const auto before = f.counts();
    const ImportReport report = f.importPath(path);
    BOOST_TEST(report.errorCount == 1);
    BOOST_TEST_REQUIRE(report.errors.size() == 1u);
    BOOST_TEST(report.errors[0] == "line 3: field 2 is longer than 4096 bytes");
    BOOST_TEST((f.counts() == before));
    BOOST_TEST(f.integrity() == "ok");
}

BOOST_AUTO_TEST_CASE(reimporting_changes_nothing) {
    Fixture f;
    const std::string csv = csvOf(roster(200));
    const auto before = f.counts();
    const ImportReport first = f.importText(csv);
    BOOST_TEST_REQUIRE(first.ok(), joined(first.errors));
    BOOST_TEST(first.rows == 200);
    BOOST_TEST(first.inserted == 200);
    BOOST_TEST(first.updated == 0);
    BOOST_TEST(first.unchanged == 0);
    BOOST_TEST(f.count("members") == before.members + 200);
    BOOST_TEST(f.count("enrolments") == before.enrolments + 200);
    BOOST_TEST(f.count("audit_log WHERE action = 'members.imported'") == 1);

    const auto afterFirst = f.counts();
    const ImportReport second = f.importText(csv);
    BOOST_TEST_REQUIRE(second.ok(), joined(second.errors));
    BOOST_TEST(second.rows == 200);
    BOOST_TEST(second.inserted == 0);
    BOOST_TEST(second.updated == 0);
    BOOST_TEST(second.unchanged == 200);
    BOOST_TEST(f.count("members") == afterFirst.members);
    BOOST_TEST(f.count("enrolments") == afterFirst.enrolments);
    BOOST_TEST(f.count("audit_log WHERE action = 'member.updated'") == 0);
    BOOST_TEST(f.count("audit_log WHERE action = 'members.imported'") == 2);
    BOOST_TEST(f.text("SELECT detail FROM audit_log WHERE action = 'members.imported' AND "
                      "entity = ? ORDER BY id DESC LIMIT 1",
                      "import") ==
               R"({"rows":"200","inserted":"0","updated":"0","unchanged":"200"})");
    Poco::Data::Session s = f.db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

BOOST_AUTO_TEST_CASE(changes_are_applied_and_audited_without_account_digits) {
    Fixture f;
    auto rows = roster(200);
    BOOST_TEST_REQUIRE(f.importText(csvOf(rows)).ok());
    const auto stored = f.counts();

    // A new bank account for R0000017.
    const std::string oldAccount = rows[16].account;
    const std::string newAccount = bankCard(17, 9);
    BOOST_TEST_REQUIRE(newAccount != oldAccount);
    rows[16].account = newAccount;
    const ImportReport account = f.importText(csvOf(rows));
    BOOST_TEST_REQUIRE(account.ok(), joined(account.errors));
    BOOST_TEST(account.updated == 1);
    BOOST_TEST(account.unchanged == 199);
    BOOST_TEST(account.inserted == 0);
    BOOST_TEST(f.cipher.decrypt(f.text("SELECT bank_account_enc FROM members WHERE member_no = ?",
                                       "R0000017")) == newAccount);
    BOOST_TEST(f.text("SELECT bank_account_masked FROM members WHERE member_no = ?", "R0000017") ==
               core::maskIdentifier(newAccount));
    BOOST_TEST(f.memberUpdates("R0000017") ==
               std::vector<std::string>{R"({"changed":"bank_account"})"});

    // R0000018 moves from U0002 to U0001.
    BOOST_TEST_REQUIRE(rows[17].unionCode == "U0002");
    BOOST_TEST(f.unionOf("R0000018") == f.unionId("U0002"));
    rows[17].unionCode = "U0001";
    const ImportReport move = f.importText(csvOf(rows));
    BOOST_TEST_REQUIRE(move.ok(), joined(move.errors));
    BOOST_TEST(move.updated == 1);
    BOOST_TEST(move.unchanged == 199);
    BOOST_TEST(f.unionOf("R0000018") == f.unionId("U0001"));
    BOOST_TEST(f.memberUpdates("R0000018") == std::vector<std::string>{R"({"changed":"union"})"});
    BOOST_TEST(f.memberUpdates("R0000017").size() == 1u);  // not touched again

    // No member or enrolment rows were added by the updates.
    BOOST_TEST(f.count("members") == stored.members);
    BOOST_TEST(f.count("enrolments") == stored.enrolments);

    // Nothing in the audit trail carries account digits (or the ID number).
    Poco::Data::Session s = f.db.session();
    std::vector<std::string> details;
    s << "SELECT detail || ' ' || entity_id FROM audit_log", into(details), now;
    for (const auto& d : details) {
        BOOST_TEST(!containsBytes(d, oldAccount), d);
        BOOST_TEST(!containsBytes(d, newAccount), d);
        BOOST_TEST(!containsBytes(d, rows[16].nationalId), d);
    }
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

// A claim carries copies of its member's number, name and union (schema migration 9): a
// roster that corrects the name and moves the member to another union changes the claims in
// the same import, so that they leave the old union officer's scope.
BOOST_AUTO_TEST_CASE(a_roster_move_takes_the_members_claims_along) {
    Fixture f;
    auto rows = roster(20);
    BOOST_TEST_REQUIRE(f.importText(csvOf(rows)).ok());
    const std::int64_t member = f.memberId("R0000018");
    {
        Poco::Data::Session s = f.db.session();
        s << "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, filed_on, "
             "diagnosis, hospital, local_hospital, died, total_fen, fund_paid_fen, "
             "critical_insurance_fen, assistance_fen, other_paid_fen, out_of_scope_fen, status, "
             "payout_fen, quote, created_at, updated_at) SELECT ?, min(p.id), min(u.id), 0, "
             "'inpatient', '2026-06-15', 'K35.8', 'h', 1, 0, 100, 0, 0, 0, 0, 0, 'submitted', 0, "
             "'{}', 'now', 'now' FROM plans p, users u",
            bind(member), now;
    }
    const std::string copy =
        "SELECT member_no || ' ' || member_name || ' ' || union_id FROM claims WHERE "
        "member_no = ?";
    BOOST_TEST(f.text(copy, "R0000018") ==
               "R0000018 " + rows[17].name + " " + std::to_string(f.unionId("U0002")));

    rows[17].unionCode = "U0001";
    rows[17].name = "王小娜";
    const ImportReport move = f.importText(csvOf(rows));
    BOOST_TEST_REQUIRE(move.ok(), joined(move.errors));
    BOOST_TEST(move.updated == 1);
    BOOST_TEST(f.text(copy, "R0000018") == "R0000018 王小娜 " + std::to_string(f.unionId("U0001")));
    BOOST_TEST(f.integrity() == "ok");
}

BOOST_AUTO_TEST_CASE(personal_data_is_encrypted_at_rest) {
    Fixture f;
    const auto rows = roster(200);
    BOOST_TEST_REQUIRE(f.importText(csvOf(rows)).ok());
    for (const std::size_t i : {std::size_t{0}, std::size_t{99}, std::size_t{199}}) {
        const std::string& no = rows[i].memberNo;
        BOOST_TEST_CONTEXT(no) {
            const std::string idEnc =
                f.text("SELECT national_id_enc FROM members WHERE member_no = ?", no);
            const std::string accountEnc =
                f.text("SELECT bank_account_enc FROM members WHERE member_no = ?", no);
            BOOST_TEST(idEnc.rfind("v1:", 0) == 0u);
            BOOST_TEST(f.cipher.decrypt(idEnc) == rows[i].nationalId);
            BOOST_TEST(f.cipher.decrypt(accountEnc) == rows[i].account);
            BOOST_TEST(f.text("SELECT national_id_masked FROM members WHERE member_no = ?", no) ==
                       core::maskIdentifier(rows[i].nationalId));
            BOOST_TEST(f.text("SELECT bank_account_masked FROM members WHERE member_no = ?", no) ==
                       core::maskIdentifier(rows[i].account));
        }
    }
    // The raw bytes of the database (and its write-ahead log) hold no ID number or account in
    // clear, though they do hold the member numbers in clear (the search works).
    std::string bytes = test::readFile(f.db.path());
    const std::string wal = f.db.path() + "-wal";
    if (std::filesystem::exists(wal)) bytes += test::readFile(wal);
    BOOST_TEST(containsBytes(bytes, rows[0].memberNo));
    BOOST_TEST(containsBytes(bytes, rows[199].memberNo));
    int leaks = 0;
    for (const auto& r : rows) {
        if (containsBytes(bytes, r.nationalId)) ++leaks;
        if (containsBytes(bytes, r.account)) ++leaks;
    }
    BOOST_TEST(leaks == 0);
}

BOOST_AUTO_TEST_CASE(the_report_lists_at_most_1000_errors) {
    Fixture f;
    auto rows = roster(1500);
    for (auto& r : rows) r.shares = "0";
    const auto before = f.counts();
    const ImportReport report = f.importText(csvOf(rows));
    BOOST_TEST(report.rows == 1500);
    BOOST_TEST(report.errorCount == 1500);
    BOOST_TEST_REQUIRE(report.errors.size() == ImportReport::MaxListedErrors);
    BOOST_TEST(ImportReport::MaxListedErrors == 1000u);
    BOOST_TEST(report.errors.front() ==
               "line 2, column shares: must be a whole number of at least 1");
    BOOST_TEST(report.errors.back() ==
               "line 1001, column shares: must be a whole number of at least 1");
    BOOST_TEST(report.inserted == 0);
    BOOST_TEST((f.counts() == before));
}

BOOST_AUTO_TEST_CASE(renewal_gap_from_the_previous_edition) {
    Fixture f;
    auto edition = [&](int year) {
        std::string json = adapters::sqlite::demoPlanJson(year);
        json.replace(json.find("demo-inpatient"), 14, "renewal-p");
        const core::Plan plan = adapters::formats::parsePlanJson(json);
        BOOST_TEST_REQUIRE(adapters::sqlite::storePlan(f.db, json, plan, f.clock).isOk());
    };
    edition(2025);
    edition(2026);

    auto rows = roster(2, "renewal-p", 2025);
    const ImportReport first = f.importText(csvOf(rows));
    BOOST_TEST_REQUIRE(first.ok(), joined(first.errors));
    BOOST_TEST(first.inserted == 2);

    // Both renew into 2026: R0000001 from 1 January, R0000002 after a gap, from 1 March.
    for (auto& r : rows) r.version = "2026";
    rows[0].enrolledOn = "2026-01-01";
    rows[1].enrolledOn = "2026-03-01";
    const ImportReport renewal = f.importText(csvOf(rows));
    BOOST_TEST_REQUIRE(renewal.ok(), joined(renewal.errors));
    BOOST_TEST(renewal.inserted == 0);
    BOOST_TEST(renewal.updated == 2);
    BOOST_TEST(f.memberUpdates("R0000001") ==
               std::vector<std::string>{R"({"changed":"enrolment"})"});

    Poco::Data::Session s = f.db.session();
    auto enrolment = [&](const std::string& memberNo, int version) {
        std::string no = memberNo, result;
        int v = version;
        s << "SELECT e.cover_start || ' ' || e.cover_end || ' ' || e.shares || ' ' || "
             "e.contribution_fen || ' ' || coalesce(e.renewed_after_days, 'none') "
             "FROM enrolments e JOIN members m ON m.id = e.member_id JOIN plans p ON "
             "p.id = e.plan_id WHERE m.member_no = ? AND p.code = 'renewal-p' AND p.version = ?",
            use(no), use(v), into(result), now;
        return result;
    };
    BOOST_TEST(enrolment("R0000001", 2025) == "2025-01-01 2025-12-31 1 6000 none");
    BOOST_TEST(enrolment("R0000001", 2026) == "2026-01-01 2026-12-31 1 6000 1");
    BOOST_TEST(enrolment("R0000002", 2026) == "2026-03-01 2026-12-31 1 6000 60");

    // Again: nothing changes.
    const ImportReport again = f.importText(csvOf(rows));
    BOOST_TEST(again.ok());
    BOOST_TEST(again.unchanged == 2);
    BOOST_TEST(again.updated == 0);
    BOOST_TEST(f.count("enrolments e JOIN members m ON m.id = e.member_id WHERE m.member_no "
                       "LIKE 'R%'") == 4);
}

// ---- unions

namespace {

struct UnionDb {
    test::TempDir dir;
    test::FixedClock clock;
    Database db{dir.file("unions.db"), 4};
    UnionDb() { db.migrate(clock.now()); }

    ImportReport load(const std::string& csv) {
        std::istringstream in(csv);
        return importUnions(db, in, clock, "tester");
    }
    std::int64_t count(const std::string& what) {
        Poco::Data::Session s = db.session();
        Poco::Int64 n = 0;
        s << "SELECT count(*) FROM " + what, into(n), now;
        return n;
    }
    /// "CODE<PARENT" for every union, by code.
    std::string tree() {
        Poco::Data::Session s = db.session();
        std::vector<std::string> rows;
        s << "SELECT u.union_code || '<' || coalesce(p.union_code, '') || ' ' || "
             "coalesce(u.credit_code, '') FROM unions u LEFT JOIN unions p ON p.id = u.parent_id "
             "ORDER BY u.union_code",
            into(rows), now;
        return joined(rows);
    }
    std::string integrity() {
        Poco::Data::Session s = db.session();
        std::string result;
        s << "PRAGMA integrity_check", into(result), now;
        return result;
    }
};

std::vector<std::string> prefixes(const ImportReport& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors) out.push_back(prefixOf(e));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(unions_parents_after_children_and_reimport) {
    UnionDb u;
    const std::string csv =
        "union_code,name,parent_code,credit_code\n"
        "U0011,贵阳第一机床厂工会,U0010,\n"
        "U0012,贵阳市第二人民医院工会,U0010,91350100M000100Y43\n"
        "U0010,贵阳市总工会,U0001,\n"
        "U0001,贵州省总工会,,\n";
    const ImportReport first = u.load(csv);
    BOOST_TEST_REQUIRE(first.ok(), joined(first.errors));
    BOOST_TEST(first.rows == 4);
    BOOST_TEST(first.inserted == 4);
    BOOST_TEST(u.tree() == "U0001< \nU0010<U0001 \nU0011<U0010 \nU0012<U0010 91350100M000100Y43\n");

    const ImportReport again = u.load(csv);
    BOOST_TEST_REQUIRE(again.ok(), joined(again.errors));
    BOOST_TEST(again.inserted == 0);
    BOOST_TEST(again.updated == 0);
    BOOST_TEST(again.unchanged == 4);
    BOOST_TEST(u.count("unions") == 4);
    BOOST_TEST(u.count("audit_log WHERE action = 'union.updated'") == 0);

    // A child whose parent is only in the database; a renamed union is updated and audited.
    const ImportReport more = u.load(
        "name,union_code,parent_code\n"
        "贵阳市总工会(新),U0010,U0001\n"
        "贵州大学工会,U0013,U0010\n");
    BOOST_TEST_REQUIRE(more.ok(), joined(more.errors));
    BOOST_TEST(more.inserted == 1);
    BOOST_TEST(more.updated == 1);
    BOOST_TEST(u.count("audit_log WHERE action = 'union.updated' AND entity_id = 'U0010'") == 1);
    BOOST_TEST(u.tree() ==
               "U0001< \nU0010<U0001 \nU0011<U0010 \nU0012<U0010 91350100M000100Y43\n"
               "U0013<U0010 \n");
    BOOST_TEST(u.integrity() == "ok");
}

BOOST_AUTO_TEST_CASE(unions_refused) {
    UnionDb u;
    BOOST_TEST_REQUIRE(u.load("union_code,name,parent_code\nROOT,总工会,\n").ok());
    const auto before = u.count("unions");
    const auto auditBefore = u.count("audit_log");
    struct Case {
        const char* name;
        std::string csv;
        std::vector<std::string> refusedAt;
        std::string firstReason;
    };
    const std::vector<Case> cases = {
        {"cycle",
         "union_code,name,parent_code\nA,甲,B\nB,乙,C\nC,丙,A\nD,丁,ROOT\n",
         {"line 2, column parent_code", "line 3, column parent_code", "line 4, column parent_code"},
         "parents form a cycle"},
        {"own parent",
         "union_code,name,parent_code\nA,甲,A\n",
         {"line 2, column parent_code"},
         "a union cannot be its own parent"},
        {"unknown parent",
         "union_code,name,parent_code\nA,甲,ROOT\nB,乙,NOPE\n",
         {"line 3, column parent_code"},
         "unknown union NOPE"},
        {"bad credit code",
         "union_code,name,parent_code,credit_code\nA,甲,,91350100M000100Y44\n"
         "B,乙,,91350100M000100Y43\nC,丙,,91350100m000100Y43\n",
         {"line 2, column credit_code", "line 4, column credit_code"},
         "not a valid unified social credit code (check character)"},
        {"duplicate code",
         "union_code,name,parent_code\nA,甲,\nA,乙,\n",
         {"line 3, column union_code"},
         "duplicate of line 2"},
        {"formula name",
         "union_code,name,parent_code\nA,=1+1,\n",
         {"line 2, column name"},
         "starts with = (a spreadsheet formula); remove it"},
        {"missing column",
         "union_code,name\nA,甲\n",
         {"line 1, column parent_code"},
         "required column is missing"},
        {"header only", "union_code,name,parent_code\n", {"line 2"}, "the file has no data rows"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            const ImportReport r = u.load(c.csv);
            BOOST_TEST(!r.ok());
            BOOST_TEST(joined(prefixes(r)) == joined(c.refusedAt), joined(r.errors));
            BOOST_TEST_REQUIRE(!r.errors.empty());
            BOOST_TEST(r.errors[0].substr(r.errors[0].find(": ") + 2) == c.firstReason);
            BOOST_TEST(u.count("unions") == before);
            BOOST_TEST(u.count("audit_log") == auditBefore);
            BOOST_TEST(u.integrity() == "ok");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
