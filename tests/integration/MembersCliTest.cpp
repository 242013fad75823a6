// `huzhu unions import` and `huzhu members import` (CONTRACT §5) against a fresh database.

#include <Poco/FileStream.h>
#include <boost/test/unit_test.hpp>

#include <string>

#include "Harness.h"

using namespace huzhu::test;

namespace {

/// The demo plan (adapters/sqlite/DemoData.cpp demoPlanJson) for 2026: one share at most.
const char* const PlanJson = R"J({
  "code": "demo-inpatient",
  "version": 2026,
  "name": "职工住院医疗互助(演示)",
  "period": {"start": "2026-01-01", "end": "2026-12-31"},
  "price_fen": 6000,
  "max_shares": 1,
  "benefits": [{
    "name": "住院医疗互助",
    "claim_type": "inpatient",
    "method": "ratio",
    "base": "self_pay_in_scope",
    "deductible": {"fen": 30000, "per": "period"},
    "bands": [{"upto_fen": null, "ratio_bp": 6000}],
    "cap_fen": 10000000
  }]
}
)J";

const char* const MembersHeader =
    "member_no,name,national_id,union_code,bank_name,bank_account,plan_code,plan_version,shares,"
    "enrolled_on\n";

// Valid resident IDs (GB 11643 check characters) and Luhn-valid 19-digit cards.
const char* const Member1 =
    "R0001,王伟,110105198102110016,U0001,中国工商银行,6217000000009000013,demo-inpatient,2026,1,"
    "2026-01-01\n";
const char* const Member2 =
    "R0002,李娜,110105198203120029,U0002,中国建设银行,6217000000009000021,demo-inpatient,2026,1,"
    "2026-02-01\n";
const char* const Member3 =
    "R0003,阿依古丽·买买提,110105198304100035,U0002,\"贵阳银行,观山湖支行\",6217000000009000039,"
    "demo-inpatient,2026,1,2026-03-01\n";
const char* const Member4 =
    "R0004,张秀英,110105198405110048,U0001,贵阳银行,6217000000009000047,demo-inpatient,2026,1,"
    "2026-01-01\n";

void write(const std::string& path, const std::string& text) {
    Poco::FileOutputStream out(path);
    out << text;
}

/// A database made by `huzhu init`, with the demo plan loaded by `huzhu plans load`.
struct CliDatabase {
    TempDir dir;
    std::string db = dir.file("h.db");

    CliDatabase() {
        const RunResult init = runHuzhu({"init", "--db", db});
        BOOST_TEST_REQUIRE(init.exitCode == 0, init.err);
        write(dir.file("plan.json"), PlanJson);
        const RunResult plan = runHuzhu({"plans", "load", "--db", db, dir.file("plan.json")});
        BOOST_TEST_REQUIRE(plan.exitCode == 0, plan.err);
        BOOST_TEST(plan.out == "plan demo-inpatient version 2026 stored\n");
    }

    RunResult run(const std::string& what, const std::string& name, const std::string& csv) {
        const std::string path = dir.file(name);
        write(path, csv);
        return runHuzhu({what, "import", "--db", db, path});
    }

    /// "WHAT import of PATH: SUMMARY (" — the rest is the time taken.
    std::string summary(const std::string& what, const std::string& name,
                        const std::string& counts) {
        return what + " import of " + dir.file(name) + ": " + counts + " (";
    }
};

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(members_cli)

BOOST_AUTO_TEST_CASE(unions_then_members_import_and_reimport) {
    CliDatabase d;
    const std::string unions =
        "union_code,name,parent_code,credit_code\n"
        "U0001,贵阳第一机床厂工会,U0000,\n"
        "U0002,贵阳市第二人民医院工会,U0000,91350100M000100Y43\n"
        "U0000,贵阳市总工会,,\n";
    const RunResult u = d.run("unions", "unions.csv", unions);
    BOOST_TEST_REQUIRE(u.exitCode == 0, u.err);
    BOOST_TEST(startsWith(u.out, d.summary("unions", "unions.csv",
                                           "3 rows, 3 new, 0 updated, 0 unchanged")),
               u.out);
    BOOST_TEST(endsWith(u.out, " s)\n"), u.out);
    BOOST_TEST(u.err == "");

    const std::string members = std::string(MembersHeader) + Member1 + Member2 + Member3;
    const RunResult m = d.run("members", "members.csv", members);
    BOOST_TEST_REQUIRE(m.exitCode == 0, m.err);
    BOOST_TEST(startsWith(m.out, d.summary("members", "members.csv",
                                           "3 rows, 3 new, 0 updated, 0 unchanged")),
               m.out);
    BOOST_TEST(endsWith(m.out, " s)\n"), m.out);
    BOOST_TEST(m.err == "");

    // The same files again: nothing new.
    const RunResult u2 = d.run("unions", "unions.csv", unions);
    BOOST_TEST(u2.exitCode == 0, u2.err);
    BOOST_TEST(startsWith(u2.out, d.summary("unions", "unions.csv",
                                            "3 rows, 0 new, 0 updated, 3 unchanged")),
               u2.out);
    const RunResult m2 = d.run("members", "members.csv", members);
    BOOST_TEST(m2.exitCode == 0, m2.err);
    BOOST_TEST(startsWith(m2.out, d.summary("members", "members.csv",
                                            "3 rows, 0 new, 0 updated, 3 unchanged")),
               m2.out);

    // A changed bank account is one update; a new member one insert.
    std::string changed = std::string(MembersHeader) + Member1 + Member2 + Member3 + Member4;
    changed.replace(changed.find("6217000000009000021"), 19, "6217000000009000088");
    const RunResult m3 = d.run("members", "changed.csv", changed);
    BOOST_TEST(m3.exitCode == 0, m3.err);
    BOOST_TEST(startsWith(m3.out, d.summary("members", "changed.csv",
                                            "4 rows, 1 new, 1 updated, 2 unchanged")),
               m3.out);
    // The audit chain over all of it is intact.
    const RunResult audit = runHuzhu({"audit", "verify", "--db", d.db});
    BOOST_TEST(audit.exitCode == 0, audit.err);
    BOOST_TEST(audit.out == "audit chain intact\n");
}

