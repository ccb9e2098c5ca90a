// An HTTP client for eyed over its Unix socket or TCP, keeping the connection alive.
#pragma once

#include <istream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace eye::cli {

struct Endpoint {
    std::string socket_path;  // set: talk over this Unix socket
    std::string url;          // otherwise: this base URL, "http://host:port[/prefix]"
    std::string key;          // sent as Authorization: Bearer, when set (the socket ignores it)
    std::string app;          // over the socket: the app events are attributed to, when set
    std::string describe() const;
};

struct HttpResult {
    int status = 0;
    std::string body;
    std::string retry_after;  // the Retry-After header, when the daemon sent one
};

// Thrown when no connection to the daemon can be made or kept; the message is one line naming
// the transport, the endpoint and why ("no eyed answering on unix socket P (no such file)",
// "nothing listening on 127.0.0.1:8000 (connection refused)").
class Unreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Whether a daemon (anything) accepts connections on the Unix socket at `path` now; never throws.
bool socket_answers(const std::string& path);

// The first of `candidates` that answers; else the first that exists (so that the error names
// it); else the first. A stale socket file left by a dead daemon never hides a live one.
std::string choose_socket(const std::vector<std::string>& candidates);

class Client {
public:
    explicit Client(Endpoint endpoint);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // `target` is a path with query ("/events/?page=2").
    HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::string& content_type = "application/json");

    // Starts a GET of a stream (`target`, with `headers`) and returns its status and body: for a
    // 2xx the body stream to read as it arrives (valid until the next call on this client), else
    // the error reply read whole into HttpResult. Throws Unreachable when no connection can be
    // made; reading the stream blocks, and fails once nothing came for `idle_seconds`.
    std::pair<HttpResult, std::istream*> open_stream(const std::string& target,
                                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                                     int idle_seconds);

    // How long request() waits for a reply (120 s unless set): longer for admin work that
    // takes minutes (a purge, a backup).
    void set_reply_timeout(int seconds) { reply_timeout_seconds_ = seconds; }

    const Endpoint& endpoint() const { return endpoint_; }

private:
    Poco::Net::HTTPClientSession& session();

    Endpoint endpoint_;
    std::string prefix_;  // the URL's path, prepended to every target
    int reply_timeout_seconds_ = 120;
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace eye::cli
