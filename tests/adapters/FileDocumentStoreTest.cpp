#include "adapters/files/FileDocumentStore.h"

#include <sys/stat.h>

#include <Poco/Exception.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/crypto/Crypto.h"
#include "support/DemoDatabase.h"

using namespace huzhu;
using adapters::files::FileDocumentStore;
using core::Date;
using core::DocumentKind;

namespace fs = std::filesystem;

namespace {

const std::string Png = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16) + "pixels";
const std::string Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";

/// The demo database with a document store and two claims of M000001.
struct Fixture : test::DemoDatabase {
    FileDocumentStore documents{db, clock};
    core::Actor member = actorFor("demo-member");
    std::int64_t claimA = fileClaim("JS-A");
    std::int64_t claimB = fileClaim("JS-B");

    std::int64_t fileClaim(const std::string& settlementNo) {
        auto cover = store.findCoverage("M000001", "demo-inpatient", Date(2026, 3, 2));
        BOOST_REQUIRE(cover.has_value());
        core::NewClaim c;
        c.memberId = cover->memberId;
        c.planId = cover->planId;
        c.filedBy = member.userId;
        c.facts.type = core::ClaimType::Inpatient;
        c.facts.admission = Date(2026, 3, 2);
        c.facts.discharge = Date(2026, 3, 12);
        c.facts.filed = Date(2026, 6, 15);
        c.facts.diagnosis = "K35.8";
        c.facts.totalFen = 100000;
        c.settlementNo = settlementNo;
        c.invoiceNo = "FP-" + settlementNo;
        c.hospital = "贵州省人民医院";
        c.quoteJson = R"({"status":"zero"})";
        auto id = store.insertClaim(c, member);
        BOOST_REQUIRE(id.isOk());
        return *id.value;
    }

    /// Regular files below the document folder (temporary files included).
    int filesOnDisk() {
        int n = 0;
        for (const auto& e : fs::recursive_directory_iterator(documents.folder()))
            if (e.is_regular_file()) ++n;
        return n;
    }
};

unsigned modeOf(const std::string& path) {
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_document_store)

BOOST_AUTO_TEST_CASE(folder_next_to_the_database_owner_only) {
    Fixture f;
    BOOST_TEST(f.documents.folder() == f.db.path() + ".documents");
    BOOST_TEST(fs::is_directory(f.documents.folder()));
    BOOST_TEST(modeOf(f.documents.folder()) == 0700u);
    // An explicit folder, created when missing; a second store on it is fine.
    FileDocumentStore elsewhere(f.db, f.clock, f.dir.file("docs/"));
    BOOST_TEST(elsewhere.folder() == f.dir.file("docs"));
    BOOST_TEST(modeOf(elsewhere.folder()) == 0700u);
    FileDocumentStore again(f.db, f.clock, f.dir.file("docs"));
    BOOST_TEST(again.folder() == elsewhere.folder());
}

BOOST_AUTO_TEST_CASE(content_addressed_one_file_many_rows) {
    Fixture f;
    const std::string sha = adapters::crypto::sha256Hex(Png);
    const auto first = f.documents.store(f.claimA, Png, DocumentKind::Png, "结算单.png", f.member);
    const auto second = f.documents.store(f.claimB, Png, DocumentKind::Png, "scan.pdf", f.member);

    BOOST_TEST(first.id > 0);
    BOOST_TEST(second.id != first.id);
    BOOST_TEST(first.sha256 == sha);
    BOOST_TEST(second.sha256 == sha);
    BOOST_TEST(first.kind == "png");
    BOOST_TEST(first.fileName == "结算单.png");
    BOOST_TEST(first.sizeBytes == static_cast<std::int64_t>(Png.size()));
    BOOST_TEST(first.uploadedBy == f.member.userId);
    BOOST_TEST(first.uploadedAt == f.clock.now());

    // One file at ab/cdef…, mode 0600, in a subfolder of mode 0700; two rows; no temp files.
    const std::string path = f.documents.folder() + "/" + sha.substr(0, 2) + "/" + sha.substr(2);
    BOOST_TEST(f.documents.pathFor(sha) == path);
    BOOST_TEST(fs::is_regular_file(path));
    BOOST_TEST(test::readFile(path) == Png);
    BOOST_TEST(modeOf(path) == 0600u);
    BOOST_TEST(modeOf(f.documents.folder() + "/" + sha.substr(0, 2)) == 0700u);
    BOOST_TEST(f.filesOnDisk() == 1);
    BOOST_TEST(f.count("documents") == 2);
    BOOST_TEST(f.count("audit_log WHERE action = 'document.uploaded'") == 2);
    // The audit detail carries no file name.
    BOOST_TEST(f.count("audit_log WHERE detail LIKE '%结算单%'") == 0);

    // A second document of another kind is another file.
    f.documents.store(f.claimA, Pdf, DocumentKind::Pdf, "invoice.pdf", f.member);
    BOOST_TEST(f.filesOnDisk() == 2);

    // Listing and finding.
    const auto listed = f.documents.list(f.claimA);
    BOOST_TEST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[0].id == first.id);
    BOOST_TEST(listed[0].fileName == "结算单.png");
    BOOST_TEST(listed[1].kind == "pdf");
    BOOST_TEST(f.documents.list(999).empty());
    const auto found = f.documents.find(second.id);
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->claimId == f.claimB);
    BOOST_TEST(found->sha256 == sha);
    BOOST_TEST(!f.documents.find(999).has_value());
    BOOST_TEST(f.documents.read(*found) == Png);

    Poco::Data::Session s = f.db.session();
    BOOST_TEST(adapters::sqlite::verifyAuditChain(s) == 0);
}

