// The walking skeleton end to end: the real binary, a real database file, a real server on
// port 0, and the whole thin path over HTTP — a member files, officers approve, one finance
// user makes a batch, another releases it, the first exports the bank CSV.

#include <Poco/LocalDateTime.h>
#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "Harness.h"

using namespace huzhu::test;

namespace {

std::string claimBody(const std::string& settlementNo, const std::string& invoiceNo) {
    const std::string d = today();
    return R"({"plan_code":"demo-inpatient","admission":")" + d + R"(","discharge":")" + d +
           R"(","hospital":"<script>alert(1)</script>","diagnosis":"K35.8",)"
           R"("total_fen":3000000,"fund_paid_fen":1800000,"out_of_scope_fen":200000,)"
           R"("settlement_no":")" +
           settlementNo + R"(","invoice_no":")" + invoiceNo + R"("})";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(thin_path, DemoServer)

BOOST_AUTO_TEST_CASE(member_to_bank_file) {
    const int port = server->port();

    Client member(port);
    member.login("demo-member");
    Response me = member.get("/api/v1/me");
    BOOST_TEST(me.status == 200);
    BOOST_TEST(me.json()->getValue<std::string>("member_no") == "M000001");

    // in-scope self-pay = 3,000,000 − 1,800,000 − 200,000 = 1,000,000 fen;
    // minus the 30,000 fen period deductible = 970,000; × 60 % = 582,000 fen (5,820.00 元).
    Response filed = member.post("/api/v1/claims", claimBody("JS-001", "FP-001"));
    BOOST_TEST_REQUIRE(filed.status == 201, filed.body);
    const auto claimId = filed.json()->getValue<Poco::Int64>("id");
    BOOST_TEST(filed.json()->getValue<std::string>("status") == "submitted");
    BOOST_TEST(filed.json()->getValue<Poco::Int64>("payout_fen") == 582000);
    const std::string claimPath = "/api/v1/claims/" + std::to_string(claimId);

    // The same settlement number again is a duplicate: 409.
    Response dup = member.post("/api/v1/claims", claimBody("JS-001", "FP-002"));
    BOOST_TEST(dup.status == 409);
    BOOST_TEST(dup.json()->getObject("error")->getValue<std::string>("field") == "settlement_no");

    // The hospital name is stored as given and escaped for HTML in the JSON.
    Response shown = member.get(claimPath);
    BOOST_TEST(shown.status == 200);
    BOOST_TEST(shown.body.find("<script>") == std::string::npos);
    BOOST_TEST(shown.json()->getValue<std::string>("hospital") == "<script>alert(1)</script>");

    Client officer(port);
    officer.login("demo-officer");
    Response queue = officer.get("/api/v1/claims?status=submitted");
    BOOST_TEST(queue.status == 200);
    BOOST_TEST(queue.body.find("\"id\":" + std::to_string(claimId) + ",") != std::string::npos);

    Response approved =
        officer.post(claimPath + "/decision", R"({"action":"approve","reason":"材料齐全"})");
    BOOST_TEST_REQUIRE(approved.status == 200, approved.body);
    BOOST_TEST(approved.json()->getValue<std::string>("status") == "approved");
    BOOST_TEST(approved.json()->getValue<Poco::Int64>("payout_fen") == 582000);

    // The demo's large claim (M000007, 22,620.00 元) waits for a senior officer's approval.
    Response pending = officer.get("/api/v1/claims?status=pending_second_approval");
    const auto largeId =
        pending.json()->getArray("items")->getObject(0)->getValue<Poco::Int64>("id");
    const std::string largePath = "/api/v1/claims/" + std::to_string(largeId) + "/decision";
    BOOST_TEST(officer.post(largePath, R"({"action":"approve"})").status == 403);
    Client senior(port);
    senior.login("demo-senior");
    Response second = senior.post(largePath, R"({"action":"approve"})");
    BOOST_TEST_REQUIRE(second.status == 200, second.body);
    BOOST_TEST(second.json()->getValue<std::string>("status") == "approved");

    Client finance(port), finance2(port);
    finance.login("demo-finance");
    finance2.login("demo-finance2");
    // Payable: the demo's approved claim of M000004 (252,000), ours (582,000) and the large
    // one (2,262,000): 3 payouts, 3,096,000 fen.
    Response batch = finance.post("/api/v1/batches", "");
    BOOST_TEST_REQUIRE(batch.status == 201, batch.body);
    BOOST_TEST(batch.json()->getValue<int>("count") == 3);
    BOOST_TEST(batch.json()->getValue<Poco::Int64>("total_fen") == 3096000);
    const std::string batchPath =
        "/api/v1/batches/" + std::to_string(batch.json()->getValue<Poco::Int64>("id"));

    BOOST_TEST(finance.get(batchPath + "/export?format=csv").status == 409);  // not released
    BOOST_TEST(finance.post(batchPath + "/release", "").status == 403);       // maker ≠ checker
    Response released = finance2.post(batchPath + "/release", "");
    BOOST_TEST_REQUIRE(released.status == 200, released.body);
    BOOST_TEST(released.json()->getValue<std::string>("status") == "released");

    Response csv = finance.get(batchPath + "/export?format=csv");
    BOOST_TEST_REQUIRE(csv.status == 200, csv.body);
    BOOST_TEST(csv.headers["Content-Type"].find("text/csv") == 0);
    BOOST_TEST(csv.body.rfind("序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n", 0) == 0);
    BOOST_TEST(csv.body.find(",赵杰,6222020000000000018,中国建设银行贵阳分行,5820.00,") !=
               std::string::npos);
    BOOST_TEST(csv.body.find(",22620.00,") != std::string::npos);
    // Exporting again gives the same bytes.
    BOOST_TEST(finance.get(batchPath + "/export?format=csv").body == csv.body);

    Response after = member.get(claimPath);
    BOOST_TEST(after.json()->getValue<std::string>("status") == "in_batch");

    BOOST_TEST(server->stop() == 0);  // Ctrl-C stops cleanly
    RunResult audit = runHuzhu({"audit", "verify", "--db", db});
    BOOST_TEST(audit.exitCode == 0, audit.err);
}

