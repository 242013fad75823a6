#include "adapters/formats/BankResultFile.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <sstream>
#include <utility>

#include "adapters/formats/BankResultCsv.h"
#include "adapters/formats/CsvReader.h"

namespace huzhu::adapters::formats {

namespace {

constexpr std::size_t MaxFileBytes = 10 * 1024 * 1024;
constexpr std::string_view Pain002Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.";
constexpr std::string_view Camt054Namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.";

// Statuses that say a transfer is on its way but not settled: nothing to apply yet.
const std::set<std::string, std::less<>> Pain002Pending = {"ACTC", "ACCP", "ACSP",
                                                           "ACWC", "PDNG", "RCVD"};
// camt.054 entry statuses other than BOOK: not settled, so pending. FUTR (value date still to
// come) is not settled either.
const std::set<std::string, std::less<>> Camt054Pending = {"PDNG", "INFO", "FUTR"};

// ---- libxml2 ownership -------------------------------------------------------------------

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ParserCtxtDeleter {
    void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter>;

/// The first error libxml2 reported, and whether a DOCTYPE was met. Reached through the
/// parser context's `_private` (libxml2 never touches it), so each call has its own: nothing
/// global, nothing printed to stderr.
struct ParseCapture {
    bool failed = false;
    int errorLine = 0;
    xmlError error{};
    bool doctype = false;
    int doctypeLine = 0;
    startElementNsSAX2Func startElement = nullptr;  // SAX2's, which builds the tree

    ParseCapture() = default;
    ParseCapture(const ParseCapture&) = delete;
    ParseCapture& operator=(const ParseCapture&) = delete;
    ~ParseCapture() { xmlResetError(&error); }
};

ParseCapture& captureOf(void* userData) {
    auto* ctxt = static_cast<xmlParserCtxt*>(userData);
    return *static_cast<ParseCapture*>(ctxt->_private);
}

// Structured error handler of one parser context (SAX2's userData is the context itself).
void onXmlError(void* userData, xmlError* error) {
    if (error == nullptr || error->level < XML_ERR_ERROR) return;  // warnings do not matter
    ParseCapture& capture = captureOf(userData);
    if (capture.failed) return;  // the first error is the one that explains the others
    capture.failed = true;
    capture.errorLine = error->line;
    xmlCopyError(error, &capture.error);
}

// Called at `<!DOCTYPE name ...`, before any of its declarations is read: stop right there.
void onDoctype(void* userData, const xmlChar*, const xmlChar*, const xmlChar*) {
    auto* ctxt = static_cast<xmlParserCtxt*>(userData);
    ParseCapture& capture = captureOf(userData);
    capture.doctype = true;
    capture.doctypeLine = ctxt->input != nullptr ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

// Builds the element as SAX2 does, then keeps its line where lineOf() finds it when libxml2
// cannot: it stores 16 bits, and 2.9's xmlGetLineNo() guesses larger lines from the first
// child, one line off once NOBLANKS has dropped the blank text before it.
void onStartElement(void* userData, const xmlChar* localName, const xmlChar* prefix,
                    const xmlChar* uri, int namespaceCount, const xmlChar** namespaces,
                    int attributeCount, int defaultedCount, const xmlChar** attributes) {
    auto* ctxt = static_cast<xmlParserCtxt*>(userData);
    captureOf(userData).startElement(userData, localName, prefix, uri, namespaceCount, namespaces,
                                     attributeCount, defaultedCount, attributes);
    if (ctxt->node != nullptr && ctxt->input != nullptr && ctxt->input->line >= 65535)
        ctxt->node->_private =
            reinterpret_cast<void*>(static_cast<std::intptr_t>(ctxt->input->line));
}

/// The line of an element's start tag.
std::int64_t lineOf(const xmlNode& node) {
    if (node._private != nullptr)
        return static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(node._private));
    return static_cast<std::int64_t>(xmlGetLineNo(&node));
}

void initLibxml2Once() {
    static const bool initialised = [] {
        xmlInitParser();
        return true;
    }();
    (void)initialised;
}

std::string trimmed(std::string_view s) {
    const char* space = " \t\r\n";
    const auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(space) - first + 1));
}

std::string str(const xmlChar* s) {
    return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

// ---- the documents -------------------------------------------------------------------------

/// Walks one parsed ISO 20022 document. Elements are matched by local name in the namespace of
/// the root element; elements of other namespaces are not ours and are skipped.
class Iso20022Reader {
public:
    Iso20022Reader(const xmlNode& root, BankResultFile& file, std::vector<std::string>& errors)
        : _namespace(root.ns->href), _file(file), _errors(errors) {}

    void readPain002(const xmlNode& message);
    void readCamt054(const xmlNode& message);

private:
    bool is(const xmlNode* node, const char* name) const {
        return node->type == XML_ELEMENT_NODE && node->ns != nullptr &&
               xmlStrEqual(node->ns->href, _namespace) &&
               xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name));
    }
    const xmlNode* child(const xmlNode& parent, const char* name) const {
        for (const xmlNode* n = parent.children; n != nullptr; n = n->next)
            if (is(n, name)) return n;
        return nullptr;
    }
    std::vector<const xmlNode*> children(const xmlNode& parent, const char* name) const {
        std::vector<const xmlNode*> found;
        for (const xmlNode* n = parent.children; n != nullptr; n = n->next)
            if (is(n, name)) found.push_back(n);
        return found;
    }
    /// The trimmed text of `parent/name` (its own text, not its sub-elements'); empty when absent.
    std::string text(const xmlNode& parent, const char* name) const {
        const xmlNode* node = child(parent, name);
        return node == nullptr ? std::string() : textOf(*node);
    }
    static std::string textOf(const xmlNode& node) {
        std::string s;
        for (const xmlNode* n = node.children; n != nullptr; n = n->next)
            if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) s += str(n->content);
        return trimmed(s);
    }

    void error(std::int64_t line, const std::string& path, const std::string& what) {
        _errors.push_back("line " + std::to_string(line) + ": " + path + ": " + what);
    }

    /// "CODE: additional information" from a StsRsnInf or RtrInf element (Rsn/Cd or Rsn/Prtry,
    /// then every AddtlInf); empty when it says nothing.
    std::string reasonOf(const xmlNode& info) const {
        std::string code;
        if (const xmlNode* rsn = child(info, "Rsn")) {
            code = text(*rsn, "Cd");
            if (code.empty()) code = text(*rsn, "Prtry");
        }
        std::string details;
        for (const xmlNode* addtl : children(info, "AddtlInf")) {
            const std::string part = textOf(*addtl);
            if (part.empty()) continue;
            if (!details.empty()) details += ' ';
            details += part;
        }
        if (code.empty()) return details;
        return details.empty() ? code : code + ": " + details;
    }
    /// Every StsRsnInf of `parent`, joined by "; "; `fallback` when none says anything.
    std::string statusReasons(const xmlNode& parent, const std::string& fallback) const {
        std::string reasons;
        for (const xmlNode* info : children(parent, "StsRsnInf")) {
            const std::string reason = reasonOf(*info);
            if (reason.empty()) continue;
            if (!reasons.empty()) reasons += "; ";
            reasons += reason;
        }
        return reasons.empty() ? fallback : reasons;
    }

    /// Checks a transaction's reference: present, not NOTPROVIDED, not seen before in the file.
    bool acceptReference(const xmlNode& node, const std::string& path,
                         const std::string& reference) {
        const std::int64_t line = lineOf(node);
        if (reference.empty() || reference == "NOTPROVIDED") {
            error(line, path,
                  reference.empty() ? "is missing; cannot tell which payout this is"
                                    : "is NOTPROVIDED; cannot tell which payout this is");
            return false;
        }
        const auto [seen, inserted] = _seen.emplace(reference, line);
        if (!inserted) {
            error(line, path,
                  "the payout " + reference + " appears twice, on lines " +
                      std::to_string(seen->second) + " and " + std::to_string(line));
            return false;
        }
        return true;
    }

    void readPain002Transaction(const xmlNode& tx, const std::string& path);
    void readPain002Group(const xmlNode& message, const xmlNode* group,
                          const std::vector<const xmlNode*>& paymentInfosWithoutTx);
    void readCamt054Entry(const xmlNode& entry, const std::string& path);

    const xmlChar* _namespace;
    BankResultFile& _file;
    std::vector<std::string>& _errors;
    std::map<std::string, std::int64_t> _seen;  // reference → line of its first transaction
};

