#include "claims/StatisticsQuery.h"

namespace huzhu::claims {

StatisticsQuery::StatisticsQuery(core::StatisticsSource& source, const core::Clock& clock,
                                 std::int64_t maxAgeSeconds)
    : _source(source), _clock(clock), _maxAgeSeconds(maxAgeSeconds) {}

bool StatisticsQuery::mayRead(core::Role role) {
    switch (role) {
        case core::Role::ClaimsOfficer:
        case core::Role::SeniorOfficer:
        case core::Role::Finance:
        case core::Role::Auditor:
        case core::Role::Admin:
            return true;
        case core::Role::Member:
        case core::Role::UnionOfficer:
            return false;
    }
    return false;
}

core::Result<core::Statistics> StatisticsQuery::statistics(const core::Actor& actor) {
    if (!mayRead(actor.role))
        return core::Outcome::forbidden(
            "the statistics are for officers, finance, auditors and administrators");
    const core::Date today = _clock.today();
    std::lock_guard<std::mutex> lock(_mutex);
    const std::int64_t nowSeconds = _clock.epochSeconds();
    // A clock set back (nowSeconds < _lastReadAt) reads again rather than trusting the age.
    if (_last && _maxAgeSeconds > 0 && _last->asOf == today && nowSeconds >= _lastReadAt &&
        nowSeconds - _lastReadAt < _maxAgeSeconds)
        return *_last;
    core::Statistics st = _source.statistics(today);
    st.readAt = _clock.now();
    _last = st;
    _lastReadAt = nowSeconds;
    return st;
}

}  // namespace huzhu::claims
