// The composition root: parses the command line, builds the adapters and wires them into the
// use cases and the web server. The only place that sees every layer.

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/ServerApplication.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "adapters/SystemClock.h"
#include "adapters/crypto/Crypto.h"
#include "adapters/files/Backup.h"
#include "adapters/files/FileDocumentStore.h"
#include "adapters/formats/BankCsvWriter.h"
#include "adapters/formats/BankResultFile.h"
#include "adapters/formats/CaseJson.h"
#include "adapters/formats/Gb18030CsvWriter.h"
#include "adapters/formats/Pain001Writer.h"
#include "adapters/formats/PlanJson.h"
#include "adapters/formats/XlsxWriter.h"
#include "adapters/sqlite/Database.h"
#include "adapters/sqlite/DemoData.h"
#include "adapters/sqlite/RosterImport.h"
#include "adapters/sqlite/SqliteClaimStore.h"
#include "adapters/sqlite/SqliteStatistics.h"
#include "app/DemoClaims.h"
#include "claims/Authenticator.h"
#include "claims/ClaimDocuments.h"
#include "claims/ClaimWorkflow.h"
#include "claims/PaymentBatches.h"
#include "web/PortalServer.h"

#ifndef HUZHU_STATIC_DIR
#define HUZHU_STATIC_DIR "web/static"
#endif
#ifndef HUZHU_TEMPLATE_DIR
#define HUZHU_TEMPLATE_DIR "web/templates"
#endif

namespace {

using namespace huzhu;

/// Bad input or a refused operation: exit code 2 with the message on stderr.
struct UsageError {
    std::string message;
};

const char* const Usage = R"(huzhu — claims processing for trade-union medical mutual aid

usage: huzhu SUBCOMMAND [options]    (options as --name VALUE or --name=VALUE)

subcommands:
  init --db F [--demo] [--members N] [--key-file K]
        create or migrate the database (idempotent); --demo loads the demo dataset
        (N generated members, default 1000). Creates the key file K (default: F.key,
        mode 0600) that encrypts personal data.
  serve --db F [--port N] [--bind A] [--tls-cert F --tls-key F] [--allow-demo]
        [--key-file K] [--static-dir D] [--template-dir D] [--officer-limit-fen N]
        serve the portal and JSON API (default 127.0.0.1:8080; HUZHU_PORT overrides the
        default port). Refuses a non-loopback address while demo accounts exist unless
        --allow-demo is given. A claims officer approves payouts up to N fen (default
        1000000 = 10,000 元); above that a senior officer gives the second approval.
  plans load --db F PLAN.json...
        validate and store plan versions
  unions import --db F FILE.csv
        load the union hierarchy (union_code, name, parent_code [, credit_code])
  members import --db F FILE.csv [--key-file K]
        load a membership roster; all-or-nothing, every bad row reported, idempotent
  batch export --db F --batch ID --format csv|gb18030-csv|xlsx|pain001 --out FILE
        write the payment file of a released batch and FILE.manifest.json (signed)
  batch returns --db F --batch ID RESULTS
        apply the bank's results — the CSV 业务编号,状态,原因, a pain.002 status report or
        a camt.054 notification (recognised by content): paid, or returned and re-issued
  settings set --db F KEY VALUE
        set payer.name, payer.account or payer.bank_code (the debtor of pain.001 files)
  quote --plan PLAN.json --case CASE.json
        compute a payout without a database; prints the quote as JSON
  audit verify --db F
        verify the tamper-evident audit chain; exit 0 only if intact
  backup --db F --out FILE
        a consistent copy of the database (while a server runs) and of its documents
        (FILE.documents); never overwrites. The key file is not copied: keep it apart.

exit codes: 0 success, 2 bad input or refused operation, 1 internal error.
`huzhu SUBCOMMAND --help` shows the options of one subcommand.
)";

/// The largest bank result file accepted (the API has the same limit).
constexpr std::uint64_t MaxResultFileBytes = 10u << 20;

/// Options of one subcommand: `--name value`, `--name=value` or bare flags.
struct Options {
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    std::vector<std::string> positional;

