#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <functional>
#include <istream>
#include <memory>
#include <string>

#include "claims/Authenticator.h"
#include "claims/ClaimDocuments.h"
#include "claims/ClaimWorkflow.h"
#include "claims/PaymentBatches.h"
#include "claims/StatisticsQuery.h"
#include "web/PageRenderer.h"
#include "web/Sessions.h"

namespace huzhu::web {

/// What the HTTP layer calls into; everything must outlive the server.
/// What an import from the admin page did (the same checks and report as the CLI).
struct ImportResult {
    bool ok = false;
    std::int64_t rows = 0, inserted = 0, updated = 0, unchanged = 0;  // unions and members
    std::string planCode;                                             // a plan, when loaded
    std::int64_t planVersion = 0;
    std::vector<std::string> errors;  // "line N, column C: reason", the first 1,000 (English)
    std::int64_t errorCount = 0;
};

struct WebServices {
    claims::Authenticator& authenticator;
    claims::ClaimWorkflow& workflow;
    claims::PaymentBatches& batches;
    claims::ClaimDocuments& documents;
    claims::StatisticsQuery& statistics;
    Sessions& sessions;
    /// Reads a bank result file (an adapter's formats, wired in by the composition root).
    std::function<core::BankResultFile(std::string_view, std::vector<std::string>&)>
        parseBankResults;
    /// Loads plans ("plans": a plan JSON), unions or members ("unions", "members": CSV) as
    /// the CLI does, audited as `actor` (wired in by the composition root).
    std::function<ImportResult(const std::string& kind, const std::string& bytes,
                               const std::string& actor)>
        importData;
    /// The audit chain's state: "" when intact, else the first problem (the CLI's audit verify).
    std::function<std::string()> verifyAudit;
    std::string staticDir;    // the portal's assets (/static/…)
    std::string templateDir;  // the pages' templates and message catalogs
    bool tls = false;         // served over TLS: Secure cookies (the login token __Host-), HSTS
};

/// The portal and JSON API (CONTRACT §6) on a Poco HTTPServer with its own thread pool, so
/// that keep-alive connections cannot starve (one thread per connection). Not copyable.
class PortalServer {
public:
    /// Poco serves a keep-alive connection on one thread for its whole life: this bounds the
    /// concurrent connections (more wait in the queue), so it is well above 64.
    static constexpr int MaxThreads = 128;

    /// Serves on `socket` (bound by the caller; port 0 is fine).
    PortalServer(WebServices services, const Poco::Net::ServerSocket& socket);
    PortalServer(const PortalServer&) = delete;
    PortalServer& operator=(const PortalServer&) = delete;
    ~PortalServer();

    void start();
    /// Stops accepting, closes connections and waits for the handler threads.
    void stop();
    std::uint16_t port() const { return _port; }

private:
    WebServices _services;
    std::unique_ptr<PageRenderer> _pages;
    Poco::ThreadPool _pool;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port;
    bool _running = false;
};

}  // namespace huzhu::web
