// Every JSON API route for every role: the status each gets, against the policy of
// docs/api.md (authorisation by role and scope; 404 rather than 403 where a 403 would reveal
// that something exists, e.g. another member's claim).

#include <boost/test/unit_test.hpp>

#include <map>

#include "Harness.h"

using namespace huzhu::test;

BOOST_FIXTURE_TEST_SUITE(api_roles, DemoServer)

BOOST_AUTO_TEST_CASE(every_route_for_every_role) {
    const std::vector<std::string> roles = {"demo-member", "demo-union",   "demo-officer",
                                            "demo-senior", "demo-finance", "demo-auditor",
                                            "demo-admin"};
    // The member's own claim (filed here) and another member's of the same union (the demo's).
    Client member(server->port()), officer(server->port());
    member.login("demo-member");
    officer.login("demo-officer");
    const Response filed = member.post(
        "/api/v1/claims",
        R"({"plan_code":"demo-inpatient","admission":")" + today() + R"(","discharge":")" +
            today() + R"(","total_fen":300000,"fund_paid_fen":100000,"settlement_no":"R1"})");
    BOOST_REQUIRE_MESSAGE(filed.status == 201, filed.body);
    const std::string own = std::to_string(filed.json()->getValue<Poco::Int64>("id"));
    const auto others = officer.get("/api/v1/claims?member_no=M000004").json()->getArray("items");
    BOOST_REQUIRE(others->size() > 0);
    const std::string other = std::to_string(others->getObject(0)->getValue<Poco::Int64>("id"));
    const std::string eligibility =
        "/api/v1/members/M000001/eligibility?plan=demo-inpatient&date=" + today();

    struct Route {
        std::string method, path, body;
        std::vector<int> statuses;  // in the order of `roles`
    };
    const std::vector<Route> routes = {
        {"GET", "/api/v1/me", "", {200, 200, 200, 200, 200, 200, 200}},
        {"GET", "/api/v1/me/notices", "", {200, 404, 404, 404, 404, 404, 404}},
        {"GET", "/api/v1/claims", "", {200, 200, 200, 200, 403, 200, 200}},
        {"GET", "/api/v1/claims/" + own, "", {200, 200, 200, 200, 404, 200, 200}},
        // M000004 is in the same union as M000001 (demo-union's): the union officer sees it.
        {"GET", "/api/v1/claims/" + other, "", {404, 200, 200, 200, 404, 200, 200}},
        {"GET", "/api/v1/claims/999999", "", {404, 404, 404, 404, 404, 404, 404}},
        {"GET", "/api/v1/claims/" + own + "/documents", "", {200, 200, 200, 200, 404, 200, 200}},
        {"POST", "/api/v1/claims", "{}", {400, 400, 403, 403, 403, 403, 403}},
        {"POST", "/api/v1/claims/preview", "{}", {400, 400, 403, 403, 403, 403, 403}},
        {"POST",
         "/api/v1/claims/" + other + "/decision",
         R"({"action":"bogus"})",
         {400, 400, 400, 400, 400, 400, 400}},
        {"GET", eligibility, "", {403, 200, 200, 200, 403, 200, 200}},
        {"GET", "/api/v1/batches", "", {403, 403, 403, 403, 200, 200, 200}},
        {"POST", "/api/v1/batches/999/release", "", {403, 403, 403, 403, 404, 403, 403}},
        {"GET", "/api/v1/batches/999/export?format=csv", "", {403, 403, 403, 403, 404, 403, 403}},
        {"POST",
         "/api/v1/batches/999/returns",
         "业务编号,状态,原因\nHZP0000000001,成功,\n",
         {403, 403, 403, 403, 404, 403, 403}},
        {"GET", "/api/v1/stats", "", {403, 403, 200, 200, 200, 200, 200}},
        {"GET", "/api/v1/stats/charts/union.svg", "", {403, 403, 200, 200, 200, 200, 200}},
        {"GET", "/api/v1/nowhere", "", {404, 404, 404, 404, 404, 404, 404}},
    };
    for (std::size_t i = 0; i < roles.size(); ++i) {
        Client c(server->port());
        c.login(roles[i]);
        for (const Route& r : routes) {
            const Response resp = r.method == "GET" ? c.get(r.path) : c.post(r.path, r.body);
            BOOST_TEST(resp.status == r.statuses[i], roles[i] << " " << r.method << " " << r.path
                                                              << " → " << resp.status << " "
                                                              << resp.body.substr(0, 160));
        }
        // Without the CSRF header every change is refused, whatever the role.
        BOOST_TEST(c.post("/api/v1/claims", "{}", false).status == 403, roles[i]);
    }
    // Without a session: 401 on the API.
    Client anonymous(server->port());
    BOOST_TEST(anonymous.get("/api/v1/claims").status == 401);
    BOOST_TEST(anonymous.get("/api/v1/stats").status == 401);
}

BOOST_AUTO_TEST_SUITE_END()
