#include "Harness.h"

#include <Poco/LocalDateTime.h>
#include <Poco/URI.h>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <boost/test/unit_test.hpp>
#include <regex>
#include <sstream>
#include <thread>

namespace huzhu::test {

std::string today() {
    Poco::LocalDateTime now;
    char buf[32];  // room for any int, so -O3 sees no truncation
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", now.year(), now.month(), now.day());
    return buf;
}

RunResult runHuzhu(const std::vector<std::string>& args) {
    return runProgram(HUZHU_BINARY, args);
}

RunResult runProgram(const std::string& program, const std::vector<std::string>& args) {
    Poco::Pipe outPipe, errPipe;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &outPipe, &errPipe);
    RunResult result;
    Poco::PipeInputStream out(outPipe), err(errPipe);
    // Read stderr on a second thread so that neither pipe can fill up and block the child.
    std::thread errReader([&] { Poco::StreamCopier::copyToString(err, result.err); });
    Poco::StreamCopier::copyToString(out, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    return result;
}

TempDir::TempDir() : _path(Poco::TemporaryFile::tempName()) {
    Poco::File(_path).createDirectories();
}

TempDir::~TempDir() {
    try {
        Poco::File(_path).remove(true);
    } catch (const Poco::Exception&) {
        // Leaving a temp folder behind is not worth failing a test for.
    }
}

Server::Server(const std::string& db, const std::vector<std::string>& extra) {
    Poco::Pipe outPipe;
    std::vector<std::string> args = {"serve", "--db", db, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    _process = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(HUZHU_BINARY, args, nullptr, &outPipe, nullptr));
    Poco::PipeInputStream out(outPipe);
    std::string line;
    std::getline(out, line);
    std::smatch m;
    if (!std::regex_search(line, m, std::regex(R"(https?://127\.0\.0\.1:(\d+)/)")))
        BOOST_FAIL("server did not report its port: '" + line + "'");
    _port = std::stoi(m[1]);
}

int Server::stop() {
    if (_stopped) return 0;
    _stopped = true;
    Poco::Process::requestTermination(_process->id());
    return _process->wait();
}

Server::~Server() {
    if (!_stopped) {
        Poco::Process::kill(*_process);
        _process->wait();
    }
}

Poco::JSON::Object::Ptr Response::json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Response Client::request(const std::string& method, const std::string& path,
                         const std::string& body, bool withCsrf, const std::string& contentType) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_port));
    session.setTimeout(Poco::Timespan(60, 0));  // uploads of 10 MiB under ASan
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!_cookies.empty()) {
        Poco::Net::NameValueCollection cookies;
        for (const auto& [name, value] : _cookies) cookies.add(name, value);
        req.setCookies(cookies);
    }
    if (withCsrf && !_csrf.empty()) req.set("X-CSRF-Token", _csrf);
    if (method == "POST") {
        req.setContentType(contentType);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(req) << body;
    } else {
        session.sendRequest(req);
    }
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Response r;
    r.status = resp.getStatus();
    Poco::StreamCopier::copyToString(in, r.body);
    for (const auto& [k, v] : resp) r.headers[k] = v;
    std::vector<Poco::Net::HTTPCookie> cookies;
    resp.getCookies(cookies);
    for (const auto& c : cookies) {
        if (c.getMaxAge() == 0)
            _cookies.erase(c.getName());
        else
            _cookies[c.getName()] = c.getValue();
    }
    return r;
}

Response Client::get(const std::string& path) {
    return request("GET", path, "", false, "");
}

Response Client::post(const std::string& path, const std::string& body, bool withCsrf,
                      const std::string& contentType) {
    return request("POST", path, body, withCsrf, contentType);
}

Response Client::form(const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& fields,
                      bool withCsrf) {
    std::string body;
    const auto add = [&](const std::string& k, const std::string& v) {
        std::string ek, ev;
        Poco::URI::encode(k, "&=+;", ek);
        Poco::URI::encode(v, "&=+;", ev);
        body += (body.empty() ? "" : "&") + ek + "=" + ev;
    };
    if (withCsrf) add("csrf", _csrf);
    for (const auto& [k, v] : fields) add(k, v);
    return request("POST", path, body, false, "application/x-www-form-urlencoded");
}

/// Runs one statement with the sqlite3 shell; its output, trimmed.
std::string sql(const std::string& db, const std::string& statement) {
    Poco::Pipe outPipe;
    Poco::ProcessHandle h =
        Poco::Process::launch("sqlite3", {"-bail", db, statement}, nullptr, &outPipe, nullptr);
    Poco::PipeInputStream out(outPipe);
    std::string text;
    Poco::StreamCopier::copyToString(out, text);
    BOOST_REQUIRE_MESSAGE(h.wait() == 0, "sqlite3 failed: " + statement);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

DemoServer::DemoServer() {
    RunResult init = runHuzhu({"init", "--db", db, "--demo", "--members", "30"});
    BOOST_REQUIRE_MESSAGE(init.exitCode == 0, init.err);
    server = std::make_unique<Server>(db);
}

void Client::login(const std::string& username, const std::string& password) {
    Response r =
        post("/api/v1/login",
             R"({"username":")" + username + R"(","password":")" + password + R"("})", false);
    BOOST_REQUIRE_MESSAGE(r.status == 200, "login " + username + ": " + r.body);
    _csrf = r.json()->getValue<std::string>("csrf");
}

}  // namespace huzhu::test
