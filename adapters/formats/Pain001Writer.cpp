#include "adapters/formats/Pain001Writer.h"

#include <charconv>
#include <regex>

#include "core/PaymentText.h"

namespace huzhu::adapters::formats {

namespace {

void escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
}

void element(std::string& out, std::string_view name, std::string_view text) {
    out += '<';
    out += name;
    out += '>';
    escaped(out, text);
    out += "</";
    out += name;
    out += '>';
}

bool isBic(const std::string& code) {
    static const std::regex bic("[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?");
    return std::regex_match(code, bic);
}

/// The text of the first `<name>` element at or after `from`, before `limit`; nullopt if none.
std::optional<std::string_view> textOf(std::string_view xml, std::string_view name,
                                       std::size_t& from, std::size_t limit) {
    std::string open(1, '<'), close("</");  // appends: GCC 12 misreports "<" + name at -O3
    open += name;
    close += name;
    close += '>';
    std::size_t at = xml.find(open, from);
    while (at != std::string_view::npos && at < limit) {
        const char next = at + open.size() < xml.size() ? xml[at + open.size()] : '\0';
        if (next == '>' || next == ' ') break;  // not a longer name with the same prefix
        at = xml.find(open, at + 1);
    }
    if (at == std::string_view::npos || at >= limit) return std::nullopt;
    const std::size_t start = xml.find('>', at);
    const std::size_t end = xml.find(close, start);
    if (start == std::string_view::npos || end == std::string_view::npos || end > limit)
        return std::nullopt;
    from = end;
    return xml.substr(start + 1, end - start - 1);
}

}  // namespace

core::Result<std::string> Pain001Writer::write(const core::PaymentFile& file) const {
    if (core::Outcome o = checkFields(file, Limits); !o.isOk()) return o;
    const auto header = [&](const std::string& value, const char* what, std::size_t max) {
        const std::string problem = core::paymentTextProblem(value, max);
        return problem.empty() ? core::Outcome::ok()
                               : core::Outcome::invalid("payer", std::string(what) + " " + problem);
    };
    for (const core::Outcome& o :
         {header(file.messageId, "the message id", 35),
          header(file.payer.name, "the payer's name (settings payer.name)", 140),
          header(file.payer.account, "the payer's account (settings payer.account)", 34),
          file.payer.bankCode.empty()
              ? core::Outcome::ok()
              : header(file.payer.bankCode, "the payer's bank code (settings payer.bank_code)",
                       35)})
        if (!o.isOk()) return o;
    if (file.firstExport.size() < 19)
        return core::Outcome::invalid("batch", "the batch has no first-export time");

    const std::string count = std::to_string(file.lines.size());
    const std::string total = core::formatYuan(file.totalFen);
    std::string out;
    out.reserve(1024 + file.lines.size() * 640);
    out +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        "<CstmrCdtTrfInitn>\n<GrpHdr>";
    element(out, "MsgId", file.messageId);
    element(out, "CreDtTm", file.firstExport.substr(0, 19));
    element(out, "NbOfTxs", count);
    element(out, "CtrlSum", total);
    out += "<InitgPty>";
    element(out, "Nm", file.payer.name);
    out += "</InitgPty></GrpHdr>\n<PmtInf>";
    element(out, "PmtInfId", file.messageId);
    out += "<PmtMtd>TRF</PmtMtd>";
    element(out, "NbOfTxs", count);
    element(out, "CtrlSum", total);
    element(out, "ReqdExctnDt", file.firstExport.substr(0, 10));
    out += "<Dbtr>";
    element(out, "Nm", file.payer.name);
    out += "</Dbtr><DbtrAcct><Id><Othr>";
    element(out, "Id", file.payer.account);
    out += "</Othr></Id><Ccy>CNY</Ccy></DbtrAcct><DbtrAgt><FinInstnId>";
    if (isBic(file.payer.bankCode)) {
        element(out, "BIC", file.payer.bankCode);
    } else {
        out += "<Othr>";
        element(out, "Id", file.payer.bankCode.empty() ? "NOTPROVIDED" : file.payer.bankCode);
        out += "</Othr>";
    }
    out += "</FinInstnId></DbtrAgt><ChrgBr>DEBT</ChrgBr>\n";
    for (const core::PaymentLine& line : file.lines) {
        out += "<CdtTrfTxInf><PmtId>";
        element(out, "EndToEndId", line.reference);
        out += "</PmtId><Amt><InstdAmt Ccy=\"CNY\">";
        out += core::formatYuan(line.amountFen);
        out += "</InstdAmt></Amt><CdtrAgt><FinInstnId>";
        element(out, "Nm", line.bankName);
        out += "</FinInstnId></CdtrAgt><Cdtr>";
        element(out, "Nm", line.payeeName);
        out += "</Cdtr><CdtrAcct><Id><Othr>";
        element(out, "Id", line.account);
        out += "</Othr></Id></CdtrAcct><RmtInf>";
        element(out, "Ustrd", line.purpose);
        out += "</RmtInf></CdtTrfTxInf>\n";
    }
    out += "</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n";
    return out;
}

