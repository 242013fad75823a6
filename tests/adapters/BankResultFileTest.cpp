#include <libxml/xmlerror.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/formats/BankResultFile.h"

using huzhu::adapters::formats::BankResultFile;
using huzhu::adapters::formats::parseBankResultFile;

namespace {

// Shipped by Debian's python3-trytond-account-payment-sepa (scripts/lib/deps.sh installs it).
const std::filesystem::path TrytonSamples =
    "/usr/lib/python3/dist-packages/trytond/modules/account_payment_sepa/tests";

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The 1-based line of the `nth` (from 1) occurrence of `needle` in `text`.
std::int64_t lineOf(const std::string& text, const std::string& needle, int nth = 1) {
    std::size_t at = std::string::npos;
    for (int i = 0; i < nth; ++i) {
        at = text.find(needle, at == std::string::npos ? 0 : at + 1);
        BOOST_TEST_REQUIRE(at != std::string::npos, needle << " #" << nth << " not in the text");
    }
    std::int64_t line = 1;
    for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
    return line;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& line : lines) s += line + "\n";
    return s;
}

struct Parsed {
    BankResultFile file;
    std::vector<std::string> errors;
};

Parsed parse(std::string_view bytes) {
    Parsed p;
    p.file = parseBankResultFile(bytes, p.errors);
    return p;
}

const std::string Pain002Ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

/// A pain.002 with `group` inside OrgnlGrpInfAndSts and `body` after it.
std::string pain002(const std::string& group, const std::string& body) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns=")" +
           Pain002Ns + R"(">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>BANK-STS-0001</MsgId>
      <CreDtTm>2026-03-02T10:00:00</CreDtTm>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
)" + group +
           R"(
    </OrgnlGrpInfAndSts>
)" + body + R"(  </CstmrPmtStsRpt>
</Document>
)";
}

const std::string OriginalGroup = R"(      <OrgnlMsgId>HZB-2026-0001</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>)";

std::string tx(const std::string& reference, const std::string& status,
               const std::string& extra = "") {
    return "      <TxInfAndSts>\n        <OrgnlEndToEndId>" + reference +
           "</OrgnlEndToEndId>\n        <TxSts>" + status + "</TxSts>\n" + extra +
           "      </TxInfAndSts>\n";
}

std::string paymentInfo(const std::string& txs, const std::string& status = "") {
    return "    <OrgnlPmtInfAndSts>\n      <OrgnlPmtInfId>HZB-2026-0001-1</OrgnlPmtInfId>\n" +
           (status.empty() ? "" : "      <PmtInfSts>" + status + "</PmtInfSts>\n") + txs +
           "    </OrgnlPmtInfAndSts>\n";
}

/// A camt.054 (version `version`) notification holding `entries`.
std::string camt054(const std::string& entries, const std::string& version = "02") {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.)" +
           version + R"(">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr>
      <MsgId>BANK-NTF-0001</MsgId>
      <CreDtTm>2026-03-03T09:00:00</CreDtTm>
    </GrpHdr>
    <Ntfctn>
      <Id>NTF-1</Id>
)" + entries +
           R"(    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
)";
}

std::string entry(const std::string& direction, const std::string& status, const std::string& txs) {
    return "      <Ntry>\n        <Amt Ccy=\"CNY\">1200.00</Amt>\n        <CdtDbtInd>" + direction +
           "</CdtDbtInd>\n        " + status + "\n        <NtryDtls>\n" + txs +
           "        </NtryDtls>\n      </Ntry>\n";
}

