// Payment files and bank results through the real binary: a batch made and released over HTTP,
// exported with `huzhu batch export` (CSV and GB 18030, with the signed manifest), results
// loaded with `huzhu batch returns` and over the API, and a returned payout re-issued.

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <boost/test/unit_test.hpp>

#include "Harness.h"

using namespace huzhu::test;

namespace {

std::string slurp(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

void spit(const std::string& path, const std::string& text) {
    Poco::FileOutputStream out(path);
    out << text;
}

/// The demo (30 members) with its two approvable claims approved: payouts HZP…1 (M000004,
/// 252,000 fen, approved by the demo) and HZP…2 (M000007, 2,262,000 fen, second approval here).
struct BatchFixture {
    TempDir dir;
    std::string db = dir.file("huzhu.db");
    std::int64_t batchId = 0;

    BatchFixture() {
        RunResult init = runHuzhu({"init", "--db", db, "--demo", "--members", "30"});
        BOOST_REQUIRE_MESSAGE(init.exitCode == 0, init.err);
        Server server(db);
        Client senior(server.port()), finance(server.port()), finance2(server.port());
        senior.login("demo-senior");
        finance.login("demo-finance");
        finance2.login("demo-finance2");
        Response pending = senior.get("/api/v1/claims?status=pending_second_approval");
        const auto largeId =
            pending.json()->getArray("items")->getObject(0)->getValue<Poco::Int64>("id");
        BOOST_REQUIRE(senior
                          .post("/api/v1/claims/" + std::to_string(largeId) + "/decision",
                                R"({"action":"approve"})")
                          .status == 200);
        Response batch = finance.post("/api/v1/batches", "");
        BOOST_REQUIRE_MESSAGE(batch.status == 201, batch.body);
        batchId = batch.json()->getValue<Poco::Int64>("id");
        BOOST_REQUIRE(
            finance2.post("/api/v1/batches/" + std::to_string(batchId) + "/release", "").status ==
            200);
        BOOST_REQUIRE(server.stop() == 0);
    }

    RunResult exportAs(const std::string& format, const std::string& out) {
        return runHuzhu({"batch", "export", "--db", db, "--batch", std::to_string(batchId),
                         "--format", format, "--out", out});
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(payments_cli, BatchFixture)

BOOST_AUTO_TEST_CASE(export_csv_and_gb18030_with_manifest) {
    const std::string csv = dir.file("batch.csv");
    RunResult exported = exportAs("csv", csv);
    BOOST_TEST_REQUIRE(exported.exitCode == 0, exported.err);
    const std::string bytes = slurp(csv);
    BOOST_TEST(bytes.rfind("序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n", 0) == 0);
    BOOST_TEST(bytes.find(",2520.00,职工医疗互助金 理赔") != std::string::npos);
    BOOST_TEST(bytes.find(",22620.00,") != std::string::npos);
    BOOST_TEST(bytes.find(",HZP0000000001\r\n") != std::string::npos);

    const std::string manifest = slurp(csv + ".manifest.json");
    BOOST_TEST(manifest.find(R"("count":2,"total_fen":2514000,"sha256":")") != std::string::npos,
               manifest);
    BOOST_TEST(manifest.find(R"("signature":")") != std::string::npos);
    BOOST_TEST(!Poco::File(csv + ".tmp").exists());

    // Exporting again gives the same bytes.
    const std::string again = dir.file("again.csv");
    BOOST_TEST_REQUIRE(exportAs("csv", again).exitCode == 0);
    BOOST_TEST(slurp(again) == bytes);

    // GB 18030: 序 is 0xD0 0xF2 in GB 18030 (as in GBK); the amounts are the same ASCII.
    const std::string gb = dir.file("batch-gb.csv");
    BOOST_TEST_REQUIRE(exportAs("gb18030-csv", gb).exitCode == 0);
    const std::string gbBytes = slurp(gb);
    BOOST_TEST(gbBytes.rfind("\xD0\xF2\xBA\xC5", 0) == 0);  // 序号
    BOOST_TEST(gbBytes.find(",22620.00,") != std::string::npos);
    BOOST_TEST(gbBytes.size() < bytes.size());

    RunResult badFormat = exportAs("pdf", dir.file("x.pdf"));
    BOOST_TEST(badFormat.exitCode == 2);
    BOOST_TEST(!Poco::File(dir.file("x.pdf")).exists());
}

BOOST_AUTO_TEST_CASE(returns_pay_return_and_reissue) {
    BOOST_TEST_REQUIRE(exportAs("csv", dir.file("b.csv")).exitCode == 0);
    const std::string batch = std::to_string(batchId);

    // An unknown payout: reported, nothing applied.
    spit(dir.file("unknown.csv"), "业务编号,状态,原因\nHZP0000000001,成功,\nHZP0000000777,成功,\n");
    RunResult unknown =
        runHuzhu({"batch", "returns", "--db", db, "--batch", batch, dir.file("unknown.csv")});
    BOOST_TEST(unknown.exitCode == 2);
    BOOST_TEST(unknown.err.find("line 3: unknown payout HZP0000000777") != std::string::npos,
               unknown.err);
    // A bad status word names the line and column.
    spit(dir.file("bad.csv"), "业务编号,状态,原因\nHZP0000000001,OK,\n");
    RunResult bad =
        runHuzhu({"batch", "returns", "--db", db, "--batch", batch, dir.file("bad.csv")});
    BOOST_TEST(bad.exitCode == 2);
    BOOST_TEST(bad.err.find("line 2, column 状态") != std::string::npos, bad.err);

    // One paid, one returned: the returned one is re-issued; loading again changes nothing.
    spit(dir.file("results.csv"),
         "业务编号,状态,原因\nHZP0000000001,成功,\nHZP0000000002,失败,户名与账号不符\n");
    RunResult applied =
        runHuzhu({"batch", "returns", "--db", db, "--batch", batch, dir.file("results.csv")});
    BOOST_TEST_REQUIRE(applied.exitCode == 0, applied.err);
    BOOST_TEST(applied.out.find("1 paid, 1 returned (re-issued), 0 unchanged; batch settled") !=
                   std::string::npos,
               applied.out);
    RunResult again =
        runHuzhu({"batch", "returns", "--db", db, "--batch", batch, dir.file("results.csv")});
    BOOST_TEST(again.out.find("0 paid, 0 returned (re-issued), 2 unchanged") != std::string::npos,
               again.out);

    // Once results are in, the batch is not exported again: a copy could pay twice.
    RunResult after = exportAs("csv", dir.file("after.csv"));
    BOOST_TEST(after.exitCode == 2);
    BOOST_TEST(after.err.find("already has bank results") != std::string::npos, after.err);
    BOOST_TEST(!Poco::File(dir.file("after.csv")).exists());

    // The re-issued payout goes into the next batch; the first claim is paid.
    Server server(db);
    Client finance(server.port()), finance2(server.port()), officer(server.port());
    finance.login("demo-finance");
    finance2.login("demo-finance2");
    officer.login("demo-officer");
    Response next = finance.post("/api/v1/batches", "");
    BOOST_TEST_REQUIRE(next.status == 201, next.body);
    BOOST_TEST(next.json()->getValue<int>("count") == 1);
    BOOST_TEST(next.json()->getValue<Poco::Int64>("total_fen") == 2262000);
    Response paid = officer.get("/api/v1/claims?status=paid");
    BOOST_TEST(paid.json()->getArray("items")->size() == 1u);

    // Results over the API too: release, export, then the bank says paid.
    const std::string nextPath =
        "/api/v1/batches/" + std::to_string(next.json()->getValue<Poco::Int64>("id"));
    BOOST_TEST(finance2.post(nextPath + "/release", "").status == 200);
    BOOST_TEST(finance.get(nextPath + "/export?format=csv").status == 200);
    Response loaded =
        finance.post(nextPath + "/returns", "业务编号,状态,原因\nHZP0000000003,成功,\n");
    BOOST_TEST(loaded.status == 200, loaded.body);
    BOOST_TEST(loaded.body == R"({"paid":1,"returned":0,"unchanged":0,"batch_status":"settled"})");
    BOOST_TEST(officer.get("/api/v1/claims?status=paid").json()->getArray("items")->size() == 2u);
    BOOST_TEST(server.stop() == 0);
    BOOST_TEST(runHuzhu({"audit", "verify", "--db", db}).exitCode == 0);
}

BOOST_AUTO_TEST_SUITE_END()
