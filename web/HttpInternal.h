#pragma once

// Internal to web/: the error type and response helpers the JSON API handlers share
// (PortalServer.cpp, DocumentRoutes.cpp). Not part of the web library's interface.

#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <charconv>
#include <cstdint>
#include <string>
#include <utility>

#include "core/Outcome.h"

namespace huzhu::web {

/// The session cookie (HttpOnly, SameSite=Strict, Secure under TLS), for the API and the pages.
inline constexpr const char* SessionCookieName = "huzhu_session";

/// Sets a cookie no script reads and no other site sends: HttpOnly, SameSite=Strict, for the
/// whole site, Secure when served over TLS.
inline void addStrictCookie(Poco::Net::HTTPServerResponse& resp, const std::string& name,
                            const std::string& value, bool secure) {
    Poco::Net::HTTPCookie cookie(name, value);
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    cookie.setSecure(secure);
    resp.addCookie(cookie);
}

/// A request that cannot be served as asked, answered with the JSON error body of CONTRACT §6.
struct HttpError {
    Poco::Net::HTTPResponse::HTTPStatus status;
    std::string code;
    std::string message;
    std::string field;
};

inline HttpError fromOutcome(const core::Outcome& o) {
    using Poco::Net::HTTPResponse;
    switch (o.kind()) {
        case core::Outcome::Kind::Invalid:
            return {HTTPResponse::HTTP_BAD_REQUEST, o.code(), o.message(), o.field()};
        case core::Outcome::Kind::Forbidden:
            return {HTTPResponse::HTTP_FORBIDDEN, o.code(), o.message(), o.field()};
        case core::Outcome::Kind::NotFound:
            return {HTTPResponse::HTTP_NOT_FOUND, o.code(), o.message(), o.field()};
        case core::Outcome::Kind::Conflict:
        case core::Outcome::Kind::Ok:
            break;
    }
    return {HTTPResponse::HTTP_CONFLICT, o.code(), o.message(), o.field()};
}

/// The value of a use case's result, or the HttpError for its refusal. Returns by value:
/// the Result is usually a temporary.
template <typename T>
T unwrap(core::Result<T>&& r) {
    if (!r.isOk()) throw fromOutcome(r.outcome);
    return std::move(*r.value);
}

inline void send(Poco::Net::HTTPServerResponse& resp, Poco::Net::HTTPResponse::HTTPStatus status,
                 const std::string& type, const std::string& body) {
    resp.setStatusAndReason(status);
    resp.setContentType(type);
    resp.sendBuffer(body.data(), body.size());
}

inline void sendJson(Poco::Net::HTTPServerResponse& resp,
                     Poco::Net::HTTPResponse::HTTPStatus status, const std::string& body) {
    resp.set("Cache-Control", "no-store");
    send(resp, status, "application/json; charset=utf-8", body);
}

inline HttpError badField(const std::string& field, const std::string& message) {
    return {Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, "invalid", message, field};
}

/// A positive id from a path segment; anything else is a 404 for `what`.
inline std::int64_t parseId(const std::string& segment, const std::string& what) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
    if (ec != std::errc() || end != segment.data() + segment.size() || id <= 0)
        throw HttpError{Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "not_found", what + " not found",
                        ""};
    return id;
}

}  // namespace huzhu::web
