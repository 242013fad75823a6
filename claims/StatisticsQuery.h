#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "core/Claim.h"
#include "core/Outcome.h"
#include "core/Ports.h"
#include "core/Statistics.h"

namespace huzhu::claims {

/// The dashboard's figures (CONTRACT §6 GET /stats) for the roles that oversee the scheme.
/// Reading them is a handful of aggregate queries over the whole register (about a second at
/// a million members), and one dashboard asks for them four times (the figures and three
/// charts): with `maxAgeSeconds` > 0 one reading serves every caller for that long (on the
/// same day), and callers arriving while it is read wait for it instead of reading again.
/// Holds references to its collaborators, which must outlive it. Thread-safe as long as the
/// source is.
class StatisticsQuery {
public:
    /// `maxAgeSeconds` 0: every call reads the source.
    StatisticsQuery(core::StatisticsSource& source, const core::Clock& clock,
                    std::int64_t maxAgeSeconds = 0);
    StatisticsQuery(const StatisticsQuery&) = delete;
    StatisticsQuery& operator=(const StatisticsQuery&) = delete;

    /// The statistics as of the clock's today, with `readAt` set to when they were read;
    /// Forbidden unless mayRead(actor.role). Infrastructure failures of the source throw (and
    /// nothing is kept).
    core::Result<core::Statistics> statistics(const core::Actor& actor);

    /// Whether the role may read the statistics: claims and senior officers, finance,
    /// auditors (CONTRACT §6) and administrators. Members and union officers may not: the
    /// figures cover every union.
    static bool mayRead(core::Role role);

private:
    core::StatisticsSource& _source;
    const core::Clock& _clock;
    const std::int64_t _maxAgeSeconds;
    std::mutex _mutex;                      // held while the source is read
    std::optional<core::Statistics> _last;  // guarded by _mutex
    std::int64_t _lastReadAt = 0;           // epoch seconds; guarded by _mutex
};

}  // namespace huzhu::claims
