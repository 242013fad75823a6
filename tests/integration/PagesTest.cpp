// The server-rendered portal over HTTP: login by form, every page for every role, CSRF on
// every form, hostile text rendered harmlessly, the language switch, and the member → officer
// → finance journey through forms only (the browser tests drive the same pages in Chromium).

#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>

#include "Harness.h"

using namespace huzhu::test;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields claimForm(const std::string& settlementNo, const std::string& hospital) {
    return {{"plan_code", "demo-inpatient"},
            {"hospital", hospital},
            {"hospital_level", "city"},
            {"local_hospital", "1"},
            {"admission", today()},
            {"discharge", today()},
            {"diagnosis", "K35.8"},
            {"settlement_no", settlementNo},
            {"invoice_no", ""},
            {"total", "30000"},
            {"fund_paid", "18000.00"},
            {"critical_insurance", ""},
            {"assistance", ""},
            {"other_paid", ""},
            {"out_of_scope", "2000"}};
}

/// The claim id a 303 after filing points at.
std::int64_t claimIdFrom(const Response& r) {
    const std::string& to = r.headers.at("Location");
    BOOST_REQUIRE_MESSAGE(to.rfind("/claims/", 0) == 0, to);
    return std::stoll(to.substr(8));
}

const std::string Boundary = "----huzhu-pages-test";

/// A multipart form: plain fields, then one file part named "file".
std::string multipartForm(const Fields& fields, const std::string& fileName,
                          const std::string& bytes) {
    std::string body;
    for (const auto& [k, v] : fields)
        body += "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
                v + "\r\n";
    return body + "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"file\"; " +
           "filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n" + bytes + "\r\n--" +
           Boundary + "--\r\n";
}

bool contains(const Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pages, DemoServer)

BOOST_AUTO_TEST_CASE(login_by_form_and_the_start_page) {
    Client anonymous(server->port());
    Response start = anonymous.get("/");
    BOOST_TEST(start.status == 200);
    BOOST_TEST(contains(start, "<form method=\"post\" action=\"/login\""));
    BOOST_TEST(start.headers["Content-Security-Policy"].find("script-src 'self'") !=
               std::string::npos);
    BOOST_TEST(start.headers["X-Frame-Options"] == "DENY");
    BOOST_TEST(start.headers["Content-Type"] == "text/html; charset=utf-8");
    // No inline script anywhere: every <script> has a src.
    BOOST_TEST(!std::regex_search(start.body, std::regex("<script(?![^>]*\\bsrc=)")));
    BOOST_TEST(anonymous.get("/my").status == 303);
    BOOST_TEST(anonymous.get("/claims/1").headers["Location"] == "/");

    // The login form carries a CSRF token that must match its cookie (double submit).
    std::smatch m;
    BOOST_REQUIRE(
        std::regex_search(start.body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\"")));
    const std::string token = m[1];
    BOOST_TEST(start.headers["Set-Cookie"].find("huzhu_login=" + token) != std::string::npos);
    Client forger(server->port());  // another site's form: the field, not the cookie
    Response forged = forger.form(
        "/login", {{"csrf", token}, {"username", "demo-member"}, {"password", "huzhu-demo"}},
        false);
    BOOST_TEST(forged.status == 403);
    BOOST_TEST(contains(forged, "登录表单已过期"));
    BOOST_TEST(forged.headers["Set-Cookie"].find("huzhu_session") == std::string::npos);
    // Nor can a text/plain form shaped as JSON log anyone in through the API.
    Response plain =
        forger.post("/api/v1/login", R"({"username":"demo-member","password":"huzhu-de=mo"})",
                    false, "text/plain");
    BOOST_TEST(plain.status == 415);
    Response noToken =
        anonymous.form("/login", {{"username", "demo-member"}, {"password", "huzhu-demo"}}, false);
    BOOST_TEST(noToken.status == 403);

    Response wrong = anonymous.form(
        "/login", {{"csrf", token}, {"username", "demo-member"}, {"password", "x"}}, false);
    BOOST_TEST(wrong.status == 401);
    BOOST_TEST(contains(wrong, "用户名或密码不正确"));
    Response right = anonymous.form(
        "/login", {{"csrf", token}, {"username", "demo-member"}, {"password", "huzhu-demo"}},
        false);
    BOOST_TEST(right.status == 303);
    BOOST_TEST(right.headers["Location"] == "/my");
    BOOST_TEST(right.headers["Set-Cookie"].find("HttpOnly") != std::string::npos);
    BOOST_TEST(right.headers["Set-Cookie"].find("SameSite=Strict") != std::string::npos);
    Response my = anonymous.get("/my");
    BOOST_TEST(my.status == 200);
    BOOST_TEST(contains(my, "参保情况"));
}

