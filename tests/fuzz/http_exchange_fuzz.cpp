// Fuzz target: a whole HTTP exchange through the router with a temporary SQLite store. The
// input's first byte chooses the listener (bit 0: the Unix socket, where the admin routes
// answer) and whether TCP needs keys (bit 1); the rest is what a client sends on one
// connection, request line, headers and bodies, possibly several requests kept alive. Poco
// parses the requests (as eyed's connection loop does) and the real router, handlers, ingest
// pipeline and store answer them. Whatever the bytes, no request may end in a 500 (an
// exception no handler expected) or a crash, hang or leak.
//
// The connection loop itself (http_connection.cpp: deadlines, its JSON for unreadable
// requests) is left out on purpose: it is built around a watcher of real sockets, and what it
// adds to a request is bounded in time rather than in what it parses.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <sstream>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <spdlog/spdlog.h>

#include "app_registry.hpp"
#include "body_budget.hpp"
#include "ingest.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "services.hpp"
#include "sqlite_store.hpp"

namespace {

using namespace Poco::Net;

// A temporary folder, removed with what it holds when the run ends.
struct TempFolder {
    std::filesystem::path path;
    TempFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "eye-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) __builtin_trap();
        path = pattern;
    }
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

// One daemon's worth of parts for the whole run: a store in a temporary folder, its ingest
// pipeline, the built-in schemas. Members end in reverse order: the pipeline before the store,
// the store before its folder.
struct Daemon {
    TempFolder folder;
    eye::SqliteStore store{(folder.path / "eye.db").string(), eye::Durability::process};
    eye::Ingest ingest{store, 1000};
    eye::SchemaRegistry schemas{"", eye::ValidationRules{}};
    eye::AppRegistry apps{store};
    eye::BodyBudget bodies{64 << 10};
};

Daemon& daemon_parts() {
    static Daemon* daemon = [] {
        std::signal(SIGPIPE, SIG_IGN);  // a reply to a client that closed fails as an error instead
        spdlog::set_level(spdlog::level::critical);  // 500s are found by their status below
        static Daemon d;
        return &d;
    }();
    return *daemon;
}

// The client's side: sends `input`, then ends its writing side, and collects every byte the
// server answers until it closes. Polls both ways, so that a server writing a large reply
// while the client still sends cannot deadlock the two.
std::string converse(int fd, std::string_view input) {
    std::string received;
    std::size_t sent = 0;
    bool writing = true;
    if (input.empty()) {
        ::shutdown(fd, SHUT_WR);
        writing = false;
    }
    for (;;) {
        pollfd p{fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, 5000) <= 0) break;  // the server hangs: the fuzzer's -timeout reports it
        if (writing && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) sent += static_cast<std::size_t>(n);
            if (n < 0 && errno != EAGAIN) sent = input.size();  // the server closed: stop sending
            if (sent == input.size()) {
                ::shutdown(fd, SHUT_WR);
                writing = false;
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[65536];
            ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN)) break;
            if (n > 0) received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    return received;
}

// The server's side, as eyed's connection loop runs it: requests until the client ends or a
// reply closes the connection. A request Poco cannot parse ends the connection. Appends each
// answered request's method to `methods`, in order: how a reply is framed depends on it.
void serve(StreamSocket socket, eye::Services& services, eye::Listener listener,
           std::vector<std::string>& methods) {
    HTTPServerParams::Ptr params = new HTTPServerParams;
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(2, 0));
    HTTPRequestHandlerFactory::Ptr router = new eye::RouterFactory(services, listener);
    HTTPServerSession session(socket, params);
    try {
        while (session.hasMoreRequests()) {
            HTTPServerResponseImpl response(session);
            HTTPServerRequestImpl request(response, session, params.get());
            response.setVersion(request.getVersion());
            response.setKeepAlive(request.getKeepAlive() && session.canKeepAlive());
            methods.push_back(request.getMethod());
            std::unique_ptr<HTTPRequestHandler> handler(router->createRequestHandler(request));
            handler->handleRequest(request, response);
            session.setKeepAlive(response.getKeepAlive() && session.canKeepAlive());
        }
    } catch (const Poco::Exception&) {
        // A request Poco could not read, or the client went away: the connection ends.
    }
    try {
        socket.shutdown();
    } catch (const Poco::Exception&) {
        // Already gone.
    }
}

// Whether a reply has no body whatever its Content-Length says (RFC 9112 section 6.3, rule 1):
// a reply to HEAD (its Content-Length is what a GET would have sent), and 1xx, 204 and 304.
bool has_no_body(const std::string& method, int status) {
    return method == HTTPRequest::HTTP_HEAD || status < 200 || status == HTTPResponse::HTTP_NO_CONTENT ||
           status == HTTPResponse::HTTP_NOT_MODIFIED;
}

// The status of every reply in what the server sent, read in order against the methods of the
// requests they answer: each reply's body is skipped by its Content-Length unless it has none
// (above); a reply without a Content-Length (a stream) is the connection's last, and a
// `100 Continue` comes before its request's real reply.
std::vector<int> statuses(const std::string& replies, const std::vector<std::string>& methods) {
    std::vector<int> found;
    std::istringstream in(replies);
    std::size_t answered = 0;  // requests whose final reply has been read
    while (in.peek() != std::char_traits<char>::eof()) {
        if (answered == methods.size()) __builtin_trap();  // a reply no request asked for
        HTTPResponse response;
        try {
            response.read(in);
        } catch (const Poco::Exception&) {
            __builtin_trap();  // the server wrote something that is not an HTTP reply
        }
        int status = response.getStatus();
        found.push_back(status);
        if (status == HTTPResponse::HTTP_CONTINUE) continue;  // the real reply follows
        if (!has_no_body(methods[answered++], status)) {
            if (!response.hasContentLength()) break;
            in.ignore(response.getContentLength64());
        }
    }
    return found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Daemon& d = daemon_parts();
    eye::Listener listener = (data[0] & 1) ? eye::Listener::unix_socket : eye::Listener::tcp;
    bool auth_required = data[0] & 2;
    // Small limits, so that short inputs reach them.
    eye::Limits limits;
    limits.max_body = 4 << 10;
    limits.max_batch_body = 16 << 10;
    limits.max_batch_events = 100;
    limits.max_inflight_body = 64 << 10;
    eye::Services services{d.store, d.ingest, d.schemas, d.apps, d.bodies, auth_required, limits};

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) __builtin_trap();
    StreamSocket server_end(new StreamSocketImpl(fds[0]));  // owns fds[0] from here
    std::string replies;
    std::vector<std::string> methods;
    std::thread client([&] {
        replies = converse(fds[1], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    });
    serve(server_end, services, listener, methods);
    client.join();
    ::close(fds[1]);

    // A 500 is an exception no handler expected: every refusal has a code of its own.
    for (int status : statuses(replies, methods))
        if (status == 500) __builtin_trap();
    return 0;
}
