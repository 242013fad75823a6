#include "core/Identifiers.h"

#include <stdexcept>

namespace huzhu::core {

namespace {

constexpr std::size_t kIdLength = 18;
constexpr std::size_t kPayloadLength = 17;

constexpr int kResidentWeights[kPayloadLength] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                  3, 7, 9,  10, 5, 8, 4, 2};
constexpr std::string_view kResidentCheckChars = "10X98765432";

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[kPayloadLength] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
static_assert(kCreditAlphabet.size() == 31);

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool allDigits(std::string_view text) {
    for (const char c : text) {
        if (!isDigit(c)) {
            return false;
        }
    }
    return true;
}

/// Returns the value of c in the credit code alphabet, or nullopt if c is not in it.
std::optional<int> creditValue(char c) {
    const std::size_t pos = kCreditAlphabet.find(c);
    if (pos == std::string_view::npos) {
        return std::nullopt;
    }
    return static_cast<int>(pos);
}

/// Returns the Luhn sum of digits (all ASCII digits), doubling every second digit counted from
/// the right starting with the rightmost when doubleRightmost is true.
int luhnSum(std::string_view digits, bool doubleRightmost) {
    int sum = 0;
    bool doubleThis = doubleRightmost;
    for (std::size_t i = digits.size(); i > 0; --i) {
        int digit = digits[i - 1] - '0';
        if (doubleThis) {
            digit *= 2;
            if (digit > 9) {
                digit -= 9;
            }
        }
        sum += digit;
        doubleThis = !doubleThis;
    }
    return sum;
}

}  // namespace

char residentIdCheckChar(std::string_view first17) {
    if (first17.size() != kPayloadLength || !allDigits(first17)) {
        throw std::invalid_argument("huzhu::core::residentIdCheckChar: expected 17 digits");
    }
    int sum = 0;
    for (std::size_t i = 0; i < kPayloadLength; ++i) {
        sum += (first17[i] - '0') * kResidentWeights[i];
    }
    return kResidentCheckChars[static_cast<std::size_t>(sum % 11)];
}

std::optional<ResidentIdInfo> parseResidentId(std::string_view id) {
    if (id.size() != kIdLength) {
        return std::nullopt;
    }
    const std::string_view payload = id.substr(0, kPayloadLength);
    if (!allDigits(payload) || id[kPayloadLength] != residentIdCheckChar(payload)) {
        return std::nullopt;
    }

    const auto number = [id](std::size_t pos, std::size_t count) {
        int value = 0;
        for (std::size_t i = pos; i < pos + count; ++i) {
            value = value * 10 + (id[i] - '0');
        }
        return value;
    };
    const int year = number(6, 4);
    const auto month = static_cast<unsigned>(number(10, 2));
    const auto day = static_cast<unsigned>(number(12, 2));
    if (year < 1900 || year > 2099 || !Date::isValid(year, month, day)) {
        return std::nullopt;
    }

    const int sequenceLastDigit = id[16] - '0';
    return ResidentIdInfo{Date(year, month, day), sequenceLastDigit % 2 == 1 ? 'M' : 'F'};
}

char creditCodeCheckChar(std::string_view first17) {
    if (first17.size() != kPayloadLength) {
        throw std::invalid_argument("huzhu::core::creditCodeCheckChar: expected 17 characters");
    }
    int sum = 0;
    for (std::size_t i = 0; i < kPayloadLength; ++i) {
        const auto value = creditValue(first17[i]);
        if (!value) {
            throw std::invalid_argument(
                "huzhu::core::creditCodeCheckChar: character outside the credit code alphabet");
        }
        sum += *value * kCreditWeights[i];
    }
    const int check = (31 - sum % 31) % 31;
    return kCreditAlphabet[static_cast<std::size_t>(check)];
}

bool isValidCreditCode(std::string_view code) {
    if (code.size() != kIdLength) {
        return false;
    }
    for (const char c : code) {
        if (!creditValue(c)) {
            return false;
        }
    }
    return code[kPayloadLength] == creditCodeCheckChar(code.substr(0, kPayloadLength));
}

bool luhnValid(std::string_view digits) {
    if (digits.size() < 2 || !allDigits(digits)) {
        return false;
    }
    return luhnSum(digits, false) % 10 == 0;
}

char luhnCheckDigit(std::string_view payload) {
    if (payload.empty() || !allDigits(payload)) {
        throw std::invalid_argument(
            "huzhu::core::luhnCheckDigit: expected a non-empty digit string");
    }
    // The appended digit becomes the rightmost, so the payload's rightmost digit is doubled.
    const int sum = luhnSum(payload, true);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool isValidBankAccount(std::string_view account) {
    if (account.size() < 12 || account.size() > 30 || !allDigits(account)) {
        return false;
    }
    if (account.size() >= 16 && account.size() <= 19) {
        return luhnValid(account);
    }
    return true;
}

std::string maskIdentifier(std::string_view value) {
    const std::size_t length = value.size();
    std::string masked(length, '*');
    if (length >= 11) {
        masked.replace(0, 6, value.substr(0, 6));
        masked.replace(length - 4, 4, value.substr(length - 4));
    } else if (length >= 5) {
        masked.replace(length - 4, 4, value.substr(length - 4));
    }
    return masked;
}

}  // namespace huzhu::core
