#include "web/PageRoutes.h"

#include <openssl/crypto.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "claims/ClaimDocuments.h"
#include "web/HttpInternal.h"
#include "web/Multipart.h"

namespace huzhu::web {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

const char* const LangCookie = "huzhu_lang";
// The login form's CSRF token, also sent as this cookie (double submit): a login forced from
// another site (into the attacker's account) has the field but not the cookie. Under TLS the
// name has the __Host- prefix, so that no sibling subdomain or plain-HTTP response can plant it.
const char* const LoginCookie = "huzhu_login";
const char* const SecureLoginCookie = "__Host-huzhu_login";

bool isLoginToken(const std::string& t) {
    return t.size() == 64 && std::all_of(t.begin(), t.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c));
           });
}
constexpr std::size_t MaxResultFileBytes = 10u << 20;
/// Imports in the browser; larger rosters go through `huzhu members import`.
constexpr std::size_t MaxImportBytes = 64u << 20;

PageData list() {
    return PageData{PageData::type::list};
}
PageData object() {
    return PageData{PageData::type::object};
}

std::string yuan(core::Fen fen) {
    return core::formatYuan(fen);
}

/// A form field in yuan ("1234.5") as fen; Invalid naming the field otherwise.
std::optional<core::Fen> fenFromYuan(const std::string& text) {
    std::string t = text;
    t.erase(0, t.find_first_not_of(" \t"));
    t.erase(t.find_last_not_of(" \t") + 1);
    if (t.empty()) return core::Fen{0};
    auto fen = core::parseYuan(t);
    if (!fen || *fen < 0) return std::nullopt;
    return fen;
}

/// One request to the pages: session, language, form, rendering.
class Page {
public:
    Page(WebServices& s, const PageRenderer& r, HTTPServerRequest& req, HTTPServerResponse& resp)
        : _s(s), _r(r), _req(req), _resp(resp) {
        Poco::Net::NameValueCollection cookies;
        req.getCookies(cookies);
        _lang = PageRenderer::language(cookies.get(LangCookie, "zh"));
        _loginToken = cookies.get(loginCookie(), "");
        if (cookies.has(SessionCookieName)) {
            _token = cookies.get(SessionCookieName);
            _session = _s.sessions.find(_token);
        }
    }

    bool route() {
        Poco::URI uri;
        try {
            uri = Poco::URI(_req.getURI());
            _query = uri.getQueryParameters();
        } catch (const Poco::SyntaxException&) {
            throw HttpError{HTTPResponse::HTTP_BAD_REQUEST, "invalid", "malformed URL", ""};
        }
        std::vector<std::string> seg;
        uri.getPathSegments(seg);
        const bool get = _req.getMethod() == "GET" || _req.getMethod() == "HEAD";
        const bool post = _req.getMethod() == "POST";
        const std::size_t n = seg.size();
        if (n > 0 && (seg[0] == "api" || seg[0] == "static")) return false;

        if (n == 0 && get) return _session ? redirect(home()) : loginPage("", 200);
        if (n == 1 && seg[0] == "login" && post) return login();
        if (n == 2 && seg[0] == "lang" && get) return switchLanguage(seg[1]);
        static const std::set<std::string> known = {"my",    "claims", "finance", "stats",
                                                    "admin", "home",   "logout"};
        if (n > 0 && !known.count(seg[0])) return notFound();  // also for anonymous visitors
        if (!_session) return redirect("/");
        if (post) {
            // Uploads carry the token in their multipart body and check it themselves; every
            // other form must be url-encoded, so that no route can be reached past the check.
            const bool upload = (n == 3 && seg[0] == "claims" && seg[2] == "documents") ||
                                (n == 1 && seg[0] == "admin") ||
                                (n == 4 && seg[0] == "finance" && seg[3] == "returns");
            const bool multipart =
                Poco::Net::MediaType(_req.getContentType()).matches("multipart", "form-data");
            if (upload != multipart)
                throw HttpError{HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE, "unsupported_media_type",
                                upload ? "send the file as multipart/form-data"
                                       : "send the form as application/x-www-form-urlencoded",
                                ""};
            if (!upload) checkCsrf();
        }
        const core::Actor& a = _session->actor;

        if (n == 1 && seg[0] == "logout" && post) return logout();
        if (n == 1 && seg[0] == "home" && get) return redirect(home());
        if (n == 1 && seg[0] == "my" && get) return myPage(a);
        if (n == 2 && seg[0] == "my" && seg[1] == "bank") return bankPage(a, post);
        if (n >= 1 && seg[0] == "claims") {
            if (n == 1 && get) return claimsPage(a);
            if (n == 2 && seg[1] == "new") return newClaimPage(a, post);
            if (n < 2) return notFound();
            const std::int64_t id = parseId(seg[1], "claim");
            if (n == 2 && get) return claimPage(a, id, "", HTTPResponse::HTTP_OK);
            if (n == 3 && post) return claimAction(a, id, seg[2]);
        }
        if (n == 1 && seg[0] == "stats" && get) return statsPage(a);
        if (n == 1 && seg[0] == "admin") return adminPage(a, post);
        if (n >= 1 && seg[0] == "finance") {
            if (n == 1 && get) return financePage(a, "", HTTPResponse::HTTP_OK);
            if (n == 2 && seg[1] == "batches" && post) return createBatch(a);
            if (n == 4 && seg[1] == "batches" && post) return batchAction(a, seg[2], seg[3]);
        }
        return notFound();
    }