BOOST_AUTO_TEST_CASE(authentication_and_scope) {
    const int port = server->port();
    Client anonymous(port);
    BOOST_TEST(anonymous.get("/api/v1/claims").status == 401);
    BOOST_TEST(anonymous.get("/api/v1/me").status == 401);
    Response bad = anonymous.post("/api/v1/login", R"({"username":"demo-member","password":"x"})");
    BOOST_TEST(bad.status == 401);
    BOOST_TEST(bad.json()->getObject("error")->getValue<std::string>("code") ==
               "invalid_credentials");

    Client member(port);
    member.login("demo-member");
    // Without the CSRF header a state change is refused.
    BOOST_TEST(member.post("/api/v1/claims", claimBody("JS-9", "FP-9"), false).status == 403);
    // Another member's claim is not found (claim 1 belongs to M000002).
    BOOST_TEST(member.get("/api/v1/claims/1").status == 404);
    // Members cannot decide or batch.
    BOOST_TEST(member.post("/api/v1/claims/1/decision", R"({"action":"approve"})").status == 403);
    BOOST_TEST(member.post("/api/v1/batches", "").status == 403);

    // Bad input names the field.
    Response unknown = member.post("/api/v1/claims", R"({"plan_code":"demo-inpatient","x":1})");
    BOOST_TEST(unknown.status == 400);
    BOOST_TEST(unknown.json()->getObject("error")->getValue<std::string>("field") == "x");
    Response negative =
        member.post("/api/v1/claims", R"({"plan_code":"demo-inpatient","admission":")" + today() +
                                          R"(","discharge":")" + today() + R"(","total_fen":-1})");
    BOOST_TEST(negative.status == 400);
    BOOST_TEST(negative.json()->getObject("error")->getValue<std::string>("field") == "total_fen");
    BOOST_TEST(member.post("/api/v1/claims", "{not json").status == 400);

    // Security headers on every response.
    Response page = anonymous.get("/");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.headers["Content-Security-Policy"].find("script-src 'self'") !=
               std::string::npos);
    BOOST_TEST(page.headers["X-Content-Type-Options"] == "nosniff");
    BOOST_TEST(anonymous.get("/../../etc/passwd").status == 404);
    BOOST_TEST(anonymous.get("/api/v1/claims?status=%zz").status == 400);
    Response script = anonymous.get("/static/portal.js");
    BOOST_TEST(script.status == 200);
    BOOST_TEST(script.headers["Content-Type"].find("text/javascript") == 0);
    BOOST_TEST(anonymous.get("/static/nope.js").status == 404);

    // Eligibility: officers and the member's union officer; a member may not ask.
    BOOST_TEST(
        member.get("/api/v1/members/M000001/eligibility?date=" + today() + "&plan=demo-inpatient")
            .status == 403);
    Client officer(port);
    officer.login("demo-officer");
    Response covered =
        officer.get("/api/v1/members/M000001/eligibility?date=" + today() + "&plan=demo-inpatient");
    BOOST_TEST(covered.status == 200, covered.body);
    BOOST_TEST(covered.json()->getValue<bool>("covered"));
    BOOST_TEST(covered.json()->getValue<std::string>("reason") == "covered");
    Response nextYear = officer.get(
        "/api/v1/members/M000001/eligibility?date=2999-01-01"
        "&plan=demo-inpatient");
    BOOST_TEST(nextYear.json()->getValue<std::string>("reason") == "after_cover_end");
    BOOST_TEST(officer.get("/api/v1/members/NOBODY/eligibility?date=2026-01-01&plan=x").status ==
               404);
    BOOST_TEST(officer.get("/api/v1/members/M000001/eligibility?plan=x").status == 400);

    // Union officer: files for a member of its union (M000002), not for the other union's.
    Client unionOfficer(port);
    unionOfficer.login("demo-union");
    std::string forM2 = claimBody("JS-U1", "FP-U1");
    forM2.insert(1, R"("member_no":"M000002",)");
    BOOST_TEST(unionOfficer.post("/api/v1/claims", forM2).status == 201);
    std::string forM30 = claimBody("JS-U2", "FP-U2");
    forM30.insert(1, R"("member_no":"M000030",)");
    BOOST_TEST(unionOfficer.post("/api/v1/claims", forM30).status == 400);
}

