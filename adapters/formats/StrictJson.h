#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/Date.h"
#include "core/Money.h"

namespace huzhu::adapters::formats {

/// Bad input in a JSON file; `path()` is the JSON path of the offending value, e.g.
/// "benefits[0].bands[1].upto_fen" ("$" for the document itself).
class JsonInputError : public std::runtime_error {
public:
    JsonInputError(std::string path, const std::string& message)
        : std::runtime_error(path + ": " + message), _path(std::move(path)) {}
    const std::string& path() const { return _path; }

private:
    std::string _path;
};

/// Parses `json` and returns its root, which must be an object. Throws JsonInputError.
Poco::JSON::Object::Ptr parseJsonObject(const std::string& json);

/// Reads typed values from one JSON object strictly: wrong types are errors naming the path,
/// and finish() reports the first key that was never read. `null` counts as absent.
class StrictObject {
public:
    StrictObject(Poco::JSON::Object::Ptr object, std::string path);

    /// The JSON path of `key` inside this object.
    std::string at(const std::string& key) const;
    /// Whether `key` is present and not null (and marks it as read).
    bool has(const std::string& key);

    std::int64_t integer(const std::string& key, std::optional<std::int64_t> fallback = {});
    std::optional<std::int64_t> optionalInteger(const std::string& key);
    /// An integer in [lo, hi].
    std::int64_t integerIn(const std::string& key, std::int64_t lo, std::int64_t hi,
                           std::optional<std::int64_t> fallback = {});
    /// A non-negative amount of fen.
    core::Fen money(const std::string& key, std::optional<core::Fen> fallback = {});
    std::optional<core::Fen> optionalMoney(const std::string& key);
    /// Basis points in [0, 10000].
    std::int64_t ratio(const std::string& key, std::optional<std::int64_t> fallback = {});
    std::string text(const std::string& key, std::optional<std::string> fallback = {});
    bool flag(const std::string& key, bool fallback);
    std::optional<bool> optionalFlag(const std::string& key);
    core::Date date(const std::string& key);
    std::optional<core::Date> optionalDate(const std::string& key);
    StrictObject object(const std::string& key);
    Poco::JSON::Array::Ptr array(const std::string& key);
    /// Element i of `array` (found under `key`) as an object.
    StrictObject element(const Poco::JSON::Array::Ptr& array, const std::string& key,
                         std::size_t i);
    /// The names of all keys (for maps such as history.benefits).
    std::vector<std::string> keys() const;

    /// Throws for the first key that was never read.
    void finish() const;

private:
    Poco::JSON::Object::Ptr _object;
    std::string _path;
    std::set<std::string> _used;
};

}  // namespace huzhu::adapters::formats
