#include "adapters/formats/BankCsvWriter.h"
#include "adapters/formats/Gb18030CsvWriter.h"

#include <boost/test/unit_test.hpp>

#include <string>

using huzhu::adapters::formats::BankCsvWriter;
using namespace huzhu::core;

BOOST_AUTO_TEST_SUITE(bank_csv_writer)

BOOST_AUTO_TEST_CASE(two_lines_exact_bytes) {
    PaymentFile file;
    file.batchId = 7;
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
                    .payeeName = "=HYPERLINK(\"http://x\")",
                    .account = "6222020000000000063",
                    .bankName = "中国银行,贵阳分行",
                    .amountFen = 5,
                    .purpose = "-1+1"},
    };
    file.totalFen = 582005;
    const BankCsvWriter writer;
    BOOST_TEST(writer.format() == "csv");
    BOOST_TEST(writer.mediaType() == "text/csv; charset=utf-8");
    const std::string expected =
        "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n"
        "1,阿依古丽·买买提,6222020000000000055,中国工商银行贵阳分行,5820.00,"
        "职工医疗互助金 理赔12,HZP0000000041\r\n"
        "2,\"'=HYPERLINK(\"\"http://x\"\")\",6222020000000000063,\"中国银行,贵阳分行\",0.05,"
        "'-1+1,HZP0000000042\r\n";
    BOOST_TEST(*writer.write(file).value == expected);
    // Read back: the count, total and references the check before an export compares.
    const auto back = writer.readBack(expected);
    BOOST_TEST_REQUIRE(back.isOk());
    BOOST_TEST(back.value->count == 2);
    BOOST_TEST(back.value->totalFen == 582005);
    BOOST_TEST(
        (back.value->references == std::vector<std::string>{"HZP0000000041", "HZP0000000042"}));
}

BOOST_AUTO_TEST_CASE(gb18030_encodes_and_reads_back) {
    PaymentFile file;
    file.lines = {PaymentLine{.seq = 1,
                              .payoutId = 1,
                              .reference = "HZP0000000001",
                              .payeeName = "阿依古丽·买买提",
                              .account = "6222020000000000055",
                              .bankName = "中国工商银行",
                              .amountFen = 2262000,
                              .purpose = "职工医疗互助金"}};
    const auto gb = huzhu::adapters::formats::Gb18030CsvWriter().write(file);
    BOOST_TEST_REQUIRE(gb.isOk());
    BOOST_TEST(gb.value->rfind("\xD0\xF2\xBA\xC5", 0) == 0u);  // 序号 in GB 18030
    BOOST_TEST(gb.value->find(",22620.00,") != std::string::npos);
    const auto back = huzhu::adapters::formats::Gb18030CsvWriter().readBack(*gb.value);
    BOOST_TEST_REQUIRE(back.isOk());
    BOOST_TEST(back.value->totalFen == 2262000);
    BOOST_TEST(back.value->references.at(0) == "HZP0000000001");
}

BOOST_AUTO_TEST_CASE(empty_batch_is_the_header_only) {
    BOOST_TEST(*BankCsvWriter().write(PaymentFile{}).value ==
               "序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n");
}

BOOST_AUTO_TEST_CASE(a_value_the_file_cannot_carry_names_the_payout) {
    PaymentFile file;
    file.lines = {PaymentLine{.seq = 1,
                              .payoutId = 9,
                              .reference = "HZP0000000009",
                              .payeeName = "王\t伟",
                              .account = "6222020000000000055",
                              .bankName = "中国工商银行",
                              .amountFen = 100,
                              .purpose = "职工医疗互助金"}};
    auto tab = BankCsvWriter().write(file);
    BOOST_TEST_REQUIRE(!tab.isOk());
    BOOST_TEST(tab.outcome.message() ==
               "payout HZP0000000009 (line 1): 收款人姓名 (payee name) contains a control "
               "character (U+0009) that the file cannot carry");
    file.lines[0].payeeName = "";
    for (int i = 0; i < 61; ++i) file.lines[0].payeeName += "王";
    auto longName = BankCsvWriter().write(file);
    BOOST_TEST_REQUIRE(!longName.isOk());
    BOOST_TEST(longName.outcome.message().find("has 61 characters; the file allows at most 60") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_back_refuses_what_is_not_a_payment_file) {
    BOOST_TEST(!BankCsvWriter().readBack("a,b\r\n").isOk());
    BOOST_TEST(!BankCsvWriter()
                    .readBack("序号,收款人姓名,收款账号,开户行,金额,用途,业务编号\r\n"
                              "1,王伟,6222,工行,0.00,x,HZP1\r\n")
                    .isOk());
}

BOOST_AUTO_TEST_CASE(cells) {
    BOOST_TEST(BankCsvWriter::cell("") == "");
    BOOST_TEST(BankCsvWriter::cell("王伟") == "王伟");
    BOOST_TEST(BankCsvWriter::cell("a,b") == "\"a,b\"");
    BOOST_TEST(BankCsvWriter::cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(BankCsvWriter::cell("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(BankCsvWriter::cell("cr\r") == "\"cr\r\"");
    BOOST_TEST(BankCsvWriter::cell("=1+2") == "'=1+2");
    BOOST_TEST(BankCsvWriter::cell("+86") == "'+86");
    BOOST_TEST(BankCsvWriter::cell("-5") == "'-5");
    BOOST_TEST(BankCsvWriter::cell("@SUM(A1)") == "'@SUM(A1)");
    BOOST_TEST(BankCsvWriter::cell("=a,b") == "\"'=a,b\"");
    BOOST_TEST(BankCsvWriter::cell("a=b") == "a=b");
}

BOOST_AUTO_TEST_SUITE_END()
