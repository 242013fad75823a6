#pragma once

#include "core/Date.h"

#include <optional>
#include <string>
#include <string_view>

namespace huzhu::core {

/// Returns the GB 11643 resident ID check character for the first 17 characters of an ID:
/// ISO 7064 MOD 11-2 with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum % 11 mapped through
/// "10X98765432". Result is '0'..'9' or uppercase 'X'.
/// Throws std::invalid_argument unless first17 is exactly 17 ASCII digits.
char residentIdCheckChar(std::string_view first17);

/// Facts carried by a valid resident ID number.
struct ResidentIdInfo {
    Date birthDate;  ///< characters 7-14 (1-based), YYYYMMDD
    char gender;     ///< 'M' when character 17 (1-based) is odd, 'F' when even
};

/// Validates an 18-character GB 11643 resident ID: 17 digits, then the check character (digit or
/// uppercase 'X'; lowercase 'x' is rejected, callers may uppercase first), characters 7-14 a real
/// date between 1900-01-01 and 2099-12-31 (no comparison with today). The region code is not
/// checked against a registry. Returns nullopt if the ID is invalid in any way.
std::optional<ResidentIdInfo> parseResidentId(std::string_view id);

/// Returns the GB 32100-2015 unified social credit code check character for the first 17
/// characters: alphabet "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I O Z S V), weights
/// 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, check = 31 - sum % 31 (31 -> 0) mapped back
/// through the alphabet. Throws std::invalid_argument unless first17 is 17 alphabet characters
/// (uppercase only).
char creditCodeCheckChar(std::string_view first17);

/// Returns true when code is 18 uppercase alphabet characters whose last one is the
/// creditCodeCheckChar of the first 17. The embedded organisation code check (GB 11714) and the
/// registration-authority/type codes are not validated. Never throws.
bool isValidCreditCode(std::string_view code);

/// Returns true when digits is at least 2 ASCII digits and passes the Luhn (mod 10) check.
/// Returns false for anything else. Never throws.
bool luhnValid(std::string_view digits);

/// Returns the Luhn check digit ('0'..'9') to append to payload so the result passes luhnValid.
/// Throws std::invalid_argument unless payload is a non-empty string of ASCII digits.
char luhnCheckDigit(std::string_view payload);

/// Returns true when account is 12..30 ASCII digits and, if it is 16..19 digits long (card-like
/// numbers), passes the Luhn check. Returns false otherwise. Never throws.
bool isValidBankAccount(std::string_view account);

/// Masks an identifier for screens and logs, byte-wise (meant for ASCII ids). Length >= 11: first
/// 6 characters, one '*' per hidden character, last 4 ("110105********1234" for an 18-character
/// id); length 5..10: '*' for all but the last 4; length 0..4: all '*'. Output length always
/// equals input length. Never throws except std::bad_alloc.
std::string maskIdentifier(std::string_view value);

}  // namespace huzhu::core