void Iso20022Reader::readPain002(const xmlNode& message) {
    const std::string root = "CstmrPmtStsRpt";
    const xmlNode* group = child(message, "OrgnlGrpInfAndSts");
    if (group == nullptr) {
        error(lineOf(message), root + "/OrgnlGrpInfAndSts",
              "is missing; the report must name the payment file it answers");
    } else {
        _file.originalMessageId = text(*group, "OrgnlMsgId");
        if (_file.originalMessageId.empty())
            error(lineOf(*group), root + "/OrgnlGrpInfAndSts/OrgnlMsgId",
                  "is missing; the report must name the payment file (MsgId) it answers");
    }

    int transactions = 0;
    std::vector<const xmlNode*> paymentInfosWithoutTx;
    for (const xmlNode* info : children(message, "OrgnlPmtInfAndSts")) {
        const auto txs = children(*info, "TxInfAndSts");
        for (const xmlNode* tx : txs)
            readPain002Transaction(*tx, root + "/OrgnlPmtInfAndSts/TxInfAndSts");
        transactions += static_cast<int>(txs.size());
        if (txs.empty()) paymentInfosWithoutTx.push_back(info);
    }
    if (transactions > 0) {
        // Transaction details decide. A payment information rejected as a whole next to them
        // would leave its payouts undecided, silently: refuse instead.
        for (const xmlNode* info : paymentInfosWithoutTx)
            if (text(*info, "PmtInfSts") == "RJCT")
                error(lineOf(*info), root + "/OrgnlPmtInfAndSts/PmtInfSts",
                      "payment information " + text(*info, "OrgnlPmtInfId") +
                          " is rejected (RJCT) without transaction details, next to others that "
                          "have them; cannot tell which payouts failed");
        return;
    }
    readPain002Group(message, group, paymentInfosWithoutTx);
}

