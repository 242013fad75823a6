// The command line: exit codes and messages of CONTRACT §2.

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <boost/test/unit_test.hpp>

#include "Harness.h"

using namespace huzhu::test;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(help_and_usage_errors) {
    RunResult help = runHuzhu({"--help"});
    BOOST_TEST(help.exitCode == 0);
    BOOST_TEST(help.out.find("serve --db F") != std::string::npos);
    BOOST_TEST(runHuzhu({"serve", "--help"}).exitCode == 0);
    RunResult unknown = runHuzhu({"frobnicate"});
    BOOST_TEST(unknown.exitCode == 2);
    BOOST_TEST(unknown.err.find("unknown subcommand") != std::string::npos);
    RunResult noDb = runHuzhu({"init"});
    BOOST_TEST(noDb.exitCode == 2);
    BOOST_TEST(noDb.err.find("--db") != std::string::npos);
    BOOST_TEST(runHuzhu({"init", "--db"}).exitCode == 2);
    BOOST_TEST(runHuzhu({"init", "--bogus=1", "--db=x"}).exitCode == 2);
    BOOST_TEST(runHuzhu({"serve", "--db", "/nonexistent/huzhu.db"}).exitCode == 2);
}

BOOST_AUTO_TEST_CASE(init_is_idempotent_and_plans_load_validates) {
    TempDir dir;
    const std::string db = dir.file("h.db");
    RunResult first = runHuzhu({"init", "--db=" + db});
    BOOST_TEST_REQUIRE(first.exitCode == 0, first.err);
    BOOST_TEST(first.out.find(" migration(s) applied") != std::string::npos);
    BOOST_TEST(first.out.find("(0 migration(s) applied)") == std::string::npos);
    RunResult second = runHuzhu({"init", "--db", db});
    BOOST_TEST(second.exitCode == 0);
    BOOST_TEST(second.out.find("0 migration(s) applied") != std::string::npos);

    const std::string bad = dir.file("bad.json");
    {
        Poco::FileOutputStream out(bad);
        out << R"({"code":"x","version":1,"name":"n","period":{"start":"2026-01-01",)"
               R"("end":"2026-12-31"},"price_fen":100,"benefits":[{"name":"a","method":"ratio",)"
               R"("bands":[{"upto_fen":null,"ratio_bp":6000}],"colour":"red"}]})";
    }
    RunResult refused = runHuzhu({"plans", "load", "--db", db, bad});
    BOOST_TEST(refused.exitCode == 2);
    BOOST_TEST(refused.err.find("benefits[0].colour: unknown key") != std::string::npos,
               refused.err);

    const std::string good = dir.file("good.json");
    {
        Poco::FileOutputStream out(good);
        out << R"({"code":"quanzhou-jg","version":2022,"name":"泉州","period":)"
               R"({"start":"2022-01-01","end":"2022-12-31"},"price_fen":10000,"cap_fen":8000000,)"
               R"("benefits":[{"name":"住院","method":"ratio","base":"self_pay_in_scope",)"
               R"("bands":[{"upto_fen":null,"ratio_bp":6000}]}]})";
    }
    RunResult loaded = runHuzhu({"plans", "load", "--db", db, good});
    BOOST_TEST(loaded.exitCode == 0, loaded.err);
    BOOST_TEST(runHuzhu({"plans", "load", "--db", db, good}).exitCode == 0);  // same again: no-op
    BOOST_TEST(runHuzhu({"audit", "verify", "--db", db}).exitCode == 0);
}

BOOST_AUTO_TEST_SUITE_END()