    /// An error as a page (the API answers JSON): 404s look like unknown pages.
    void errorPage(const HttpError& e) {
        PageData c = base(_r.text(_lang, "error_title"));
        c.set("status", std::to_string(static_cast<int>(e.status)));
        c.set("message", e.status == HTTPResponse::HTTP_NOT_FOUND
                             ? _r.text(_lang, "error_not_found")
                             : _r.problem(_lang, e.message));
        render("error", c, e.status);
    }

private:
    // ---- plumbing -------------------------------------------------------------------------

    std::string home() const {
        switch (_session->actor.role) {
            case core::Role::Member:
                return "/my";
            case core::Role::Finance:
                return "/finance";
            default:
                return "/claims";
        }
    }

    bool redirect(const std::string& to) {
        _resp.set("Location", to);
        _resp.set("Cache-Control", "no-store");
        send(_resp, HTTPResponse::HTTP_SEE_OTHER, "text/plain; charset=utf-8", "");
        return true;
    }

    bool notFound() {
        throw HttpError{HTTPResponse::HTTP_NOT_FOUND, "not_found", "no such page", ""};
    }

    /// The token of a url-encoded form (uploads call checkCsrfValue with theirs).
    void checkCsrf() {
        readForm();
        checkCsrfValue(_form.get("csrf", ""));
    }

    void checkCsrfValue(const std::string& token) const {
        const std::string& want = _session->csrf;
        if (token.size() != want.size() ||
            CRYPTO_memcmp(token.data(), want.data(), token.size()) != 0)
            throw HttpError{HTTPResponse::HTTP_FORBIDDEN, "csrf",
                            "the form has expired; reload the page and try again", ""};
    }

    void readForm() {
        if (_formRead) return;
        _formRead = true;
        if (_req.hasContentLength() && _req.getContentLength64() > 64 * 1024)
            throw HttpError{HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "too_large",
                            "the form is too large", ""};
        _form.setFieldLimit(64);
        _form.setValueLengthLimit(4096);
        try {
            _form.load(_req, _req.stream());
        } catch (const Poco::Exception& e) {
            throw badField("", "unreadable form: " + e.displayText());
        }
    }

    std::string field(const std::string& name) {
        readForm();
        return _form.get(name, "");
    }

    std::string query(const std::string& name) const {
        for (const auto& [k, v] : _query)
            if (k == name) return v;
        return "";
    }

    std::string t(const std::string& key) const { return _r.text(_lang, key); }
    /// A line of a file's validation report in the page's language.
    std::string report(const std::string& line) const { return _r.report(_lang, line); }
    /// A form field's label for an error, e.g. "total_fen" → 费用总额; the name if unknown.
    std::string fieldLabel(std::string name) const {
        if (name.size() > 4 && name.compare(name.size() - 4, 4, "_fen") == 0)
            name.resize(name.size() - 4);
        const std::string label = t("field_" + name);
        return label == "field_" + name ? name : label;
    }
    /// A use case's refusal in the page's language, after the label of the field it concerns.
    std::string problem(const core::Outcome& o) const {
        const std::string text = _r.problem(_lang, o.message());
        return o.field().empty() ? text : fieldLabel(o.field()) + ": " + text;
    }
    /// A reason the system wrote (e.g. "payment batch 3", "returned by the bank: AC04") in the
    /// page's language; an officer's or member's own words stay as written.
    std::string eventReason(const std::string& reason) const {
        for (const char* known : {"filed by the member", "filed by the union officer",
                                  "paid by the bank", "payment batch", "returned by the bank"}) {
            const std::string k(known);
            if (reason.rfind(k, 0) != 0) continue;
            std::string key = "event_" + k;
            for (char& ch : key)
                if (ch == ' ') ch = '_';
            return t(key) + reason.substr(k.size());
        }
        return reason;
    }
    std::string statusLabel(core::ClaimStatus st) const {
        return t("status_" + std::string(core::toString(st)));
    }

    /// What every page has: the user, the navigation, the CSRF token, the language switch.
    PageData base(const std::string& title) {
        PageData c = object();
        c.set("title", title);
        std::string here = _req.getURI();
        if (here.rfind("/lang/", 0) == 0 || here.empty() || here[0] != '/') here = "/";
        c.set("here", here);
        if (!_session) return c;
        const core::Actor& a = _session->actor;
        PageData user = object();
        user.set("name", a.username);
        user.set("role", t("role_" + std::string(core::toString(a.role))));
        c.set("user", user);
        c.set("csrf", _session->csrf);
        PageData nav = list();
        const auto item = [&](const std::string& href, const std::string& key) {
            PageData i = object();
            i.set("href", href);
            i.set("label", t(key));
            if (here == href) i.set("current", true);
            nav.push_back(i);
        };
        switch (a.role) {
            case core::Role::Member:
                item("/my", "nav_my");
                item("/claims/new", "nav_file");
                item("/claims", "nav_my_claims");
                item("/my/bank", "nav_bank");
                break;
            case core::Role::UnionOfficer:
                item("/claims", "nav_union_claims");
                item("/claims/new", "nav_file_for_member");
                break;
            case core::Role::ClaimsOfficer:
            case core::Role::SeniorOfficer:
                item("/claims?status=submitted", "nav_queue");
                item("/claims?status=pending_second_approval", "nav_second");
                item("/claims", "nav_all_claims");
                break;
            case core::Role::Finance:
                item("/finance", "nav_finance");
                break;
            case core::Role::Auditor:
            case core::Role::Admin:
                item("/stats", "nav_stats");
                item("/claims", "nav_all_claims");
                if (a.role == core::Role::Admin) item("/admin", "nav_admin");
                break;
        }
        c.set("nav", nav);
        return c;
    }

