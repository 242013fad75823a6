#include "adapters/formats/StrictJson.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace huzhu::adapters::formats {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr parseJsonObject(const std::string& json) {
    Var root;
    try {
        root = Poco::JSON::Parser().parse(json);
    } catch (const Poco::Exception& e) {
        throw JsonInputError("$", "not valid JSON: " + e.message());
    }
    if (root.type() != typeid(Object::Ptr)) throw JsonInputError("$", "must be a JSON object");
    return root.extract<Object::Ptr>();
}

StrictObject::StrictObject(Object::Ptr object, std::string path)
    : _object(std::move(object)), _path(std::move(path)) {}

std::string StrictObject::at(const std::string& key) const {
    return _path.empty() ? key : _path + "." + key;
}

bool StrictObject::has(const std::string& key) {
    _used.insert(key);
    return _object->has(key) && !_object->isNull(key);
}

std::int64_t StrictObject::integer(const std::string& key, std::optional<std::int64_t> fallback) {
    if (!has(key)) {
        if (fallback) return *fallback;
        throw JsonInputError(at(key), "is required");
    }
    Var v = _object->get(key);
    // Poco counts a JSON boolean as an integer: `true` must not pass for 1.
    if (!v.isInteger() || v.isBoolean()) throw JsonInputError(at(key), "must be an integer");
    try {
        return v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        throw JsonInputError(at(key), "is out of range");
    }
}

std::optional<std::int64_t> StrictObject::optionalInteger(const std::string& key) {
    if (!has(key)) return std::nullopt;
    return integer(key);
}

std::int64_t StrictObject::integerIn(const std::string& key, std::int64_t lo, std::int64_t hi,
                                     std::optional<std::int64_t> fallback) {
    const std::int64_t v = integer(key, fallback);
    if (v < lo || v > hi)
        throw JsonInputError(
            at(key), "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
}

core::Fen StrictObject::money(const std::string& key, std::optional<core::Fen> fallback) {
    const std::int64_t v = integer(key, fallback);
    if (v < 0) throw JsonInputError(at(key), "must not be negative");
    return v;
}

std::optional<core::Fen> StrictObject::optionalMoney(const std::string& key) {
    if (!has(key)) return std::nullopt;
    return money(key);
}

std::int64_t StrictObject::ratio(const std::string& key, std::optional<std::int64_t> fallback) {
    const std::int64_t v = integer(key, fallback);
    if (v < 0 || v > 10000) throw JsonInputError(at(key), "must be between 0 and 10000 bp");
    return v;
}

std::string StrictObject::text(const std::string& key, std::optional<std::string> fallback) {
    if (!has(key)) {
        if (fallback) return *fallback;
        throw JsonInputError(at(key), "is required");
    }
    Var v = _object->get(key);
    if (!v.isString()) throw JsonInputError(at(key), "must be a string");
    return v.convert<std::string>();
}

bool StrictObject::flag(const std::string& key, bool fallback) {
    if (!has(key)) return fallback;
    Var v = _object->get(key);
    if (!v.isBoolean()) throw JsonInputError(at(key), "must be true or false");
    return v.convert<bool>();
}

std::optional<bool> StrictObject::optionalFlag(const std::string& key) {
    if (!has(key)) return std::nullopt;
    return flag(key, false);
}

core::Date StrictObject::date(const std::string& key) {
    auto d = core::Date::parse(text(key));
    if (!d) throw JsonInputError(at(key), "must be a real date YYYY-MM-DD");
    return *d;
}

std::optional<core::Date> StrictObject::optionalDate(const std::string& key) {
    if (!has(key)) return std::nullopt;
    return date(key);
}

StrictObject StrictObject::object(const std::string& key) {
    if (!has(key)) throw JsonInputError(at(key), "is required");
    if (_object->get(key).type() != typeid(Object::Ptr))
        throw JsonInputError(at(key), "must be an object");
    return StrictObject(_object->getObject(key), at(key));
}

Array::Ptr StrictObject::array(const std::string& key) {
    if (!has(key)) throw JsonInputError(at(key), "is required");
    if (_object->get(key).type() != typeid(Array::Ptr))
        throw JsonInputError(at(key), "must be an array");
    return _object->getArray(key);
}

StrictObject StrictObject::element(const Array::Ptr& array, const std::string& key, std::size_t i) {
    const std::string path = at(key) + "[" + std::to_string(i) + "]";
    Var v = array->get(static_cast<unsigned>(i));
    if (v.type() != typeid(Object::Ptr)) throw JsonInputError(path, "must be an object");
    return StrictObject(v.extract<Object::Ptr>(), path);
}

std::vector<std::string> StrictObject::keys() const {
    std::vector<std::string> names;
    _object->getNames(names);
    return names;
}

void StrictObject::finish() const {
    for (const auto& name : keys())
        if (!_used.count(name)) throw JsonInputError(at(name), "unknown key");
}

}  // namespace huzhu::adapters::formats