BOOST_AUTO_TEST_CASE(information_request_rejection_appeal_and_duplicate_flags) {
    const int port = server->port();
    Client member(port), officer(port), senior(port);
    member.login("demo-member");
    officer.login("demo-officer");
    senior.login("demo-senior");

    Response a = member.post("/api/v1/claims", claimBody("JS-A", "FP-A"));
    BOOST_TEST_REQUIRE(a.status == 201, a.body);
    Response b = member.post("/api/v1/claims", claimBody("JS-B", "FP-B"));  // same stay dates
    BOOST_TEST_REQUIRE(b.status == 201, b.body);
    const std::string aId = std::to_string(a.json()->getValue<Poco::Int64>("id"));
    const std::string bId = std::to_string(b.json()->getValue<Poco::Int64>("id"));
    const std::string aPath = "/api/v1/claims/" + aId;

    // The second claim shows the first as an overlapping stay.
    Response shownB = officer.get("/api/v1/claims/" + bId);
    BOOST_TEST(shownB.body.find(R"({"kind":"overlapping_stay","claim_id":)" + aId + "}") !=
               std::string::npos);

    // Information requested, then the member answers and resubmits.
    BOOST_TEST(officer.post(aPath + "/decision", R"({"action":"request_info"})").status == 400);
    Response asked =
        officer.post(aPath + "/decision", R"({"action":"request_info","reason":"请补充发票"})");
    BOOST_TEST(asked.json()->getValue<std::string>("status") == "info_requested");
    BOOST_TEST(officer.post(aPath + "/resubmit", R"({"reason":"x"})").status == 403);
    BOOST_TEST(member.post(aPath + "/appeal", R"({"reason":"x"})").status == 409);
    Response resubmitted = member.post(aPath + "/resubmit", R"({"reason":"已补充"})");
    BOOST_TEST(resubmitted.json()->getValue<std::string>("status") == "submitted");

    // Rejected by the officer; the appeal needs a reason and another officer.
    BOOST_TEST(officer.post(aPath + "/decision", R"({"action":"reject","reason":"重复申请"})")
                   .json()
                   ->getValue<std::string>("status") == "rejected");
    BOOST_TEST(member.post(aPath + "/appeal", R"({})").status == 400);
    Response appealed = member.post(aPath + "/appeal", R"({"reason":"并非重复"})");
    BOOST_TEST(appealed.json()->getValue<std::string>("status") == "appealed");
    BOOST_TEST(officer.post(aPath + "/decision", R"({"action":"approve"})").status == 403);
    Response approved = senior.post(aPath + "/decision", R"({"action":"approve"})");
    BOOST_TEST(approved.status == 200, approved.body);
    BOOST_TEST(approved.json()->getValue<std::string>("status") == "approved");
    // The timeline holds every step.
    BOOST_TEST(approved.json()->getArray("history")->size() ==
               6u);  // filed, asked, resubmitted, rejected, appealed, approved
}