    bool has(const std::string& name) const { return values.count(name) || flags.count(name); }
    std::string get(const std::string& name, const std::string& fallback = "") const {
        auto it = values.find(name);
        return it == values.end() ? fallback : it->second;
    }
    std::string required(const std::string& name) const {
        auto it = values.find(name);
        if (it == values.end() || it->second.empty()) throw UsageError{"missing option --" + name};
        return it->second;
    }
    int integer(const std::string& name, int fallback, int lo, int hi) const {
        auto it = values.find(name);
        if (it == values.end()) return fallback;
        try {
            std::size_t used = 0;
            const int v = std::stoi(it->second, &used);
            if (used == it->second.size() && v >= lo && v <= hi) return v;
        } catch (const std::exception&) {
        }
        throw UsageError{"--" + name + " must be a whole number from " + std::to_string(lo) +
                         " to " + std::to_string(hi)};
    }
};

Options parseOptions(const std::vector<std::string>& args, std::size_t from,
                     const std::set<std::string>& valueNames,
                     const std::set<std::string>& flagNames) {
    Options o;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            o.positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flagNames.count(name)) {
            if (inlineValue) throw UsageError{"--" + name + " takes no value"};
            o.flags.insert(name);
        } else if (valueNames.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError{"--" + name + " needs a value"};
                value = args[++i];
            }
            o.values[name] = value;
        } else {
            throw UsageError{"unknown option --" + name};
        }
    }
    return o;
}

std::string keyFileFor(const Options& o, const std::string& db) {
    return o.get("key-file", db + ".key");
}

std::string readFile(const std::string& path) {
    if (!Poco::File(path).exists()) throw UsageError{path + ": no such file"};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// Everything the use cases need, built once per command.
struct Services {
    adapters::SystemClock clock;
    adapters::sqlite::Database db;
    adapters::crypto::FieldCipher cipher;
    adapters::crypto::Pbkdf2PasswordHasher hasher;
    adapters::sqlite::SqliteClaimStore store;
    claims::ClaimWorkflow workflow;
    claims::Authenticator authenticator;
    claims::PaymentBatches batches;
    adapters::files::FileDocumentStore documentStore;  // files under "<db>.documents/"
    claims::ClaimDocuments documents;
    adapters::sqlite::SqliteStatistics statisticsSource;
    claims::StatisticsQuery statistics;  // one reading serves a dashboard for 30 s

    Services(const std::string& dbPath, const std::string& keyFile, bool create,
             core::AuthorityRules rules = {})
        : db(dbPath),
          cipher(adapters::crypto::FieldCipher::fromKeyFile(keyFile, create)),
          store(db, cipher, clock),
          workflow(store, clock, rules),
          authenticator(store, hasher, clock),
          batches(
              store, clock, paymentWriters(),
              claims::ManifestSigner{
                  .sha256Hex = [](std::string_view b) { return adapters::crypto::sha256Hex(b); },
                  .sign =
                      [this](std::string_view body) {
                          return adapters::crypto::hmacSha256Hex(cipher.signingKey(), body);
                      }}),
          documentStore(db, clock),
          documents(store, documentStore),
          statisticsSource(db),
          statistics(statisticsSource, clock, 30) {
        adapters::sqlite::setAuditSigningKey(cipher.signingKey());
    }

    static std::vector<std::unique_ptr<core::PaymentFileWriter>> paymentWriters() {
        std::vector<std::unique_ptr<core::PaymentFileWriter>> writers;
        writers.push_back(std::make_unique<adapters::formats::BankCsvWriter>());
        writers.push_back(std::make_unique<adapters::formats::Gb18030CsvWriter>());
        writers.push_back(std::make_unique<adapters::formats::XlsxWriter>());
        writers.push_back(std::make_unique<adapters::formats::Pain001Writer>());
        return writers;
    }
};

/// An import from the admin page: the CLI's importers and report, as `actor`.
web::ImportResult importFromPortal(Services& s, const std::string& kind, const std::string& bytes,
                                   const std::string& actor) {
    web::ImportResult result;
    if (kind == "plans") {
        try {
            const core::Plan plan = adapters::formats::parsePlanJson(bytes);
            const core::Outcome stored =
                adapters::sqlite::storePlan(s.db, bytes, plan, s.clock, actor);
            result.ok = stored.isOk();
            if (result.ok) {
                result.planCode = plan.code;
                result.planVersion = plan.version;
            } else {
                result.errors.push_back(stored.message());
            }
        } catch (const adapters::formats::PlanError& e) {
            result.errors.push_back(e.what());
        }
        result.errorCount = static_cast<std::int64_t>(result.errors.size());
        return result;
    }
    std::istringstream in(bytes);
    const adapters::sqlite::ImportReport report =
        kind == "unions" ? adapters::sqlite::importUnions(s.db, in, s.clock, actor)
                         : adapters::sqlite::importMembers(s.db, s.cipher, in, s.clock, actor);
    result.ok = report.ok();
    result.errors = report.errors;
    result.errorCount = report.errorCount;
    result.rows = report.rows;
    result.inserted = report.inserted;
    result.updated = report.updated;
    result.unchanged = report.unchanged;
    return result;
}

/// Signs audit checkpoints with the database's key. Commands that write to the audit trail
/// refuse to run without the key file, so that no stretch of the trail goes unsigned.
void useAuditKey(const Options& o, const std::string& dbPath) {
    const std::string keyFile = keyFileFor(o, dbPath);
    if (!Poco::File(keyFile).exists())
        throw UsageError{"key file " + keyFile + " is missing (give --key-file)"};
    adapters::sqlite::setAuditSigningKey(
        adapters::crypto::FieldCipher::fromKeyFile(keyFile, false).signingKey());
}

void requireDatabase(const std::string& path) {
    if (!Poco::File(path).exists())
        throw UsageError{path + ": no such database; run `huzhu init --db " + path + "` first"};
}

int cmdInit(const Options& o) {
    const std::string dbPath = o.required("db");
    const int members = o.integer("members", 1000, 0, 2'000'000);
    if (!o.has("demo") && o.has("members")) throw UsageError{"--members goes with --demo"};
    Poco::File parent(Poco::Path(Poco::Path(dbPath).absolute()).parent());
    if (!parent.exists()) parent.createDirectories();
    Services s(dbPath, keyFileFor(o, dbPath), true);
    const int applied = s.db.migrate(s.clock.now());
    std::cout << "database " << dbPath << ": schema version " << s.db.schemaVersion() << " ("
              << applied << " migration(s) applied)\n";
    if (o.has("demo")) {
        if (adapters::sqlite::loadDemoReferenceData(s.db, s.cipher, s.hasher, s.clock, members)) {
            const int claims = app::loadDemoClaims(s.authenticator, s.workflow, s.clock);
            std::cout << "demo data loaded: " << members << " members, " << claims
                      << " claims, accounts demo-member, demo-union, demo-officer, demo-senior, "
                         "demo-finance, demo-finance2, demo-auditor, demo-admin (password "
                         "huzhu-demo)\n";
        } else {
            std::cout << "demo data already present; nothing changed\n";
        }
    }
    return 0;
}

bool isLoopback(const std::string& address) {
    if (address == "localhost") return true;
    Poco::Net::IPAddress ip;
    return Poco::Net::IPAddress::tryParse(address, ip) && ip.isLoopback();
}

}  // namespace

