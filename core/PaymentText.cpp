#include "core/PaymentText.h"

#include <cstdint>

#include "core/Utf8.h"

namespace huzhu::core {

std::string paymentTextProblem(std::string_view value, std::size_t maxChars) {
    if (value.empty()) return "is empty";
    std::size_t chars = 0;
    for (std::size_t i = 0; i < value.size();) {
        const std::int32_t cp = decodeUtf8(value, i);
        if (cp < 0) return "is not valid UTF-8";
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF)
            return "contains a control character (U+" + [&] {
                static const char* hex = "0123456789ABCDEF";
                std::string h;
                for (int shift = 12; shift >= 0; shift -= 4) h += hex[(cp >> shift) & 0xF];
                return h;
            }() + ") that the file cannot carry";
        ++chars;
    }
    if (chars > maxChars)
        return "has " + std::to_string(chars) + " characters; the file allows at most " +
               std::to_string(maxChars);
    return "";
}

}  // namespace huzhu::core
