#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "adapters/crypto/Crypto.h"
#include "adapters/sqlite/Database.h"
#include "core/Ports.h"

namespace huzhu::adapters::sqlite {

/// What an import did, or every reason it did nothing.
struct ImportReport {
    static constexpr std::size_t MaxListedErrors = 1000;

    std::int64_t rows = 0;
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
    std::vector<std::string> errors;  // "line N, column C: reason", at most MaxListedErrors
    std::int64_t errorCount = 0;      // all of them

    bool ok() const { return errorCount == 0; }
    void addError(std::int64_t line, const std::string& column, const std::string& reason);
};

/// Called every 100,000 rows with the number of rows read so far.
using ImportProgress = std::function<void(std::int64_t rows)>;

/// Imports the union hierarchy (CONTRACT §5: union_code, name, parent_code [, credit_code]).
/// Parents may appear after their children. All-or-nothing: any bad row and nothing is stored.
/// Re-importing the same file changes nothing; a changed name or parent is updated and
/// audited.
ImportReport importUnions(Database& db, std::istream& csv, const core::Clock& clock,
                          const std::string& actor);

/// Imports a membership roster (CONTRACT §5; docs/import-formats.md) in one transaction,
/// streaming: memory grows with the number of members only through two compact duplicate
/// indexes (about 24 bytes a row), not with the file. Personal data is encrypted with
/// `cipher`. All-or-nothing with every bad row reported; idempotent; changes to existing
/// members (bank account, union, phone, …) and enrolments are applied and audited.
ImportReport importMembers(Database& db, const crypto::FieldCipher& cipher, std::istream& csv,
                           const core::Clock& clock, const std::string& actor,
                           const ImportProgress& progress = {});

}  // namespace huzhu::adapters::sqlite
