// One connection: requests are read by Poco's HTTPServerRequestImpl (its header parsing and
// limits), then handed to the router; what happens around them is ours. A request that misses
// its deadline has its socket shut down by the ConnectionWatch, which ends it here as a read or
// write error.
#include "http_connection.hpp"

#include <algorithm>
#include <cerrno>
#include <memory>

#include <sys/socket.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Timestamp.h>

#include "reply.hpp"

namespace eye {
namespace {

using namespace Poco::Net;

// The deadline entry of the connection this thread serves, for lift_connection_deadline().
thread_local ConnectionWatch::Entry* current_deadline = nullptr;

// Two Content-Length headers that disagree make the body's end ambiguous (a smuggling vector).
bool conflicting_lengths(const HTTPRequest& request) {
    auto first = request.find(HTTPMessage::CONTENT_LENGTH);
    if (first == request.end()) return false;
    for (auto it = first; it != request.end(); ++it)
        if (Poco::icompare(it->first, HTTPMessage::CONTENT_LENGTH) == 0 && it->second != first->second) return true;
    return false;
}

}  // namespace

void lift_connection_deadline() {
    if (current_deadline) current_deadline->no_deadline();
}

// The socket Poco's session reads from, with a cap on the bytes it hands over: set to a header
// block's length, Poco's parser (which reads ahead 4 KiB at a time) stops at the block's end,
// so the next request stays in the kernel where the reactor can see it while it waits.
class HttpConnection::HeaderCappedSocket final : public StreamSocketImpl {
public:
    explicit HeaderCappedSocket(int fd) : StreamSocketImpl(fd) {}
    void cap(std::size_t bytes) { cap_ = bytes; }
    int receiveBytes(void* buffer, int length, int flags = 0) override {
        if (cap_ > 0) length = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(length), cap_));
        int n = StreamSocketImpl::receiveBytes(buffer, length, flags);
        if (n > 0) cap_ -= std::min<std::size_t>(cap_, static_cast<std::size_t>(n));
        return n;
    }

private:
    std::size_t cap_ = 0;  // 0: no cap
};

HttpConnection::HttpConnection(int fd, HttpSettings& settings)
    : settings_(settings),
      capped_(new HeaderCappedSocket(fd)),
      socket_(capped_),
      fd_(fd),
      session_(socket_, settings.params),
      deadline_(*settings.watch, fd_) {}

HttpConnection::~HttpConnection() = default;

HttpConnection::Pending HttpConnection::pending_input(std::string& buffer, std::size_t limit) const {
    if (buffer.size() < limit) buffer.resize(limit);
    ssize_t n = ::recv(fd_, buffer.data(), limit, MSG_PEEK | MSG_DONTWAIT);
    Pending pending;
    pending.bytes = std::string_view(buffer.data(), static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    // 0: end of input; an error other than "nothing yet": the connection is gone too.
    pending.closed = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    return pending;
}

bool HttpConnection::serve(std::size_t header_length) {
    current_deadline = &deadline_;
    struct Forget {
        ~Forget() { current_deadline = nullptr; }
    } forget;
    try {
        capped_->cap(header_length);
        bool keep_alive = serve_one() && session_.getKeepAlive();
        capped_->cap(0);
        // Should anything have read ahead into a next request (the chunked body reader does, and
        // the router then closes the connection), those bytes cannot go back to the kernel for
        // the reactor to watch: such a request is served here, under the request deadline.
        while (keep_alive && session_.buffered() > 0) keep_alive = serve_one() && session_.getKeepAlive();
        deadline_.no_deadline();
        return keep_alive;
    } catch (const Poco::Exception&) {
        // The peer went away, or the watch shut the socket down: nothing left to answer.
    } catch (const std::exception&) {
        // The same, seen through a stream (a route's writes): the connection ends here.
    }
    deadline_.no_deadline();
    return false;
}

// Answers a request that could not be read as one (a broken request line, oversized or
// malformed headers, a bad Content-Length) and closes: what follows on the wire cannot be
// trusted to start a request.
void HttpConnection::refuse_unreadable(const std::string& why) {
    Reply reply = error_reply(Error{code::bad_request, "the request could not be read: " + why, ""});
    HTTPServerResponseImpl response(session_);
    response.setVersion(HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType("application/json");
    response.setKeepAlive(false);
    response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
    // send(), not sendBuffer(): with no request attached, sendBuffer() leaves the body out.
    response.send() << reply.body << std::flush;
    session_.setKeepAlive(false);
    // Closing with unread input makes the kernel reset the connection, which can destroy the
    // reply before the client reads it: end our side, then read and drop a little first.
    try {
        socket_.shutdownSend();
        socket_.setReceiveTimeout(Poco::Timespan(0, 200'000));
        char sink[4096];
        for (std::size_t dropped = 0; dropped < (64 << 10);) {
            int n = socket_.receiveBytes(sink, sizeof sink);
            if (n <= 0) break;
            dropped += static_cast<std::size_t>(n);
        }
    } catch (const Poco::Exception&) {
        // The client is gone or silent: nothing more to do for it.
    }
}

// Reads and answers one request; false when the connection must end.
bool HttpConnection::serve_one() {
    // The header block has arrived whole (the reactor saw its end), so reading it should not
    // wait; the deadline covers it anyway (Poco's parser skips line breaks inside a request line,
    // so a crafted one could look complete to the reactor and still be waited for).
    deadline_.deadline_in(settings_.request_timeout);
    HTTPServerResponseImpl response(session_);
    std::unique_ptr<HTTPServerRequestImpl> request;
    try {
        request = std::make_unique<HTTPServerRequestImpl>(response, session_, settings_.params.get());
    } catch (const NoMessageException&) {
        return false;  // closed between requests
    } catch (const MessageException& e) {
        refuse_unreadable(e.message().empty() ? e.displayText() : e.message());
        return false;
    } catch (const Poco::SyntaxException& e) {
        refuse_unreadable("malformed header value (" + e.message() + ")");
        return false;
    } catch (const Poco::Net::NetException&) {
        return false;  // the socket failed or was shut down mid-headers
    } catch (const Poco::TimeoutException&) {
        return false;
    }
    if (conflicting_lengths(*request)) {
        refuse_unreadable("it has two different Content-Length headers");
        return false;
    }
    bool stopping = settings_.stopping && settings_.stopping->load();
    // Keep-alive is unlimited in requests (the reactor bounds the idle time), so Poco's
    // request-counting canKeepAlive() does not apply.
    bool keep_alive = settings_.params->getKeepAlive() && request->getKeepAlive() && !stopping;
    response.setDate(Poco::Timestamp());
    response.setVersion(request->getVersion());
    response.setKeepAlive(keep_alive);
    response.set("Server", settings_.params->getSoftwareVersion());
    std::unique_ptr<HTTPRequestHandler> handler(settings_.router->createRequestHandler(*request));
    handler->handleRequest(*request, response);
    session_.setKeepAlive(keep_alive && response.getKeepAlive());
    return true;
}

}  // namespace eye
