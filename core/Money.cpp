#include "core/Money.h"

#include <limits>

namespace huzhu::core {

namespace {

constexpr std::int64_t kBasisPointsPerUnit = 10000;

/// Completes a truncated division: trunc is numerator / denominator truncated toward zero,
/// remainder the matching numerator % denominator (same sign as the numerator, or zero),
/// denominator > 0. Returns the quotient rounded per mode; throws OverflowError if stepping
/// away from zero leaves the int64 range.
std::int64_t roundTruncated(std::int64_t trunc, std::int64_t remainder, std::int64_t denominator,
                            RoundingMode mode) {
    if (remainder == 0 || mode == RoundingMode::Down) {
        return trunc;
    }
    // |remainder| < denominator <= INT64_MAX, so neither negation nor subtraction overflows.
    const std::int64_t below = remainder < 0 ? -remainder : remainder;
    const std::int64_t above = denominator - below;
    const std::int64_t awayFromZero = remainder < 0 ? -1 : 1;

    bool roundAway = false;
    if (below > above) {
        roundAway = true;
    } else if (below == above) {
        roundAway = mode == RoundingMode::HalfUp || (trunc % 2 != 0);
    }
    return roundAway ? checkedAdd(trunc, awayFromZero) : trunc;
}

}  // namespace

Fen checkedAdd(Fen a, Fen b) {
    Fen result = 0;
    if (__builtin_add_overflow(a, b, &result)) {
        throw OverflowError("huzhu::core::checkedAdd: int64 overflow");
    }
    return result;
}

Fen checkedSub(Fen a, Fen b) {
    Fen result = 0;
    if (__builtin_sub_overflow(a, b, &result)) {
        throw OverflowError("huzhu::core::checkedSub: int64 overflow");
    }
    return result;
}

std::int64_t checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t result = 0;
    if (__builtin_mul_overflow(a, b, &result)) {
        throw OverflowError("huzhu::core::checkedMul: int64 overflow");
    }
    return result;
}

std::int64_t divideRounded(std::int64_t numerator, std::int64_t denominator, RoundingMode mode) {
    if (denominator <= 0) {
        throw std::invalid_argument("huzhu::core::divideRounded: denominator must be positive");
    }
    // denominator > 0, so INT64_MIN / -1 cannot occur.
    return roundTruncated(numerator / denominator, numerator % denominator, denominator, mode);
}

Fen applyBasisPoints(Fen amount, std::int64_t bp, RoundingMode mode) {
    // Split the factor of larger magnitude as big = whole * 10000 + part, |part| < 10000 and part
    // carrying big's sign; then amount * bp / 10000 = whole * small + part * small / 10000. Both
    // terms share one sign, so the truncated quotient is whole * small + (part * small) / 10000
    // and the remainder is (part * small) % 10000: one exact rounding, no 128-bit intermediate.
    // part * small can only overflow when |small| > INT64_MAX / 9999, and then the true result
    // (at least |small|^2 / 10000) does not fit either, so every OverflowError is genuine.
    const auto magnitude = [](std::int64_t v) {
        return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v)
                     : static_cast<std::uint64_t>(v);
    };
    const bool amountIsBigger = magnitude(amount) >= magnitude(bp);
    const std::int64_t big = amountIsBigger ? amount : bp;
    const std::int64_t small = amountIsBigger ? bp : amount;

    const std::int64_t whole = big / kBasisPointsPerUnit;
    const std::int64_t part = big % kBasisPointsPerUnit;
    const std::int64_t partProduct = checkedMul(part, small);
    const std::int64_t trunc =
        checkedAdd(checkedMul(whole, small), partProduct / kBasisPointsPerUnit);
    return roundTruncated(trunc, partProduct % kBasisPointsPerUnit, kBasisPointsPerUnit, mode);
}

std::string formatYuan(Fen fen) {
    // Work on the unsigned magnitude so that INT64_MIN needs no special case.
    const bool negative = fen < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(fen)
                                             : static_cast<std::uint64_t>(fen);
    const std::uint64_t cents = magnitude % 100;

    std::string text = negative ? "-" : "";
    text += std::to_string(magnitude / 100);
    text += '.';
    text += static_cast<char>('0' + cents / 10);
    text += static_cast<char>('0' + cents % 10);
    return text;
}

std::optional<Fen> parseYuan(std::string_view text) {
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };

    std::size_t pos = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) {
        ++pos;
    }

    // Integer part: "0" or a non-empty digit run without a leading zero.
    const std::size_t intStart = pos;
    while (pos < text.size() && isDigit(text[pos])) {
        ++pos;
    }
    const std::size_t intLength = pos - intStart;
    if (intLength == 0 || (intLength > 1 && text[intStart] == '0')) {
        return std::nullopt;
    }

    // Optional fraction: '.' followed by one or two digits.
    int fractionDigits[2] = {0, 0};
    if (pos < text.size()) {
        if (text[pos] != '.') {
            return std::nullopt;
        }
        ++pos;
        const std::size_t fracLength = text.size() - pos;
        if (fracLength < 1 || fracLength > 2) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < fracLength; ++i) {
            if (!isDigit(text[pos + i])) {
                return std::nullopt;
            }
            fractionDigits[i] = text[pos + i] - '0';
        }
    }

    // Accumulate as a non-positive number: its range includes INT64_MIN.
    std::int64_t value = 0;
    const auto appendDigit = [&value](int digit) {
        return !__builtin_mul_overflow(value, 10, &value) &&
               !__builtin_sub_overflow(value, digit, &value);
    };
    for (std::size_t i = intStart; i < intStart + intLength; ++i) {
        if (!appendDigit(text[i] - '0')) {
            return std::nullopt;
        }
    }
    if (!appendDigit(fractionDigits[0]) || !appendDigit(fractionDigits[1])) {
        return std::nullopt;
    }

    if (negative) {
        return value;
    }
    if (value == std::numeric_limits<std::int64_t>::min()) {
        return std::nullopt;
    }
    return -value;
}

std::string_view toString(RoundingMode mode) {
    switch (mode) {
        case RoundingMode::HalfUp:
            return "half_up";
        case RoundingMode::HalfEven:
            return "half_even";
        case RoundingMode::Down:
            return "down";
    }
    return "unknown";
}

std::optional<RoundingMode> parseRoundingMode(std::string_view text) {
    if (text == "half_up") {
        return RoundingMode::HalfUp;
    }
    if (text == "half_even") {
        return RoundingMode::HalfEven;
    }
    if (text == "down") {
        return RoundingMode::Down;
    }
    return std::nullopt;
}

}  // namespace huzhu::core
