#include "web/StatsRoutes.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "support/TestSupport.h"
#include "web/HttpInternal.h"

using namespace huzhu;
using Poco::Net::HTTPResponse;
using Role = core::Role;

namespace {

/// A response that keeps what was sent.
class RecordedResponse : public Poco::Net::HTTPServerResponse {
public:
    void sendContinue() override {}
    std::ostream& send() override {
        _sent = true;
        return body;
    }
    void sendFile(const std::string&, const std::string&) override { _sent = true; }
    void sendBuffer(const void* buffer, std::size_t length) override {
        _sent = true;
        body.write(static_cast<const char*>(buffer), static_cast<std::streamsize>(length));
    }
    void redirect(const std::string&, HTTPStatus) override { _sent = true; }
    void requireAuthentication(const std::string&) override { _sent = true; }
    bool sent() const override { return _sent; }

    std::ostringstream body;

private:
    bool _sent = false;
};

/// A request with a method and nothing else.
class BareRequest : public Poco::Net::HTTPServerRequest {
public:
    BareRequest(const std::string& method, RecordedResponse& response)
        : _response(response), _params(new Poco::Net::HTTPServerParams) {
        setMethod(method);
    }
    std::istream& stream() override { return _body; }
    const Poco::Net::SocketAddress& clientAddress() const override { return _address; }
    const Poco::Net::SocketAddress& serverAddress() const override { return _address; }
    const Poco::Net::HTTPServerParams& serverParams() const override { return *_params; }
    Poco::Net::HTTPServerResponse& response() const override { return _response; }
    bool secure() const override { return false; }

private:
    RecordedResponse& _response;
    Poco::Net::HTTPServerParams::Ptr _params;
    std::istringstream _body;
    Poco::Net::SocketAddress _address;
};

class OnePaidSource : public core::StatisticsSource {
public:
    core::Statistics statistics(core::Date today) override {
        core::Statistics st;
        st.asOf = today;
        st.claimsByStatus = {{"paid", 1}};
        st.claims = 1;
        st.paidCount = 1;
        st.paidFen = 702000;
        st.paidByMonth = {{"2026-06", 1, 702000}};
        st.paidByUnion = {{"贵阳第一机床厂工会", 1, 702000}};
        return st;
    }
};

struct Routes {
    OnePaidSource source;
    test::FixedClock clock;
    claims::StatisticsQuery query{source, clock};

    /// Whether the route took the request; the response's status, type and body.
    struct Answer {
        bool routed = false;
        HTTPResponse::HTTPStatus status = HTTPResponse::HTTP_OK;
        std::string type, body, cacheControl;
    };

    Answer ask(const std::string& method, const std::vector<std::string>& segments,
               Role role = Role::Auditor) {
        RecordedResponse resp;
        BareRequest req(method, resp);
        const core::Actor actor{.userId = 1, .username = "u", .role = role};
        Answer a;
        a.routed = web::routeStats(query, req, resp, actor, segments);
        a.status = resp.getStatus();
        a.type = resp.getContentType();
        a.body = resp.body.str();
        a.cacheControl = resp.get("Cache-Control", "");
        return a;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(stats_routes, Routes)

BOOST_AUTO_TEST_CASE(figures_as_json_and_charts_as_svg) {
    const Answer json = ask("GET", {"stats"}, Role::Admin);
    BOOST_TEST(json.routed);
    BOOST_TEST(json.status == HTTPResponse::HTTP_OK);
    BOOST_TEST(json.type == "application/json; charset=utf-8");
    BOOST_TEST(json.cacheControl == "no-store");
    BOOST_TEST(json.body.rfind(R"({"as_of":"2026-06-15","read_at":"2026-06-15T10:00:00+08:00",)",
                               0) == 0u);
    BOOST_TEST(json.body.find(R"("paid_fen":702000)") != std::string::npos);

    for (const std::string name : {"month.svg", "union.svg", "plan.svg"}) {
        const Answer svg = ask("GET", {"stats", "charts", name});
        BOOST_TEST(svg.routed);
        BOOST_TEST(svg.status == HTTPResponse::HTTP_OK);
        BOOST_TEST(svg.type == "image/svg+xml; charset=utf-8");
        BOOST_TEST(svg.cacheControl == "no-store");
        BOOST_TEST(svg.body.rfind("<?xml", 0) == 0u);
        BOOST_TEST(svg.body.find("</svg>") != std::string::npos);
    }
    BOOST_TEST(ask("GET", {"stats", "charts", "month.svg"}).body.find("702000") ==
               std::string::npos);  // yuan, not fen
    BOOST_TEST(ask("GET", {"stats", "charts", "month.svg"}).body.find("7020.00") !=
               std::string::npos);
    BOOST_TEST(ask("GET", {"stats", "charts", "plan.svg"}).body.find("暂无数据 / no data") !=
               std::string::npos);
    BOOST_TEST(ask("HEAD", {"stats"}).routed);
}

BOOST_AUTO_TEST_CASE(refusals_and_other_paths) {
    for (Role role : {Role::Member, Role::UnionOfficer}) {
        try {
            ask("GET", {"stats"}, role);
            BOOST_FAIL("no refusal");
        } catch (const web::HttpError& e) {
            BOOST_TEST(e.status == HTTPResponse::HTTP_FORBIDDEN);
            BOOST_TEST(e.code == "forbidden");
        }
        BOOST_CHECK_THROW(ask("GET", {"stats", "charts", "union.svg"}, role), web::HttpError);
    }
    try {
        ask("GET", {"stats", "charts", "members.svg"});
        BOOST_FAIL("no 404");
    } catch (const web::HttpError& e) {
        BOOST_TEST(e.status == HTTPResponse::HTTP_NOT_FOUND);
    }
    // Not ours: the caller answers (404 or 405).
    BOOST_TEST(!ask("POST", {"stats"}).routed);
    BOOST_TEST(!ask("DELETE", {"stats", "charts", "month.svg"}).routed);
    BOOST_TEST(!ask("GET", {"stats", "charts"}).routed);
    BOOST_TEST(!ask("GET", {"stats", "month.svg"}).routed);
    BOOST_TEST(!ask("GET", {"statistics"}).routed);
    BOOST_TEST(!ask("GET", {}).routed);
}

BOOST_AUTO_TEST_SUITE_END()
