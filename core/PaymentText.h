#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace huzhu::core {

/// Why `value` cannot go into a payment-file field of at most `maxChars` characters (Unicode
/// code points, as XSD maxLength counts them): empty, not UTF-8, a control character (none of
/// the bank formats can carry one), or too long. Empty string when it can. Text is never
/// transliterated or cut to fit: a problem stops the export and names the payout.
std::string paymentTextProblem(std::string_view value, std::size_t maxChars);

}  // namespace huzhu::core