/// The `huzhu` program. Poco's own option parsing is switched off: the subcommands parse
/// their options themselves so that `--db F` and `--db=F` both work per subcommand.
class HuzhuApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet&) override { stopOptionsProcessing(); }

    int main(const std::vector<std::string>& args) override {
        try {
            return dispatch(args);
        } catch (const UsageError& e) {
            std::cerr << "huzhu: " << e.message << "\n";
            return 2;
        } catch (const Poco::Exception& e) {
            std::cerr << "huzhu: internal error: " << e.displayText() << "\n";
            return 1;
        } catch (const std::exception& e) {
            std::cerr << "huzhu: internal error: " << e.what() << "\n";
            return 1;
        }
    }

private:
    int dispatch(const std::vector<std::string>& args) {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::cout << Usage;
            return args.empty() ? 2 : 0;
        }
        const std::string& cmd = args[0];
        const bool help = std::find(args.begin(), args.end(), "--help") != args.end();
        if (cmd == "init") {
            if (help) return printHelp("init --db F [--demo] [--members N] [--key-file K]");
            return cmdInit(parseOptions(args, 1, {"db", "members", "key-file"}, {"demo"}));
        }
        if (cmd == "serve") {
            if (help)
                return printHelp(
                    "serve --db F [--port N] [--bind A] [--tls-cert F --tls-key F] "
                    "[--allow-demo] [--key-file K] [--static-dir D] [--officer-limit-fen N]");
            return serve(parseOptions(args, 1,
                                      {"db", "port", "bind", "tls-cert", "tls-key", "key-file",
                                       "static-dir", "template-dir", "officer-limit-fen"},
                                      {"allow-demo"}));
        }
        if (cmd == "plans") {
            if (help || args.size() < 2 || args[1] != "load")
                return printHelp("plans load --db F PLAN.json...", !help);
            return plansLoad(parseOptions(args, 2, {"db", "key-file"}, {}));
        }
        if (cmd == "audit") {
            if (help || args.size() < 2 || args[1] != "verify")
                return printHelp("audit verify --db F", !help);
            return auditVerify(parseOptions(args, 2, {"db", "key-file"}, {}));
        }
        if (cmd == "quote") {
            if (help) return printHelp("quote --plan PLAN.json --case CASE.json");
            return quote(parseOptions(args, 1, {"plan", "case"}, {}));
        }
        if (cmd == "unions" || cmd == "members") {
            if (help || args.size() < 2 || args[1] != "import")
                return printHelp(cmd + " import --db F FILE.csv [--key-file K]", !help);
            return rosterImport(cmd, parseOptions(args, 2, {"db", "key-file"}, {}));
        }
        if (cmd == "batch") {
            const std::string sub = args.size() > 1 ? args[1] : "";
            if (sub == "export" && !help)
                return batchExport(
                    parseOptions(args, 2, {"db", "batch", "format", "out", "key-file"}, {}));
            if (sub == "returns" && !help)
                return batchReturns(parseOptions(args, 2, {"db", "batch", "key-file"}, {}));
            return printHelp(
                "batch export --db F --batch ID --format csv|gb18030-csv|xlsx|pain001 --out FILE\n"
                "       huzhu batch returns --db F --batch ID RESULTS",
                !help);
        }
        if (cmd == "settings") {
            if (help || args.size() < 2 || args[1] != "set")
                return printHelp("settings set --db F KEY VALUE", !help);
            return settingsSet(parseOptions(args, 2, {"db", "key-file"}, {}));
        }
        if (cmd == "backup") {
            if (help) return printHelp("backup --db F --out FILE");
            return backup(parseOptions(args, 1, {"db", "out", "key-file"}, {}));
        }
        throw UsageError{"unknown subcommand `" + cmd + "`; see huzhu --help"};
    }

    static int printHelp(const std::string& synopsis, bool asError = false) {
        (asError ? std::cerr : std::cout) << "usage: huzhu " << synopsis << "\n";
        return asError ? 2 : 0;
    }

    int serve(const Options& o) {
        // Block SIGINT/SIGTERM before any thread exists (the session pool's janitor, the HTTP
        // pool): threads inherit the mask, so a Ctrl-C, even one that arrives before
        // waitForTerminationRequest(), waits for it instead of killing the process.
        sigset_t stopSignals;
        sigemptyset(&stopSignals);
        sigaddset(&stopSignals, SIGINT);
        sigaddset(&stopSignals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        const std::string envPort = Poco::Environment::get("HUZHU_PORT", "8080");
        Options portOption;
        portOption.values["port"] = o.get("port", envPort);
        const int port = portOption.integer("port", 8080, 0, 65535);
        const std::string bind = o.get("bind", "127.0.0.1");
        if (o.has("tls-cert") != o.has("tls-key"))
            throw UsageError{"--tls-cert and --tls-key go together"};

        core::AuthorityRules rules;
        if (o.has("officer-limit-fen")) {
            Options limit;
            limit.values["limit"] = o.get("officer-limit-fen");
            rules.officerLimitFen = limit.integer("limit", 0, 0, 2'000'000'000);
        }
        Services s(dbPath, keyFileFor(o, dbPath), false, rules);
        if (s.db.schemaVersion() == 0)
            throw UsageError{dbPath + ": not initialised; run `huzhu init --db " + dbPath + "`"};
        s.db.migrate(s.clock.now());
        if (!isLoopback(bind) && !o.has("allow-demo") && adapters::sqlite::hasDemoAccounts(s.db))
            throw UsageError{"refusing to listen on " + bind +
                             " while demo accounts exist (use --allow-demo to override)"};

        web::Sessions sessions([](std::size_t n) { return adapters::crypto::randomBytes(n); },
                               [&s] { return s.clock.epochSeconds(); });
        const bool tls = o.has("tls-cert");
        web::WebServices services{
            s.authenticator,
            s.workflow,
            s.batches,
            s.documents,
            s.statistics,
            sessions,
            adapters::formats::parseBankResultFile,
            [&s](const std::string& kind, const std::string& bytes, const std::string& actor) {
                return importFromPortal(s, kind, bytes, actor);
            },
            [&s] {
                Poco::Data::Session session = s.db.session();
                return adapters::sqlite::verifyAudit(session, s.cipher.signingKey()).problem;
            },
            o.get("static-dir", HUZHU_STATIC_DIR),
            o.get("template-dir", HUZHU_TEMPLATE_DIR),
            tls};
        Poco::Net::SocketAddress address(bind, static_cast<Poco::UInt16>(port));
        std::unique_ptr<Poco::Net::ServerSocket> socket;
        if (tls) {
            for (const char* f : {"tls-cert", "tls-key"})
                if (!Poco::File(o.get(f)).exists()) throw UsageError{o.get(f) + ": no such file"};
            Poco::Net::initializeSSL();
            Poco::Net::Context::Params params;
            params.certificateFile = o.get("tls-cert");
            params.privateKeyFile = o.get("tls-key");
            params.verificationMode = Poco::Net::Context::VERIFY_NONE;
            params.loadDefaultCAs = false;
            params.cipherList = "ECDHE+AESGCM:ECDHE+CHACHA20";
            Poco::Net::Context::Ptr context =
                new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            context->preferServerCiphers();
            socket = std::make_unique<Poco::Net::SecureServerSocket>(context);
        } else {
            socket = std::make_unique<Poco::Net::ServerSocket>();
        }
        // Poco's (address, backlog) constructors also set SO_REUSEPORT: a second server on the
        // same port would start and take half the connections (and, sessions being in memory,
        // log people out at random). Bound here without it, the second one fails to start.
        try {
            socket->bind(address, true, false);
            socket->listen(1024);
        } catch (const Poco::IOException& e) {  // in use, or a port below 1024 (permission)
            std::string why = e.message();      // Poco appends the address to some
            const std::string suffix = ": " + address.toString();
            if (why.size() > suffix.size() && why.ends_with(suffix))
                why.resize(why.size() - suffix.size());
            if (why.find("in use") != std::string::npos)
                why += " (is another server running on that port?)";
            throw UsageError{"cannot listen on " + address.toString() + ": " + why};
        }
        web::PortalServer server(services, *socket);
        server.start();
        std::cout << "huzhu serving on " << (tls ? "https" : "http") << "://" << bind << ":"
                  << server.port() << "/  (Ctrl-C stops)" << std::endl;
        waitForTerminationRequest();
        std::cout << "stopping..." << std::endl;
        server.stop();
        return 0;
    }

    /// A pure calculation: no database. Bad plan or case files exit 2 naming the file and path.
    static int quote(const Options& o) {
        const std::string planPath = o.required("plan"), casePath = o.required("case");
        core::Plan plan;
        adapters::formats::QuoteCase input;
        try {
            plan = adapters::formats::parsePlanJson(readFile(planPath));
        } catch (const adapters::formats::JsonInputError& e) {
            throw UsageError{planPath + ": " + e.what()};
        }
        try {
            input = adapters::formats::parseCaseJson(readFile(casePath));
        } catch (const adapters::formats::JsonInputError& e) {
            throw UsageError{casePath + ": " + e.what()};
        }
        if (auto bad = core::validateClaim(plan, input.member, input.claim))
            throw UsageError{casePath + ": " + bad->field + ": " + bad->message};
        try {
            std::cout << core::quoteClaim(plan, input.member, input.history, input.claim).toJson()
                      << "\n";
        } catch (const core::OverflowError&) {
            throw UsageError{casePath + ": an amount is too large to compute exactly"};
        }
        return 0;
    }

    /// `unions import` / `members import`: the report on stderr and exit 2 when any row is bad
    /// (nothing stored); a summary on stdout otherwise. Progress (rows/s) on stderr.
    static int rosterImport(const std::string& what, const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        if (o.positional.size() != 1) throw UsageError{"name exactly one CSV file"};
        const std::string file = o.positional[0];
        if (!Poco::File(file).exists()) throw UsageError{file + ": no such file"};
        Poco::FileInputStream in(file);
        adapters::SystemClock clock;
        adapters::sqlite::Database db(dbPath);
        if (db.schemaVersion() == 0) throw UsageError{dbPath + ": not initialised; run huzhu init"};
        db.migrate(clock.now());
        useAuditKey(o, dbPath);
        const auto started = std::chrono::steady_clock::now();
        auto progress = [&](std::int64_t rows) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::cerr << "  " << rows << " rows read ("
                      << static_cast<std::int64_t>(static_cast<double>(rows) / seconds)
                      << " rows/s)\n";
        };
        adapters::sqlite::ImportReport report;
        if (what == "unions") {
            report = adapters::sqlite::importUnions(db, in, clock, "cli");
        } else {
            const auto cipher =
                adapters::crypto::FieldCipher::fromKeyFile(keyFileFor(o, dbPath), false);
            report = adapters::sqlite::importMembers(db, cipher, in, clock, "cli", progress);
        }
        if (!report.ok()) {
            std::cerr << "huzhu: " << file << ": nothing imported; " << report.errorCount
                      << " problem(s):\n";
            for (const std::string& e : report.errors) std::cerr << "  " << e << "\n";
            if (report.errorCount > static_cast<std::int64_t>(report.errors.size()))
                std::cerr << "  … and "
                          << report.errorCount - static_cast<std::int64_t>(report.errors.size())
                          << " more\n";
            return 2;
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cout << what << " import of " << file << ": " << report.rows << " rows, "
                  << report.inserted << " new, " << report.updated << " updated, "
                  << report.unchanged << " unchanged (" << std::fixed << std::setprecision(1)
                  << seconds << " s)\n";
        return 0;
    }

    /// The finance operator at the console: the CLI runs on the server, as the one who can
    /// read the database and key file. Recorded in the audit trail as cli:$USER.
    static core::Actor consoleFinance() {
        return core::Actor{
            .userId = 0,
            .username = "cli:" + Poco::Environment::get(
                                     "USER", Poco::Environment::get(
                                                 "LOGNAME", "uid" + std::to_string(::getuid()))),
            .role = core::Role::Finance};
    }

    static std::int64_t batchId(const Options& o) {
        const std::string text = o.required("batch");
        std::int64_t id = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
            throw UsageError{"--batch must be a batch number"};
        return id;
    }

    /// `batch export`: the payment file of a released batch and FILE.manifest.json beside it.
    /// Both are written to temporary names, the file is read back from the disk and compared,
    /// and only then renamed, so a failure (or a kill) leaves no file.
    static int batchExport(const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        const std::string format = o.required("format"), out = o.required("out");
        Services s(dbPath, keyFileFor(o, dbPath), false);
        auto file = s.batches.exportFile(consoleFinance(), batchId(o), format);
        if (!file.isOk()) throw UsageError{file.outcome.message()};
        writeAtomically(out, file.value->bytes);
        writeAtomically(out + ".manifest.json", file.value->manifest);
        std::cout << "batch " << batchId(o) << ": " << file.value->count << " payouts, "
                  << core::formatYuan(file.value->totalFen) << " 元 → " << out << "\n";
        return 0;
    }

    static void writeAtomically(const std::string& path, const std::string& bytes) {
        const std::string temp = path + ".tmp";
        {
            Poco::FileOutputStream f(temp);
            f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            f.close();
            if (!f.good()) throw Poco::WriteFileException(temp);
        }
        if (readFile(temp) != bytes) {
            Poco::File(temp).remove();
            throw Poco::WriteFileException(temp +
                                           ": the file on disk differs from what was written");
        }
        Poco::File(temp).renameTo(path);
    }

    /// `batch returns`: a bank result file (CSV, pain.002 or camt.054) applied all-or-nothing.
    static int batchReturns(const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        if (o.positional.size() != 1) throw UsageError{"name exactly one result file"};
        const std::string path = o.positional[0];
        if (Poco::File(path).exists() && Poco::File(path).getSize() > MaxResultFileBytes)
            throw UsageError{path + ": larger than 10 MiB"};
        std::vector<std::string> errors;
        const auto file = adapters::formats::parseBankResultFile(readFile(path), errors);
        if (!errors.empty()) {
            std::cerr << "huzhu: " << path << ": nothing applied:\n";
            for (const auto& e : errors) std::cerr << "  " << e << "\n";
            return 2;
        }
        Services s(dbPath, keyFileFor(o, dbPath), false);
        auto report = s.batches.loadResults(consoleFinance(), batchId(o), file.results,
                                            file.originalMessageId, file.groupRejection);
        if (!report.isOk()) throw UsageError{path + ": " + report.outcome.message()};
        std::cout << "batch " << batchId(o) << " (" << file.format << "): " << report.value->paid
                  << " paid, " << report.value->returned << " returned (re-issued), "
                  << report.value->unchanged << " unchanged, " << file.pending << " pending; batch "
                  << report.value->batchStatus << "\n";
        return 0;
    }

    /// `settings set`: one installation setting, audited.
    static int settingsSet(const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        if (o.positional.size() != 2) throw UsageError{"give KEY and VALUE"};
        static const std::set<std::string> keys = {"payer.name", "payer.account",
                                                   "payer.bank_code"};
        const std::string& key = o.positional[0];
        if (!keys.count(key))
            throw UsageError{"unknown setting " + key +
                             " (known: payer.name, payer.account, payer.bank_code)"};
        Services s(dbPath, keyFileFor(o, dbPath), false);
        s.store.setSetting(key, o.positional[1], "console");
        std::cout << key << " set\n";
        return 0;
    }

    static int plansLoad(const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        if (o.positional.empty()) throw UsageError{"name at least one PLAN.json"};
        // Validate every file before storing any, so that one bad file stores nothing.
        std::vector<std::pair<std::string, core::Plan>> plans;
        for (const std::string& path : o.positional) {
            const std::string json = readFile(path);
            try {
                plans.emplace_back(json, adapters::formats::parsePlanJson(json));
            } catch (const adapters::formats::PlanError& e) {
                throw UsageError{path + ": " + e.what()};
            }
        }
        adapters::SystemClock clock;
        adapters::sqlite::Database db(dbPath);
        useAuditKey(o, dbPath);
        for (std::size_t i = 0; i < plans.size(); ++i) {
            core::Outcome stored =
                adapters::sqlite::storePlan(db, plans[i].first, plans[i].second, clock);
            if (!stored.isOk()) throw UsageError{o.positional[i] + ": " + stored.message()};
            std::cout << "plan " << plans[i].second.code << " version " << plans[i].second.version
                      << " stored\n";
        }
        return 0;
    }

    static int backup(const Options& o) {
        const std::string dbPath = o.required("db");
        const std::string out = o.required("out");
        requireDatabase(dbPath);
        adapters::files::BackupReport report;
        try {
            report = adapters::files::backupDatabase(dbPath, out);
        } catch (const adapters::files::BackupRefused& e) {
            throw UsageError{e.what()};
        } catch (const Poco::FileNotFoundException& e) {  // a document missing from the source
            throw UsageError{"backup stopped, nothing kept: " + e.message()};
        } catch (const Poco::DataException& e) {  // a damaged document, a copy failing its check
            throw UsageError{"backup stopped, nothing kept: " + e.message()};
        } catch (const Poco::FileException& e) {  // a folder it may not write to, a full disk
            throw UsageError{"backup stopped, nothing kept: " + e.displayText()};
        }
        std::cout << "backup " << out << ": " << report.pages << " pages of " << report.pageSize
                  << " bytes, checked; " << report.documents << " document(s) in " << out
                  << ".documents\nnot copied: the key file " << keyFileFor(o, dbPath)
                  << " — keep it apart from the backups; without it the personal data in them "
                     "cannot be read\n";
        return 0;
    }

    static int auditVerify(const Options& o) {
        const std::string dbPath = o.required("db");
        requireDatabase(dbPath);
        adapters::sqlite::Database db(dbPath);
        // The checkpoints' signatures need the key: without it a rewritten chain would pass.
        const std::string keyFile = keyFileFor(o, dbPath);
        if (!Poco::File(keyFile).exists())
            throw UsageError{"key file " + keyFile +
                             " is missing (give --key-file); the checkpoints cannot be checked"};
        const std::string signingKey =
            adapters::crypto::FieldCipher::fromKeyFile(keyFile, false).signingKey();
        Poco::Data::Session session = db.session();
        const auto verdict = adapters::sqlite::verifyAudit(session, signingKey);
        if (verdict.badRecord != 0) {
            std::cerr << "huzhu: audit trail broken: " << verdict.problem << "\n";
            return 2;
        }
        std::cout << "audit chain intact\n";
        return 0;
    }
};

POCO_SERVER_MAIN(HuzhuApp)