std::string txDetails(const std::string& reference, const std::string& extra = "") {
    return "          <TxDtls>\n            <Refs><EndToEndId>" + reference +
           "</EndToEndId></Refs>\n" + extra + "          </TxDtls>\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(BankResultFileTest)

// ---- CSV ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(csv_is_the_fallback) {
    std::vector<std::string> errors;
    const auto file = parseBankResultFile("业务编号,状态,原因\r\nHZP0000000001,成功,\r\n", errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST(file.format == "csv");
    BOOST_TEST(file.results.size() == 1u);
}

BOOST_AUTO_TEST_CASE(csv_with_bom_and_a_failure) {
    const auto p = parse(
        "\xEF\xBB\xBF业务编号,状态,原因\nHZP0000000001,成功,\nHZP0000000002,失败,账户已销户\n");
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST(p.file.format == "csv");
    BOOST_TEST_REQUIRE(p.file.results.size() == 2u);
    BOOST_TEST(p.file.results[1].line == 3);
    BOOST_TEST(!p.file.results[1].success);
    BOOST_TEST(p.file.results[1].reason == "账户已销户");
}

BOOST_AUTO_TEST_CASE(xml_after_a_bom_and_blank_lines_is_xml) {
    const std::string doc = pain002(OriginalGroup, paymentInfo(tx("HZP0000000001", "ACSC")));
    // No XML declaration may follow blank lines, so drop it; the lines still count.
    const std::string bytes = "\xEF\xBB\xBF\n\n" + doc.substr(doc.find('\n') + 1);
    const auto p = parse(bytes);
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST(p.file.format == "pain.002");
    BOOST_TEST_REQUIRE(p.file.results.size() == 1u);
    BOOST_TEST(p.file.results[0].line == lineOf(bytes, "<TxInfAndSts>"));
}

// ---- pain.002 ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(pain002_settled_rejected_and_pending) {
    const std::string doc = pain002(
        OriginalGroup,
        paymentInfo(tx("HZP0000000001", "ACSC") +
                    tx("HZP0000000002", "RJCT",
                       "        <StsRsnInf>\n          <Rsn><Cd>AC04</Cd></Rsn>\n"
                       "          <AddtlInf>账户已销户</AddtlInf>\n        </StsRsnInf>\n") +
                    tx("HZP0000000003", "RJCT",
                       "        <StsRsnInf><Rsn><Prtry>B017</Prtry></Rsn></StsRsnInf>\n") +
                    tx("HZP0000000004", "RJCT") +
                    tx("HZP0000000005", "RJCT",
                       "        <StsRsnInf><AddtlInf>户名不符</AddtlInf></StsRsnInf>\n") +
                    tx("HZP0000000006", "ACSP") + tx("HZP0000000007", "PDNG")));
    const auto p = parse(doc);
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST(p.file.format == "pain.002");
    BOOST_TEST(p.file.originalMessageId == "HZB-2026-0001");
    BOOST_TEST(p.file.pending == 2);
    BOOST_TEST(p.file.groupRejection.empty());
    BOOST_TEST_REQUIRE(p.file.results.size() == 5u);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"HZP0000000001", ""},
        {"HZP0000000002", "AC04: 账户已销户"},
        {"HZP0000000003", "B017"},
        {"HZP0000000004", "RJCT"},
        {"HZP0000000005", "户名不符"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST_CONTEXT(expected[i].first) {
            const auto& r = p.file.results[i];
            BOOST_TEST(r.reference == expected[i].first);
            BOOST_TEST(r.success == (i == 0));
            BOOST_TEST(r.reason == expected[i].second);
            BOOST_TEST(r.line == lineOf(doc, "<TxInfAndSts>", static_cast<int>(i) + 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(pain002_every_pending_code) {
    std::string txs;
    int n = 0;
    for (const char* code : {"ACTC", "ACCP", "ACSP", "ACWC", "PDNG", "RCVD"})
        txs += tx("HZP000000000" + std::to_string(++n), code);
    const auto p = parse(pain002(OriginalGroup, paymentInfo(txs)));
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST(p.file.pending == 6);
    BOOST_TEST(p.file.results.empty());
}

BOOST_AUTO_TEST_CASE(pain002_unknown_status_names_line_and_code) {
    const std::string doc = pain002(
        OriginalGroup, paymentInfo(tx("HZP0000000001", "ACSC") + tx("HZP0000000002", "CANC")));
    const auto p = parse(doc);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] ==
               "line " + std::to_string(lineOf(doc, "<TxInfAndSts>", 2)) +
                   ": CstmrPmtStsRpt/OrgnlPmtInfAndSts/TxInfAndSts/TxSts: unknown status 'CANC' "
                   "for the payout HZP0000000002 (expected ACSC, RJCT or a pending status such "
                   "as ACSP)");
}

BOOST_AUTO_TEST_CASE(pain002_group_rejection) {
    const auto withReason = parse(pain002(OriginalGroup + R"(
      <GrpSts>RJCT</GrpSts>
      <StsRsnInf>
        <Rsn><Cd>AM05</Cd></Rsn>
        <AddtlInf>重复文件</AddtlInf>
      </StsRsnInf>)",
                                          ""));
    BOOST_TEST(withReason.errors.empty(), joined(withReason.errors));
    BOOST_TEST(withReason.file.groupRejection == "AM05: 重复文件");
    BOOST_TEST(withReason.file.originalMessageId == "HZB-2026-0001");
    BOOST_TEST(withReason.file.results.empty());

    const auto bare = parse(pain002(OriginalGroup + "\n      <GrpSts>RJCT</GrpSts>", ""));
    BOOST_TEST(bare.errors.empty(), joined(bare.errors));
    BOOST_TEST(bare.file.groupRejection == "RJCT");

    // Only the payment information says RJCT (and it is the only one).
    const auto byPaymentInfo =
        parse(pain002(OriginalGroup,
                      "    <OrgnlPmtInfAndSts>\n      <OrgnlPmtInfId>P1</OrgnlPmtInfId>\n"
                      "      <PmtInfSts>RJCT</PmtInfSts>\n      <StsRsnInf><Rsn><Cd>AC01</Cd>"
                      "</Rsn></StsRsnInf>\n    </OrgnlPmtInfAndSts>\n"));
    BOOST_TEST(byPaymentInfo.errors.empty(), joined(byPaymentInfo.errors));
    BOOST_TEST(byPaymentInfo.file.groupRejection == "AC01");
}

BOOST_AUTO_TEST_CASE(pain002_group_accepted_without_transactions_is_pending) {
    // Our choice: the whole file counts as pending, OrgnlNbOfTxs transfers (else 1).
    const auto counted = parse(pain002(OriginalGroup + "\n      <OrgnlNbOfTxs>3</OrgnlNbOfTxs>\n"
                                                       "      <GrpSts>ACCP</GrpSts>",
                                       ""));
    BOOST_TEST(counted.errors.empty(), joined(counted.errors));
    BOOST_TEST(counted.file.pending == 3);
    BOOST_TEST(counted.file.groupRejection.empty());
    const auto uncounted = parse(pain002(OriginalGroup + "\n      <GrpSts>ACTC</GrpSts>", ""));
    BOOST_TEST(uncounted.errors.empty(), joined(uncounted.errors));
    BOOST_TEST(uncounted.file.pending == 1);
}

BOOST_AUTO_TEST_CASE(pain002_partly_rejected_payment_informations_are_refused) {
    const std::string doc = pain002(
        OriginalGroup, paymentInfo(tx("HZP0000000001", "ACSC")) +
                           "    <OrgnlPmtInfAndSts>\n      <OrgnlPmtInfId>P2</OrgnlPmtInfId>\n"
                           "      <PmtInfSts>RJCT</PmtInfSts>\n    </OrgnlPmtInfAndSts>\n");
    const auto p = parse(doc);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0].find("payment information P2 is rejected (RJCT) without transaction "
                                "details") != std::string::npos,
               p.errors[0]);
}

