// The command line: exit codes and messages of CONTRACT §2.

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

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

BOOST_AUTO_TEST_CASE(a_second_server_on_a_taken_port_refuses_to_start) {
    // Two servers sharing a port (SO_REUSEPORT) would split the connections between them, and
    // with sessions in memory log people out at random. The second must fail instead.
    TempDir dir;
    const std::string db = dir.file("h.db");
    BOOST_TEST_REQUIRE(runHuzhu({"init", "--db", db}).exitCode == 0);
    Server first(db);
    Poco::Pipe errPipe;
    Poco::ProcessHandle second = Poco::Process::launch(
        HUZHU_BINARY, {"serve", "--db", db, "--port", std::to_string(first.port())}, nullptr,
        nullptr, &errPipe);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int exitCode = -1;  // tryWait: -1 while it runs
    while ((exitCode = second.tryWait()) == -1 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (exitCode == -1) {
        Poco::Process::kill(second);
        second.wait();
        BOOST_FAIL("a second server started on the port of the first");
    }
    std::string err;
    Poco::PipeInputStream errStream(errPipe);
    Poco::StreamCopier::copyToString(errStream, err);
    BOOST_TEST(exitCode == 2);  // the port given is refused, as bad input is
    BOOST_TEST(err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                        ": Address already in use (is another server") != std::string::npos,
               err);
    BOOST_TEST(first.stop() == 0);
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
