// The XLSX and pain.001 writers: exact values, the checks before a file is final, and the
// pain.001 output validated against the official XSD (Debian's tryton-modules-account-payment-
// sepa ships it) with libxml2.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "adapters/formats/Pain001Writer.h"
#include "adapters/formats/XlsxWriter.h"
#include "support/XmlSchema.h"

using namespace huzhu;
using adapters::formats::Pain001Writer;
using adapters::formats::XlsxWriter;
using core::PaymentFile;
using core::PaymentLine;

namespace {

const char* const Pain001Xsd =
    "/usr/lib/python3/dist-packages/trytond/modules/account_payment_sepa/tests/"
    "pain.001.001.03.xsd";

PaymentFile sampleFile() {
    PaymentFile file;
    file.batchId = 3;
    file.messageId = "HZ20261129-00000007";
    file.firstExport = "2026-11-29T10:15:00+08:00";
    file.payer = {.name = "示范市总工会职工互助保障会",
                  .account = "6222020200012345678",
                  .bankCode = "ICBKCNBJXXX"};
    file.lines = {
        PaymentLine{.seq = 1,
                    .payoutId = 41,
                    .reference = "HZP0000000041",
                    .payeeName = "阿依古丽·买买提",
                    .account = "6222020000000000055",
                    .bankName = "中国工商银行贵阳分行",
                    .amountFen = 582000,
                    .purpose = "职工医疗互助金 理赔12"},
        PaymentLine{.seq = 2,
                    .payoutId = 42,
                    .reference = "HZP0000000042",
                    .payeeName = "=王<&>'\"伟",
                    .account = "6222020000000000063",
                    .bankName = "中国银行",
                    .amountFen = 5,
                    .purpose = "-1+1"},
    };
    file.totalFen = 582005;
    return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payment_files)

BOOST_AUTO_TEST_CASE(pain001_is_valid_against_the_official_xsd) {
    const auto xml = Pain001Writer().write(sampleFile());
    BOOST_REQUIRE_MESSAGE(xml.isOk(), xml.outcome.toString());
    BOOST_TEST(huzhu::test::xsdErrors(*xml.value, Pain001Xsd) == "");
    const std::string& x = *xml.value;
    BOOST_TEST(x.find("<GrpHdr><MsgId>HZ20261129-00000007</MsgId><CreDtTm>2026-11-29T10:15:00"
                      "</CreDtTm><NbOfTxs>2</NbOfTxs><CtrlSum>5820.05</CtrlSum>") !=
               std::string::npos);
    BOOST_TEST(x.find("<PmtMtd>TRF</PmtMtd><NbOfTxs>2</NbOfTxs><CtrlSum>5820.05</CtrlSum>"
                      "<ReqdExctnDt>2026-11-29</ReqdExctnDt>") != std::string::npos);
    BOOST_TEST(x.find("<BIC>ICBKCNBJXXX</BIC>") != std::string::npos);
    // Chinese written exactly; markup characters escaped, not dropped.
    BOOST_TEST(x.find("<Cdtr><Nm>阿依古丽·买买提</Nm></Cdtr>") != std::string::npos);
    BOOST_TEST(x.find("<Nm>=王&lt;&amp;&gt;&apos;&quot;伟</Nm>") != std::string::npos);
    BOOST_TEST(x.find("<EndToEndId>HZP0000000042</EndToEndId></PmtId><Amt><InstdAmt "
                      "Ccy=\"CNY\">0.05</InstdAmt>") != std::string::npos);

    const auto back = Pain001Writer().readBack(x);
    BOOST_REQUIRE(back.isOk());
    BOOST_TEST(back.value->count == 2);
    BOOST_TEST(back.value->totalFen == 582005);
    BOOST_TEST(back.value->references.at(1) == "HZP0000000042");

    // Without a BIC the debtor agent is NOTPROVIDED, still valid.
    PaymentFile noBic = sampleFile();
    noBic.payer.bankCode = "";
    const auto other = Pain001Writer().write(noBic);
    BOOST_REQUIRE(other.isOk());
    BOOST_TEST(other.value->find("<Othr><Id>NOTPROVIDED</Id></Othr>") != std::string::npos);
    BOOST_TEST(huzhu::test::xsdErrors(*other.value, Pain001Xsd) == "");
}

BOOST_AUTO_TEST_CASE(pain001_read_back_catches_totals_that_do_not_match) {
    std::string x = *Pain001Writer().write(sampleFile()).value;
    const std::string bad =
        x.replace(x.find("<CtrlSum>5820.05</CtrlSum>"), 26, "<CtrlSum>5820.06</CtrlSum>");
    const auto back = Pain001Writer().readBack(bad);
    BOOST_REQUIRE(!back.isOk());
    BOOST_TEST(back.outcome.message() ==
               "GrpHdr declares 5820.06 but the transfers add up to 5820.05");
}

BOOST_AUTO_TEST_CASE(pain001_refuses_what_it_cannot_carry_naming_the_payout) {
    PaymentFile file = sampleFile();
    file.lines[0].payeeName = std::string(141, 'A');
    auto longName = Pain001Writer().write(file);
    BOOST_REQUIRE(!longName.isOk());
    BOOST_TEST(longName.outcome.message() ==
               "payout HZP0000000041 (line 1): 收款人姓名 (payee name) has 141 characters; the "
               "file allows at most 140");
    file = sampleFile();
    file.lines[1].purpose = "bell\x07";
    BOOST_TEST(Pain001Writer().write(file).outcome.message().find("payout HZP0000000042") == 0u);
    file = sampleFile();
    file.payer.account = "";
    BOOST_TEST(Pain001Writer().write(file).outcome.field() == "payer");
    file = sampleFile();
    file.payer.bankCode = std::string(36, 'B');  // neither a BIC nor a Max35Text id
    BOOST_TEST(Pain001Writer().write(file).outcome.field() == "payer");
    // 140 Chinese characters fit: the limit counts characters, not bytes.
    file = sampleFile();
    file.lines[0].payeeName.clear();
    for (int i = 0; i < 140; ++i) file.lines[0].payeeName += "王";
    auto wide = Pain001Writer().write(file);
    BOOST_REQUIRE(wide.isOk());
    BOOST_TEST(huzhu::test::xsdErrors(*wide.value, Pain001Xsd) == "");
}

BOOST_AUTO_TEST_CASE(xlsx_reads_back_is_neutralised_and_repeatable) {
    const XlsxWriter writer;
    const auto bytes = writer.write(sampleFile());
    BOOST_REQUIRE_MESSAGE(bytes.isOk(), bytes.outcome.toString());
    BOOST_TEST(bytes.value->substr(0, 2) == "PK");  // a zip container
    const auto again = writer.write(sampleFile());
    BOOST_TEST(*again.value == *bytes.value);  // same batch, same bytes
    const auto back = writer.readBack(*bytes.value);
    BOOST_REQUIRE_MESSAGE(back.isOk(), back.outcome.toString());
    BOOST_TEST(back.value->count == 2);
    BOOST_TEST(back.value->totalFen == 582005);
    BOOST_TEST(back.value->references.at(0) == "HZP0000000041");
    BOOST_TEST(!writer.readBack("PK not a zip").isOk());
    // A totals row whose count disagrees with the rows is caught (bytes edited in the zip's
    // stored sheet would not survive its CRC, so the check is on a file written with a lie).
    PaymentFile lying = sampleFile();
    lying.totalFen += 1;
    const auto wrongTotal = writer.readBack(*writer.write(lying).value);
    BOOST_REQUIRE(!wrongTotal.isOk());
    BOOST_TEST(wrongTotal.outcome.message() ==
               "the totals row declares 5820.06 but the transfers add up to 5820.05");
    // A different first export is a different document (its creation time).
    PaymentFile later = sampleFile();
    later.firstExport = "2026-11-30T09:00:00+08:00";
    BOOST_TEST(*writer.write(later).value != *bytes.value);
}

BOOST_AUTO_TEST_SUITE_END()
