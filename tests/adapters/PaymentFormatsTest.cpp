#include <Poco/Exception.h>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "adapters/crypto/Crypto.h"
#include "adapters/formats/BankResultCsv.h"
#include "adapters/formats/Gb18030CsvWriter.h"

using namespace huzhu::adapters;

BOOST_AUTO_TEST_SUITE(payment_formats)

BOOST_AUTO_TEST_CASE(bank_results_parse_and_report_every_problem) {
    std::istringstream good(
        "\xEF\xBB\xBF状态,业务编号,原因\r\n成功,HZP0000000001,\r\n"
        "失败,HZP0000000002,\"账户已销户,请核实\"\r\n");
    std::vector<std::string> errors;
    const auto results = formats::parseBankResultCsv(good, errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST_REQUIRE(results.size() == 2u);
    BOOST_TEST(results[0].success);
    BOOST_TEST(!results[1].success);
    BOOST_TEST(results[1].reason == "账户已销户,请核实");
    BOOST_TEST(results[1].line == 3);

    std::istringstream bad(
        "业务编号,状态,原因\nHZP1,成功,\nHZP1,成功,\nHZP2,失败,\nHZP3,pending,\n,成功,\n");
    errors.clear();
    formats::parseBankResultCsv(bad, errors);
    const std::vector<std::string> expected = {
        "line 3, column 业务编号: the payout HZP1 appears twice",
        "line 4, column 原因: a failed transfer needs a reason",
        "line 5, column 状态: must be 成功 or 失败, not 'pending'",
        "line 6, column 业务编号: is empty"};
    BOOST_TEST(errors == expected, boost::test_tools::per_element());

    std::istringstream noHeader("HZP1,成功\n");
    errors.clear();
    formats::parseBankResultCsv(noHeader, errors);
    BOOST_TEST(errors.size() == 3u);  // all three required columns missing
    std::istringstream empty("");
    errors.clear();
    formats::parseBankResultCsv(empty, errors);
    BOOST_TEST(errors.size() == 1u);
}

BOOST_AUTO_TEST_CASE(gb18030_conversion) {
    // 互助 is BB A5 D6 FA in GB 18030; a name with the middle dot survives (A1 A4).
    BOOST_TEST(formats::utf8ToGb18030("互助") == "\xBB\xA5\xD6\xFA");
    BOOST_TEST(formats::utf8ToGb18030("阿依古丽·买买提").find("\xA1\xA4") != std::string::npos);
    // Characters outside GBK still have a four-byte GB 18030 form: nothing is lost.
    BOOST_TEST(formats::utf8ToGb18030("𠀀").size() == 4u);
    BOOST_CHECK_THROW(formats::utf8ToGb18030("\xD5\xC5"), Poco::DataException);
}

BOOST_AUTO_TEST_SUITE_END()
