// eyed's HTTP/1.1 connection loop, in place of Poco's HTTPServerConnection, to bound every
// phase of a request in time (header read, body and reply, keep-alive idle), answer broken
// requests with our JSON errors instead of an empty 400 or a dropped connection, and let the
// routes decide on `100 Continue` after the headers were checked.
#pragma once

#include <chrono>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include "connection_watch.hpp"

namespace eye {

struct ConnectionLimits {
    std::chrono::seconds header_timeout{10};   // from the start of a request to its last header
    std::chrono::seconds request_timeout{30};  // from the headers to the reply sent (the body included)
};

// Lifts the deadline of the request this thread is serving (none when it serves none): for a
// reply that lasts as long as its client wants, a live-tail stream.
void lift_connection_deadline();

// Makes one connection object per accepted socket; shares the router, the Poco parameters
// (keep-alive idle timeout, header size limits) and the watch that enforces the deadlines.
class HttpConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    HttpConnectionFactory(Poco::Net::HTTPRequestHandlerFactory::Ptr router, Poco::Net::HTTPServerParams::Ptr params,
                          ConnectionWatch& watch, ConnectionLimits limits)
        : router_(router), params_(params), watch_(watch), limits_(limits) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr router_;
    Poco::Net::HTTPServerParams::Ptr params_;
    ConnectionWatch& watch_;
    ConnectionLimits limits_;
};

}  // namespace eye