    bool render(const std::string& page, PageData& c, HTTPResponse::HTTPStatus status) {
        if (!_notice.empty()) c.set("flash", _notice);
        const std::string html = _r.render(page, c, _lang);
        _resp.set("Cache-Control", "no-store");
        send(_resp, status, "text/html; charset=utf-8", html);
        return true;
    }

    // ---- login, logout, language -------------------------------------------------------------

    const char* loginCookie() const { return _s.tls ? SecureLoginCookie : LoginCookie; }

    bool loginPage(const std::string& error, int status) {
        PageData c = base(t("login_title"));
        if (!error.empty()) c.set("error", error);
        c.set("username", field("username"));
        if (!isLoginToken(_loginToken)) {
            _loginToken = _s.sessions.newToken();
            addStrictCookie(_resp, loginCookie(), _loginToken, _s.tls);
        }
        c.set("loginCsrf", _loginToken);
        return render("login", c, static_cast<HTTPResponse::HTTPStatus>(status));
    }

    bool login() {
        const std::string sent = field("csrf");
        if (!isLoginToken(_loginToken) || sent.size() != _loginToken.size() ||
            CRYPTO_memcmp(sent.data(), _loginToken.data(), sent.size()) != 0) {
            // The form again, with the cookie's token (or a fresh one if it had none).
            return loginPage(t("login_expired"), HTTPResponse::HTTP_FORBIDDEN);
        }
        const std::string username = field("username"), password = field("password");
        if (username.empty() || password.empty())
            return loginPage(t("login_missing"), HTTPResponse::HTTP_BAD_REQUEST);
        auto actor = _s.authenticator.login(username, password);
        if (!actor.isOk())
            return loginPage(
                actor.outcome.code() == "locked" ? t("login_locked") : t("login_failed"),
                HTTPResponse::HTTP_UNAUTHORIZED);
        if (_session) _s.sessions.remove(_token);
        const std::string token = _s.sessions.create(*actor.value);
        _session = _s.sessions.find(token);
        addStrictCookie(_resp, SessionCookieName, token, _s.tls);
        return redirect(home());
    }

    bool logout() {
        _s.sessions.remove(_token);
        Poco::Net::HTTPCookie cookie(SessionCookieName, "");
        cookie.setPath("/");
        cookie.setMaxAge(0);
        _resp.addCookie(cookie);
        return redirect("/");
    }

    bool switchLanguage(const std::string& to) {
        if (to != "zh" && to != "en") return notFound();
        Poco::Net::HTTPCookie cookie(LangCookie, to);
        cookie.setPath("/");
        cookie.setMaxAge(365 * 24 * 3600);
        cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
        cookie.setSecure(_s.tls);
        _resp.addCookie(cookie);
        // Back to a page of this site only: a path of plain characters, never "//host", a
        // scheme, a backslash or a control character (which would also split the header).
        std::string next = query("next");
        const bool safe = !next.empty() && next[0] == '/' && (next.size() == 1 || next[1] != '/') &&
                          next.find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789/_-.?=&%") == std::string::npos;
        if (!safe) next = "/";
        return redirect(next);
    }

    // ---- member ------------------------------------------------------------------------------

    bool myPage(const core::Actor& a) {
        PageData c = base(t("my_title"));
        PageData covers = list();
        for (const core::Coverage& cov : unwrap(_s.workflow.myCoverage(a))) {
            PageData x = object();
            x.set("plan", cov.plan.name);
            x.set("code", cov.plan.code + " " + std::to_string(cov.plan.version));
            x.set("shares", std::to_string(cov.facts.shares));
            x.set("from", cov.facts.coverStart.iso());
            x.set("until", cov.coverEnd.iso());
            if (cov.plan.waiting.days > 0)
                x.set("waitingUntil",
                      cov.facts.coverStart.addDays(cov.plan.waiting.days - 1).iso());
            covers.push_back(x);
        }
        c.set("covers", covers);
        PageData notices = list();
        for (const core::Notice& n : unwrap(_s.workflow.notices(a))) {
            if (n.read) continue;
            PageData x = object();
            x.set("message", n.message);
            x.set("at", n.createdAt.substr(0, 10));
            notices.push_back(x);
        }
        c.set("notices", notices);
        c.set("claims", claimRows(unwrap(_s.workflow.claims(a, core::ClaimFilter{.limit = 20}))));
        return render("my", c, HTTPResponse::HTTP_OK);
    }

