#pragma once

#include <string>
#include <vector>

namespace huzhu::adapters::sqlite {

/// The numbered schema migrations: element i holds the statements of migration i+1. Append
/// new migrations; never edit one that has shipped. See docs/schema.md.
const std::vector<std::vector<std::string>>& schemaMigrations();

}  // namespace huzhu::adapters::sqlite
