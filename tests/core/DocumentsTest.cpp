#include "core/Documents.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace huzhu::core;

namespace {

const std::string Pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n";
const std::string Jpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "rest";
const std::string Png = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16);

}  // namespace

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(each_kind_by_its_magic_bytes) {
    BOOST_TEST((sniffDocument(Pdf) == DocumentKind::Pdf));
    BOOST_TEST((sniffDocument(Jpeg) == DocumentKind::Jpeg));
    BOOST_TEST((sniffDocument(Png) == DocumentKind::Png));
    BOOST_TEST(toString(*sniffDocument(Png)) == "png");
    BOOST_TEST(mediaType(DocumentKind::Jpeg) == "image/jpeg");
    BOOST_TEST(mediaType(DocumentKind::Pdf) == "application/pdf");
    BOOST_TEST(mediaType(DocumentKind::Png) == "image/png");
    for (auto kind : {DocumentKind::Pdf, DocumentKind::Jpeg, DocumentKind::Png})
        BOOST_TEST((parseDocumentKind(toString(kind)) == kind));
    BOOST_TEST(!parseDocumentKind("gif").has_value());
}

BOOST_AUTO_TEST_CASE(the_content_decides_not_the_name) {
    // A PNG saved as "结算单.pdf" is still a PNG: the bytes are all sniffDocument sees.
    const std::string renamedPng = Png;
    BOOST_TEST((sniffDocument(renamedPng) == DocumentKind::Png));
    // The signatures must be complete and at the start.
    BOOST_TEST(!sniffDocument("%PDF").has_value());
    BOOST_TEST(!sniffDocument(std::string("\xFF\xD8", 2)).has_value());
    BOOST_TEST(!sniffDocument(std::string("\x89PNG\r\n\x1A", 7)).has_value());
    BOOST_TEST(!sniffDocument(" %PDF-1.4").has_value());
    BOOST_TEST(!sniffDocument(std::string("\x89png\r\n\x1A\n", 8)).has_value());
}

BOOST_AUTO_TEST_CASE(other_content_is_refused) {
    BOOST_TEST(!sniffDocument("住院费用结算单: 3000.00 元\n").has_value());  // a text file
    BOOST_TEST(!sniffDocument(std::string("MZ\x90\x00\x03\x00\x00\x00", 8)).has_value());  // EXE
    BOOST_TEST(!sniffDocument("GIF89a").has_value());
    BOOST_TEST(!sniffDocument("<html>%PDF-1.4</html>").has_value());
    BOOST_TEST(!sniffDocument("").has_value());
    BOOST_TEST(!sniffDocument(std::string(1, '\0')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
