#pragma once

#include "adapters/crypto/Crypto.h"
#include "adapters/sqlite/Database.h"
#include "core/Ports.h"

namespace huzhu::adapters::sqlite {

/// The demo plan of CONTRACT §2 for `year`: 60 % of in-scope self-pay after a 300 元
/// per-period deductible, cap 100,000 元 per member per period, one share.
std::string demoPlanJson(int year);

/// Loads the demo dataset's reference data in one transaction: a federation with two
/// grassroots unions, the demo plan for the current year, `members` generated members
/// (valid resident IDs and Luhn-valid bank cards, personal data encrypted) enrolled in it, and
/// one account per role with the password `huzhu-demo`. Returns false (and changes nothing)
/// when the demo accounts already exist.
bool loadDemoReferenceData(Database& db, const crypto::FieldCipher& cipher,
                           const core::PasswordHasher& hasher, const core::Clock& clock,
                           int members);

/// Whether any account of the demo dataset (users.is_demo) is still there.
bool hasDemoAccounts(Database& db);

/// Stores a validated plan edition; Conflict when (code, version) exists with another
/// definition, OK (and no change) when it exists with the same one.
core::Outcome storePlan(Database& db, const std::string& definitionJson, const core::Plan& plan,
                        const core::Clock& clock, const std::string& actor = "cli");

}  // namespace huzhu::adapters::sqlite