BOOST_AUTO_TEST_CASE(queue_filters) {
    const int port = server->port();
    Client member(port), officer(port);
    member.login("demo-member");
    officer.login("demo-officer");
    Response a = member.post("/api/v1/claims", claimBody("JS-Q1", "FP-Q1"));
    Response b = member.post("/api/v1/claims", claimBody("JS-Q2", "FP-Q2"));  // overlaps a
    BOOST_TEST_REQUIRE(b.status == 201, b.body);
    const std::string bId = std::to_string(b.json()->getValue<Poco::Int64>("id"));
    auto ids = [&](const std::string& query) {
        Response r = officer.get("/api/v1/claims?" + query);
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        std::vector<Poco::Int64> out;
        auto items = r.json()->getArray("items");
        for (std::size_t i = 0; i < items->size(); ++i)
            out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("id"));
        return out;
    };
    // Flagged: only the member's two overlapping stays (the demo claims do not overlap).
    BOOST_TEST(ids("flagged=true").size() == 2u);
    BOOST_TEST(ids("flagged=true&limit=1").front() == std::stoll(bId));
    // Amount range: our claims pay 582,000 fen; the demo's large pending one 2,262,000.
    BOOST_TEST(ids("min_payout_fen=582000&max_payout_fen=582000").size() == 2u);
    BOOST_TEST(ids("min_payout_fen=1500000").size() == 2u);  // 2,262,000 and 1,692,000
    // Union and plan: every demo claim is in U0001 and the demo plan; U0002 has none.
    BOOST_TEST(ids("union=U0002").empty());
    BOOST_TEST(ids("union=U0001&plan=demo-inpatient&limit=200").size() == 9u);
    BOOST_TEST(ids("plan=other").empty());
    BOOST_TEST(officer.get("/api/v1/claims?flagged=yes").status == 400);
    BOOST_TEST(officer.get("/api/v1/claims?min_payout_fen=-1").status == 400);
}

BOOST_AUTO_TEST_CASE(officer_limit_is_configurable) {
    // A server with a 1,000 元 limit: the member's 5,820 元 claim needs a second approval.
    BOOST_TEST(server->stop() == 0);
    Server limited(db, {"--officer-limit-fen", "100000"});
    Client member(limited.port()), officer(limited.port());
    member.login("demo-member");
    officer.login("demo-officer");
    Response filed = member.post("/api/v1/claims", claimBody("JS-L1", "FP-L1"));
    BOOST_TEST_REQUIRE(filed.status == 201, filed.body);
    Response decided = officer.post(
        "/api/v1/claims/" + std::to_string(filed.json()->getValue<Poco::Int64>("id")) + "/decision",
        R"({"action":"approve"})");
    BOOST_TEST(decided.json()->getValue<std::string>("status") == "pending_second_approval");
    BOOST_TEST(limited.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