    bool bankPage(const core::Actor& a, bool post) {
        std::string error;
        if (post) {
            auto updated = _s.workflow.updateBankAccount(a, field("bank_name"), field("account"));
            if (updated.isOk()) {
                _notice = t("bank_updated");
            } else {
                if (updated.outcome.kind() != core::Outcome::Kind::Invalid)
                    throw fromOutcome(updated.outcome);
                error = problem(updated.outcome);
            }
        }
        const core::BankDetails current = unwrap(_s.workflow.bankAccount(a));
        PageData c = base(t("bank_title"));
        c.set("bankName", current.bankName);
        c.set("accountMasked", current.accountMasked);
        if (!error.empty()) c.set("error", error);
        return render("bank", c,
                      error.empty() ? HTTPResponse::HTTP_OK : HTTPResponse::HTTP_BAD_REQUEST);
    }

    // ---- claims ------------------------------------------------------------------------------

    PageData claimRows(const std::vector<core::ClaimRecord>& claims) const {
        PageData rows = list();
        for (const core::ClaimRecord& c : claims) {
            PageData x = object();
            x.set("id", std::to_string(c.id));
            x.set("memberNo", c.memberNo);
            x.set("memberName", c.memberName);
            x.set("hospital", c.hospital);
            x.set("date", c.facts.admission ? c.facts.admission->iso()
                                            : (c.facts.eventDate ? c.facts.eventDate->iso() : ""));
            x.set("status", std::string(core::toString(c.status)));
            x.set("statusLabel", statusLabel(c.status));
            x.set("payout", yuan(c.payoutFen));
            if (!c.flags.empty()) x.set("flagged", true);
            rows.push_back(x);
        }
        return rows;
    }

    bool claimsPage(const core::Actor& a) {
        core::ClaimFilter filter{.limit = 25};
        PageData c = base(t("claims_title"));
        const std::string status = query("status");
        if (!status.empty()) {
            filter.status = core::parseClaimStatus(status);
            if (!filter.status) throw badField("status", "unknown status");
            c.set("title", statusLabel(*filter.status));
        }
        const std::string memberNo = query("member_no"), plan = query("plan");
        if (!memberNo.empty()) filter.memberNo = memberNo;
        if (!plan.empty()) filter.planCode = plan;
        if (query("flagged") == "1") filter.flaggedOnly = true;
        const std::string after = query("after");
        if (!after.empty()) filter.afterId = parseId(after, "page");
        const auto claims = unwrap(_s.workflow.claims(a, filter));
        c.set("claims", claimRows(claims));
        c.set("empty", claims.empty());
        const bool staff = a.role != core::Role::Member && a.role != core::Role::UnionOfficer;
        if (staff) c.set("staff", true);
        PageData statuses = list();
        for (const char* st : {"submitted", "info_requested", "pending_second_approval", "approved",
                               "rejected", "appealed", "in_batch", "paid", "returned"}) {
            PageData x = object();
            x.set("value", st);
            x.set("label", t(std::string("status_") + st));
            if (status == st) x.set("selected", true);
            statuses.push_back(x);
        }
        c.set("statuses", statuses);
        c.set("memberNo", memberNo);
        c.set("plan", plan);
        if (filter.flaggedOnly) c.set("flaggedOnly", true);
        if (claims.size() == static_cast<std::size_t>(filter.limit)) {
            Poco::URI next("/claims");
            for (const auto& [k, v] : _query)
                if (k != "after") next.addQueryParameter(k, v);
            next.addQueryParameter("after", std::to_string(claims.back().id));
            c.set("next", next.toString());
        }
        return render("claims", c, HTTPResponse::HTTP_OK);
    }

