#pragma once

#include <string>

#include "core/Claim.h"
#include "core/Ports.h"

namespace huzhu::claims {

/// Password login with lockout: after `MaxFailures` consecutive failures the account is locked
/// for `LockMinutes`. The same answer is given for an unknown user and a wrong password.
class Authenticator {
public:
    static constexpr int MaxFailures = 5;
    static constexpr int LockMinutes = 15;

    Authenticator(core::ClaimStore& store, const core::PasswordHasher& hasher,
                  const core::Clock& clock);
    Authenticator(const Authenticator&) = delete;
    Authenticator& operator=(const Authenticator&) = delete;

    /// The actor for valid credentials; Forbidden ("invalid_credentials" or "locked") otherwise.
    core::Result<core::Actor> login(const std::string& username, const std::string& password);

private:
    core::ClaimStore& _store;
    const core::PasswordHasher& _hasher;
    const core::Clock& _clock;
};

}  // namespace huzhu::claims