BOOST_AUTO_TEST_CASE(pain002_missing_original_message_id) {
    const std::string doc = pain002("      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>",
                                    paymentInfo(tx("HZP0000000001", "ACSC")));
    const auto p = parse(doc);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] == "line " + std::to_string(lineOf(doc, "<OrgnlGrpInfAndSts>")) +
                                  ": CstmrPmtStsRpt/OrgnlGrpInfAndSts/OrgnlMsgId: is missing; the "
                                  "report must name the payment file (MsgId) it answers");
}

BOOST_AUTO_TEST_CASE(duplicate_reference_names_both_lines) {
    const std::string doc = pain002(
        OriginalGroup, paymentInfo(tx("HZP0000000001", "ACSC") + tx("HZP0000000001", "RJCT")));
    const auto p = parse(doc);
    const auto first = lineOf(doc, "<TxInfAndSts>", 1), second = lineOf(doc, "<TxInfAndSts>", 2);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] == "line " + std::to_string(second) +
                                  ": CstmrPmtStsRpt/OrgnlPmtInfAndSts/TxInfAndSts/OrgnlEndToEndId: "
                                  "the payout HZP0000000001 appears twice, on lines " +
                                  std::to_string(first) + " and " + std::to_string(second));
}

BOOST_AUTO_TEST_CASE(line_numbers_past_65535) {
    // libxml2 keeps 16-bit line numbers unless asked for more (XML_PARSE_BIG_LINES).
    const std::string doc =
        pain002(OriginalGroup, std::string(70000, '\n') + paymentInfo(tx("HZP0000000001", "ACSC")));
    const auto p = parse(doc);
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST_REQUIRE(p.file.results.size() == 1u);
    BOOST_TEST(p.file.results[0].line == lineOf(doc, "<TxInfAndSts>"));
    BOOST_TEST(p.file.results[0].line > 70000);
}

