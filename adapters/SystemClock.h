#pragma once

#include "core/Ports.h"

namespace huzhu::adapters {

/// The machine's clock in its local time zone. Thread-safe.
class SystemClock : public core::Clock {
public:
    // Clock
    core::Date today() const override;
    std::string now() const override;
    std::int64_t epochSeconds() const override;
};

}  // namespace huzhu::adapters