core::Result<core::PaymentFileSummary> Pain001Writer::readBack(const std::string& bytes) const {
    const std::string_view xml(bytes);
    const auto bad = [](const std::string& what) {
        return core::Outcome::invalid("file", "the written pain.001: " + what);
    };
    const auto number = [](std::optional<std::string_view> text) -> std::optional<std::int64_t> {
        std::int64_t n = 0;
        if (!text) return std::nullopt;
        auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
        if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
        return n;
    };
    const auto amount = [](std::optional<std::string_view> text) -> std::optional<core::Fen> {
        return text ? core::parseYuan(*text) : std::nullopt;
    };
    const std::size_t pmtInf = xml.find("<PmtInf>");
    if (pmtInf == std::string_view::npos) return bad("no PmtInf");
    std::size_t at = 0;
    const auto groupCount = number(textOf(xml, "NbOfTxs", at, pmtInf));
    const auto groupTotal = amount(textOf(xml, "CtrlSum", at, pmtInf));
    at = pmtInf;
    const std::size_t firstTx = xml.find("<CdtTrfTxInf>", pmtInf);
    const auto blockCount = number(textOf(xml, "NbOfTxs", at, firstTx));
    const auto blockTotal = amount(textOf(xml, "CtrlSum", at, firstTx));
    if (!groupCount || !groupTotal || !blockCount || !blockTotal)
        return bad("NbOfTxs or CtrlSum missing or malformed");

    core::PaymentFileSummary summary;
    for (std::size_t tx = firstTx; tx != std::string_view::npos;
         tx = xml.find("<CdtTrfTxInf>", tx + 1)) {
        const std::size_t end = xml.find("</CdtTrfTxInf>", tx);
        if (end == std::string_view::npos) return bad("a CdtTrfTxInf is not closed");
        std::size_t pos = tx;
        const auto reference = textOf(xml, "EndToEndId", pos, end);
        pos = tx;
        const std::size_t amt = xml.find("<InstdAmt Ccy=\"CNY\">", tx);
        if (!reference || amt == std::string_view::npos || amt > end)
            return bad("transfer " + std::to_string(summary.count + 1) +
                       " has no EndToEndId or no amount in CNY");
        const auto value = amount(textOf(xml, "InstdAmt", pos, end));
        if (!value || *value <= 0)
            return bad("transfer " + std::string(*reference) + " has no valid amount");
        summary.totalFen = core::checkedAdd(summary.totalFen, *value);
        ++summary.count;
        summary.references.emplace_back(*reference);
    }
    if (core::Outcome o = checkDeclared(summary, *groupCount, *groupTotal, "GrpHdr"); !o.isOk())
        return o;
    if (core::Outcome o = checkDeclared(summary, *blockCount, *blockTotal, "PmtInf"); !o.isOk())
        return o;
    return summary;
}

}  // namespace huzhu::adapters::formats
