// Claim documents over HTTP against the real binary: multipart upload (written by hand, as a
// browser would send it), listing, download, the size and type limits, scope and CSRF.

#include <Poco/JSON/Array.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>

#include "Harness.h"

using namespace huzhu::test;

namespace {

const std::string Png = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", 20) +
                        std::string(64, '\x7F');
const std::string Boundary = "----huzhu-test-boundary-7MA4YWxkTrZu0gW";

/// One file part named `field`, as multipart/form-data with `Boundary`.
std::string multipart(const std::string& bytes, const std::string& fileName,
                      const std::string& field = "file",
                      const std::string& type = "application/octet-stream") {
    return "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"" + field +
           "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes +
           "\r\n--" + Boundary + "--\r\n";
}

/// A logged-in client that also sends multipart uploads.
class Browser : public Client {
public:
    Browser(int port, const std::string& username) : Client(port) { login(username); }

    Response upload(std::int64_t claimId, const std::string& body, bool withCsrf = true,
                    const std::string& type = "multipart/form-data; boundary=" + Boundary) {
        return post("/api/v1/claims/" + std::to_string(claimId) + "/documents", body, withCsrf,
                    type);
    }
    Response postJson(const std::string& path, const std::string& body) { return post(path, body); }
    /// Files a claim of today under the demo plan; its id.
    std::int64_t fileClaim(const std::string& settlementNo) {
        const std::string d = today();
        Response filed =
            postJson("/api/v1/claims", R"({"plan_code":"demo-inpatient","admission":")" + d +
                                           R"(","discharge":")" + d +
                                           R"(","diagnosis":"K35.8","total_fen":3000000,)"
                                           R"("fund_paid_fen":1800000,"settlement_no":")" +
                                           settlementNo + R"("})");
        BOOST_TEST_REQUIRE(filed.status == 201, filed.body);
        return filed.json()->getValue<Poco::Int64>("id");
    }
};

