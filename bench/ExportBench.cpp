// Exporting a batch of 100,000 payouts as pain.001 and as bank CSV, beside a baseline measured
// in the same run on the same data: a minimal writer producing the same bytes from an
// in-memory array (no database, no decryption, no checks, no read-back). Also reports the
// writer + read-back alone on the in-memory batch, to show where the time goes, and validates
// the pain.001 file against the official XSD with libxml2.
// Usage: export_bench [PAYOUTS] [XSD]   (defaults: 100000 and the tryton package's XSD)

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "adapters/SystemClock.h"
#include "adapters/crypto/Crypto.h"
#include "adapters/formats/BankCsvWriter.h"
#include "adapters/formats/Pain001Writer.h"
#include "adapters/sqlite/Database.h"
#include "adapters/sqlite/DemoData.h"
#include "adapters/sqlite/SqliteClaimStore.h"
#include "claims/PaymentBatches.h"

using namespace huzhu;
using namespace Poco::Data::Keywords;
using Clock = std::chrono::steady_clock;

namespace {

double secondsOf(const std::function<void()>& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The best of `runs` timings (the least disturbed by the machine).
double best(int runs, const std::function<void()>& f) {
    double t = 1e9;
    for (int i = 0; i < runs; ++i) t = std::min(t, secondsOf(f));
    return t;
}

void appendYuan(std::string& out, core::Fen fen) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                  static_cast<long long>(fen % 100));
    out += buf;
}

void appendXml(std::string& out, const std::string& text) {
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else if (c == '\'')
            out += "&apos;";
        else
            out += c;
    }
}

/// The baseline: the same pain.001 bytes from memory, with nothing but appends.
std::string minimalPain001(const core::PaymentFile& f) {
    std::string o;
    o.reserve(1024 + f.lines.size() * 640);
    o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:"
         "xsd:pain.001.001.03\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
         "<CstmrCdtTrfInitn>\n<GrpHdr><MsgId>";
    o += f.messageId + "</MsgId><CreDtTm>" + f.firstExport.substr(0, 19) + "</CreDtTm><NbOfTxs>" +
         std::to_string(f.lines.size()) + "</NbOfTxs><CtrlSum>";
    appendYuan(o, f.totalFen);
    o += "</CtrlSum><InitgPty><Nm>";
    appendXml(o, f.payer.name);
    o += "</Nm></InitgPty></GrpHdr>\n<PmtInf><PmtInfId>" + f.messageId +
         "</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>" + std::to_string(f.lines.size()) +
         "</NbOfTxs><CtrlSum>";
    appendYuan(o, f.totalFen);
    o += "</CtrlSum><ReqdExctnDt>" + f.firstExport.substr(0, 10) + "</ReqdExctnDt><Dbtr><Nm>";
    appendXml(o, f.payer.name);
    o += "</Nm></Dbtr><DbtrAcct><Id><Othr><Id>" + f.payer.account +
         "</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct><DbtrAgt><FinInstnId><BIC>" + f.payer.bankCode +
         "</BIC></FinInstnId></DbtrAgt><ChrgBr>DEBT</ChrgBr>\n";
    for (const core::PaymentLine& l : f.lines) {
        o += "<CdtTrfTxInf><PmtId><EndToEndId>";
        o += l.reference;
        o += "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"CNY\">";
        appendYuan(o, l.amountFen);
        o += "</InstdAmt></Amt><CdtrAgt><FinInstnId><Nm>";
        appendXml(o, l.bankName);
        o += "</Nm></FinInstnId></CdtrAgt><Cdtr><Nm>";
        appendXml(o, l.payeeName);
        o += "</Nm></Cdtr><CdtrAcct><Id><Othr><Id>";
        o += l.account;
        o += "</Id></Othr></Id></CdtrAcct><RmtInf><Ustrd>";
        appendXml(o, l.purpose);
        o += "</Ustrd></RmtInf></CdtTrfTxInf>\n";
    }
    o += "</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n";
    return o;
}

/// The baseline: the same CSV bytes from memory (the demo's values need no quoting).
std::string minimalCsv(const core::PaymentFile& f) {
    std::string o = "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n";
    o.reserve(f.lines.size() * 120);
    for (const core::PaymentLine& l : f.lines) {
        o += std::to_string(l.seq) + ',' + l.payeeName + ',' + l.account + ',' + l.bankName + ',';
        appendYuan(o, l.amountFen);
        o += ',' + l.purpose + ',' + l.reference + "\r\n";
    }
    return o;
}

