// Quotes per second on one core over a mixed set of plans, beside a baseline measured in the
// same run on the same inputs: parsing the plan and case JSON only (what every quote from a
// file costs anyway). Usage: quote_bench PLAN.json... (defaults to examples/plans/*.json)

#include <Poco/DirectoryIterator.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "adapters/formats/CaseJson.h"
#include "adapters/formats/PlanJson.h"
#include "core/PayoutEngine.h"

using namespace huzhu;
using Clock = std::chrono::steady_clock;

namespace {

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

/// A CASE.json for `plan`: a stay inside its period with random settlement figures.
std::string makeCase(const core::Plan& plan, std::mt19937_64& rng) {
    const core::Benefit& b = plan.benefits[rng() % plan.benefits.size()];
    const std::int64_t total = 100'000 + static_cast<std::int64_t>(rng() % 50'000'000);
    const std::int64_t fund = total * static_cast<std::int64_t>(rng() % 70) / 100;
    const std::int64_t out = (total - fund) * static_cast<std::int64_t>(rng() % 30) / 100;
    const core::Date admission = plan.periodStart.addDays(static_cast<std::int64_t>(
        rng() %
        static_cast<std::uint64_t>(core::Date::daysBetween(plan.periodStart, plan.periodEnd) + 1)));
    const core::Date discharge = admission.addDays(static_cast<std::int64_t>(rng() % 20));
    const char* diagnoses[] = {"C50.9", "I21.0", "K35.8", "C53.1", "S82.1", "N18.5"};
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  R"({"member": {"cover_start": "%s", "shares": 1, "gender": "F", "insured": %s},)"
                  R"( "history": {"paid_fen": %lld}, "claim": {"type": "%s", "admission": "%s",)"
                  R"( "discharge": "%s", "event_date": "%s", "filed": "%s", "diagnosis": "%s",)"
                  R"( "hospital_level": "city", "severity": "severe", "disability_grade": %d,)"
                  R"( "total_fen": %lld, "fund_paid_fen": %lld, "out_of_scope_fen": %lld}})",
                  plan.periodStart.addDays(-400).iso().c_str(), rng() % 5 ? "true" : "false",
                  static_cast<long long>(rng() % 3 ? 0 : rng() % 2'000'000),
                  std::string(core::toString(b.claimType)).c_str(), admission.iso().c_str(),
                  discharge.iso().c_str(), admission.iso().c_str(), discharge.iso().c_str(),
                  diagnoses[rng() % 6], static_cast<int>(1 + rng() % 10),
                  static_cast<long long>(total), static_cast<long long>(fund),
                  static_cast<long long>(out));
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> planFiles(argv + 1, argv + argc);
    if (planFiles.empty())
        for (Poco::DirectoryIterator it(std::string(HUZHU_EXAMPLES_DIR)), end; it != end; ++it)
            if (it.path().getExtension() == "json") planFiles.push_back(it->path());
    std::sort(planFiles.begin(), planFiles.end());

    struct Input {
        std::string planJson, caseJson;
        core::Plan plan;
        adapters::formats::QuoteCase quoteCase;
    };
    std::vector<core::Plan> plans;
    std::vector<std::string> planJsons;
    for (const auto& f : planFiles) {
        planJsons.push_back(readFile(f));
        plans.push_back(adapters::formats::parsePlanJson(planJsons.back()));
    }
    std::mt19937_64 rng(20261128);
    std::vector<Input> inputs;
    constexpr int Cases = 20'000;
    while (static_cast<int>(inputs.size()) < Cases) {
        const std::size_t p = rng() % plans.size();
        Input in{planJsons[p], makeCase(plans[p], rng), plans[p], {}};
        in.quoteCase = adapters::formats::parseCaseJson(in.caseJson);
        if (core::validateClaim(in.plan, in.quoteCase.member, in.quoteCase.claim)) continue;
        inputs.push_back(std::move(in));
    }

    // Baseline: parse the same plan and case JSON, nothing else.
    auto t0 = Clock::now();
    std::size_t sink = 0;
    for (const Input& in : inputs) {
        core::Plan plan = adapters::formats::parsePlanJson(in.planJson);
        auto c = adapters::formats::parseCaseJson(in.caseJson);
        sink += plan.benefits.size() + static_cast<std::size_t>(c.claim.totalFen & 1);
    }
    const double parseSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

    // The engine: evaluation only (inputs already parsed), several rounds for a stable figure.
    constexpr int Rounds = 50;
    std::int64_t total = 0;
    std::size_t payable = 0;
    t0 = Clock::now();
    for (int round = 0; round < Rounds; ++round)
        for (const Input& in : inputs) {
            const core::Quote q = core::quoteClaim(in.plan, in.quoteCase.member,
                                                   in.quoteCase.history, in.quoteCase.claim);
            total += q.payoutFen;
            payable += q.status == core::QuoteStatus::Payable;
        }
    const double evalSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

    // Evaluation plus the JSON of the quote (what `huzhu quote` prints).
    t0 = Clock::now();
    std::size_t bytes = 0;
    for (const Input& in : inputs)
        bytes +=
            core::quoteClaim(in.plan, in.quoteCase.member, in.quoteCase.history, in.quoteCase.claim)
                .toJson()
                .size();
    const double jsonSeconds = std::chrono::duration<double>(Clock::now() - t0).count();

    const double evals = static_cast<double>(inputs.size()) * Rounds;
    std::printf("plans: %zu, cases: %zu (%zu of %d evaluations payable)\n", plans.size(),
                inputs.size(), payable, static_cast<int>(evals));
    std::printf("baseline  parse plan+case JSON only : %10.0f per second\n",
                static_cast<double>(inputs.size()) / parseSeconds);
    std::printf("engine    quote evaluation          : %10.0f per second (%.2f us each)\n",
                evals / evalSeconds, evalSeconds / evals * 1e6);
    std::printf("engine    evaluation + quote JSON   : %10.0f per second\n",
                static_cast<double>(inputs.size()) / jsonSeconds);
    std::printf("(checksum %lld, %zu, %zu)\n", static_cast<long long>(total), sink, bytes);
    return 0;
}
