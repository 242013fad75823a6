// The baseline of bench/http_bench.sh: a Poco HTTPServer configured exactly like
// web/PortalServer.cpp (own ThreadPool("http", 2, MaxThreads + 2, 60); maxThreads 128, maxQueued
// 256, keep-alive on with a 10 s timeout, 30 s socket timeout; a listen backlog of 1024 on
// 127.0.0.1, as `huzhu serve` binds it) whose handler answers every request with a constant
// JSON body of a claim's size and the same response headers the portal sends. Whatever the
// portal does per request beyond this (routing, session lookup, SQLite, audit, JSON) is the
// difference the benchmark measures.
//
// usage: bare_server [--port N] [--body-file F]   (port 0 = any; the body defaults to a
// built-in claim-like JSON, or the bytes of F, e.g. a real claim as the portal serves it).
// Prints "bare_server serving on http://127.0.0.1:PORT/" and stops on SIGINT/SIGTERM.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <pthread.h>
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

constexpr int MaxThreads = 128;  // web::PortalServer::MaxThreads

// About the size and shape of GET /api/v1/claims/{id} for an approved demo claim.
const char* const DefaultBody =
    R"({"id":3,"member_no":"M000004","member_name":"王娜","plan_code":"demo-inpatient",)"
    R"("plan_version":2026,"status":"approved","payout_fen":252000,"type":"inpatient",)"
    R"("admission":"2026-11-09","discharge":"2026-11-16","event_date":null,)"
    R"("filed":"2026-11-29","hospital":"贵阳市第一人民医院","diagnosis":"I21.0",)"
    R"("settlement_no":"DEMO-JS-M000004","invoice_no":"DEMO-FP-M000004","total_fen":1200000,)"
    R"("fund_paid_fen":700000,"critical_insurance_fen":0,"assistance_fen":0,)"
    R"("other_paid_fen":0,"out_of_scope_fen":50000,"created_at":"2026-11-29T03:06:42+00:00",)"
    R"("history":[{"at":"2026-11-29T03:06:42+00:00","actor":"demo-union","from":null,)"
    R"("to":"submitted","reason":"filed by the union officer"},)"
    R"({"at":"2026-11-29T03:06:42+00:00","actor":"demo-officer","from":"submitted",)"
    R"("to":"approved","reason":"材料齐全"}],)"
    R"("quote":{"plan":{"code":"demo-inpatient","version":2026},"claim_type":"inpatient",)"
    R"("self_pay_in_scope_fen":450000,"lines":[{"benefit":"住院医疗互助","base_fen":450000,)"
    R"("deductible_fen":30000,"bands":[{"upto_fen":null,"ratio_bp":6000,"amount_fen":420000,)"
    R"("payout_fen":252000}],"capped":false,"payout_fen":252000}],"payout_fen":252000,)"
    R"("explanation":"住院医疗互助: (4500.00 - 300.00) x 60% = 2520.00"},)"
    R"("duplicate_flags":[]})";

class ConstantHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ConstantHandler(const std::string& body) : _body(body) {}

    void handleRequest(Poco::Net::HTTPServerRequest&,
                       Poco::Net::HTTPServerResponse& resp) override {
        // The headers the portal sends with every JSON answer (securityHeaders + sendJson).
        resp.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        resp.set("X-Content-Type-Options", "nosniff");
        resp.set("X-Frame-Options", "DENY");
        resp.set("Referrer-Policy", "no-referrer");
        resp.set("Cache-Control", "no-store");
        resp.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
        resp.setContentType("application/json; charset=utf-8");
        resp.sendBuffer(_body.data(), _body.size());  // sets Content-Length: keep-alive survives
    }

private:
    const std::string& _body;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(std::string body) : _body(std::move(body)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new ConstantHandler(_body);
    }

private:
    std::string _body;
};

int usage() {
    std::cerr << "usage: bare_server [--port N] [--body-file F]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // As `huzhu serve`: block the stop signals before any thread exists, then wait for them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    int port = 0;
    std::string body = DefaultBody;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        const auto eq = arg.find('=');
        if (eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return usage();
        }
        try {
            if (arg == "--port") {
                std::size_t used = 0;
                port = std::stoi(value, &used);
                if (used != value.size() || port < 0 || port > 65535) return usage();
            } else if (arg == "--body-file") {
                std::ifstream in(value, std::ios::binary);
                if (!in) {
                    std::cerr << "bare_server: " << value << ": cannot read\n";
                    return 2;
                }
                body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            } else {
                return usage();
            }
        } catch (const std::exception&) {
            return usage();
        }
    }

    try {
        Poco::Net::ServerSocket socket(
            Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), 1024);
        Poco::ThreadPool pool("http", 2, MaxThreads + 2, 60);
        auto* params = new Poco::Net::HTTPServerParams;  // ref-counted; owned by the server
        params->setMaxThreads(MaxThreads);
        params->setMaxQueued(256);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(10, 0));
        params->setTimeout(Poco::Timespan(30, 0));
        const std::size_t bodySize = body.size();
        Poco::Net::HTTPServer server(new Factory(std::move(body)), pool, socket, params);
        server.start();
        std::cout << "bare_server serving on http://127.0.0.1:" << socket.address().port() << "/  ("
                  << bodySize << "-byte body; Ctrl-C stops)" << std::endl;
        int signal = 0;
        sigwait(&stopSignals, &signal);
        std::cout << "stopping..." << std::endl;
        server.stopAll(true);
        pool.joinAll();
    } catch (const Poco::Exception& e) {
        std::cerr << "bare_server: " << e.displayText() << "\n";
        return 1;
    }
    return 0;
}
