// One connection: requests are read by Poco's HTTPServerRequestImpl (its header parsing and
// limits), then handed to the router; what happens around them is ours. A connection that
// misses a deadline has its socket shut down by the ConnectionWatch, which ends it here as a
// read or write error.
#include "http_connection.hpp"

#include <memory>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include "reply.hpp"

namespace eye {
namespace {

using namespace Poco::Net;

// The deadline entry of the connection this thread serves, for lift_connection_deadline().
thread_local ConnectionWatch::Entry* current_deadline = nullptr;

// Answers a request that could not be read as one (a broken request line, oversized or
// malformed headers, a bad Content-Length) and closes: what follows on the wire cannot be
// trusted to start a request.
void refuse_unreadable(HTTPServerSession& session, StreamSocket& socket, const std::string& why) {
    Reply reply = error_reply(Error{code::bad_request, "the request could not be read: " + why, ""});
    HTTPServerResponseImpl response(session);
    response.setVersion(HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType("application/json");
    response.setKeepAlive(false);
    response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
    // send(), not sendBuffer(): with no request attached, sendBuffer() leaves the body out.
    response.send() << reply.body << std::flush;
    session.setKeepAlive(false);
    // Closing with unread input makes the kernel reset the connection, which can destroy the
    // reply before the client reads it: end our side, then read and drop a little first.
    try {
        socket.shutdownSend();
        socket.setReceiveTimeout(Poco::Timespan(0, 200'000));
        char sink[4096];
        for (std::size_t dropped = 0; dropped < (64 << 10);) {
            int n = socket.receiveBytes(sink, sizeof sink);
            if (n <= 0) break;
            dropped += static_cast<std::size_t>(n);
        }
    } catch (const Poco::Exception&) {
        // The client is gone or silent: nothing more to do for it.
    }
}

// Two Content-Length headers that disagree make the body's end ambiguous (a smuggling vector).
bool conflicting_lengths(const HTTPRequest& request) {
    auto first = request.find(HTTPMessage::CONTENT_LENGTH);
    if (first == request.end()) return false;
    for (auto it = first; it != request.end(); ++it)
        if (Poco::icompare(it->first, HTTPMessage::CONTENT_LENGTH) == 0 && it->second != first->second) return true;
    return false;
}

class HttpConnection final : public TCPServerConnection {
public:
    HttpConnection(const StreamSocket& socket, HTTPRequestHandlerFactory::Ptr router, HTTPServerParams::Ptr params,
                   ConnectionWatch& watch, ConnectionLimits limits)
        : TCPServerConnection(socket), router_(router), params_(params), watch_(watch), limits_(limits) {}

    void run() override {
        ConnectionWatch::Entry deadline(watch_, socket().impl()->sockfd());
        current_deadline = &deadline;
        struct Forget {
            ~Forget() { current_deadline = nullptr; }
        } forget;
        HTTPServerSession session(socket(), params_);
        try {
            // hasMoreRequests() waits at most the keep-alive timeout for the next request.
            while (session.hasMoreRequests()) {
                deadline.deadline_in(limits_.header_timeout);
                if (!serve_one(session, deadline)) break;
                deadline.no_deadline();
            }
        } catch (const Poco::Exception&) {
            // The peer went away, or the watch shut the socket down: nothing left to answer.
        }
    }

private:
    // Reads and answers one request; false when the connection must end.
    bool serve_one(HTTPServerSession& session, ConnectionWatch::Entry& deadline) {
        HTTPServerResponseImpl response(session);
        std::unique_ptr<HTTPServerRequestImpl> request;
        try {
            request = std::make_unique<HTTPServerRequestImpl>(response, session, params_.get());
        } catch (const NoMessageException&) {
            return false;  // closed between requests
        } catch (const MessageException& e) {
            refuse_unreadable(session, socket(), e.message().empty() ? e.displayText() : e.message());
            return false;
        } catch (const Poco::SyntaxException& e) {
            refuse_unreadable(session, socket(), "malformed header value (" + e.message() + ")");
            return false;
        } catch (const Poco::Net::NetException&) {
            return false;  // the socket failed or was shut down mid-headers
        } catch (const Poco::TimeoutException&) {
            return false;
        }
        if (conflicting_lengths(*request)) {
            refuse_unreadable(session, socket(), "it has two different Content-Length headers");
            return false;
        }
        deadline.deadline_in(limits_.request_timeout);
        response.setDate(Poco::Timestamp());
        response.setVersion(request->getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request->getKeepAlive() && session.canKeepAlive());
        response.set("Server", params_->getSoftwareVersion());
        std::unique_ptr<HTTPRequestHandler> handler(router_->createRequestHandler(*request));
        handler->handleRequest(*request, response);
        session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
        return true;
    }

    HTTPRequestHandlerFactory::Ptr router_;
    HTTPServerParams::Ptr params_;
    ConnectionWatch& watch_;
    ConnectionLimits limits_;
};

}  // namespace

void lift_connection_deadline() {
    if (current_deadline) current_deadline->no_deadline();
}

TCPServerConnection* HttpConnectionFactory::createConnection(const StreamSocket& socket) {
    return new HttpConnection(socket, router_, params_, watch_, limits_);
}

}  // namespace eye