    /// The claim form, empty or with what was posted and the error.
    bool newClaimPage(const core::Actor& a, bool post) {
        if (a.role != core::Role::Member && a.role != core::Role::UnionOfficer) return notFound();
        PageData c = base(t("new_title"));
        if (a.role == core::Role::UnionOfficer) c.set("forMember", true);
        PageData plans = list();
        if (a.role == core::Role::Member)
            for (const core::Coverage& cov : unwrap(_s.workflow.myCoverage(a))) {
                PageData x = object();
                x.set("code", cov.plan.code);
                x.set("name", cov.plan.name + " (" + std::to_string(cov.plan.version) + ")");
                if (field("plan_code") == cov.plan.code) x.set("selected", true);
                plans.push_back(x);
            }
        if (a.role == core::Role::UnionOfficer)
            for (const core::PlanChoice& plan : unwrap(_s.workflow.plansToFileUnder(a))) {
                PageData x = object();
                x.set("code", plan.code);
                x.set("name", plan.name + " (" + plan.code + ")");
                if (field("plan_code") == plan.code) x.set("selected", true);
                plans.push_back(x);
            }
        c.set("plans", plans);
        for (const char* name : {"member_no", "plan_code", "admission", "discharge", "hospital",
                                 "diagnosis", "settlement_no", "invoice_no", "total", "fund_paid",
                                 "critical_insurance", "assistance", "other_paid", "out_of_scope"})
            c.set(std::string("v_") + name, field(name));
        const std::string level = post ? field("hospital_level") : "city";
        c.set("level_" + (level.empty() ? std::string("city") : level), true);
        if (post && field("local_hospital") != "1") c.set("notLocal", true);
        if (!post) return render("claim_new", c, HTTPResponse::HTTP_OK);

        claims::ClaimRequest r;
        std::string badField;
        if (a.role == core::Role::UnionOfficer) r.memberNo = field("member_no");
        r.planCode = field("plan_code");
        r.hospital = field("hospital");
        r.settlementNo = field("settlement_no");
        r.invoiceNo = field("invoice_no");
        auto& f = r.facts;
        f.type = core::ClaimType::Inpatient;
        f.admission = core::Date::parse(field("admission"));
        f.discharge = core::Date::parse(field("discharge"));
        f.diagnosis = field("diagnosis");
        f.hospitalLevel = core::parseHospitalLevel(level);
        f.localHospital = field("local_hospital") == "1";
        const std::pair<const char*, core::Fen*> money[] = {
            {"total", &f.totalFen},
            {"fund_paid", &f.fundPaidFen},
            {"critical_insurance", &f.criticalInsuranceFen},
            {"assistance", &f.assistanceFen},
            {"other_paid", &f.otherPaidFen},
            {"out_of_scope", &f.outOfScopeFen}};
        for (const auto& [name, target] : money) {
            const auto fen = fenFromYuan(field(name));
            if (!fen) {
                badField = name;
                break;
            }
            *target = *fen;
        }
        std::string error;
        if (!badField.empty()) {
            error = t("field_" + badField) + ": " + t("error_amount");
        } else if (!f.admission || !f.discharge) {
            error = t("field_admission") + ": " + t("error_date");
        } else {
            auto filed = _s.workflow.fileClaim(a, r);
            if (filed.isOk()) return redirect("/claims/" + std::to_string(filed.value->id));
            if (filed.outcome.kind() == core::Outcome::Kind::Forbidden ||
                filed.outcome.kind() == core::Outcome::Kind::NotFound)
                throw fromOutcome(filed.outcome);
            error = problem(filed.outcome);
        }
        c.set("error", error);
        return render("claim_new", c, HTTPResponse::HTTP_BAD_REQUEST);
    }