BOOST_AUTO_TEST_CASE(reading_checks_the_hash) {
    Fixture f;
    const auto d = f.documents.store(f.claimA, Pdf, DocumentKind::Pdf, "a.pdf", f.member);
    const std::string path = f.documents.pathFor(d.sha256);
    BOOST_TEST(f.documents.read(d) == Pdf);

    // One byte flipped on disk: refused, not served.
    std::string tampered = Pdf;
    tampered[10] = static_cast<char>(tampered[10] ^ 0x01);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << tampered;
    }
    BOOST_CHECK_THROW(f.documents.read(d), Poco::DataException);

    // Storing the same bytes again repairs the file.
    f.documents.store(f.claimB, Pdf, DocumentKind::Pdf, "a.pdf", f.member);
    BOOST_TEST(f.documents.read(d) == Pdf);
    BOOST_TEST(f.filesOnDisk() == 1);

    // A missing file is an error too.
    fs::remove(path);
    BOOST_CHECK_THROW(f.documents.read(d), Poco::FileNotFoundException);

    // A record whose hash is not a SHA-256 never becomes a path.
    core::DocumentRecord bad = d;
    bad.sha256 = "../../etc/passwd";
    BOOST_CHECK_THROW(f.documents.read(bad), Poco::DataException);
}

BOOST_AUTO_TEST_CASE(claims_with_the_same_hash) {
    Fixture f;
    const std::int64_t claimC = f.fileClaim("JS-C");
    const auto d = f.documents.store(f.claimA, Png, DocumentKind::Png, "a.png", f.member);
    BOOST_TEST(f.documents.claimsWithHash(d.sha256, f.claimA).empty());
    f.documents.store(claimC, Png, DocumentKind::Png, "c.png", f.member);
    f.documents.store(f.claimB, Png, DocumentKind::Png, "b.png", f.member);
    f.documents.store(f.claimB, Png, DocumentKind::Png, "b-again.png", f.member);
    f.documents.store(f.claimB, Pdf, DocumentKind::Pdf, "b.pdf", f.member);

    const auto others = f.documents.claimsWithHash(d.sha256, f.claimA);
    BOOST_TEST_REQUIRE(others.size() == 2u);  // each claim once, ascending
    BOOST_TEST(others[0] == f.claimB);
    BOOST_TEST(others[1] == claimC);
    BOOST_TEST(f.documents.claimsWithHash(d.sha256, f.claimB).size() == 2u);
    BOOST_TEST(f.documents.claimsWithHash(std::string(64, '0'), 0).empty());
}

BOOST_AUTO_TEST_CASE(schema_refuses_bad_rows) {
    Fixture f;
    using namespace Poco::Data::Keywords;
    Poco::Data::Session s = f.db.session();
    const std::string sha(64, 'a');
    auto insert = [&](const std::string& kind, Poco::Int64 size, Poco::Int64 claim) {
        s << "INSERT INTO documents (claim_id, sha256, kind, file_name, size_bytes, uploaded_by, "
             "uploaded_at) VALUES (?, ?, ?, 'x', ?, ?, 'now')",
            bind(claim), bind(sha), bind(kind), bind(size), bind(f.member.userId), now;
    };
    BOOST_CHECK_THROW(insert("gif", 1, f.claimA), Poco::Exception);
    BOOST_CHECK_THROW(insert("pdf", 0, f.claimA), Poco::Exception);
    BOOST_CHECK_THROW(insert("pdf", 1, 999), Poco::Exception);  // no such claim
    BOOST_CHECK_NO_THROW(insert("pdf", 1, f.claimA));
}

BOOST_AUTO_TEST_SUITE_END()
