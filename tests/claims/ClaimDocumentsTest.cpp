#include "claims/ClaimDocuments.h"

#include <boost/test/unit_test.hpp>

#include <string>

#include "adapters/files/FileDocumentStore.h"
#include "claims/ClaimWorkflow.h"
#include "support/DemoDatabase.h"

using namespace huzhu;
using claims::ClaimDocuments;
using claims::ClaimRequest;
using core::Date;
using core::Outcome;

namespace {

const std::string Png = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16) + "pixels";
const std::string Jpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "photo";

ClaimRequest stay(const std::string& settlementNo, std::optional<std::string> memberNo = {}) {
    ClaimRequest r;
    r.memberNo = std::move(memberNo);
    r.planCode = "demo-inpatient";
    r.facts.type = core::ClaimType::Inpatient;
    r.facts.admission = Date(2026, 3, 2);
    r.facts.discharge = Date(2026, 3, 12);
    r.facts.diagnosis = "K35.8";
    r.facts.totalFen = 3000000;
    r.facts.fundPaidFen = 1800000;
    r.settlementNo = settlementNo;
    r.invoiceNo = "INV-" + settlementNo;
    r.hospital = "贵阳市第一人民医院";
    return r;
}

struct Fixture : test::DemoDatabase {
    claims::ClaimWorkflow workflow{store, clock, core::AuthorityRules{}};
    adapters::files::FileDocumentStore files{db, clock};
    ClaimDocuments documents{store, files};
    core::Actor member = actorFor("demo-member");       // M000001, union U0001
    core::Actor unionOfficer = actorFor("demo-union");  // union U0001
    core::Actor officer = actorFor("demo-officer");
    core::Actor auditor = actorFor("demo-auditor");

    std::int64_t file(const core::Actor& actor, ClaimRequest request) {
        auto filed = workflow.fileClaim(actor, std::move(request));
        BOOST_REQUIRE_MESSAGE(filed.isOk(), filed.outcome.toString());
        return filed.value->id;
    }
};