    bool claimPage(const core::Actor& a, std::int64_t id, const std::string& error,
                   HTTPResponse::HTTPStatus status) {
        const core::ClaimRecord claim = unwrap(_s.workflow.claim(a, id));
        PageData c = base(t("claim_title") + " " + std::to_string(id));
        if (!error.empty()) c.set("error", error);
        c.set("id", std::to_string(id));
        c.set("memberNo", claim.memberNo);
        c.set("memberName", claim.memberName);
        c.set("plan", claim.planCode + " " + std::to_string(claim.planVersion));
        c.set("hospital", claim.hospital);
        c.set("level", claim.facts.hospitalLevel
                           ? t("level_" + std::string(core::toString(*claim.facts.hospitalLevel)))
                           : "");
        c.set("diagnosis", claim.facts.diagnosis);
        c.set("admission", claim.facts.admission ? claim.facts.admission->iso() : "");
        c.set("discharge", claim.facts.discharge ? claim.facts.discharge->iso() : "");
        c.set("filed", claim.facts.filed.iso());
        c.set("settlementNo", claim.settlementNo);
        c.set("invoiceNo", claim.invoiceNo);
        c.set("status", std::string(core::toString(claim.status)));
        c.set("statusLabel", statusLabel(claim.status));
        c.set("payout", yuan(claim.payoutFen));
        const auto& f = claim.facts;
        PageData figures = list();
        const core::Fen personal =
            f.totalFen - f.fundPaidFen - f.criticalInsuranceFen - f.assistanceFen - f.otherPaidFen;
        for (const auto& [key, fen] : std::initializer_list<std::pair<const char*, core::Fen>>{
                 {"field_total", f.totalFen},
                 {"field_fund_paid", f.fundPaidFen},
                 {"field_critical_insurance", f.criticalInsuranceFen},
                 {"field_assistance", f.assistanceFen},
                 {"field_other_paid", f.otherPaidFen},
                 {"figure_personal", personal},
                 {"field_out_of_scope", f.outOfScopeFen}}) {
            PageData x = object();
            x.set("label", t(key));
            x.set("amount", yuan(fen));
            figures.push_back(x);
        }
        c.set("figures", figures);
        // The engine's explanation and steps, from the quote pinned to the claim.
        try {
            const auto quote =
                Poco::JSON::Parser().parse(claim.quoteJson).extract<Poco::JSON::Object::Ptr>();
            if (auto expl = quote->getObject("explanation"))
                c.set("explanation", expl->optValue<std::string>(_lang, ""));
            const bool staff = a.role != core::Role::Member && a.role != core::Role::UnionOfficer;
            if (staff) {
                PageData lines = list();
                if (auto arr = quote->getArray("lines"))
                    for (std::size_t i = 0; i < arr->size(); ++i) {
                        auto line = arr->getObject(static_cast<unsigned>(i));
                        PageData l = object();
                        l.set("benefit", line->optValue<std::string>("benefit", ""));
                        l.set("status", t("quote_" + line->optValue<std::string>("status", "")));
                        l.set("payout", yuan(line->optValue<Poco::Int64>("payout_fen", 0)));
                        PageData steps = list();
                        if (auto st = line->getArray("steps"))
                            for (std::size_t k = 0; k < st->size(); ++k) {
                                auto step = st->getObject(static_cast<unsigned>(k));
                                PageData s = object();
                                s.set("rule", step->optValue<std::string>("rule", ""));
                                std::string detail;
                                for (const auto& [name, value] : *step) {
                                    if (name == "rule") continue;
                                    // Amounts in fen are shown in yuan, exactly: "fen" is the
                                    // step's amount, "from_fen" becomes "from 0.00".
                                    std::string label = name, shown = value.convert<std::string>();
                                    const bool fen =
                                        value.isInteger() &&
                                        (name == "fen" ||
                                         (name.size() > 4 &&
                                          name.compare(name.size() - 4, 4, "_fen") == 0));
                                    if (fen) {
                                        shown = yuan(value.convert<Poco::Int64>());
                                        label =
                                            name == "fen" ? "" : name.substr(0, name.size() - 4);
                                    }
                                    detail += (detail.empty() ? "" : ", ") + label +
                                              (label.empty() ? "" : " ") + shown;
                                }
                                s.set("detail", detail);
                                steps.push_back(s);
                            }
                        l.set("steps", steps);
                        lines.push_back(l);
                    }
                c.set("lines", lines);
                c.set("staff", true);
            }
        } catch (const Poco::Exception&) {
            // A quote that does not parse shows no explanation; the figures still stand.
        }
        PageData events = list();
        for (const core::ClaimEvent& e : claim.events) {
            PageData x = object();
            x.set("at", e.at.substr(0, 16));
            x.set("label", statusLabel(e.to));
            x.set("by", e.actor);
            x.set("reason", eventReason(e.reason));
            events.push_back(x);
        }
        c.set("events", events);
        PageData flags = list();
        for (const auto& flag : claim.flags) {
            PageData x = object();
            x.set("label", t("flag_" + flag.kind));
            x.set("other", std::to_string(flag.otherClaimId));
            flags.push_back(x);
        }
        c.set("flags", flags);
        PageData docs = list();
        for (const core::DocumentRecord& d : unwrap(_s.documents.list(a, id))) {
            PageData x = object();
            x.set("id", std::to_string(d.id));
            x.set("name", d.fileName);
            x.set("kind", d.kind);
            x.set("size", std::to_string((d.sizeBytes + 1023) / 1024) + " KiB");
            docs.push_back(x);
        }
        c.set("documents", docs);
        const bool claimant = claim.filedBy == a.userId ||
                              (a.role == core::Role::Member && a.memberId == claim.memberId);
        const auto st = claim.status;
        if (claimant && st != core::ClaimStatus::Rejected && st != core::ClaimStatus::Paid)
            c.set("canUpload", true);
        if (claimant && st == core::ClaimStatus::InfoRequested) c.set("canResubmit", true);
        if (claimant && st == core::ClaimStatus::Rejected) c.set("canAppeal", true);
        const bool decides =
            (a.role == core::Role::ClaimsOfficer || a.role == core::Role::SeniorOfficer) &&
            (st == core::ClaimStatus::Submitted || st == core::ClaimStatus::Appealed ||
             (st == core::ClaimStatus::PendingSecondApproval &&
              a.role == core::Role::SeniorOfficer));
        if (decides) c.set("canDecide", true);
        if (st == core::ClaimStatus::Returned && a.role == core::Role::Member)
            c.set("returned", true);
        return render("claim", c, status);
    }

    bool claimAction(const core::Actor& a, std::int64_t id, const std::string& action) {
        if (action == "documents") {
            const UploadedForm form =
                readMultipart(_req, claims::ClaimDocuments::MaxBytes, "document");
            const auto csrf = form.fields.find("csrf");
            checkCsrfValue(csrf == form.fields.end() ? "" : csrf->second);
            auto uploaded = _s.documents.upload(a, id, form.bytes, form.fileName);
            if (!uploaded.isOk()) {
                if (uploaded.outcome.kind() != core::Outcome::Kind::Invalid)
                    throw fromOutcome(uploaded.outcome);
                return claimPage(a, id, problem(uploaded.outcome), HTTPResponse::HTTP_BAD_REQUEST);
            }
            return redirect("/claims/" + std::to_string(id));
        }
        core::Result<core::ClaimRecord> done = core::Outcome::notFound("no such action");
        if (action == "decision") {
            const auto decision = core::parseDecisionAction(field("action"));
            if (!decision) throw badField("action", "approve, reject or request_info");
            done = _s.workflow.decide(a, id, *decision, field("reason"));
        } else if (action == "appeal" || action == "resubmit") {
            done = _s.workflow.claimantAction(
                a, id,
                action == "appeal" ? core::ClaimantAction::Appeal : core::ClaimantAction::Resubmit,
                field("reason"));
        } else {
            return notFound();
        }
        if (!done.isOk()) {
            if (done.outcome.kind() == core::Outcome::Kind::NotFound)
                throw fromOutcome(done.outcome);
            return claimPage(a, id, problem(done.outcome),
                             done.outcome.kind() == core::Outcome::Kind::Forbidden
                                 ? HTTPResponse::HTTP_FORBIDDEN
                                 : HTTPResponse::HTTP_CONFLICT);
        }
        return redirect("/claims/" + std::to_string(id));
    }