// ---- camt.054 ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(camt054_settled_returned_and_pending) {
    const std::string doc = camt054(
        entry("DBIT", "<Sts>BOOK</Sts>", txDetails("HZP0000000001") + txDetails("HZP0000000002")) +
        entry("CRDT", "<Sts>BOOK</Sts>",
              txDetails("HZP0000000003",
                        "            <RtrInf>\n              <Rsn><Cd>AC04</Cd></Rsn>\n"
                        "              <AddtlInf>账户已销户</AddtlInf>\n            </RtrInf>\n") +
                  txDetails("HZP0000000004", "            <RtrInf/>\n")) +
        entry("DBIT", "<Sts>PDNG</Sts>", txDetails("HZP0000000005") + txDetails("HZP0000000006")));
    const auto p = parse(doc);
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST(p.file.format == "camt.054");
    BOOST_TEST(p.file.originalMessageId.empty());
    BOOST_TEST(p.file.pending == 2);
    BOOST_TEST_REQUIRE(p.file.results.size() == 4u);
    BOOST_TEST(p.file.results[0].reference == "HZP0000000001");
    BOOST_TEST(p.file.results[0].success);
    BOOST_TEST(p.file.results[1].reference == "HZP0000000002");
    BOOST_TEST(p.file.results[1].success);
    BOOST_TEST(p.file.results[2].reference == "HZP0000000003");
    BOOST_TEST(!p.file.results[2].success);
    BOOST_TEST(p.file.results[2].reason == "AC04: 账户已销户");
    BOOST_TEST(p.file.results[3].reference == "HZP0000000004");
    BOOST_TEST(!p.file.results[3].success);
    BOOST_TEST(p.file.results[3].reason == "returned (no reason given)");
    for (int i = 0; i < 4; ++i)
        BOOST_TEST(p.file.results[i].line == lineOf(doc, "<TxDtls>", i + 1));
}

BOOST_AUTO_TEST_CASE(camt054_status_code_element_of_newer_versions) {
    const std::string doc =
        camt054(entry("DBIT", "<Sts><Cd>BOOK</Cd></Sts>", txDetails("HZP0000000001")) +
                    entry("DBIT", "<Sts><Cd>PDNG</Cd></Sts>", txDetails("HZP0000000002")),
                "08");
    const auto p = parse(doc);
    BOOST_TEST(p.errors.empty(), joined(p.errors));
    BOOST_TEST_REQUIRE(p.file.results.size() == 1u);
    BOOST_TEST(p.file.results[0].success);
    BOOST_TEST(p.file.pending == 1);
}