void Iso20022Reader::readPain002Transaction(const xmlNode& tx, const std::string& path) {
    const std::int64_t line = lineOf(tx);
    const std::string reference = text(tx, "OrgnlEndToEndId");
    const std::string status = text(tx, "TxSts");
    if (!acceptReference(tx, path + "/OrgnlEndToEndId", reference)) return;
    if (status == "ACSC" || status == "ACCC") {
        _file.results.push_back(
            {.line = line, .reference = reference, .success = true, .reason = {}});
    } else if (status == "RJCT") {
        _file.results.push_back({.line = line,
                                 .reference = reference,
                                 .success = false,
                                 .reason = statusReasons(tx, "RJCT")});
    } else if (Pain002Pending.count(status)) {
        ++_file.pending;
    } else if (status.empty()) {
        error(line, path + "/TxSts", "is missing for the payout " + reference);
    } else {
        error(line, path + "/TxSts",
              "unknown status '" + status + "' for the payout " + reference +
                  " (expected ACSC, RJCT or a pending status such as ACSP)");
    }
}

void Iso20022Reader::readPain002Group(const xmlNode& message, const xmlNode* group,
                                      const std::vector<const xmlNode*>& paymentInfosWithoutTx) {
    // No transaction details: only a status of the whole file (or of its payment informations).
    const std::string root = "CstmrPmtStsRpt";
    const std::string groupStatus = group != nullptr ? text(*group, "GrpSts") : std::string();
    if (groupStatus == "RJCT") {
        _file.groupRejection = statusReasons(*group, "RJCT");
        return;
    }
    std::vector<const xmlNode*> rejected;
    bool pendingInfo = false;
    for (const xmlNode* info : paymentInfosWithoutTx) {
        const std::string status = text(*info, "PmtInfSts");
        if (status == "RJCT")
            rejected.push_back(info);
        else if (Pain002Pending.count(status))
            pendingInfo = true;
    }
    if (!rejected.empty() && rejected.size() == paymentInfosWithoutTx.size()) {
        _file.groupRejection = statusReasons(*rejected.front(), "RJCT");
        return;
    }
    if (!rejected.empty()) {
        error(lineOf(*rejected.front()), root + "/OrgnlPmtInfAndSts/PmtInfSts",
              "payment information " + text(*rejected.front(), "OrgnlPmtInfId") +
                  " is rejected (RJCT) but others are not, and no transaction details say "
                  "which payouts failed");
        return;
    }
    const std::int64_t line = group != nullptr ? lineOf(*group) : lineOf(message);
    const std::string path = root + "/OrgnlGrpInfAndSts/GrpSts";
    if (Pain002Pending.count(groupStatus) || (groupStatus.empty() && pendingInfo)) {
        // Accepted but not settled, as a whole: every transfer of the file is pending. Counted
        // as OrgnlNbOfTxs when the report gives a plausible one, else as 1.
        const std::string count = group != nullptr ? text(*group, "OrgnlNbOfTxs") : std::string();
        int n = 0;
        const bool plausible = !count.empty() && count.size() <= 9 &&
                               count.find_first_not_of("0123456789") == std::string::npos;
        if (plausible) n = std::stoi(count);
        _file.pending += n > 0 ? n : 1;
    } else if (groupStatus == "ACSC" || groupStatus == "ACCC") {
        error(line, path,
              groupStatus +
                  ": the bank reports the whole file settled but lists no transactions "
                  "(TxInfAndSts); nothing can be marked paid from it. Ask the bank for "
                  "transaction details, or load its camt.054");
    } else if (groupStatus == "PART") {
        error(line, path,
              "PART: the bank accepted only part of the file but lists no transactions "
              "(TxInfAndSts); cannot tell which payouts failed");
    } else if (!groupStatus.empty()) {
        error(line, path, "unknown status '" + groupStatus + "'");
    }
}