    // ---- statistics and imports ----------------------------------------------------------------

    bool statsPage(const core::Actor& a) {
        const core::Statistics st = unwrap(_s.statistics.statistics(a));
        PageData c = base(t("stats_title"));
        const auto figure = [&](const std::string& key, const std::string& value) {
            PageData x = object();
            x.set("label", t(key));
            x.set("value", value);
            return x;
        };
        PageData figures = list();
        figures.push_back(figure("stats_members", std::to_string(st.members)));
        figures.push_back(figure("stats_covers", std::to_string(st.activeCovers)));
        figures.push_back(figure("stats_beneficiaries", std::to_string(st.beneficiaries)));
        figures.push_back(figure("stats_claims", std::to_string(st.claims)));
        figures.push_back(figure("stats_paid_count", std::to_string(st.paidCount)));
        figures.push_back(figure("stats_paid", yuan(st.paidFen) + " " + t("yuan")));
        figures.push_back(figure("stats_unpaid", yuan(st.approvedUnpaidFen) + " " + t("yuan")));
        c.set("figures", figures);
        PageData statuses = list();
        for (const char* status :  // the workflow's order, not the alphabet's
             {"submitted", "info_requested", "pending_second_approval", "approved", "rejected",
              "appealed", "in_batch", "paid", "returned"}) {
            const auto it = st.claimsByStatus.find(status);
            PageData x = object();
            x.set("label", t(std::string("status_") + status));
            x.set("count", std::to_string(it == st.claimsByStatus.end() ? 0 : it->second));
            statuses.push_back(x);
        }
        c.set("statuses", statuses);
        c.set("asOf", st.asOf.iso());
        c.set("readAt", st.readAt.substr(0, 16));
        if (a.role == core::Role::Auditor || a.role == core::Role::Admin) {
            c.set("mayVerify", true);
            if (query("verify") == "1" && _s.verifyAudit) {
                const std::string problem = _s.verifyAudit();
                c.set("auditChecked", true);
                if (problem.empty())
                    c.set("auditOk", true);
                else
                    c.set("auditProblem", problem);
            }
        }
        return render("stats", c, HTTPResponse::HTTP_OK);
    }

    bool adminPage(const core::Actor& a, bool post) {
        if (a.role != core::Role::Admin) return notFound();
        PageData c = base(t("admin_title"));
        if (!post) return render("admin", c, HTTPResponse::HTTP_OK);
        const UploadedForm form = readMultipart(_req, MaxImportBytes, "import file");
        const auto field = [&](const char* name) {
            const auto it = form.fields.find(name);
            return it == form.fields.end() ? std::string() : it->second;
        };
        checkCsrfValue(field("csrf"));
        const std::string kind = field("kind");
        if (kind != "plans" && kind != "unions" && kind != "members")
            throw badField("kind", "plans, unions or members");
        const ImportResult result = _s.importData(kind, form.bytes, a.username);
        c.set("kind", t("import_" + kind));
        c.set("fileName", form.fileName);
        c.set("result", true);
        if (result.ok) {
            c.set("imported", true);
            c.set("summary",
                  kind == "plans"
                      ? PageRenderer::fill(t("import_plan"),
                                           {result.planCode, std::to_string(result.planVersion)})
                      : PageRenderer::fill(
                            t("import_rows"),
                            {std::to_string(result.rows), std::to_string(result.inserted),
                             std::to_string(result.updated), std::to_string(result.unchanged)}));
        } else {
            PageData errors = list();
            for (const std::string& e : result.errors) errors.push_back(PageData(report(e)));
            c.set("errors", errors);
            c.set("errorCount", std::to_string(result.errorCount));
        }
        return render("admin", c,
                      result.ok ? HTTPResponse::HTTP_OK : HTTPResponse::HTTP_BAD_REQUEST);
    }

    // ---- finance -----------------------------------------------------------------------------

