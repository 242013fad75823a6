#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace huzhu::core {

/// Monetary amount in fen (1 yuan = 100 fen). Never use floating point for money.
using Fen = std::int64_t;

/// How a fractional result is turned into a whole number of fen.
enum class RoundingMode {
    HalfUp,    ///< nearest; exact halves go away from zero
    HalfEven,  ///< nearest; exact halves go to the even neighbour (banker's rounding)
    Down,      ///< truncate toward zero
};

/// Thrown whenever an integer computation would leave the range of std::int64_t.
class OverflowError : public std::overflow_error {
public:
    using std::overflow_error::overflow_error;
};

/// Returns a + b. Throws OverflowError when the sum does not fit in Fen.
Fen checkedAdd(Fen a, Fen b);

/// Returns a - b. Throws OverflowError when the difference does not fit in Fen.
Fen checkedSub(Fen a, Fen b);

/// Returns a * b. Throws OverflowError when the product does not fit in std::int64_t.
std::int64_t checkedMul(std::int64_t a, std::int64_t b);

/// Returns numerator / denominator rounded per mode. Exact quotients are returned unchanged.
/// For negative numerators HalfUp rounds halves away from zero, Down truncates toward zero and
/// HalfEven rounds halves to the even neighbour (the rules are symmetric around zero).
/// Throws std::invalid_argument when denominator <= 0.
std::int64_t divideRounded(std::int64_t numerator, std::int64_t denominator, RoundingMode mode);

/// Returns amount * bp / 10000 (bp = basis points, 6000 = 60 %), rounded exactly once per mode
/// with the same rules as divideRounded. The computation is exact: it only throws OverflowError
/// when the rounded result itself does not fit in Fen (no spurious intermediate overflow).
Fen applyBasisPoints(Fen amount, std::int64_t bp, RoundingMode mode);

/// Returns the amount in yuan with exactly two decimals and no grouping: "1234.50", "0.01",
/// "-0.05", "0.00". Total function (also correct for INT64_MIN); never throws except bad_alloc.
std::string formatYuan(Fen fen);

/// Parses a yuan amount "12", "12.3", "12.30", "-1.05", "0.5", "-0.00" into fen. Grammar:
/// optional '-', integer part ("0" or digits without a leading zero), optionally '.' followed by
/// one or two digits. Returns nullopt for anything else ("12.345", "", "1e3", " 1", "1.", ".5",
/// "+1", "01", "-", "1,000") and for values that do not fit in Fen.
std::optional<Fen> parseYuan(std::string_view text);

/// Returns the stable text name of mode: "half_up", "half_even" or "down".
std::string_view toString(RoundingMode mode);

/// Parses exactly "half_up", "half_even" or "down" (case-sensitive); nullopt otherwise.
std::optional<RoundingMode> parseRoundingMode(std::string_view text);

}  // namespace huzhu::core