BOOST_AUTO_TEST_CASE(every_page_for_every_role) {
    // page → the status each role gets (303 = sent to its home or the login page).
    const std::vector<std::string> roles = {"demo-member", "demo-union",   "demo-officer",
                                            "demo-senior", "demo-finance", "demo-auditor",
                                            "demo-admin"};
    const std::map<std::string, std::vector<int>> expected = {
        {"/my", {200, 404, 404, 404, 404, 404, 404}},
        {"/my/bank", {200, 404, 404, 404, 404, 404, 404}},
        {"/claims", {200, 200, 200, 200, 403, 200, 200}},
        {"/claims/new", {200, 200, 404, 404, 404, 404, 404}},
        {"/claims?status=submitted", {200, 200, 200, 200, 403, 200, 200}},
        {"/finance", {404, 404, 404, 404, 200, 404, 404}},
        {"/stats", {403, 403, 200, 200, 200, 200, 200}},
        {"/admin", {404, 404, 404, 404, 404, 404, 200}},
        {"/home", {303, 303, 303, 303, 303, 303, 303}},
        {"/nowhere", {404, 404, 404, 404, 404, 404, 404}},
    };
    for (std::size_t i = 0; i < roles.size(); ++i) {
        Client c(server->port());
        c.login(roles[i]);
        for (const auto& [path, statuses] : expected) {
            Response r = c.get(path);
            BOOST_TEST(r.status == statuses[i], roles[i] << " GET " << path << " → " << r.status);
            BOOST_TEST(r.headers["Content-Security-Policy"].find("default-src 'self'") !=
                       std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(member_files_officer_approves_by_form_and_hostile_text_stays_text) {
    Client member(server->port()), officer(server->port()), other(server->port());
    member.login("demo-member");
    officer.login("demo-officer");
    other.login("demo-union");

    // The union officer picks the plan from a list, as the member does.
    Response unionForm = other.get("/claims/new");
    BOOST_TEST(contains(unionForm, "<option value=\"demo-inpatient\""), unionForm.body);

    // CSRF: the same form without the token is refused and stores nothing.
    Response forged = member.form("/claims/new", claimForm("P-1", "x"), false);
    BOOST_TEST(forged.status == 403);
    Fields withWrongToken = claimForm("P-1", "x");
    withWrongToken.emplace_back("csrf", "not-the-token");
    Response wrongToken = member.form("/claims/new", withWrongToken, false);
    BOOST_TEST(wrongToken.status == 403);

    // A bad amount is reported on the form, with what was typed kept.
    Fields bad = claimForm("P-1", "贵阳市第一人民医院");
    bad[9].second = "30,000";
    Response refused = member.form("/claims/new", bad);
    BOOST_TEST(refused.status == 400);
    BOOST_TEST(contains(refused, "医疗费用总额: 请填写金额"), refused.body);
    BOOST_TEST(contains(refused, "value=\"贵阳市第一人民医院\""));

    const std::string hostile = "<script>alert(1)</script>\"'&";
    Response filed = member.form("/claims/new", claimForm("P-1", hostile));
    BOOST_TEST_REQUIRE(filed.status == 303, filed.body);
    const std::int64_t id = claimIdFrom(filed);
    const std::string path = "/claims/" + std::to_string(id);
    // The use case's refusal in the page's language (web/templates/i18n/problems.zh.json).
    Response again = member.form("/claims/new", claimForm("P-1", "x"));
    BOOST_TEST(again.status == 400);
    BOOST_TEST(contains(again, "已经申请过"), again.body);
    BOOST_TEST(!contains(again, "is already claimed"));
    Response page = member.get(path);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(!contains(page, "<script>alert(1)"));
    BOOST_TEST(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;"));
    BOOST_TEST(contains(page, "待审核"));
    // (30,000 − 18,000 fund − 2,000 out of scope − 300 deductible) × 60 % = 5,820.00 元
    BOOST_TEST(contains(page, "<strong>5820.00</strong>"), page.body);
    // A member does not see the engine's steps; the officer does.
    BOOST_TEST(!contains(page, "计算过程"));

    // Someone outside the claim's scope gets the not-found page, not the claim.
    Client stranger(server->port());
    stranger.login("demo-finance");
    BOOST_TEST(stranger.get(path).status == 404);  // finance reads no claims

    Response review = officer.get(path);
    BOOST_TEST(review.status == 200);
    BOOST_TEST(contains(review, "计算过程"));
    BOOST_TEST(contains(review, "action=\"" + path + "/decision\""));
    Response queue = officer.get("/claims?status=submitted");
    BOOST_TEST(contains(queue, "href=\"" + path + "\""));
    BOOST_TEST(!contains(queue, "<script>alert(1)"));

    // A rejection needs a reason: the refusal is shown on the claim page.
    Response noReason = officer.form(path + "/decision", {{"action", "reject"}, {"reason", ""}});
    BOOST_TEST(noReason.status == 409);
    BOOST_TEST(contains(noReason, "驳回或要求补充材料时须填写理由"), noReason.body);
    Response approved = officer.form(path + "/decision", {{"action", "approve"}, {"reason", ""}});
    BOOST_TEST(approved.status == 303);
    BOOST_TEST(contains(member.get(path), "已批准"));
    BOOST_TEST(contains(member.get("/my"), "#" + std::to_string(id)));

    // Language switch: a cookie, back to the page; never off the site.
    Response en = member.get("/lang/en?next=" + path);
    BOOST_TEST(en.status == 303);
    BOOST_TEST(en.headers["Location"] == path);
    BOOST_TEST(member.get("/lang/en?next=//evil.example/").headers["Location"] == "/");
    BOOST_TEST(member.get("/lang/en?next=https://evil.example/").headers["Location"] == "/");
    BOOST_TEST(member.get("/lang/xx").status == 404);
}

BOOST_AUTO_TEST_CASE(finance_makes_releases_and_exports_by_form) {
    Client finance(server->port()), finance2(server->port());
    finance.login("demo-finance");
    finance2.login("demo-finance2");
    Response before = finance.get("/finance");
    BOOST_TEST(before.status == 200);
    BOOST_TEST(contains(before, "待支付: 1 · 2520.00"), before.body);  // the demo's approved claim
    BOOST_TEST(finance.form("/finance/batches", {{"max_total", "abc"}}).status == 400);
    BOOST_TEST(finance.form("/finance/batches", {}, false).status == 403);
    Response made = finance.form("/finance/batches", {{"union_code", ""}, {"max_count", "10"}});
    BOOST_TEST_REQUIRE(made.status == 303, made.body);
    Response list = finance.get("/finance");
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(list.body, m, std::regex("<td>#([0-9]+) ")));
    const std::string batch = m[1];
    BOOST_TEST(contains(list, "待另一位财务复核"));
    // The maker's own release is refused; the checker's goes through.
    BOOST_TEST(finance.form("/finance/batches/" + batch + "/release", {}).status == 409);
    BOOST_TEST(finance2.form("/finance/batches/" + batch + "/release", {}).status == 303);
    Response released = finance.get("/finance");
    BOOST_TEST(contains(released, "/api/v1/batches/" + batch + "/export?format=pain001"));
    Response file = finance.get("/api/v1/batches/" + batch + "/export?format=csv");
    BOOST_TEST(file.status == 200);
    BOOST_TEST(file.body.rfind("序号,收款人姓名", 0) == 0u);
    // A bank result file with a bad row: nothing applied, the problem named in Chinese.
    Response refused = finance.post(
        "/finance/batches/" + batch + "/returns",
        multipartForm({{"csrf", finance.csrf()}}, "results.csv",
                      "业务编号,状态,原因\nHZP0000000001,成功,\nHZP0000000002,退回,\n"),
        false, "multipart/form-data; boundary=" + Boundary);
    BOOST_TEST(refused.status == 400, refused.body);
    BOOST_TEST(contains(refused, "回盘未导入： 第 3 行“状态”列：须为“成功”或“失败”"), refused.body);
    BOOST_TEST(!contains(refused, "must be"));
}

// Staff views are queued for the audit chain (adapters/sqlite/AuditGroupCommit.h): a clean
// stop commits every one, and the chain stays intact.
BOOST_AUTO_TEST_CASE(staff_views_are_recorded_by_a_clean_stop) {
    Client officer(server->port());
    officer.login("demo-officer");
    const std::string views =
        "SELECT count(*) FROM audit_log WHERE action = 'claim.viewed' "
        "AND entity_id = '1' AND actor = 'demo-officer'";
    const int before = std::stoi(sql(db, views));
    for (int i = 0; i < 5; ++i) BOOST_TEST(officer.get("/api/v1/claims/1").status == 200);
    BOOST_TEST(officer.get("/claims/1").status == 200);
    BOOST_TEST(server->stop() == 0);
    BOOST_TEST(std::stoi(sql(db, views)) - before == 6);
    BOOST_TEST(runHuzhu({"audit", "verify", "--db", db}).exitCode == 0);
}

BOOST_AUTO_TEST_CASE(member_updates_the_bank_account) {
    Client member(server->port());
    member.login("demo-member");
    Response bad = member.form("/my/bank", {{"bank_name", "工行"}, {"account", "1234"}});
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(contains(bad, "不是有效的银行卡号或账号"), bad.body);
    Response ok = member.form("/my/bank", {{"bank_name", "中国工商银行贵阳分行"},
                                           {"account", "6222 0200 0000 0000 026"}});
    BOOST_TEST(ok.status == 200, ok.body);
    BOOST_TEST(contains(ok, "银行账户已更新"));
    // A form that is not an upload cannot come as multipart (it would skip the token check).
    Response multipart = member.post(
        "/my/bank",
        multipartForm({{"bank_name", "x"}, {"account", "6222020000000000026"}}, "a.csv", ""), false,
        "multipart/form-data; boundary=" + Boundary);
    BOOST_TEST(multipart.status == 415);
    // Nor does the language switch send anyone off the site, however the path is disguised.
    BOOST_TEST(member.get("/lang/zh?next=/%09/evil.example").headers["Location"] == "/");
    BOOST_TEST(member.get("/lang/zh?next=/x%0D%0ASet-Cookie:a=b").headers["Location"] == "/");
    BOOST_TEST(contains(ok, "中国工商银行贵阳分行"));
    BOOST_TEST(!contains(ok, "6222020000000000026"));  // masked on screen
    BOOST_TEST(runHuzhu({"audit", "verify", "--db", db}).exitCode == 0);
}

BOOST_AUTO_TEST_CASE(statistics_audit_status_and_imports_in_the_browser) {
    Client auditor(server->port()), admin(server->port());
    auditor.login("demo-auditor");
    admin.login("demo-admin");
    Response stats = auditor.get("/stats");
    BOOST_TEST(stats.status == 200);
    BOOST_TEST(contains(stats, "<img src=\"/api/v1/stats/charts/month.svg\""));
    BOOST_TEST(auditor.get("/api/v1/stats/charts/month.svg")
                   .headers["Content-Type"]
                   .find("image/svg+xml") == 0u);
    BOOST_TEST(contains(auditor.get("/stats?verify=1"), "审计链完整"));

    const std::string type = "multipart/form-data; boundary=" + Boundary;
    // A bad roster: nothing imported, every problem listed by line and column.
    Response bad =
        admin.post("/admin",
                   multipartForm({{"csrf", admin.csrf()}, {"kind", "unions"}}, "u.csv",
                                 "union_code,name,parent_code\nU9,<script>x</script>,NOPE\n"
                                 "U8,八,<script>y</script>\n"),
                   false, type);
    BOOST_TEST(bad.status == 400, bad.body);
    // In the page's language (the CLI prints the same report in English).
    BOOST_TEST(contains(bad, "第 2 行“parent_code”列：未知的工会 NOPE"), bad.body);
    BOOST_TEST(!contains(bad, "unknown union"));
    BOOST_TEST(contains(bad, "&lt;script&gt;y"), bad.body);  // a hostile value, escaped
    BOOST_TEST(!contains(bad, "<script>y"));
    Response good = admin.post("/admin",
                               multipartForm({{"csrf", admin.csrf()}, {"kind", "unions"}}, "u.csv",
                                             "union_code,name,parent_code\nU9,第九工会,\n"),
                               false, type);
    BOOST_TEST(good.status == 200, good.body);
    BOOST_TEST(contains(good, "共 1 行，新增 1，更新 0，未变 0"), good.body);
    Response forged = admin.post(
        "/admin", multipartForm({{"kind", "unions"}}, "u.csv", "union_code,name\n"), false, type);
    BOOST_TEST(forged.status == 403);
}

BOOST_AUTO_TEST_SUITE_END()
