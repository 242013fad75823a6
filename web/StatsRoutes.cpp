#include "web/StatsRoutes.h"

#include <optional>

#include "core/JsonWriter.h"
#include "web/HttpInternal.h"
#include "web/SvgCharts.h"

namespace huzhu::web {

using core::JsonWriter;
using Poco::Net::HTTPResponse;

namespace {

void writeItems(JsonWriter& w, std::string_view name, const std::vector<core::CountAmount>& items) {
    w.key(name).beginArray();
    for (const core::CountAmount& item : items) {
        w.beginObject();
        w.key("key").value(item.key);
        w.key("count").value(item.count);
        w.key("amount_fen").value(item.amountFen);
        w.endObject();
    }
    w.endArray();
}

/// The chart named by the last path segment; nothing for an unknown name.
std::optional<std::string> chart(const core::Statistics& st, const std::string& name) {
    if (name == "month.svg") return svgColumnChart("每月支付 Paid by month", st.paidByMonth);
    if (name == "union.svg") return svgBarChart("按工会支付 Paid by union", st.paidByUnion);
    if (name == "plan.svg") return svgBarChart("按计划支付 Paid by plan", st.paidByPlan);
    return std::nullopt;
}

bool isChartName(const std::string& name) {
    return name == "month.svg" || name == "union.svg" || name == "plan.svg";
}

}  // namespace

std::string statisticsJson(const core::Statistics& st) {
    JsonWriter w;
    w.beginObject();
    w.key("as_of").value(st.asOf.iso());
    w.key("read_at").value(st.readAt);
    w.key("members").value(st.members);
    w.key("active_covers").value(st.activeCovers);
    w.key("beneficiaries").value(st.beneficiaries);
    w.key("claims").value(st.claims);
    w.key("claims_by_status").beginObject();
    for (const auto& [status, count] : st.claimsByStatus) w.key(status).value(count);
    w.endObject();
    w.key("paid_count").value(st.paidCount);
    w.key("paid_fen").value(st.paidFen);
    w.key("approved_unpaid_fen").value(st.approvedUnpaidFen);
    writeItems(w, "paid_by_month", st.paidByMonth);
    writeItems(w, "paid_by_union", st.paidByUnion);
    writeItems(w, "paid_by_plan", st.paidByPlan);
    w.endObject();
    return w.str();
}

bool routeStats(claims::StatisticsQuery& statistics, Poco::Net::HTTPServerRequest& req,
                Poco::Net::HTTPServerResponse& resp, const core::Actor& actor,
                const std::vector<std::string>& segments) {
    const std::string& method = req.getMethod();
    if (segments.empty() || segments[0] != "stats" || (method != "GET" && method != "HEAD"))
        return false;
    const std::size_t n = segments.size();
    if (n == 1) {
        sendJson(resp, HTTPResponse::HTTP_OK, statisticsJson(unwrap(statistics.statistics(actor))));
        return true;
    }
    if (n != 3 || segments[1] != "charts") return false;
    // The name is checked before the figures are read, the role when they are: a 404 for a
    // chart that does not exist, whoever asks; a 403 for one that does.
    if (!isChartName(segments[2]))
        throw HttpError{HTTPResponse::HTTP_NOT_FOUND, "not_found", "chart not found", ""};
    const std::string svg = *chart(unwrap(statistics.statistics(actor)), segments[2]);
    resp.set("Cache-Control", "no-store");
    send(resp, HTTPResponse::HTTP_OK, "image/svg+xml; charset=utf-8", svg);
    return true;
}

}  // namespace huzhu::web