std::string errorField(const Response& r) {
    auto error = r.json()->getObject("error");
    return error->isNull("field") ? "" : error->getValue<std::string>("field");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(documents, DemoServer)

BOOST_AUTO_TEST_CASE(upload_list_download) {
    const int port = server->port();
    Browser member(port, "demo-member");
    const auto claimId = member.fileClaim("DOC-JS-1");
    const std::string listPath = "/api/v1/claims/" + std::to_string(claimId) + "/documents";

    // A small PNG: 201 with the document.
    Response up = member.upload(claimId, multipart(Png, "结算单.png", "file", "image/png"));
    BOOST_TEST_REQUIRE(up.status == 201, up.body);
    auto doc = up.json();
    const auto docId = doc->getValue<Poco::Int64>("id");
    BOOST_TEST(doc->getValue<std::string>("kind") == "png");
    BOOST_TEST(doc->getValue<std::string>("file_name") == "结算单.png");
    BOOST_TEST(doc->getValue<Poco::Int64>("size_bytes") == static_cast<Poco::Int64>(Png.size()));
    BOOST_TEST(doc->getValue<std::string>("sha256").size() == 64u);
    BOOST_TEST(!doc->getValue<std::string>("uploaded_at").empty());
    BOOST_TEST(std::filesystem::is_directory(db + ".documents"));

    // A text file named .pdf is refused by its content, naming the field.
    Response text = member.upload(claimId, multipart("住院费用 3000.00 元\n", "scan.pdf"));
    BOOST_TEST(text.status == 400, text.body);
    BOOST_TEST(errorField(text) == "file");
    // So is an executable, and an empty file.
    BOOST_TEST(member.upload(claimId, multipart(std::string("MZ\x90\x00", 4), "a.pdf")).status ==
               400);
    BOOST_TEST(member.upload(claimId, multipart("", "a.pdf")).status == 400);

    // 10 MiB + 1 byte of an otherwise fine PDF: too large.
    std::string big = "%PDF-1.4\n";
    big.resize(10 * 1024 * 1024 + 1, ' ');
    Response large = member.upload(claimId, multipart(big, "big.pdf"));
    BOOST_TEST((large.status == 413 || large.status == 400), large.status << " " << large.body);
    BOOST_TEST(errorField(large) == "file");

    // Malformed requests: no CSRF token, not multipart, a part with another name, no part.
    BOOST_TEST(member.upload(claimId, multipart(Png, "a.png"), false).status == 403);
    Response json = member.upload(claimId, R"({"file":"x"})", true, "application/json");
    BOOST_TEST(json.status == 415, json.body);
    Response other = member.upload(claimId, multipart(Png, "a.png", "document"));
    BOOST_TEST(other.status == 400, other.body);
    BOOST_TEST(errorField(other) == "document");
    Response none = member.upload(claimId, "--" + Boundary + "--\r\n");
    BOOST_TEST(none.status == 400, none.body);
    BOOST_TEST(errorField(none) == "file");

    // The member lists and downloads the one document that was accepted.
    Response listed = member.get(listPath);
    BOOST_TEST_REQUIRE(listed.status == 200, listed.body);
    auto items = listed.json()->getArray("items");
    BOOST_TEST_REQUIRE(items->size() == 1u);
    BOOST_TEST(items->getObject(0)->getValue<Poco::Int64>("id") == docId);
    const std::string docPath = "/api/v1/documents/" + std::to_string(docId);
    Response got = member.get(docPath);
    BOOST_TEST_REQUIRE(got.status == 200);
    BOOST_TEST(got.body == Png);
    BOOST_TEST(got.headers["Content-Type"] == "image/png");
    BOOST_TEST(got.headers["Content-Disposition"].rfind("attachment;", 0) == 0u);
    BOOST_TEST(got.headers["Content-Disposition"].find("filename*=UTF-8''%E7%BB%93") !=
               std::string::npos);
    BOOST_TEST(got.headers["X-Content-Type-Options"] == "nosniff");

    // The claims officer and the member's union officer see it too; the officer cannot add.
    Browser officer(port, "demo-officer");
    BOOST_TEST(officer.get(listPath).status == 200);
    Response officerGot = officer.get(docPath);
    BOOST_TEST(officerGot.status == 200);
    BOOST_TEST(officerGot.body == Png);
    Response officerUp = officer.upload(claimId, multipart(Png, "a.png"));
    BOOST_TEST(officerUp.status == 403, officerUp.body);
    Browser unionOfficer(port, "demo-union");
    BOOST_TEST(unionOfficer.get(docPath).status == 200);
    BOOST_TEST(unionOfficer.get(listPath).status == 200);

    BOOST_TEST(member.get("/api/v1/documents/999999").status == 404);
    BOOST_TEST(member.get("/api/v1/documents/abc").status == 404);

    BOOST_TEST(server->stop() == 0);
    RunResult audit = runHuzhu({"audit", "verify", "--db", db});
    BOOST_TEST(audit.exitCode == 0, audit.err);
}

BOOST_AUTO_TEST_CASE(out_of_scope_is_not_found) {
    const int port = server->port();
    // Demo claim 1 was filed by demo-union for M000002; its filer adds a document.
    Browser unionOfficer(port, "demo-union");
    Response up = unionOfficer.upload(1, multipart(Png, "invoice.png"));
    BOOST_TEST_REQUIRE(up.status == 201, up.body);
    const std::string docPath =
        "/api/v1/documents/" + std::to_string(up.json()->getValue<Poco::Int64>("id"));
    BOOST_TEST(unionOfficer.get(docPath).status == 200);

    // demo-member (M000001) may not see claim 1: everything about it is 404.
    Browser member(port, "demo-member");
    BOOST_TEST(member.get(docPath).status == 404);
    BOOST_TEST(member.get("/api/v1/claims/1/documents").status == 404);
    BOOST_TEST(member.upload(1, multipart(Png, "a.png")).status == 404);
    BOOST_TEST(Browser(port, "demo-auditor").get(docPath).status == 200);

    // Not logged in: 401.
    Client anonymous(port);
    BOOST_TEST(anonymous.get(docPath).status == 401);
}

BOOST_AUTO_TEST_CASE(same_document_on_two_claims_is_flagged) {
    const int port = server->port();
    Browser member(port, "demo-member");
    std::vector<Poco::Int64> ids;
    for (const char* settlement : {"DOC-SAME-1", "DOC-SAME-2"}) {
        ids.push_back(member.fileClaim(settlement));
        BOOST_TEST_REQUIRE(member.upload(ids.back(), multipart(Png, "发票.png")).status == 201);
    }
    Response second = member.get("/api/v1/claims/" + std::to_string(ids[1]));
    BOOST_TEST(second.body.find(R"({"kind":"same_document","claim_id":)" + std::to_string(ids[0]) +
                                "}") != std::string::npos,
               second.body);
}

BOOST_AUTO_TEST_CASE(backup_while_serving_copies_the_database_and_its_documents) {
    const int port = server->port();
    Browser member(port, "demo-member");
    const auto claimId = member.fileClaim("BAK-1");
    Response up = member.upload(claimId, multipart(Png, "结算单.png", "file", "image/png"));
    BOOST_TEST_REQUIRE(up.status == 201, up.body);
    const std::string sha = up.json()->getValue<std::string>("sha256");

    // Taken while the server runs; an officer keeps viewing claims meanwhile.
    Browser officer(port, "demo-officer");
    const std::string copy = dir.file("copy.db");
    RunResult backup = runHuzhu({"backup", "--db", db, "--out", copy});
    BOOST_TEST_REQUIRE(backup.exitCode == 0, backup.err);
    BOOST_TEST(backup.out.find("1 document(s)") != std::string::npos, backup.out);
    BOOST_TEST(backup.out.find("not copied: the key file") != std::string::npos, backup.out);
    BOOST_TEST(officer.get("/api/v1/claims/" + std::to_string(claimId)).status == 200);

    // The copy: the same claims, an intact audit chain (with the key), the document's bytes,
    // files for the owner alone, and nothing left under temporary names.
    BOOST_TEST(sql(copy, "SELECT count(*) FROM claims") == sql(db, "SELECT count(*) FROM claims"));
    BOOST_TEST(sql(copy, "SELECT settlement_no FROM claims WHERE id = " +
                             std::to_string(claimId)) == "BAK-1");
    RunResult verify = runHuzhu({"audit", "verify", "--db", copy, "--key-file", db + ".key"});
    BOOST_TEST(verify.exitCode == 0, verify.out + verify.err);
    const std::string copied = copy + ".documents/" + sha.substr(0, 2) + "/" + sha.substr(2);
    std::string bytes;
    std::FILE* f = std::fopen(copied.c_str(), "rb");
    BOOST_TEST_REQUIRE(f != nullptr, copied);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
    std::fclose(f);
    BOOST_TEST((bytes == Png));
    namespace fs = std::filesystem;
    BOOST_TEST(((fs::status(copy).permissions() & fs::perms::group_read) == fs::perms::none));
    BOOST_TEST(((fs::status(copy + ".documents").permissions() & fs::perms::others_read) ==
                fs::perms::none));
    BOOST_TEST(!fs::exists(copy + ".partial"));
    BOOST_TEST(!fs::exists(copy + ".documents.partial"));

    // Never over an existing backup; not into a missing folder.
    RunResult again = runHuzhu({"backup", "--db", db, "--out", copy});
    BOOST_TEST(again.exitCode == 2);
    BOOST_TEST(again.err.find("exists") != std::string::npos, again.err);
    RunResult nowhere = runHuzhu({"backup", "--db", db, "--out", dir.file("no/such/x.db")});
    BOOST_TEST(nowhere.exitCode == 2);
    BOOST_TEST(nowhere.err.find("no such folder") != std::string::npos, nowhere.err);

    // One backup to a name at a time.
    const std::string busy = dir.file("busy.db");
    const int lock = ::open((busy + ".lock").c_str(), O_RDWR | O_CREAT, 0600);
    BOOST_TEST_REQUIRE(lock >= 0);
    BOOST_TEST_REQUIRE(::flock(lock, LOCK_EX | LOCK_NB) == 0);
    RunResult concurrent = runHuzhu({"backup", "--db", db, "--out", busy});
    ::close(lock);
    BOOST_TEST(concurrent.exitCode == 2);
    BOOST_TEST(concurrent.err.find("another backup to") != std::string::npos, concurrent.err);
    BOOST_TEST(!fs::exists(busy));

    // A damaged document stops the backup, and nothing of it is kept.
    const std::string original = db + ".documents/" + sha.substr(0, 2) + "/" + sha.substr(2);
    fs::permissions(original, fs::perms::owner_write, fs::perm_options::add);
    std::FILE* w = std::fopen(original.c_str(), "ab");
    BOOST_TEST_REQUIRE(w != nullptr);
    std::fputs("tampered", w);
    std::fclose(w);
    const std::string second = dir.file("second.db");
    RunResult damaged = runHuzhu({"backup", "--db", db, "--out", second});
    BOOST_TEST(damaged.exitCode == 2);
    BOOST_TEST(damaged.err.find("does not match its SHA-256") != std::string::npos, damaged.err);
    for (const std::string& left :
         {second, second + ".partial", second + ".documents", second + ".documents.partial"})
        BOOST_TEST(!fs::exists(left), left);
}

BOOST_AUTO_TEST_SUITE_END()