    bool financePage(const core::Actor& a, const std::string& error,
                     HTTPResponse::HTTPStatus status) {
        if (a.role != core::Role::Finance) return notFound();
        PageData c = base(t("finance_title"));
        if (!error.empty()) c.set("error", error);
        const auto payable = unwrap(_s.batches.payouts(a, "payable"));
        const auto returned = unwrap(_s.batches.payouts(a, "returned"));
        c.set("payableCount", std::to_string(payable.summary.count));
        c.set("payableTotal", yuan(payable.summary.totalFen));
        const auto rows = [&](const std::vector<core::PayoutRecord>& items) {
            PageData out = list();
            for (const core::PayoutRecord& p : items) {
                PageData x = object();
                x.set("reference", p.reference);
                x.set("claimId", std::to_string(p.claimId));
                x.set("memberNo", p.memberNo);
                x.set("name", p.payeeName);
                x.set("union", p.unionCode);
                x.set("plan", p.planCode);
                x.set("amount", yuan(p.amountFen));
                x.set("reason", p.reason);
                if (p.predecessorId) x.set("reissue", true);
                out.push_back(x);
            }
            return out;
        };
        c.set("payable", rows(payable.items));
        c.set("returned", rows(returned.items));
        c.set("returnedCount", std::to_string(returned.summary.count));
        PageData batches = list();
        for (const core::BatchRecord& b : unwrap(_s.batches.list(a))) {
            PageData x = object();
            x.set("id", std::to_string(b.id));
            x.set("status", b.status);
            x.set("statusLabel", t("batch_" + b.status));
            x.set("count", std::to_string(b.count));
            x.set("total", yuan(b.totalFen));
            x.set("createdBy", b.createdByName);
            x.set("createdAt", b.createdAt.substr(0, 16));
            x.set("messageId", b.messageId);
            if (b.status == "draft" && b.createdBy != a.userId) x.set("canRelease", true);
            if (b.status == "draft" && b.createdBy == a.userId) x.set("awaitingChecker", true);
            if ((b.status == "released" || b.status == "exported") && b.resolvedCount == 0) {
                x.set("canExport", true);
                // Once exported, only in that format (another could pay twice).
                for (const char* format : {"csv", "gb18030-csv", "xlsx", "pain001"})
                    if (b.exportFormat.empty() || b.exportFormat == format)
                        x.set(std::string("fmt_") +
                                  (format == std::string("gb18030-csv") ? "gb18030" : format),
                              true);
                if (!b.exportFormat.empty()) x.set("exportFormat", b.exportFormat);
            }
            if (b.status == "exported") x.set("canLoadResults", true);
            batches.push_back(x);
        }
        c.set("batches", batches);
        return render("finance", c, status);
    }

    bool createBatch(const core::Actor& a) {
        core::BatchFilter filter;
        if (!field("union_code").empty()) filter.unionCode = field("union_code");
        if (!field("plan_code").empty()) filter.planCode = field("plan_code");
        if (!field("max_count").empty()) {
            try {
                filter.maxCount = std::stoi(field("max_count"));
            } catch (const std::exception&) {
                return financePage(a, t("field_max_count") + ": " + t("error_number"),
                                   HTTPResponse::HTTP_BAD_REQUEST);
            }
        }
        if (!field("max_total").empty()) {
            const auto fen = fenFromYuan(field("max_total"));
            if (!fen || *fen <= 0)
                return financePage(a, t("field_max_total") + ": " + t("error_amount"),
                                   HTTPResponse::HTTP_BAD_REQUEST);
            filter.maxTotalFen = *fen;
        }
        auto created = _s.batches.create(a, filter);
        if (!created.isOk())
            return financePage(a, problem(created.outcome),
                               created.outcome.kind() == core::Outcome::Kind::Forbidden
                                   ? HTTPResponse::HTTP_FORBIDDEN
                                   : HTTPResponse::HTTP_CONFLICT);
        return redirect("/finance");
    }

    bool batchAction(const core::Actor& a, const std::string& idText, const std::string& action) {
        const std::int64_t id = parseId(idText, "batch");
        if (action == "release") {
            auto released = _s.batches.release(a, id);
            if (!released.isOk())
                return financePage(a, problem(released.outcome), HTTPResponse::HTTP_CONFLICT);
            return redirect("/finance");
        }
        if (action != "returns" || a.role != core::Role::Finance) return notFound();
        const UploadedForm form = readMultipart(_req, MaxResultFileBytes, "result file");
        const auto csrf = form.fields.find("csrf");
        checkCsrfValue(csrf == form.fields.end() ? "" : csrf->second);
        std::vector<std::string> errors;
        const core::BankResultFile file = _s.parseBankResults(form.bytes, errors);
        if (!errors.empty()) {
            constexpr std::size_t Shown = 20;
            std::string message = t("results_not_applied");
            for (std::size_t i = 0; i < errors.size() && i < Shown; ++i)
                message += (i == 0 ? " " : t("report_separator")) + report(errors[i]);
            if (errors.size() > Shown)
                message +=
                    PageRenderer::fill(t("report_more"), {std::to_string(errors.size() - Shown)});
            return financePage(a, message, HTTPResponse::HTTP_BAD_REQUEST);
        }
        auto applied = _s.batches.loadResults(a, id, file.results, file.originalMessageId,
                                              file.groupRejection);
        if (!applied.isOk())
            return financePage(a, t("results_not_applied") + " " + problem(applied.outcome),
                               HTTPResponse::HTTP_BAD_REQUEST);
        _notice = t("results_applied") + " " + std::to_string(applied.value->paid) + " / " +
                  std::to_string(applied.value->returned) + " / " +
                  std::to_string(applied.value->unchanged) + " / " + std::to_string(file.pending);
        return financePage(a, "", HTTPResponse::HTTP_OK);
    }

    WebServices& _s;
    const PageRenderer& _r;
    HTTPServerRequest& _req;
    HTTPServerResponse& _resp;
    std::string _lang;
    std::string _loginToken;  // the login cookie's token, if any
    std::string _token;
    std::optional<WebSession> _session;
    Poco::URI::QueryParameters _query;
    Poco::Net::HTMLForm _form;
    bool _formRead = false;
    std::string _notice;
};

}  // namespace

bool routePages(WebServices& services, const PageRenderer& pages, HTTPServerRequest& req,
                HTTPServerResponse& resp) {
    Page page(services, pages, req, resp);
    try {
        return page.route();
    } catch (const HttpError& e) {
        page.errorPage(e);
        return true;
    }
}

}  // namespace huzhu::web
