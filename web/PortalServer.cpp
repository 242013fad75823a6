#include "web/PortalServer.h"

#include <openssl/crypto.h>

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <charconv>
#include <set>
#include <sstream>

#include "core/JsonWriter.h"
#include "web/DocumentRoutes.h"
#include "web/HttpInternal.h"
#include "web/PageRoutes.h"
#include "web/StatsRoutes.h"

namespace huzhu::web {

using core::JsonWriter;
using core::Outcome;
using Poco::JSON::Object;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

constexpr std::size_t MaxBodyBytes = 1 << 20;
constexpr std::size_t MaxResultFileBytes = 10u << 20;  // bank result files, as the CLI

void securityHeaders(HTTPServerResponse& resp, bool tls) {
    resp.set("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    resp.set("X-Content-Type-Options", "nosniff");
    resp.set("X-Frame-Options", "DENY");
    resp.set("Referrer-Policy", "no-referrer");
    // Under TLS, browsers are told to come back over HTTPS only, for a year. Not subdomains:
    // the portal may share a domain with other sites of the union.
    if (tls) resp.set("Strict-Transport-Security", "max-age=31536000");
}

void sendError(HTTPServerResponse& resp, const HttpError& e) {
    JsonWriter w;
    w.beginObject().key("error").beginObject();
    w.key("code").value(e.code).key("message").value(e.message);
    if (e.field.empty())
        w.key("field").null();
    else
        w.key("field").value(e.field);
    w.endObject().endObject();
    sendJson(resp, e.status, w.str());
}

/// The request body, at most `limit` bytes (413 above, also for bodies without a length).
std::string readBody(HTTPServerRequest& req, std::size_t limit = MaxBodyBytes) {
    const std::string tooLarge = "the request body exceeds " + std::to_string(limit >> 20) + " MiB";
    if (req.hasContentLength() && req.getContentLength64() > static_cast<Poco::Int64>(limit))
        throw HttpError{HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "too_large", tooLarge, ""};
    std::string body;
    char buffer[8192];
    while (req.stream().read(buffer, sizeof buffer) || req.stream().gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(req.stream().gcount()));
        if (body.size() > limit)
            throw HttpError{HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "too_large", tooLarge, ""};
    }
    return body;
}

/// A JSON request body read strictly: every key must be known, every value of its type.
class Body {
public:
    Body(const std::string& text, std::set<std::string> known) {
        Poco::Dynamic::Var root;
        try {
            root = Poco::JSON::Parser().parse(text);
        } catch (const Poco::Exception& e) {
            throw badField("", "the body is not valid JSON: " + e.message());
        }
        if (root.type() != typeid(Object::Ptr))
            throw badField("", "the body must be a JSON object");
        _object = root.extract<Object::Ptr>();
        std::vector<std::string> names;
        _object->getNames(names);
        for (const auto& name : names)
            if (!known.count(name)) throw badField(name, "unknown field");
    }

    bool has(const std::string& key) const { return _object->has(key) && !_object->isNull(key); }

    std::string text(const std::string& key, bool required = false) const {
        if (!has(key)) {
            if (required) throw badField(key, "is required");
            return "";
        }
        auto v = _object->get(key);
        if (!v.isString()) throw badField(key, "must be a string");
        std::string s = v.convert<std::string>();
        if (s.size() > 200) throw badField(key, "is longer than 200 bytes");
        return s;
    }

    std::int64_t integer(const std::string& key) const {
        if (!has(key)) return 0;
        auto v = _object->get(key);
        if (!v.isInteger()) throw badField(key, "must be an integer");
        try {
            return v.convert<Poco::Int64>();
        } catch (const Poco::RangeException&) {
            throw badField(key, "is out of range");
        }
    }

    bool flag(const std::string& key, bool fallback) const {
        if (!has(key)) return fallback;
        auto v = _object->get(key);
        if (!v.isBoolean()) throw badField(key, "must be true or false");
        return v.convert<bool>();
    }

