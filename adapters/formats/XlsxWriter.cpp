#include "adapters/formats/XlsxWriter.h"

#include <xlsxwriter.h>

#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <charconv>
#include <map>
#include <memory>
#include <sstream>

#include "adapters/formats/BankCsvWriter.h"

namespace huzhu::adapters::formats {

namespace {

constexpr const char* Columns[] = {"序号", "收款人姓名", "收款账号", "开户行",
                                   "金额", "用途",       "业务编号"};

struct WorkbookCloser {
    void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};
struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return bytes;
}

/// The text of a cell written by libxlsxwriter in constant-memory mode (inline strings).
std::string cellText(xmlNode* cell) {
    for (xmlNode* is = cell->children; is; is = is->next)
        if (is->type == XML_ELEMENT_NODE && xmlStrEqual(is->name, BAD_CAST "is"))
            for (xmlNode* t = is->children; t; t = t->next)
                if (t->type == XML_ELEMENT_NODE && xmlStrEqual(t->name, BAD_CAST "t")) {
                    std::unique_ptr<xmlChar, decltype(xmlFree)> text(xmlNodeGetContent(t), xmlFree);
                    return text ? reinterpret_cast<const char*>(text.get()) : "";
                }
    return "";
}

}  // namespace

core::Result<std::string> XlsxWriter::write(const core::PaymentFile& file) const {
    if (core::Outcome o = checkFields(file, BankCsvWriter::Limits); !o.isOk()) return o;
    int tzd = 0;
    Poco::DateTime created(2000, 1, 1);
    if (!file.firstExport.empty() &&
        !Poco::DateTimeParser::tryParse(file.firstExport, created, tzd))
        return core::Outcome::invalid("batch", "bad first-export time " + file.firstExport);

    Poco::TemporaryFile temp;  // removed when it goes out of scope
    const std::string path = temp.path() + ".xlsx";
    Poco::TemporaryFile::registerForDeletion(path);
    {
        lxw_workbook_options options{.constant_memory = LXW_TRUE, .tmpdir = nullptr};
        std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new_opt(path.c_str(), &options));
        if (!wb) throw Poco::IOException("libxlsxwriter cannot create " + path);
        lxw_doc_properties properties{};
        properties.created = static_cast<time_t>(created.timestamp().epochTime());
        properties.title = const_cast<char*>("职工医疗互助金批量代发");
        workbook_set_properties(wb.get(), &properties);
        lxw_worksheet* sheet = workbook_add_worksheet(wb.get(), "批量代发");
        for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(sheet, 0, c, Columns[c], nullptr);
        lxw_row_t row = 1;
        for (const core::PaymentLine& line : file.lines) {
            const std::string cells[] = {std::to_string(line.seq),
                                         BankCsvWriter::neutralised(line.payeeName),
                                         BankCsvWriter::neutralised(line.account),
                                         BankCsvWriter::neutralised(line.bankName),
                                         core::formatYuan(line.amountFen),
                                         BankCsvWriter::neutralised(line.purpose),
                                         BankCsvWriter::neutralised(line.reference)};
            for (lxw_col_t c = 0; c < 7; ++c)
                worksheet_write_string(sheet, row, c, cells[c].c_str(), nullptr);
            ++row;
        }
        const std::string count = "共 " + std::to_string(file.lines.size()) + " 笔";
        worksheet_write_string(sheet, row, 0, "合计", nullptr);
        worksheet_write_string(sheet, row, 1, count.c_str(), nullptr);
        worksheet_write_string(sheet, row, 4, core::formatYuan(file.totalFen).c_str(), nullptr);
        const lxw_error rc = workbook_close(wb.release());
        if (rc != LXW_NO_ERROR)
            throw Poco::IOException(std::string("libxlsxwriter: ") + lxw_strerror(rc));
    }
    std::string bytes = readFile(path);
    Poco::File(path).remove();
    return bytes;
}

core::Result<core::PaymentFileSummary> XlsxWriter::readBack(const std::string& bytes) const {
    const auto bad = [](const std::string& what) {
        return core::Outcome::invalid("file", "the written XLSX: " + what);
    };
    std::string sheetXml;
    try {
        std::istringstream zip(bytes);
        Poco::Zip::ZipArchive archive(zip);
        auto header = archive.findHeader("xl/worksheets/sheet1.xml");
        if (header == archive.headerEnd()) return bad("no sheet");
        std::istringstream again(bytes);
        Poco::Zip::ZipInputStream sheet(again, header->second);
        Poco::StreamCopier::copyToString(sheet, sheetXml);
    } catch (const Poco::Exception& e) {
        return bad(e.displayText());
    }
    std::unique_ptr<xmlDoc, DocFree> doc(
        xmlReadMemory(sheetXml.data(), static_cast<int>(sheetXml.size()), "sheet1.xml", nullptr,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE));
    if (!doc) return bad("the sheet is not well-formed XML");
    std::vector<std::vector<std::string>> rows;
    for (xmlNode* n = xmlDocGetRootElement(doc.get())->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "sheetData")) continue;
        for (xmlNode* r = n->children; r; r = r->next) {
            if (r->type != XML_ELEMENT_NODE) continue;
            std::vector<std::string> cells(7);
            for (xmlNode* c = r->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE) continue;
                std::unique_ptr<xmlChar, decltype(xmlFree)> ref(xmlGetProp(c, BAD_CAST "r"),
                                                                xmlFree);
                const char column = ref ? static_cast<char>(ref.get()[0]) : '?';
                if (column < 'A' || column > 'G') return bad("a cell outside columns A–G");
                cells[static_cast<std::size_t>(column - 'A')] = cellText(c);
            }
            rows.push_back(std::move(cells));
        }
    }
    if (rows.size() < 2) return bad("no header or no totals row");
    for (std::size_t c = 0; c < 7; ++c)
        if (rows[0][c] != Columns[c]) return bad("unexpected header");
    core::PaymentFileSummary summary;
    for (std::size_t i = 1; i + 1 < rows.size(); ++i) {
        const auto amount = core::parseYuan(rows[i][4]);
        if (!amount || *amount <= 0)
            return bad("row " + std::to_string(i + 1) + ": amount '" + rows[i][4] + "'");
        summary.totalFen = core::checkedAdd(summary.totalFen, *amount);
        ++summary.count;
        summary.references.push_back(rows[i][6]);
    }
    const auto& totals = rows.back();
    const auto total = core::parseYuan(totals[4]);
    if (totals[0] != "合计" || !total) return bad("no totals row");
    // "共 N 笔": the count the totals row declares.
    const std::string& said = totals[1];
    const std::string prefix = "共 ", suffix = " 笔";
    std::int64_t declared = -1;
    if (said.size() > prefix.size() + suffix.size() && said.rfind(prefix, 0) == 0 &&
        said.compare(said.size() - suffix.size(), suffix.size(), suffix) == 0) {
        const char* first = said.data() + prefix.size();
        const char* last = said.data() + said.size() - suffix.size();
        auto [end, ec] = std::from_chars(first, last, declared);
        if (ec != std::errc() || end != last) declared = -1;
    }
    if (declared < 0) return bad("the totals row has no count: " + said);
    if (core::Outcome o = checkDeclared(summary, declared, *total, "the totals row"); !o.isOk())
        return o;
    return summary;
}

}  // namespace huzhu::adapters::formats
