#pragma once

#include <string>

#include "adapters/formats/StrictJson.h"
#include "core/PayoutEngine.h"

namespace huzhu::adapters::formats {

/// The inputs of one quote (CONTRACT §4 CASE.json).
struct QuoteCase {
    core::MemberFacts member;
    core::History history;
    core::ClaimFacts claim;
};

/// Parses CASE.json strictly (unknown keys and wrong types are errors naming the JSON path,
/// e.g. "claim.total_fen"). Consistency of the figures is checked by core::validateClaim.
/// Throws JsonInputError.
QuoteCase parseCaseJson(const std::string& json);

}  // namespace huzhu::adapters::formats
