#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <string>
#include <vector>

#include "claims/StatisticsQuery.h"
#include "core/Claim.h"
#include "core/Statistics.h"

namespace huzhu::web {

/// The statistics routes of the JSON API, `segments` being the path after /api/v1:
///   GET stats                                  the figures as JSON (statisticsJson)
///   GET stats/charts/{month|union|plan}.svg    one chart, image/svg+xml (web/SvgCharts.h)
/// Returns false when the request is none of these (another method, another path; an
/// unknown chart under stats/charts/ is a 404). The caller has authenticated the session;
/// refusals are thrown as HttpError (web/HttpInternal.h): 403 for roles that may not read the
/// statistics. Responses are not cached (Cache-Control: no-store).
bool routeStats(claims::StatisticsQuery& statistics, Poco::Net::HTTPServerRequest& req,
                Poco::Net::HTTPServerResponse& resp, const core::Actor& actor,
                const std::vector<std::string>& segments);

/// The JSON body of GET /api/v1/stats: snake_case keys, amounts as integer fen, e.g.
///   {"as_of":"2026-06-15","read_at":"2026-06-15T10:00:00+08:00","members":20,
///    "active_covers":20,"beneficiaries":1,"claims":2,"claims_by_status":{"appealed":0,…},
///    "paid_count":1,"paid_fen":702000,"approved_unpaid_fen":282000,
///    "paid_by_month":[{"key":"2026-06","count":1,"amount_fen":702000}],
///    "paid_by_union":[…],"paid_by_plan":[…]}
std::string statisticsJson(const core::Statistics& statistics);

}  // namespace huzhu::web