BOOST_AUTO_TEST_CASE(camt054_credit_that_is_not_a_return) {
    const std::string doc = camt054(entry("CRDT", "<Sts>BOOK</Sts>", txDetails("HZP0000000001")));
    const auto p = parse(doc);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] == "line " + std::to_string(lineOf(doc, "<TxDtls>")) +
                                  ": BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry/NtryDtls/TxDtls: "
                                  "HZP0000000001 is a credit (CRDT) without RtrInf: a credit "
                                  "that is not a return is not a result of our payment file");
}

// The four camt.054 samples Debian ships with Tryton: one incoming credit each (versions 01 to
// 04; 001.01 names its message BkToCstmrDbtCdtNtfctnV01 and puts TxDtls right under Ntry),
// EndToEndId MUELL/FINP/RA12345. A credit that is not a return is no result of ours, so each
// is refused, naming the transaction's line; turned into a debit, each is a success.
BOOST_AUTO_TEST_CASE(tryton_camt054_samples) {
    const std::map<std::string, std::pair<std::int64_t, std::string>> expected = {
        {"01", {51, "BkToCstmrDbtCdtNtfctnV01/Ntfctn/Ntry/TxDtls"}},
        {"02", {50, "BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry/NtryDtls/TxDtls"}},
        {"03", {53, "BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry/NtryDtls/TxDtls"}},
        {"04", {53, "BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry/NtryDtls/TxDtls"}}};
    for (const auto& [version, where] : expected) {
        BOOST_TEST_CONTEXT("camt.054.001." << version) {
            const std::string bytes =
                readFile(TrytonSamples / ("camt.054.001." + version + ".xml"));
            const auto p = parse(bytes);
            BOOST_TEST(p.file.format == "camt.054");
            BOOST_TEST(p.file.results.empty());
            BOOST_TEST(p.file.pending == 0);
            BOOST_TEST_REQUIRE(p.errors.size() == 1u, joined(p.errors));
            BOOST_TEST(p.errors[0] == "line " + std::to_string(where.first) + ": " + where.second +
                                          ": MUELL/FINP/RA12345 is a credit (CRDT) without "
                                          "RtrInf: a credit that is not a return is not a result "
                                          "of our payment file");

            std::string debit = bytes;
            for (std::size_t at; (at = debit.find(">CRDT<")) != std::string::npos;)
                debit.replace(at, 6, ">DBIT<");
            const auto d = parse(debit);
            BOOST_TEST(d.errors.empty(), joined(d.errors));
            BOOST_TEST_REQUIRE(d.file.results.size() == 1u);
            BOOST_TEST(d.file.results[0].reference == "MUELL/FINP/RA12345");
            BOOST_TEST(d.file.results[0].success);
            BOOST_TEST(d.file.results[0].line == where.first);
        }
    }
}

// ---- hostile and broken input --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(doctype_and_entities_are_refused) {
    const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE Document [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<OrgnlGrpInfAndSts><OrgnlMsgId>&e;</OrgnlMsgId><GrpSts>RJCT</GrpSts></OrgnlGrpInfAndSts>
</CstmrPmtStsRpt></Document>
)";
    const auto p = parse(laughs);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0].starts_with("line 2: DOCTYPE: the file declares a document type"),
               p.errors[0]);
    BOOST_TEST(p.file.groupRejection.empty());
    BOOST_TEST(p.file.originalMessageId.empty());

    const auto external = parse(
        "<!DOCTYPE Document SYSTEM \"file:///etc/passwd\">\n"
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"/>\n");
    BOOST_TEST_REQUIRE(external.errors.size() == 1u);
    BOOST_TEST(external.errors[0].starts_with("line 1: DOCTYPE:"), external.errors[0]);
}

BOOST_AUTO_TEST_CASE(malformed_xml_gives_a_line_number) {
    const auto p = parse(
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002."
        "001.03\">\n  <CstmrPmtStsRpt>\n    <OrgnlGrpInfAndSts>\n  </CstmrPmtStsRpt>\n");
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] ==
               "line 5: not well-formed XML: Opening and ending tag mismatch: "
               "OrgnlGrpInfAndSts line 4 and CstmrPmtStsRpt");
    BOOST_TEST(p.file.results.empty());
}

