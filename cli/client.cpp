// The client side of eyed's API. Poco 1.11 cannot open a Unix-domain HTTPClientSession itself,
// so for the socket we connect a StreamSocket and hand it over; such a session cannot
// reconnect, hence a fresh session whenever the daemon closed the last one.
#include "client.hpp"

#include <cerrno>
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

namespace eye::cli {

std::string Endpoint::describe() const {
    return socket_path.empty() ? url : "unix socket " + socket_path;
}

bool socket_answers(const std::string& path) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, path));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::string choose_socket(const std::vector<std::string>& candidates) {
    for (const auto& path : candidates)
        if (socket_answers(path)) return path;
    for (const auto& path : candidates) {
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) return path;
    }
    return candidates.empty() ? std::string() : candidates.front();
}

namespace {

// Why the Unix socket at `path` took no connection, as the file system sees it.
std::string socket_trouble(const std::string& path, const Poco::Exception& e) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) return "no such file";
    if (status.type() != std::filesystem::file_type::socket) return "not a socket";
    if (::access(path.c_str(), W_OK) != 0 && errno == EACCES) return "permission denied";
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e))
        return "connection refused: a stale socket file, its daemon gone";
    return e.displayText();
}

}  // namespace

Client::Client(Endpoint endpoint) : endpoint_(std::move(endpoint)) {
    if (endpoint_.socket_path.empty()) {
        Poco::URI uri;
        try {
            uri = Poco::URI(endpoint_.url);
        } catch (const Poco::SyntaxException&) {
            throw std::invalid_argument("--url must look like http://HOST:PORT, not " + endpoint_.url);
        }
        if (uri.getScheme() != "http" || uri.getHost().empty())
            throw std::invalid_argument("--url must look like http://HOST:PORT, not " + endpoint_.url);
        prefix_ = uri.getPath();
        while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
    }
}

Client::~Client() = default;

Poco::Net::HTTPClientSession& Client::session() {
    // A kept-alive connection with something to read before a request was sent has been closed
    // by the daemon (its idle timeout passed while eye worked on the last reply): start afresh
    // rather than fail on it (over a Unix socket the send fails with EPIPE, which Poco reports
    // in a way that cannot be told from a reply cut off after a commit).
    if (session_ && session_->connected() && session_->socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ))
        session_.reset();
    if (session_) return *session_;
    if (!endpoint_.socket_path.empty()) {
        try {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, endpoint_.socket_path));
            session_ = std::make_unique<Poco::Net::HTTPClientSession>(socket);
        } catch (const Poco::Exception& e) {
            throw Unreachable("no eyed answering on unix socket " + endpoint_.socket_path + " (" +
                              socket_trouble(endpoint_.socket_path, e) + ")");
        }
    } else {
        Poco::URI uri(endpoint_.url);
        std::string where = uri.getHost() + ":" + std::to_string(uri.getPort());
        try {
            // Probe first, so that a refusal is told as one (the session would only find out in
            // its first request, and report a lost connection). The session keeps host and port,
            // for its Host header and its reconnects.
            Poco::Net::StreamSocket probe;
            probe.connect(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()), Poco::Timespan(10, 0));
            session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        } catch (const Poco::Net::ConnectionRefusedException&) {
            throw Unreachable("nothing listening on " + where + " (connection refused)");
        } catch (const Poco::TimeoutException&) {
            throw Unreachable("no answer from " + where + " (timed out connecting)");
        } catch (const Poco::Exception& e) {
            throw Unreachable("cannot reach eyed at " + endpoint_.url + ": " + e.displayText());
        }
    }
    session_->setKeepAlive(true);
    session_->setTimeout(Poco::Timespan(reply_timeout_seconds_, 0));
    return *session_;
}

HttpResult Client::request(const std::string& method, const std::string& target, const std::string& body,
                           const std::string& content_type) {
    // A kept-alive connection the daemon has meanwhile closed fails on first use: the request
    // cannot be sent, or no byte of an answer comes back. Only then is one retry on a fresh
    // connection safe; a timeout or a cut-off answer may follow a commit and is not retried.
    for (int attempt = 0;; ++attempt) {
        bool reused = static_cast<bool>(session_);
        Poco::Net::HTTPClientSession& s = session();
        Poco::Net::HTTPRequest req(method, prefix_ + target, Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.set("Accept", "application/json");
        if (!endpoint_.socket_path.empty()) req.setHost("localhost");
        if (!endpoint_.key.empty()) req.setCredentials("Bearer", endpoint_.key);
        if (!endpoint_.app.empty()) req.set("X-Eye-App", endpoint_.app);
        if (!body.empty() || method == "POST") {
            req.setContentType(content_type);
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        bool retry_safe = true;
        try {
            s.sendRequest(req) << body;
            Poco::Net::HTTPResponse res;
            std::istream* in = nullptr;
            try {
                in = &s.receiveResponse(res);
            } catch (const Poco::Net::NoMessageException&) {
                throw;
            } catch (const Poco::Exception&) {
                retry_safe = false;
                throw;
            }
            retry_safe = false;
            HttpResult result;
            result.status = static_cast<int>(res.getStatus());
            result.retry_after = res.get("Retry-After", "");
            std::ostringstream out;
            Poco::StreamCopier::copyStream(*in, out);
            result.body = out.str();
            if (!res.getKeepAlive()) session_.reset();
            return result;
        } catch (const Poco::Exception& e) {
            session_.reset();
            if (reused && attempt == 0 && retry_safe) continue;
            throw Unreachable("lost the connection to eyed at " + endpoint_.describe() + ": " + e.displayText());
        }
    }
}

std::pair<HttpResult, std::istream*> Client::open_stream(
    const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers, int idle_seconds) {
    session_.reset();  // a stream has its connection to itself
    Poco::Net::HTTPClientSession& s = session();
    s.setTimeout(Poco::Timespan(idle_seconds, 0));
    Poco::Net::HTTPRequest req("GET", prefix_ + target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!endpoint_.socket_path.empty()) req.setHost("localhost");
    if (!endpoint_.key.empty()) req.setCredentials("Bearer", endpoint_.key);
    for (const auto& [name, value] : headers) req.set(name, value);
    try {
        s.sendRequest(req);
        Poco::Net::HTTPResponse res;
        std::istream& in = s.receiveResponse(res);
        HttpResult result;
        result.status = static_cast<int>(res.getStatus());
        result.retry_after = res.get("Retry-After", "");
        if (result.status >= 200 && result.status < 300) return {result, &in};
        std::ostringstream out;
        Poco::StreamCopier::copyStream(in, out);
        result.body = out.str();
        session_.reset();
        return {result, nullptr};
    } catch (const Poco::Exception& e) {
        session_.reset();
        throw Unreachable("cannot follow eyed at " + endpoint_.describe() + ": " + e.displayText());
    }
}

}  // namespace eye::cli
