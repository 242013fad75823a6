#pragma once

#include "claims/Authenticator.h"
#include "claims/ClaimWorkflow.h"
#include "core/Ports.h"

namespace huzhu::app {

/// Files the demo claims through the real workflow (so quotes, history and audit are real):
/// the union officer files for members M000002–M000008 of its union, and officers take them
/// to different states (submitted, approved, rejected, info requested, waiting for the second
/// approval). Members that do not exist are skipped. Returns how many claims were filed.
int loadDemoClaims(claims::Authenticator& authenticator, claims::ClaimWorkflow& workflow,
                   const core::Clock& clock);

}  // namespace huzhu::app
