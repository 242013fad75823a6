#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Process.h>
#include <map>
#include <string>
#include <vector>

namespace huzhu::test {

/// The output of one run of the huzhu binary.
struct RunResult {
    int exitCode = 0;
    std::string out;
    std::string err;
};

/// Today's date (local time), YYYY-MM-DD: the demo plan covers the current calendar year.
std::string today();

/// Runs `huzhu ARGS...` to completion.
RunResult runHuzhu(const std::vector<std::string>& args);
/// Runs another program (found on PATH) the same way.
RunResult runProgram(const std::string& program, const std::vector<std::string>& args);

/// A fresh temporary folder, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

/// `huzhu serve` on port 0 against `db`, stopped with SIGINT (like Ctrl-C) on destruction.
class Server {
public:
    /// `extra`: more options for `huzhu serve`.
    explicit Server(const std::string& db, const std::vector<std::string>& extra = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    int port() const { return _port; }
    /// Sends SIGINT and waits; returns the exit code.
    int stop();

private:
    std::unique_ptr<Poco::ProcessHandle> _process;
    int _port = 0;
    bool _stopped = false;
};

struct Response {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    Poco::JSON::Object::Ptr json() const;
};

/// An HTTP client with its own cookie jar and CSRF token, like one browser.
class Client {
public:
    explicit Client(int port) : _port(port) {}
    Response get(const std::string& path);
    Response post(const std::string& path, const std::string& body, bool withCsrf = true,
                  const std::string& contentType = "application/json");
    /// Logs in and keeps the session cookie and CSRF token; REQUIRES success.
    void login(const std::string& username, const std::string& password = "huzhu-demo");
    /// A page form post (application/x-www-form-urlencoded) with the session's CSRF token
    /// in its `csrf` field unless `withCsrf` is false.
    Response form(const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& fields,
                  bool withCsrf = true);
    const std::string& csrf() const { return _csrf; }
    /// Forgets a cookie, as a browser whose cookie expired would.
    void dropCookie(const std::string& name) { _cookies.erase(name); }

private:
    Response request(const std::string& method, const std::string& path, const std::string& body,
                     bool withCsrf, const std::string& contentType);
    int _port;
    std::map<std::string, std::string> _cookies;  // the jar: name → value
    std::string _csrf;
};

/// Runs one statement with the sqlite3 shell on `db`; its output, trimmed. REQUIRES success.
std::string sql(const std::string& db, const std::string& statement);

/// A fresh database with the demo dataset (30 members) and the real server on it.
struct DemoServer {
    TempDir dir;
    std::string db = dir.file("huzhu.db");
    std::unique_ptr<Server> server;

    DemoServer();
};

}  // namespace huzhu::test
