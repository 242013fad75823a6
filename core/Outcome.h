#pragma once

#include <optional>
#include <string>
#include <utility>

namespace huzhu::core {

/// The result of a business rule or use case: OK, or a refusal a user can act on, with the
/// field it concerns. Modelled on leveldb::Status; cheap to copy. Infrastructure failures are
/// exceptions, not Outcomes.
class [[nodiscard]] Outcome {
public:
    enum class Kind { Ok, Invalid, Forbidden, NotFound, Conflict };

    static Outcome ok() { return Outcome(); }
    static Outcome invalid(std::string field, std::string message) {
        return Outcome(Kind::Invalid, "invalid", std::move(message), std::move(field));
    }
    static Outcome forbidden(std::string message) {
        return Outcome(Kind::Forbidden, "forbidden", std::move(message), "");
    }
    static Outcome notFound(std::string message) {
        return Outcome(Kind::NotFound, "not_found", std::move(message), "");
    }
    static Outcome conflict(std::string code, std::string message, std::string field = "") {
        return Outcome(Kind::Conflict, std::move(code), std::move(message), std::move(field));
    }

    bool isOk() const { return _kind == Kind::Ok; }
    Kind kind() const { return _kind; }
    const std::string& code() const { return _code; }
    const std::string& message() const { return _message; }
    const std::string& field() const { return _field; }
    std::string toString() const { return isOk() ? "ok" : _code + ": " + _message; }

private:
    Outcome() = default;
    Outcome(Kind kind, std::string code, std::string message, std::string field)
        : _kind(kind),
          _code(std::move(code)),
          _message(std::move(message)),
          _field(std::move(field)) {}

    Kind _kind = Kind::Ok;
    std::string _code;
    std::string _message;
    std::string _field;
};

/// A value or the Outcome that explains why there is none.
template <typename T>
struct [[nodiscard]] Result {
    Result(T v) : outcome(Outcome::ok()), value(std::move(v)) {}  // NOLINT: implicit on purpose
    Result(Outcome o) : outcome(std::move(o)) {}                  // NOLINT
    bool isOk() const { return outcome.isOk(); }

    Outcome outcome;
    std::optional<T> value;
};

}  // namespace huzhu::core
