#pragma once

#include <stdexcept>
#include <string>

#include "core/Plan.h"

namespace huzhu::adapters::formats {

/// A plan file that cannot be loaded; `path()` is the JSON path of the offending value
/// (e.g. "benefits[0].bands[1].upto_fen").
class PlanError : public std::runtime_error {
public:
    PlanError(std::string path, const std::string& message)
        : std::runtime_error(path + ": " + message), _path(std::move(path)) {}
    const std::string& path() const { return _path; }

private:
    std::string _path;
};

/// Parses and validates a plan file (CONTRACT §3). Strict: unknown keys, wrong types, bands
/// out of order, a null band that is not last, negative money, ratios above 10000 bp, a period
/// that ends before it starts are errors naming the JSON path. Throws PlanError.
/// Supported so far: the `ratio` method with bands (the other methods and
/// `ratio_by_hospital_level` are refused as not yet supported).
core::Plan parsePlanJson(const std::string& json);

}  // namespace huzhu::adapters::formats