    std::optional<core::Date> date(const std::string& key) const {
        if (!has(key)) return std::nullopt;
        auto d = core::Date::parse(text(key));
        if (!d) throw badField(key, "must be a date YYYY-MM-DD");
        return d;
    }

private:
    Object::Ptr _object;
};

void writeClaim(JsonWriter& w, const core::ClaimRecord& c, bool full) {
    const auto& f = c.facts;
    auto optDate = [&](const char* key, const std::optional<core::Date>& d) {
        if (d)
            w.key(key).value(d->iso());
        else
            w.key(key).null();
    };
    w.beginObject();
    w.key("id").value(c.id);
    w.key("member_no").value(c.memberNo);
    w.key("member_name").value(c.memberName);
    w.key("plan_code").value(c.planCode);
    w.key("plan_version").value(c.planVersion);
    w.key("status").value(core::toString(c.status));
    w.key("payout_fen").value(c.payoutFen);
    w.key("type").value(core::toString(f.type));
    optDate("admission", f.admission);
    optDate("discharge", f.discharge);
    optDate("event_date", f.eventDate);
    w.key("filed").value(f.filed.iso());
    w.key("hospital").value(c.hospital);
    w.key("diagnosis").value(f.diagnosis);
    w.key("settlement_no").value(c.settlementNo);
    w.key("invoice_no").value(c.invoiceNo);
    w.key("total_fen").value(f.totalFen);
    w.key("fund_paid_fen").value(f.fundPaidFen);
    w.key("critical_insurance_fen").value(f.criticalInsuranceFen);
    w.key("assistance_fen").value(f.assistanceFen);
    w.key("other_paid_fen").value(f.otherPaidFen);
    w.key("out_of_scope_fen").value(f.outOfScopeFen);
    w.key("created_at").value(c.createdAt);
    if (full) {
        w.key("history").beginArray();
        for (const auto& e : c.events) {
            w.beginObject().key("at").value(e.at).key("actor").value(e.actor);
            if (e.from)
                w.key("from").value(core::toString(*e.from));
            else
                w.key("from").null();
            w.key("to").value(core::toString(e.to)).key("reason").value(e.reason).endObject();
        }
        w.endArray();
        w.key("quote").raw(c.quoteJson);
        w.key("duplicate_flags").beginArray();
        for (const auto& f : c.flags)
            w.beginObject()
                .key("kind")
                .value(f.kind)
                .key("claim_id")
                .value(f.otherClaimId)
                .endObject();
        w.endArray();
    }
    w.endObject();
}

std::string claimJson(const core::ClaimRecord& c) {
    JsonWriter w;
    writeClaim(w, c, true);
    return w.str();
}

std::string batchJson(const core::BatchRecord& b) {
    JsonWriter w;
    w.beginObject()
        .key("id")
        .value(b.id)
        .key("status")
        .value(b.status)
        .key("count")
        .value(b.count)
        .key("total_fen")
        .value(b.totalFen)
        .key("created_by")
        .value(b.createdByName)
        .key("created_at")
        .value(b.createdAt)
        .key("message_id")
        .value(b.messageId)
        .key("resolved")
        .value(b.resolvedCount)
        .key("filter")
        .raw(b.filter.empty() ? "{}" : b.filter)
        .endObject();
    return w.str();
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(WebServices& services, const PageRenderer& pages) : _s(services), _pages(pages) {}

    void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
        securityHeaders(resp, _s.tls);
        try {
            route(req, resp);
        } catch (const HttpError& e) {
            sendError(resp, e);
        } catch (const core::OverflowError& e) {
            sendError(resp, badField("", "an amount is too large"));
        } catch (const std::exception& e) {
            Poco::Logger::get("huzhu.web")
                .error("%s %s failed: %s", req.getMethod(), req.getURI(), std::string(e.what()));
            sendError(resp, {HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal",
                             "internal error; see the server log", ""});
        }
    }

private:
    void route(HTTPServerRequest& req, HTTPServerResponse& resp) {
        Poco::URI uri;
        try {
            uri = Poco::URI(req.getURI());
            uri.getQueryParameters();  // decode now: bad percent-encoding is the client's error
        } catch (const Poco::SyntaxException&) {
            throw HttpError{HTTPResponse::HTTP_BAD_REQUEST, "invalid", "malformed URL", ""};
        }
        const std::string path = uri.getPath();
        std::vector<std::string> seg;
        uri.getPathSegments(seg);
        const std::string& method = req.getMethod();
        const bool get = method == "GET" || method == "HEAD", post = method == "POST";

        if (!seg.empty() && seg[0] == "static") return serveStatic(req, resp, path);
        if (seg.empty() || seg[0] != "api") {
            if (!routePages(_s, _pages, req, resp)) throw notFound();
            return;
        }
        if (seg.size() < 2 || seg[1] != "v1") throw notFound();
        seg.erase(seg.begin(), seg.begin() + 2);
        const std::size_t n = seg.size();

        if (n == 1 && seg[0] == "login" && post) return login(req, resp);
        WebSession session = authenticate(req);
        if (!get) checkCsrf(req, session);
        const core::Actor& actor = session.actor;
        if (routeDocuments(_s, req, resp, actor, seg)) return;
        if (routeStats(_s.statistics, req, resp, actor, seg)) return;

        if (n == 1 && seg[0] == "logout" && post) return logout(req, resp);
        if (n == 1 && seg[0] == "me" && get) return me(resp, session);
        if (n == 2 && seg[0] == "me" && seg[1] == "notices" && get) return notices(resp, actor);
        if (n >= 1 && seg[0] == "claims") {
            if (n == 1 && post) return fileClaim(req, resp, actor, false);
            if (n == 2 && seg[1] == "preview" && post) return fileClaim(req, resp, actor, true);
            if (n == 1 && get) return listClaims(uri, resp, actor);
            if (n < 2) throw notFound();
            const std::int64_t id = parseId(seg[1], "claim");
            if (n == 2 && get)
                return sendJson(resp, HTTPResponse::HTTP_OK,
                                claimJson(unwrap(_s.workflow.claim(actor, id))));
            if (n == 3 && seg[2] == "decision" && post) return decide(req, resp, actor, id);
            if (n == 3 && (seg[2] == "appeal" || seg[2] == "resubmit") && post) {
                Body b(readBody(req), {"reason"});
                const auto action = seg[2] == "appeal" ? core::ClaimantAction::Appeal
                                                       : core::ClaimantAction::Resubmit;
                return sendJson(resp, HTTPResponse::HTTP_OK,
                                claimJson(unwrap(_s.workflow.claimantAction(actor, id, action,
                                                                            b.text("reason")))));
            }
        }
        if (n == 3 && seg[0] == "members" && seg[2] == "eligibility" && get)
            return eligibility(uri, resp, actor, seg[1]);
        if (n >= 1 && seg[0] == "batches") {
            if (n == 1 && post) return createBatch(req, resp, actor);
            if (n == 1 && get) return listBatches(resp, actor);
            if (n < 2) throw notFound();
            const std::int64_t id = parseId(seg[1], "batch");
            if (n == 3 && seg[2] == "release" && post)
                return sendJson(resp, HTTPResponse::HTTP_OK,
                                batchJson(unwrap(_s.batches.release(actor, id))));
            if (n == 3 && (seg[2] == "export" || seg[2] == "manifest") && get)
                return exportBatch(uri, resp, actor, id, seg[2] == "manifest");
            if (n == 3 && seg[2] == "returns" && post) return loadReturns(req, resp, actor, id);
        }
        throw notFound();
    }

