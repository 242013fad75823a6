#pragma once

#include <string>

#include "adapters/formats/StrictJson.h"
#include "core/Plan.h"

namespace huzhu::adapters::formats {

/// A plan file that cannot be loaded; `path()` names the offending JSON value.
using PlanError = JsonInputError;

/// Parses and validates a plan file (CONTRACT §3, docs/plan-format.md). Strict: unknown keys,
/// wrong types, bands out of order, a null band that is not last, negative money, ratios above
/// 10000 bp, a period that ends before it starts, keys of another method are errors naming
/// the JSON path. Throws PlanError.
core::Plan parsePlanJson(const std::string& json);

}  // namespace huzhu::adapters::formats
