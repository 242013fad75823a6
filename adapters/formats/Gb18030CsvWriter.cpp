#include "adapters/formats/Gb18030CsvWriter.h"

#include <iconv.h>

#include <Poco/Exception.h>
#include <cerrno>

namespace huzhu::adapters::formats {

std::string convertEncoding(const std::string& text, const char* from, const char* to) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1))
        throw Poco::IOException(std::string("iconv cannot convert ") + from + " to " + to);
    std::string out(text.size() * 2 + 16, '\0');  // GB 18030 ↔ UTF-8 at most doubles the bytes
    char* in = const_cast<char*>(text.data());    // iconv's signature; the input is not written
    std::size_t inLeft = text.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    const std::size_t rc = iconv(cd, &in, &inLeft, &dst, &outLeft);
    const int err = errno;
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1))
        throw Poco::DataException(err == EILSEQ || err == EINVAL
                                      ? std::string("text is not valid ") + from
                                      : std::string("conversion to ") + to + " failed");
    out.resize(out.size() - outLeft);
    return out;
}

core::Result<std::string> Gb18030CsvWriter::write(const core::PaymentFile& file) const {
    auto utf8 = BankCsvWriter().write(file);
    if (!utf8.isOk()) return utf8;
    return utf8ToGb18030(*utf8.value);
}

core::Result<core::PaymentFileSummary> Gb18030CsvWriter::readBack(const std::string& bytes) const {
    try {
        return BankCsvWriter().readBack(convertEncoding(bytes, "GB18030", "UTF-8"));
    } catch (const Poco::DataException& e) {
        return core::Outcome::invalid("file", "the written file: " + e.message());
    }
}

}  // namespace huzhu::adapters::formats
