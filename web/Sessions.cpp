#include "web/Sessions.h"

namespace huzhu::web {

namespace {

std::string hex(const std::string& bytes) {
    static const char* const Hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += Hex[c >> 4];
        out += Hex[c & 0xF];
    }
    return out;
}

}  // namespace

Sessions::Sessions(std::function<std::string(std::size_t)> random,
                   std::function<std::int64_t()> now)
    : _random(std::move(random)), _now(std::move(now)) {}

std::string Sessions::newToken() const {
    return hex(_random(32));
}

std::string Sessions::create(const core::Actor& actor) {
    std::string token = hex(_random(32));
    const std::int64_t expiresAt = _now() + IdleSeconds;
    auto session =
        std::make_shared<const WebSession>(WebSession{actor, hex(_random(32)), expiresAt});
    std::lock_guard<std::mutex> lock(_mutex);
    // Drop expired sessions now and then so that the map does not grow without bound.
    const std::int64_t now = _now();
    for (auto it = _sessions.begin(); it != _sessions.end();)
        it = it->second.expiresAt < now ? _sessions.erase(it) : std::next(it);
    _sessions.emplace(token, Entry{std::move(session), expiresAt});
    return token;
}

std::optional<WebSession> Sessions::find(const std::string& token) {
    const std::int64_t now = _now();
    std::shared_ptr<const WebSession> found;
    std::int64_t expiresAt = 0;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto it = _sessions.find(token);
        if (it == _sessions.end()) return std::nullopt;
        if (it->second.expiresAt < now) {
            _sessions.erase(it);
            return std::nullopt;
        }
        expiresAt = it->second.expiresAt = now + IdleSeconds;
        found = it->second.session;
    }
    WebSession session = *found;  // copied outside the lock
    session.expiresAt = expiresAt;
    return session;
}

void Sessions::remove(const std::string& token) {
    std::lock_guard<std::mutex> lock(_mutex);
    _sessions.erase(token);
}

}  // namespace huzhu::web