bool xsdValid(const std::string& xml, const char* xsd) {
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "p.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_HUGE);
    const bool ok = schema && doc && xmlSchemaValidateDoc(vc, doc) == 0;
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    const int payouts = argc > 1 ? std::stoi(argv[1]) : 100000;
    const char* xsd = argc > 2 ? argv[2]
                               : "/usr/lib/python3/dist-packages/trytond/modules/"
                                 "account_payment_sepa/tests/pain.001.001.03.xsd";
    const std::string dir = Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    adapters::SystemClock clock;
    adapters::crypto::FieldCipher cipher(std::string(32, 'b'));
    adapters::crypto::Pbkdf2PasswordHasher hasher(1000);
    {
        adapters::sqlite::Database db(dir + "/bench.db", 64);
        db.migrate(clock.now());
        std::printf("setting up %d members with approved claims...\n", payouts);
        adapters::sqlite::loadDemoReferenceData(db, cipher, hasher, clock, payouts);
        Poco::Data::Session s = db.session();
        s << "INSERT INTO claims (member_id, plan_id, filed_by, proxy, claim_type, admission, "
             "discharge, filed_on, diagnosis, hospital, local_hospital, died, total_fen, "
             "fund_paid_fen, critical_insurance_fen, assistance_fen, other_paid_fen, "
             "out_of_scope_fen, settlement_no, status, payout_fen, quote, created_at, updated_at) "
             "SELECT id, (SELECT min(id) FROM plans), 1, 0, 'inpatient', '2026-03-02', "
             "'2026-03-12', '2026-03-20', 'K35.8', '贵阳市第一人民医院', 1, 0, 3000000, 1800000, "
             "0, 0, 0, 0, 'B-' || id, 'approved', 1000 + id * 7, '{}', '', '' FROM members",
            now;
        s << "INSERT INTO payouts (claim_id, amount_fen, status, created_at) "
             "SELECT id, payout_fen, 'payable', '' FROM claims",
            now;
        adapters::sqlite::SqliteClaimStore store(db, cipher, clock);
        const auto actor = [&](const char* name) {
            const auto u = store.findUser(name);
            return core::Actor{.userId = u->id, .username = u->username, .role = u->role};
        };
        std::vector<std::unique_ptr<core::PaymentFileWriter>> writers;
        writers.push_back(std::make_unique<adapters::formats::BankCsvWriter>());
        writers.push_back(std::make_unique<adapters::formats::Pain001Writer>());
        claims::PaymentBatches batches(
            store, clock, std::move(writers),
            {.sha256Hex = [](std::string_view b) { return adapters::crypto::sha256Hex(b); },
             .sign =
                 [&](std::string_view b) {
                     return adapters::crypto::hmacSha256Hex(cipher.signingKey(), b);
                 }});
        const core::Actor finance = actor("demo-finance"), finance2 = actor("demo-finance2");
        const auto batch = batches.create(finance);
        if (!batch.isOk() || !batches.release(finance2, batch.value->id).isOk()) {
            std::fprintf(stderr, "cannot make the batch: %s\n", batch.outcome.toString().c_str());
            return 1;
        }
        const std::int64_t id = batch.value->id;
        if (!batches.exportFile(finance, id, "pain001").isOk()) return 1;  // the first export
        const core::PaymentFile memory = store.paymentFile(id);
        std::printf("batch %lld: %zu payouts, %s 元\n\n", static_cast<long long>(id),
                    memory.lines.size(), core::formatYuan(memory.totalFen).c_str());

        const double read = best(5, [&] { (void)store.paymentFile(id); });
        std::printf("reading the batch from the database and decrypting its accounts: %.1f ms\n",
                    read * 1e3);
        for (const std::string format : {"pain001", "csv"}) {
            std::string exported, minimal;
            const adapters::formats::BankCsvWriter csvWriter;
            const adapters::formats::Pain001Writer painWriter;
            const core::PaymentFileWriter& writer =
                format == "csv" ? static_cast<const core::PaymentFileWriter&>(csvWriter)
                                : painWriter;
            const double full =
                best(5, [&] { exported = batches.exportFile(finance, id, format).value->bytes; });
            const double writerOnly = best(5, [&] {
                const auto bytes = writer.write(memory);
                if (!writer.readBack(*bytes.value).isOk()) std::abort();
            });
            const double baseline = best(5, [&] {
                minimal = format == "csv" ? minimalCsv(memory) : minimalPain001(memory);
            });
            if (minimal != exported) {
                std::fprintf(stderr, "%s: the baseline does not produce the same bytes\n",
                             format.c_str());
                return 1;
            }
            std::printf(
                "%-8s %6.1f MB  full export %7.1f ms (%5.1fx)   writer + read-back %6.1f ms "
                "(%4.1fx)   baseline %6.1f ms\n",
                format.c_str(), exported.size() / 1e6, full * 1e3, full / baseline,
                writerOnly * 1e3, writerOnly / baseline, baseline * 1e3);
            if (format == "pain001")
                std::printf("         XSD (%s): %s\n", xsd,
                            xsdValid(exported, xsd) ? "valid" : "INVALID");
        }
    }
    Poco::File(dir).remove(true);
    return 0;
}