void Iso20022Reader::readCamt054(const xmlNode& message) {
    const std::string root = str(message.name);
    for (const xmlNode* notification : children(message, "Ntfctn"))
        for (const xmlNode* entry : children(*notification, "Ntry"))
            readCamt054Entry(*entry, root + "/Ntfctn/Ntry");
}

void Iso20022Reader::readCamt054Entry(const xmlNode& entry, const std::string& path) {
    // camt.054.001.01 puts TxDtls right under Ntry; later versions group them in NtryDtls.
    std::vector<std::pair<const xmlNode*, std::string>> txs;
    for (const xmlNode* tx : children(entry, "TxDtls")) txs.emplace_back(tx, path + "/TxDtls");
    for (const xmlNode* details : children(entry, "NtryDtls"))
        for (const xmlNode* tx : children(*details, "TxDtls"))
            txs.emplace_back(tx, path + "/NtryDtls/TxDtls");

    // Sts is a code up to camt.054.001.07 and holds it in Cd from .08 on.
    std::string status;
    if (const xmlNode* sts = child(entry, "Sts")) {
        const xmlNode* code = child(*sts, "Cd");
        status = textOf(code != nullptr ? *code : *sts);
    }
    if (Camt054Pending.count(status)) {
        _file.pending += txs.empty() ? 1 : static_cast<int>(txs.size());
        return;
    }
    if (status != "BOOK") {
        error(lineOf(entry), path + "/Sts",
              status.empty() ? std::string("is missing")
                             : "unknown entry status '" + status + "' (expected BOOK or PDNG)");
        return;
    }
    if (txs.empty()) {
        error(lineOf(entry), path + "/NtryDtls/TxDtls",
              "a booked entry without transaction details; cannot tell which payouts it settles");
        return;
    }
    const std::string entryDirection = text(entry, "CdtDbtInd");
    for (const auto& [tx, txPath] : txs) {
        const std::int64_t line = lineOf(*tx);
        std::string reference;
        if (const xmlNode* refs = child(*tx, "Refs")) reference = text(*refs, "EndToEndId");
        if (!acceptReference(*tx, txPath + "/Refs/EndToEndId", reference)) continue;
        std::string direction = text(*tx, "CdtDbtInd");
        if (direction.empty()) direction = entryDirection;
        if (const xmlNode* ret = child(*tx, "RtrInf")) {
            std::string reason = reasonOf(*ret);
            if (reason.empty()) reason = "returned (no reason given)";
            _file.results.push_back(
                {.line = line, .reference = reference, .success = false, .reason = reason});
        } else if (direction == "DBIT") {
            _file.results.push_back(
                {.line = line, .reference = reference, .success = true, .reason = {}});
        } else if (direction == "CRDT") {
            error(line, txPath,
                  reference +
                      " is a credit (CRDT) without RtrInf: a credit that is not a return is "
                      "not a result of our payment file");
        } else {
            error(line, txPath + "/CdtDbtInd",
                  direction.empty() ? "is missing for the payout " + reference
                                    : "must be DBIT or CRDT, not '" + direction + "'");
        }
    }
}

