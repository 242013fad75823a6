// `huzhu serve --tls-cert --tls-key`: HTTPS with TLS 1.2 or later only, Secure cookies with
// __Host- names, and HSTS (issue #7, item 7). A self-signed certificate is made with the
// openssl command for each run.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/Session.h>
#include <Poco/StreamCopier.h>
#include <openssl/ssl.h>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "Harness.h"

using namespace huzhu::test;
using Poco::Net::Context;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

/// A demo database served over TLS with a fresh self-signed certificate.
struct TlsServer {
    TempDir dir;
    std::string db = dir.file("h.db");
    std::string cert = dir.file("cert.pem");
    std::string key = dir.file("key.pem");
    std::unique_ptr<Server> server;

    TlsServer() {
        Poco::Net::initializeSSL();
        RunResult init = runHuzhu({"init", "--db", db, "--demo", "--members", "30"});
        BOOST_REQUIRE_MESSAGE(init.exitCode == 0, init.err);
        RunResult made =
            runProgram("openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
                                   cert, "-days", "1", "-subj", "/CN=127.0.0.1"});
        BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
        server = std::make_unique<Server>(
            db, std::vector<std::string>{"--tls-cert", cert, "--tls-key", key});
    }
};

/// A client context that offers exactly the protocol versions [min, max] and, so that only the
/// server can refuse an old version, every cipher at OpenSSL's lowest security level. The
/// certificate is self-signed: not verified here (the server is the one under test).
Context::Ptr clientContext(int minVersion, int maxVersion) {
    Context::Params params;
    params.verificationMode = Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = "ALL:@SECLEVEL=0";
    Context::Ptr context = new Context(Context::TLS_CLIENT_USE, params);
    SSL_CTX_set_security_level(context->sslContext(), 0);
    SSL_CTX_set_min_proto_version(context->sslContext(), minVersion);
    SSL_CTX_set_max_proto_version(context->sslContext(), maxVersion);
    return context;
}

/// The protocol version the server agreed to, or 0 when it refused the handshake.
int handshake(int port, int version) {
    try {
        Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port),
                                             clientContext(version, version));
        socket.completeHandshake();
        return SSL_SESSION_get_protocol_version(socket.currentSession()->sslSession());
    } catch (const Poco::Net::SSLException&) {
        return 0;
    } catch (const Poco::Net::NetException&) {  // a reset connection
        return 0;
    }
}

struct Answer {
    int status = 0;
    std::string body;
    std::string hsts;
    std::vector<std::string> cookies;  // the Set-Cookie headers
};

Answer exchange(Poco::Net::HTTPClientSession& session, HTTPRequest& request,
                const std::string& body = "") {
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Answer a;
    a.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, a.body);
    a.hsts = response.get("Strict-Transport-Security", "");
    for (const auto& [name, value] : response)
        if (Poco::icompare(name, "Set-Cookie") == 0) a.cookies.push_back(value);
    return a;
}

bool hasCookie(const Answer& a, const std::string& start, const std::string& attribute) {
    for (const std::string& c : a.cookies)
        if (c.rfind(start, 0) == 0 && c.find(attribute) != std::string::npos) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls)

BOOST_AUTO_TEST_CASE(only_tls_1_2_and_later_are_accepted) {
    TlsServer s;
    const int port = s.server->port();
    BOOST_TEST(handshake(port, TLS1_3_VERSION) == TLS1_3_VERSION);
    BOOST_TEST(handshake(port, TLS1_2_VERSION) == TLS1_2_VERSION);
    BOOST_TEST(handshake(port, TLS1_1_VERSION) == 0);
    BOOST_TEST(handshake(port, TLS1_VERSION) == 0);
    // Plain HTTP on the TLS port gets no page.
    Poco::Net::HTTPClientSession plain("127.0.0.1", static_cast<Poco::UInt16>(port));
    plain.setTimeout(Poco::Timespan(5, 0));
    HTTPRequest get(HTTPRequest::HTTP_GET, "/", HTTPRequest::HTTP_1_1);
    bool served = false;
    try {
        served = exchange(plain, get).status == 200;
    } catch (const Poco::Exception&) {
    }
    BOOST_TEST(!served);
}

BOOST_AUTO_TEST_CASE(pages_and_api_over_https_use_secure_cookies_and_hsts) {
    TlsServer s;
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(s.server->port()),
                                          clientContext(TLS1_2_VERSION, TLS1_3_VERSION));
    HTTPRequest page(HTTPRequest::HTTP_GET, "/", HTTPRequest::HTTP_1_1);  // the login form
    const Answer login = exchange(session, page);
    BOOST_TEST(login.status == 200);
    BOOST_TEST(login.hsts == "max-age=31536000");
    BOOST_TEST(hasCookie(login, "__Host-huzhu_login=", "; secure"));

    HTTPRequest api(HTTPRequest::HTTP_POST, "/api/v1/login", HTTPRequest::HTTP_1_1);
    api.setContentType("application/json");
    const Answer loggedIn =
        exchange(session, api, R"({"username":"demo-officer","password":"huzhu-demo"})");
    BOOST_TEST(loggedIn.status == 200, loggedIn.body);
    BOOST_TEST(loggedIn.hsts == "max-age=31536000");
    BOOST_TEST(hasCookie(loggedIn, "huzhu_session=", "; secure"));
    BOOST_TEST(hasCookie(loggedIn, "huzhu_session=", "; HttpOnly"));
}

BOOST_AUTO_TEST_CASE(plain_http_sends_no_hsts) {
    DemoServer demo;
    Client client(demo.server->port());
    Response r = client.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.headers.count("Strict-Transport-Security") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
