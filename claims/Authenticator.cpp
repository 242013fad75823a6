#include "claims/Authenticator.h"

namespace huzhu::claims {

using core::Outcome;

Authenticator::Authenticator(core::ClaimStore& store, const core::PasswordHasher& hasher,
                             const core::Clock& clock)
    : _store(store), _hasher(hasher), _clock(clock) {}

core::Result<core::Actor> Authenticator::login(const std::string& username,
                                               const std::string& password) {
    const Outcome invalid = Outcome::conflict("invalid_credentials", "wrong username or password");
    auto user = _store.findUser(username);
    if (!user) {
        // Spend the same time as a real check so that timing does not reveal valid usernames.
        (void)_hasher.verify(password, "");
        return invalid;
    }
    const std::int64_t now = _clock.epochSeconds();
    if (user->lockedUntil && *user->lockedUntil > now)
        return Outcome::conflict("locked", "too many failed logins; try again later");
    if (!_hasher.verify(password, user->passwordHash)) {
        std::optional<std::int64_t> lockUntil;
        if (user->failedLogins + 1 >= MaxFailures) lockUntil = now + LockMinutes * 60;
        _store.recordLogin(user->id, false, lockUntil);
        return invalid;
    }
    _store.recordLogin(user->id, true, std::nullopt);
    return core::Actor{.userId = user->id,
                       .username = user->username,
                       .role = user->role,
                       .memberId = user->memberId,
                       .memberNo = user->memberNo,
                       .unionId = user->unionId};
}

}  // namespace huzhu::claims