BOOST_AUTO_TEST_CASE(other_xml_names_root_and_namespace) {
    const auto p = parse(
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:"
        "xsd:camt.053.001.02\"/>\n");
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0].starts_with("line 2: Document: not a bank result file: the root "
                                       "element is <Document> in namespace "
                                       "'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';"),
               p.errors[0]);
}

BOOST_AUTO_TEST_CASE(files_over_10_mib_are_refused) {
    const std::string big(10 * 1024 * 1024 + 1, ' ');
    const auto p = parse(big);
    BOOST_TEST_REQUIRE(p.errors.size() == 1u);
    BOOST_TEST(p.errors[0] ==
               "line 1: the file is 10485761 bytes; a bank result file may have "
               "at most 10 MiB (10485760 bytes)");
}

namespace {

/// Records whatever libxml2 would have printed through its generic error channel (stderr).
void recordGenericError(void* context, const char* format, ...) {
    static_cast<std::string*>(context)->append(format);
}

}  // namespace

// Every file of tests/data/bank-results-bad must be refused (at least one error, so nothing is
// applied), with a message containing the fragment EXPECTED.tsv names for it; and libxml2 must
// not have printed anything.
BOOST_AUTO_TEST_CASE(corpus_of_bad_files) {
    const std::filesystem::path dir =
        std::filesystem::path(HUZHU_TEST_DATA_DIR) / "bank-results-bad";
    std::map<std::string, std::string> expected;
    std::istringstream manifest(readFile(dir / "EXPECTED.tsv"));
    for (std::string line; std::getline(manifest, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        BOOST_TEST_REQUIRE(tab != std::string::npos, "EXPECTED.tsv: no tab in " << line);
        expected[line.substr(0, tab)] = line.substr(tab + 1);
    }
    BOOST_TEST(expected.size() >= 15u);

    std::string printed;
    xmlSetGenericErrorFunc(&printed, recordGenericError);
    std::set<std::string> seen;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
        const std::string name = file.path().filename().string();
        if (name == "EXPECTED.tsv") continue;
        seen.insert(name);
        BOOST_TEST_CONTEXT(name) {
            const auto fragment = expected.find(name);
            BOOST_TEST_REQUIRE((fragment != expected.end()),
                               "no expectation for " << name << ": add it to EXPECTED.tsv");
            const auto p = parse(readFile(file.path()));
            BOOST_TEST(!p.errors.empty(), "refused, so that nothing is applied");
            bool named = false;
            for (const auto& e : p.errors) {
                named = named || e.find(fragment->second) != std::string::npos;
                BOOST_TEST(e.starts_with("line "), e);
            }
            BOOST_TEST(named, "no error contains '" << fragment->second << "'; errors were:\n"
                                                    << joined(p.errors));
        }
    }
    xmlSetGenericErrorFunc(nullptr, nullptr);
    BOOST_TEST(printed.empty(), "libxml2 printed: " << printed);
    for (const auto& [name, fragment] : expected)
        BOOST_TEST(seen.count(name) == 1u, name << " is in EXPECTED.tsv but not in " << dir);
}

BOOST_AUTO_TEST_CASE(parses_from_many_threads) {
    const std::string doc = pain002(
        OriginalGroup, paymentInfo(tx("HZP0000000001", "ACSC") + tx("HZP0000000002", "RJCT")));
    const std::string broken = doc.substr(0, doc.size() / 2);
    std::vector<std::thread> threads;
    std::vector<int> good(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                const auto ok = parse(doc);
                const auto bad = parse(broken);
                good[t] += ok.errors.empty() && ok.file.results.size() == 2u &&
                           bad.errors.size() == 1u &&
                           bad.errors[0].find("not well-formed") != std::string::npos;
            }
        });
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < 4; ++t) BOOST_TEST(good[t] == 50);
}

BOOST_AUTO_TEST_SUITE_END()