BOOST_AUTO_TEST_CASE(a_bad_file_exits_2_listing_every_bad_row_and_stores_nothing) {
    CliDatabase d;
    BOOST_TEST_REQUIRE(d.run("unions", "unions.csv",
                             "union_code,name,parent_code\nU0001,一厂工会,\nU0002,二院工会,\n")
                           .exitCode == 0);
    BOOST_TEST_REQUIRE(
        d.run("members", "first.csv", std::string(MembersHeader) + Member1).exitCode == 0);

    // Line 2 is good, line 3 has two shares, line 4 an 11-digit account and a bad ID, line 5
    // is good; the file is refused as a whole.
    const std::string bad = std::string(MembersHeader) + Member4 +
                            "R0005,刘洋,110105198506120050,U0001,贵阳银行,6217000000009000054,"
                            "demo-inpatient,2026,2,2026-01-01\n"
                            "R0006,陈静,110105198607100068,U0002,贵阳银行,62170000000,"
                            "demo-inpatient,2026,1,2026-01-01\n" +
                            Member2;
    const RunResult r = d.run("members", "bad.csv", bad);
    BOOST_TEST(r.exitCode == 2);
    BOOST_TEST(r.out == "");
    BOOST_TEST(r.err ==
               "huzhu: " + d.dir.file("bad.csv") +
                   ": nothing imported; 3 problem(s):\n"
                   "  line 3, column shares: above the plan's maximum of 1\n"
                   "  line 4, column national_id: not a valid resident ID number (18 characters, "
                   "check character)\n"
                   "  line 4, column bank_account: must be 12–30 digits; a 16–19 digit card must "
                   "pass the Luhn check\n");

    // Nothing of it was stored: R0004 and R0002 (good rows of the refused file) are still new.
    const RunResult after =
        d.run("members", "after.csv", std::string(MembersHeader) + Member1 + Member2 + Member4);
    BOOST_TEST(after.exitCode == 0, after.err);
    BOOST_TEST(startsWith(after.out, d.summary("members", "after.csv",
                                               "3 rows, 2 new, 0 updated, 1 unchanged")),
               after.out);

    // A malformed CSV is reported with its line too.
    const RunResult gbk = d.run("members", "gbk.csv",
                                std::string(MembersHeader) + Member1 + "R0009,\xd5\xc5\xc8\xfd\n");
    BOOST_TEST(gbk.exitCode == 2);
    BOOST_TEST(gbk.err.find("\n  line 3: field 2 is not valid UTF-8") != std::string::npos,
               gbk.err);

    // unions: an unknown parent.
    const RunResult u = d.run("unions", "bad-unions.csv",
                              "union_code,name,parent_code\nU0003,三厂工会,U0001\n"
                              "U0004,四厂工会,NOPE\n");
    BOOST_TEST(u.exitCode == 2);
    BOOST_TEST(u.err == "huzhu: " + d.dir.file("bad-unions.csv") +
                            ": nothing imported; 1 problem(s):\n"
                            "  line 3, column parent_code: unknown union NOPE\n");
}

BOOST_AUTO_TEST_CASE(usage_errors) {
    CliDatabase d;
    const RunResult missing =
        runHuzhu({"members", "import", "--db", d.db, d.dir.file("no-such.csv")});
    BOOST_TEST(missing.exitCode == 2);
    BOOST_TEST(missing.err == "huzhu: " + d.dir.file("no-such.csv") + ": no such file\n");
    const RunResult noDb = runHuzhu({"unions", "import", "--db", d.dir.file("none.db"), "x.csv"});
    BOOST_TEST(noDb.exitCode == 2);
    BOOST_TEST(noDb.err.find("no such database") != std::string::npos, noDb.err);
    BOOST_TEST(runHuzhu({"members", "export", "--db", d.db}).exitCode == 2);
}

BOOST_AUTO_TEST_SUITE_END()