    static HttpError notFound() {
        return {HTTPResponse::HTTP_NOT_FOUND, "not_found", "no such resource", ""};
    }

    WebSession authenticate(HTTPServerRequest& req) {
        Poco::Net::NameValueCollection cookies;
        req.getCookies(cookies);
        if (cookies.has(SessionCookieName))
            if (auto session = _s.sessions.find(cookies.get(SessionCookieName))) return *session;
        throw HttpError{HTTPResponse::HTTP_UNAUTHORIZED, "unauthenticated", "please log in", ""};
    }

    static void checkCsrf(HTTPServerRequest& req, const WebSession& session) {
        const std::string token = req.get("X-CSRF-Token", "");
        if (token.size() != session.csrf.size() ||
            CRYPTO_memcmp(token.data(), session.csrf.data(), token.size()) != 0)
            throw HttpError{HTTPResponse::HTTP_FORBIDDEN, "csrf",
                            "missing or wrong X-CSRF-Token header", ""};
    }

    void login(HTTPServerRequest& req, HTTPServerResponse& resp) {
        // Only JSON: another site's form can post text/plain shaped as JSON (a login CSRF into
        // the attacker's account), but cannot send application/json without a CORS preflight.
        const std::string type = req.getContentType();
        if (type.empty() || !Poco::Net::MediaType(type).matches("application", "json"))
            throw HttpError{HTTPResponse::HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                            "log in with a JSON body (Content-Type: application/json)", ""};
        Body body(readBody(req), {"username", "password"});
        const std::string username = body.text("username", true);
        const std::string password = body.text("password", true);
        auto actor = _s.authenticator.login(username, password);
        if (!actor.isOk())
            throw HttpError{HTTPResponse::HTTP_UNAUTHORIZED, actor.outcome.code(),
                            actor.outcome.message(), ""};
        const std::string token = _s.sessions.create(*actor.value);
        const WebSession session = *_s.sessions.find(token);
        addStrictCookie(resp, SessionCookieName, token, _s.tls);
        JsonWriter w;
        w.beginObject()
            .key("csrf")
            .value(session.csrf)
            .key("role")
            .value(core::toString(actor.value->role))
            .key("username")
            .value(actor.value->username)
            .endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    void logout(HTTPServerRequest& req, HTTPServerResponse& resp) {
        Poco::Net::NameValueCollection cookies;
        req.getCookies(cookies);
        _s.sessions.remove(cookies.get(SessionCookieName, ""));
        Poco::Net::HTTPCookie cookie(SessionCookieName, "");
        cookie.setPath("/");
        cookie.setMaxAge(0);
        resp.addCookie(cookie);
        sendJson(resp, HTTPResponse::HTTP_OK, "{}");
    }

    void me(HTTPServerResponse& resp, const WebSession& session) {
        const core::Actor& a = session.actor;
        JsonWriter w;
        w.beginObject();
        w.key("username").value(a.username);
        w.key("role").value(core::toString(a.role));
        w.key("csrf").value(session.csrf);
        if (a.memberNo) {
            w.key("member_no").value(*a.memberNo);
            w.key("coverage").beginArray();
            for (const core::Coverage& c : unwrap(_s.workflow.myCoverage(a))) {
                w.beginObject()
                    .key("plan_code")
                    .value(c.plan.code)
                    .key("plan_version")
                    .value(c.plan.version)
                    .key("plan_name")
                    .value(c.plan.name)
                    .key("shares")
                    .value(c.facts.shares)
                    .key("cover_start")
                    .value(c.facts.coverStart.iso())
                    .key("cover_end")
                    .value(c.coverEnd.iso())
                    .key("waiting_days")
                    .value(c.plan.waiting.days)
                    .endObject();
            }
            w.endArray();
        }
        w.endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    /// Files the claim, or with `preview` only quotes it (the form's live preview).
    void fileClaim(HTTPServerRequest& req, HTTPServerResponse& resp, const core::Actor& actor,
                   bool preview) {
        if (!claims::ClaimWorkflow::mayFile(actor.role))
            throw HttpError{HTTPResponse::HTTP_FORBIDDEN, "forbidden",
                            "only members and union officers file claims", ""};
        Body b(readBody(req), {"member_no",
                               "plan_code",
                               "settlement_no",
                               "invoice_no",
                               "hospital",
                               "type",
                               "admission",
                               "discharge",
                               "event_date",
                               "filed",
                               "diagnosis",
                               "hospital_level",
                               "local_hospital",
                               "severity",
                               "disability_grade",
                               "died",
                               "total_fen",
                               "fund_paid_fen",
                               "critical_insurance_fen",
                               "assistance_fen",
                               "other_paid_fen",
                               "out_of_scope_fen"});
        claims::ClaimRequest r;
        if (b.has("member_no")) r.memberNo = b.text("member_no");
        r.planCode = b.text("plan_code", true);
        r.settlementNo = b.text("settlement_no");
        r.invoiceNo = b.text("invoice_no");
        r.hospital = b.text("hospital");
        auto& f = r.facts;
        const std::string type = b.has("type") ? b.text("type") : "inpatient";
        auto claimType = core::parseClaimType(type);
        if (!claimType) throw badField("type", "unknown claim type '" + type + "'");
        f.type = *claimType;
        f.admission = b.date("admission");
        f.discharge = b.date("discharge");
        f.eventDate = b.date("event_date");
        f.diagnosis = b.text("diagnosis");
        const std::string level = b.text("hospital_level");
        f.hospitalLevel = core::parseHospitalLevel(level);
        if (!level.empty() && !f.hospitalLevel)
            throw badField("hospital_level", "must be provincial, city or district");
        f.localHospital = b.flag("local_hospital", true);
        if (b.has("severity")) f.severity = b.text("severity");
        if (b.has("disability_grade")) {
            const std::int64_t grade = b.integer("disability_grade");
            if (grade < 1 || grade > 10) throw badField("disability_grade", "must be 1 to 10");
            f.disabilityGrade = static_cast<int>(grade);
        }
        f.died = b.flag("died", false);
        f.totalFen = b.integer("total_fen");
        f.fundPaidFen = b.integer("fund_paid_fen");
        f.criticalInsuranceFen = b.integer("critical_insurance_fen");
        f.assistanceFen = b.integer("assistance_fen");
        f.otherPaidFen = b.integer("other_paid_fen");
        f.outOfScopeFen = b.integer("out_of_scope_fen");
        if (f.type == core::ClaimType::Inpatient && !f.admission)
            throw badField("admission", "is required for a hospital stay");
        if (preview) {
            const core::Quote quote = unwrap(_s.workflow.preview(actor, std::move(r)));
            return sendJson(resp, HTTPResponse::HTTP_OK, quote.toJson());
        }
        const core::ClaimRecord& c = unwrap(_s.workflow.fileClaim(actor, std::move(r)));
        JsonWriter w;
        w.beginObject()
            .key("id")
            .value(c.id)
            .key("status")
            .value(core::toString(c.status))
            .key("payout_fen")
            .value(c.payoutFen)
            .key("quote")
            .raw(c.quoteJson)
            .endObject();
        sendJson(resp, HTTPResponse::HTTP_CREATED, w.str());
    }

    void listClaims(const Poco::URI& uri, HTTPServerResponse& resp, const core::Actor& actor) {
        core::ClaimFilter filter;
        for (const auto& [key, value] : uri.getQueryParameters()) {
            if (key == "status") {
                filter.status = core::parseClaimStatus(value);
                if (!filter.status) throw badField("status", "unknown status '" + value + "'");
            } else if (key == "member_no") {
                filter.memberNo = value;
            } else if (key == "union") {
                filter.unionCode = value;
            } else if (key == "plan") {
                filter.planCode = value;
            } else if (key == "flagged") {
                if (value != "true" && value != "false")
                    throw badField("flagged", "must be true or false");
                filter.flaggedOnly = value == "true";
            } else if (key == "min_payout_fen" || key == "max_payout_fen") {
                std::int64_t fen = 0;
                auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), fen);
                if (ec != std::errc() || end != value.data() + value.size() || fen < 0)
                    throw badField(key, "must be a whole number of fen, 0 or more");
                (key == "min_payout_fen" ? filter.minPayoutFen : filter.maxPayoutFen) = fen;
            } else if (key == "after") {
                filter.afterId = parseId(value, "cursor");
            } else if (key == "limit") {
                int limit = 0;
                auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
                if (ec != std::errc() || end != value.data() + value.size() || limit < 1 ||
                    limit > 200)
                    throw badField("limit", "must be between 1 and 200");
                filter.limit = limit;
            } else {
                throw badField(key, "unknown query parameter");
            }
        }
        const auto& claims = unwrap(_s.workflow.claims(actor, filter));
        JsonWriter w;
        w.beginObject().key("items").beginArray();
        for (const auto& c : claims) writeClaim(w, c, false);
        w.endArray().key("next");
        if (static_cast<int>(claims.size()) == filter.limit)
            w.value(std::to_string(claims.back().id));
        else
            w.null();
        w.endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    void decide(HTTPServerRequest& req, HTTPServerResponse& resp, const core::Actor& actor,
                std::int64_t id) {
        Body b(readBody(req), {"action", "reason"});
        const std::string action = b.text("action", true);
        auto parsed = core::parseDecisionAction(action);
        if (!parsed) throw badField("action", "must be approve, reject or request_info");
        sendJson(resp, HTTPResponse::HTTP_OK,
                 claimJson(unwrap(_s.workflow.decide(actor, id, *parsed, b.text("reason")))));
    }

    void eligibility(const Poco::URI& uri, HTTPServerResponse& resp, const core::Actor& actor,
                     const std::string& memberNo) {
        std::optional<core::Date> date;
        std::string plan;
        for (const auto& [key, value] : uri.getQueryParameters()) {
            if (key == "date") {
                date = core::Date::parse(value);
                if (!date) throw badField("date", "must be a date YYYY-MM-DD");
            } else if (key == "plan") {
                plan = value;
            } else {
                throw badField(key, "unknown query parameter");
            }
        }
        if (!date) throw badField("date", "is required");
        if (plan.empty()) throw badField("plan", "is required");
        const auto answer = unwrap(_s.workflow.eligibility(actor, memberNo, plan, *date));
        const core::Eligibility& e = answer.eligibility;
        JsonWriter w;
        w.beginObject();
        w.key("member_no").value(memberNo);
        w.key("plan_code").value(plan);
        if (answer.planVersion)
            w.key("plan_version").value(*answer.planVersion);
        else
            w.key("plan_version").null();
        w.key("date").value(date->iso());
        w.key("covered").value(e.covered);
        w.key("reason").value(core::toString(e.reason));
        auto optDate = [&](const char* key, const std::optional<core::Date>& d) {
            if (d)
                w.key(key).value(d->iso());
            else
                w.key(key).null();
        };
        optDate("cover_from", e.from);
        optDate("cover_until", e.until);
        optDate("waiting_until", e.waitingUntil);
        w.endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    void listBatches(HTTPServerResponse& resp, const core::Actor& actor) {
        JsonWriter w;
        w.beginObject().key("items").beginArray();
        for (const auto& b : unwrap(_s.batches.list(actor))) w.raw(batchJson(b));
        w.endArray().endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    /// A new draft batch; the optional JSON body narrows which payouts it takes.
    void createBatch(HTTPServerRequest& req, HTTPServerResponse& resp, const core::Actor& actor) {
        const std::string text = readBody(req);
        core::BatchFilter filter;
        if (text.find_first_not_of(" \t\r\n") != std::string::npos) {
            Body b(text, {"union_code", "plan_code", "max_count", "max_total_fen"});
            if (b.has("union_code")) filter.unionCode = b.text("union_code");
            if (b.has("plan_code")) filter.planCode = b.text("plan_code");
            if (b.has("max_count")) {
                const std::int64_t count = b.integer("max_count");
                if (count < 1 || count > 1'000'000)
                    throw badField("max_count", "must be between 1 and 1000000");
                filter.maxCount = static_cast<int>(count);
            }
            if (b.has("max_total_fen")) {
                filter.maxTotalFen = b.integer("max_total_fen");
                if (*filter.maxTotalFen < 1) throw badField("max_total_fen", "must be positive");
            }
        }
        sendJson(resp, HTTPResponse::HTTP_CREATED,
                 batchJson(unwrap(_s.batches.create(actor, filter))));
    }

    /// The payment file (or, for `manifest`, its signed manifest: the same export, whose bytes
    /// are identical every time).
    void exportBatch(const Poco::URI& uri, HTTPServerResponse& resp, const core::Actor& actor,
                     std::int64_t id, bool manifest) {
        std::string format = "csv";
        for (const auto& [key, value] : uri.getQueryParameters()) {
            if (key != "format") throw badField(key, "unknown query parameter");
            format = value;
        }
        const auto& file = unwrap(_s.batches.exportFile(actor, id, format));
        resp.set("Cache-Control", "no-store");
        if (manifest) return sendJson(resp, HTTPResponse::HTTP_OK, file.manifest);
        resp.set("Content-Disposition", "attachment; filename=\"" + file.fileName + "\"");
        send(resp, HTTPResponse::HTTP_OK, file.mediaType, file.bytes);
    }

    /// A bank result file as the request body (CSV, pain.002 or camt.054), all-or-nothing.
    void loadReturns(HTTPServerRequest& req, HTTPServerResponse& resp, const core::Actor& actor,
                     std::int64_t id) {
        std::vector<std::string> errors;
        const auto file = _s.parseBankResults(readBody(req, MaxResultFileBytes), errors);
        if (!errors.empty()) {
            std::string message;
            for (const auto& e : errors) message += (message.empty() ? "" : "; ") + e;
            throw badField("file", message);
        }
        const auto report = unwrap(_s.batches.loadResults(
            actor, id, file.results, file.originalMessageId, file.groupRejection));
        JsonWriter w;
        w.beginObject()
            .key("format")
            .value(file.format)
            .key("paid")
            .value(report.paid)
            .key("returned")
            .value(report.returned)
            .key("unchanged")
            .value(report.unchanged)
            .key("pending")
            .value(file.pending)
            .key("batch_status")
            .value(report.batchStatus)
            .endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    /// The member's notices, e.g. to check the bank account after a payment came back.
    void notices(HTTPServerResponse& resp, const core::Actor& actor) {
        JsonWriter w;
        w.beginObject().key("items").beginArray();
        for (const core::Notice& n : unwrap(_s.workflow.notices(actor))) {
            w.beginObject().key("id").value(n.id).key("claim_id");
            if (n.claimId)
                w.value(*n.claimId);
            else
                w.null();
            w.key("kind")
                .value(n.kind)
                .key("message")
                .value(n.message)
                .key("created_at")
                .value(n.createdAt)
                .endObject();
        }
        w.endArray().endObject();
        sendJson(resp, HTTPResponse::HTTP_OK, w.str());
    }

    void serveStatic(HTTPServerRequest& req, HTTPServerResponse& resp, const std::string& path) {
        if (req.getMethod() != "GET" && req.getMethod() != "HEAD") throw notFound();
        // "/static/x" is the asset x of staticDir.
        std::string name = path.substr(7);
        // Only plain names below the static folder: no "..", no hidden files.
        if (name.find("..") != std::string::npos ||
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_./") != std::string::npos)
            throw notFound();
        Poco::File file(_s.staticDir + name);
        if (!file.exists() || !file.isFile()) {
            send(resp, HTTPResponse::HTTP_NOT_FOUND, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        std::string type = "application/octet-stream";
        auto ends = [&](const char* ext) {
            const std::string e(ext);
            return name.size() >= e.size() &&
                   name.compare(name.size() - e.size(), e.size(), e) == 0;
        };
        if (ends(".html")) type = "text/html; charset=utf-8";
        if (ends(".js")) type = "text/javascript; charset=utf-8";
        if (ends(".css")) type = "text/css; charset=utf-8";
        if (ends(".svg")) type = "image/svg+xml";
        Poco::FileInputStream in(file.path());
        std::string body;
        Poco::StreamCopier::copyToString(in, body);
        resp.set("Cache-Control", "no-cache");
        send(resp, HTTPResponse::HTTP_OK, type, body);
    }

    WebServices& _s;
    const PageRenderer& _pages;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(WebServices& services, const PageRenderer& pages) : _s(services), _pages(pages) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new ApiHandler(_s, _pages);
    }

private:
    WebServices& _s;
    const PageRenderer& _pages;
};

}  // namespace

PortalServer::PortalServer(WebServices services, const Poco::Net::ServerSocket& socket)
    : _services(std::move(services)),
      _pages(std::make_unique<PageRenderer>(_services.templateDir)),
      _pool("http", 2, MaxThreads + 2, 60),
      _port(socket.address().port()) {
    auto* params = new Poco::Net::HTTPServerParams;  // ref-counted; owned by the server
    params->setMaxThreads(MaxThreads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(_services, *_pages), _pool,
                                                      socket, params);
}

PortalServer::~PortalServer() {
    stop();
}

void PortalServer::start() {
    _server->start();
    _running = true;
}

void PortalServer::stop() {
    if (!_running) return;
    _running = false;
    _server->stopAll(true);
    _pool.joinAll();
}

}  // namespace huzhu::web
