#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace huzhu::core {

/// The code point of the UTF-8 sequence at `text[i]`, advancing `i` past it; -1 (with `i`
/// unchanged) when the bytes there are not well-formed UTF-8: a stray continuation or invalid
/// lead byte, a truncated sequence, an overlong form, a surrogate or a value above U+10FFFF.
/// The one decoder of the project (payment text checks, upload file names, chart labels).
std::int32_t decodeUtf8(std::string_view text, std::size_t& i);

}  // namespace huzhu::core