bool refusedWith(const Outcome& o, Outcome::Kind kind, const std::string& field = "") {
    return o.kind() == kind && o.field() == field;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(claim_documents, Fixture)

BOOST_AUTO_TEST_CASE(the_filer_uploads_and_everyone_in_scope_reads) {
    const std::int64_t claim = file(member, stay("S-1"));
    auto up = documents.upload(member, claim, Png, "C:\\scans\\结算单.pdf");
    BOOST_REQUIRE_MESSAGE(up.isOk(), up.outcome.toString());
    BOOST_TEST(up.value->kind == "png");  // by content, not by the name
    BOOST_TEST(up.value->fileName == "结算单.pdf");
    BOOST_TEST(up.value->claimId == claim);

    for (const core::Actor& reader : {member, unionOfficer, officer, auditor}) {
        auto listed = documents.list(reader, claim);
        BOOST_REQUIRE_MESSAGE(listed.isOk(), reader.username);
        BOOST_TEST(listed.value->size() == 1u);
        auto got = documents.download(reader, up.value->id);
        BOOST_REQUIRE_MESSAGE(got.isOk(), reader.username);
        BOOST_TEST(got.value->bytes == Png);
        BOOST_TEST((got.value->kind == core::DocumentKind::Png));
    }

    // Seeing is not uploading: officers and a union officer who did not file get 403.
    BOOST_TEST(refusedWith(documents.upload(officer, claim, Png, "x.png").outcome,
                           Outcome::Kind::Forbidden));
    BOOST_TEST(refusedWith(documents.upload(unionOfficer, claim, Png, "x.png").outcome,
                           Outcome::Kind::Forbidden));

    // Out of scope: not found, as if the claim did not exist.
    const core::Actor stranger = addUser("other-member", "member", memberId("M000020"));
    const core::Actor otherUnion =
        addUser("other-union", "union_officer", std::nullopt, unionOf("M000020"));
    for (const core::Actor& outsider : {stranger, otherUnion}) {
        BOOST_TEST(refusedWith(documents.upload(outsider, claim, Png, "x.png").outcome,
                               Outcome::Kind::NotFound));
        BOOST_TEST(refusedWith(documents.list(outsider, claim).outcome, Outcome::Kind::NotFound));
        BOOST_TEST(refusedWith(documents.download(outsider, up.value->id).outcome,
                               Outcome::Kind::NotFound));
    }
    BOOST_TEST(
        refusedWith(documents.upload(member, 9999, Png, "x.png").outcome, Outcome::Kind::NotFound));
    BOOST_TEST(refusedWith(documents.download(member, 9999).outcome, Outcome::Kind::NotFound));
}

BOOST_AUTO_TEST_CASE(a_proxy_filing_takes_documents_from_the_filer_and_the_member) {
    const std::int64_t claim = file(unionOfficer, stay("S-2", "M000001"));
    BOOST_TEST(documents.upload(unionOfficer, claim, Jpeg, "invoice.jpg").isOk());
    BOOST_TEST(documents.upload(member, claim, Png, "discharge.png").isOk());
    BOOST_TEST(documents.list(officer, claim).value->size() == 2u);
}

BOOST_AUTO_TEST_CASE(only_pdf_jpeg_png_within_the_limit) {
    const std::int64_t claim = file(member, stay("S-3"));
    BOOST_TEST(refusedWith(documents.upload(member, claim, "just text\n", "a.pdf").outcome,
                           Outcome::Kind::Invalid, "file"));
    BOOST_TEST(refusedWith(documents.upload(member, claim, "MZ\x90", "setup.pdf").outcome,
                           Outcome::Kind::Invalid, "file"));
    BOOST_TEST(refusedWith(documents.upload(member, claim, "", "a.pdf").outcome,
                           Outcome::Kind::Invalid, "file"));
    std::string big = "%PDF-1.4\n";
    big.resize(ClaimDocuments::MaxBytes + 1, ' ');
    BOOST_TEST(refusedWith(documents.upload(member, claim, big, "big.pdf").outcome,
                           Outcome::Kind::Invalid, "file"));
    big.resize(ClaimDocuments::MaxBytes);
    BOOST_TEST(documents.upload(member, claim, big, "just-fits.pdf").isOk());

    // File names: printable UTF-8, at most 255 bytes; none at all gets a default.
    BOOST_TEST(refusedWith(documents.upload(member, claim, Png, "bad\xC0\xAF.png").outcome,
                           Outcome::Kind::Invalid, "file"));
    BOOST_TEST(refusedWith(documents.upload(member, claim, Png, "line\nbreak.png").outcome,
                           Outcome::Kind::Invalid, "file"));
    BOOST_TEST(refusedWith(documents.upload(member, claim, Png, std::string(256, 'a')).outcome,
                           Outcome::Kind::Invalid, "file"));
    auto unnamed = documents.upload(member, claim, Png, "");
    BOOST_REQUIRE(unnamed.isOk());
    BOOST_TEST(unnamed.value->fileName == "document.png");
    auto dir = documents.upload(member, claim, Png, "../../");
    BOOST_REQUIRE(dir.isOk());
    BOOST_TEST(dir.value->fileName == "document.png");
}

BOOST_AUTO_TEST_CASE(rejected_and_paid_claims_take_no_documents) {
    const std::int64_t rejected = file(member, stay("S-4"));
    BOOST_REQUIRE(
        workflow.decide(officer, rejected, core::DecisionAction::Reject, "not covered").isOk());
    BOOST_TEST(refusedWith(documents.upload(member, rejected, Png, "x.png").outcome,
                           Outcome::Kind::Conflict));
    BOOST_TEST(documents.list(member, rejected).isOk());

    const std::int64_t paid = file(member, stay("S-5"));
    {
        using namespace Poco::Data::Keywords;
        Poco::Data::Session s = db.session();
        Poco::Int64 id = paid;
        s << "UPDATE claims SET status = 'paid' WHERE id = ?", use(id), now;
    }
    BOOST_TEST(
        refusedWith(documents.upload(member, paid, Png, "x.png").outcome, Outcome::Kind::Conflict));
}

BOOST_AUTO_TEST_SUITE_END()
