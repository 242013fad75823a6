#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/Claim.h"

namespace huzhu::web {

/// A logged-in browser: who it is and the CSRF token its state-changing requests must carry.
struct WebSession {
    core::Actor actor;
    std::string csrf;
    std::int64_t expiresAt = 0;  // epoch seconds
};

/// Server-side sessions keyed by a random 256-bit token (the cookie value), with an idle
/// timeout. Kept in memory: a restart logs everybody out. Thread-safe.
class Sessions {
public:
    static constexpr std::int64_t IdleSeconds = 30 * 60;

    /// `random(n)` returns n bytes from a CSPRNG; `now()` the epoch seconds.
    Sessions(std::function<std::string(std::size_t)> random, std::function<std::int64_t()> now);

    /// Starts a session; returns its token.
    std::string create(const core::Actor& actor);
    /// The live session for `token`, extending its idle timeout.
    std::optional<WebSession> find(const std::string& token);
    void remove(const std::string& token);
    /// A fresh random token (64 hex digits) that starts no session: the login form's CSRF
    /// token, checked against its cookie (double submit).
    std::string newToken() const;

private:
    std::function<std::string(std::size_t)> _random;
    std::function<std::int64_t()> _now;
    // Every request looks its session up under _mutex: the session is shared, so that the copy
    // a request gets (its strings' allocations) is made outside the lock.
    struct Entry {
        std::shared_ptr<const WebSession> session;
        std::int64_t expiresAt = 0;  // the one that counts (slides with each find)
    };
    std::mutex _mutex;
    std::map<std::string, Entry> _sessions;  // guarded by _mutex
};

}  // namespace huzhu::web