// ---- recognising and parsing ---------------------------------------------------------------

/// Refuses what libxml2 should never see: bytes that are not UTF-8 (ISO 20022 files are UTF-8;
/// checking first also keeps libxml2's encoding converters, which report to stderr, out of
/// it) and NUL bytes (never in XML; they would make libxml2 guess UTF-16 or UCS-4).
bool checkUtf8(std::string_view bytes, std::vector<std::string>& errors) {
    std::int64_t line = 1;
    std::size_t start = 0;
    while (start <= bytes.size()) {
        const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
        const std::string_view text = bytes.substr(start, end - start);
        if (text.find('\0') != std::string_view::npos) {
            errors.push_back("line " + std::to_string(line) +
                             ": the file contains a NUL byte; it is not UTF-8 text");
            return false;
        }
        if (!isValidUtf8(text)) {
            errors.push_back("line " + std::to_string(line) +
                             ": not valid UTF-8 (ISO 20022 files are UTF-8; was it saved as "
                             "GBK?)");
            return false;
        }
        start = end + 1;
        ++line;
    }
    return true;
}

void readXml(std::string_view bytes, BankResultFile& file, std::vector<std::string>& errors) {
    if (!checkUtf8(bytes, errors)) return;
    initLibxml2Once();
    ParserCtxtPtr ctxt(xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size())));
    if (ctxt == nullptr) throw std::bad_alloc();
    ParseCapture capture;
    ctxt->_private = &capture;
    // No NOENT, no DTDLOAD, no HUGE: entities stay unexpanded and libxml2's limits hold.
    // IGNORE_ENC: the bytes are UTF-8, whatever the declaration says.
    xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_IGNORE_ENC);
    ctxt->sax->serror = onXmlError;
    ctxt->sax->internalSubset = onDoctype;
    capture.startElement = ctxt->sax->startElementNs;
    if (capture.startElement != nullptr) ctxt->sax->startElementNs = onStartElement;
    xmlParseDocument(ctxt.get());
    DocPtr doc(ctxt->myDoc);
    ctxt->myDoc = nullptr;
    const bool wellFormed = ctxt->wellFormed && ctxt->nsWellFormed;
    ctxt.reset();

    if (capture.doctype || (doc && (doc->intSubset || doc->extSubset))) {
        errors.push_back("line " + std::to_string(capture.doctypeLine ? capture.doctypeLine : 1) +
                         ": DOCTYPE: the file declares a document type (<!DOCTYPE ...>); bank "
                         "result files have none, and it is refused so that no entity is "
                         "expanded or loaded");
        return;
    }
    if (!wellFormed || !doc) {
        errors.push_back(
            capture.failed
                ? "line " + std::to_string(capture.errorLine) + ": not well-formed XML: " +
                      trimmed(str(reinterpret_cast<const xmlChar*>(capture.error.message)))
                : std::string("line 1: not well-formed XML (the parser stopped without a reason)"));
        return;
    }

    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (root == nullptr) {
        errors.push_back("line 1: not well-formed XML: no root element");
        return;
    }
    const std::string rootLine = "line " + std::to_string(lineOf(*root)) + ": ";
    const std::string rootName = str(root->name);
    const std::string ns = root->ns != nullptr ? str(root->ns->href) : std::string();
    auto versioned = [&ns](std::string_view prefix) {
        return ns.size() > prefix.size() && ns.starts_with(prefix) &&
               ns.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
    };
    if (versioned(Pain002Namespace))
        file.format = "pain.002";
    else if (versioned(Camt054Namespace))
        file.format = "camt.054";
    if (file.format.empty() || rootName != "Document") {
        errors.push_back(rootLine + rootName + ": not a bank result file: the root element is <" +
                         rootName + "> in namespace '" + ns +
                         "'; expected <Document> of ISO 20022 pain.002 (payment status report) "
                         "or camt.054 (debit/credit notification)");
        file.format.clear();
        return;
    }

    const xmlNode* message = root->children;
    while (message != nullptr && message->type != XML_ELEMENT_NODE) message = message->next;
    const bool pain = file.format == "pain.002";
    const std::string messageName = message != nullptr ? str(message->name) : std::string();
    const bool known = message != nullptr && root->ns != nullptr && message->ns != nullptr &&
                       xmlStrEqual(message->ns->href, root->ns->href) &&
                       (pain ? messageName == "CstmrPmtStsRpt"
                             : messageName == "BkToCstmrDbtCdtNtfctn" ||
                                   messageName == "BkToCstmrDbtCdtNtfctnV01");
    if (!known) {
        const std::int64_t line = message != nullptr ? lineOf(*message) : lineOf(*root);
        const std::string expected = pain ? "<CstmrPmtStsRpt>" : "<BkToCstmrDbtCdtNtfctn>";
        errors.push_back(message != nullptr
                             ? "line " + std::to_string(line) + ": Document: expected " + expected +
                                   ", found <" + messageName + ">"
                             : "line " + std::to_string(line) + ": Document: expected " + expected +
                                   " in it, found no element");
        return;
    }

    const std::size_t errorsBefore = errors.size();
    Iso20022Reader reader(*root, file, errors);
    if (pain)
        reader.readPain002(*message);
    else
        reader.readCamt054(*message);
    if (errors.size() == errorsBefore && file.results.empty() && file.pending == 0 &&
        file.groupRejection.empty())
        errors.push_back("line " + std::to_string(lineOf(*message)) + ": " + messageName +
                         ": no results: the file reports on no transfer");
}

}  // namespace

BankResultFile parseBankResultFile(std::string_view bytes, std::vector<std::string>& errors) {
    BankResultFile file;
    if (bytes.size() > MaxFileBytes) {
        errors.push_back("line 1: the file is " + std::to_string(bytes.size()) +
                         " bytes; a bank result file may have at most 10 MiB (" +
                         std::to_string(MaxFileBytes) + " bytes)");
        return file;
    }
    std::string_view rest = bytes;
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    const std::size_t first = rest.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && rest[first] == '<') {
        readXml(bytes, file, errors);
        return file;
    }
    std::istringstream in{std::string(bytes)};
    file.format = "csv";
    file.results = parseBankResultCsv(in, errors);
    return file;
}

}  // namespace huzhu::adapters::formats
