#include "adapters/formats/Gb18030CsvWriter.h"

#include <iconv.h>

#include <Poco/Exception.h>
#include <cerrno>

namespace huzhu::adapters::formats {

std::string utf8ToGb18030(const std::string& text) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1))
        throw Poco::IOException("iconv cannot convert UTF-8 to GB18030 on this system");
    std::string out(text.size() * 2 + 16, '\0');  // GB 18030 needs at most 4 bytes a character
    char* in = const_cast<char*>(text.data());    // iconv's signature; the input is not written
    std::size_t inLeft = text.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    const std::size_t rc = iconv(cd, &in, &inLeft, &dst, &outLeft);
    const int err = errno;
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1))
        throw Poco::DataException(err == EILSEQ ? "text is not valid UTF-8"
                                                : "GB18030 conversion failed");
    out.resize(out.size() - outLeft);
    return out;
}

std::string Gb18030CsvWriter::write(const core::PaymentFile& file) const {
    return utf8ToGb18030(BankCsvWriter().write(file));
}

}  // namespace huzhu::adapters::formats
