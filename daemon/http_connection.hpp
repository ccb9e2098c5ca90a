// One HTTP/1.1 client connection, in place of Poco's HTTPServerConnection: it bounds every phase
// of a request in time, answers broken requests with our JSON errors instead of an empty 400
// or a dropped connection, and lets the routes decide on `100 Continue` after the headers were
// checked. Between requests it waits in the ConnectionReactor, holding no thread.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>

#include "connection_watch.hpp"

namespace eye {

// What every connection of a listener shares.
struct HttpSettings {
    Poco::Net::HTTPRequestHandlerFactory::Ptr router;
    Poco::Net::HTTPServerParams::Ptr params;   // header size limits, the per-recv() timeout
    ConnectionWatch* watch = nullptr;          // enforces the body and reply deadline
    std::chrono::seconds request_timeout{30};  // from the hand-over to the reply sent (the body included)
    // Set at shutdown: replies say `Connection: close` from then on.
    const std::atomic<bool>* stopping = nullptr;
};

// Lifts the deadline of the request this thread is serving (none when it serves none): for a
// reply that lasts as long as its client wants, a live-tail stream.
void lift_connection_deadline();

class HttpConnection {
public:
    // Takes the accepted socket's descriptor (closed with the connection); registers it with the
    // watch (no deadline yet).
    HttpConnection(int fd, HttpSettings& settings);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    int fd() const { return fd_; }

    // What has arrived and is not read yet, without consuming it (a peek at the kernel's buffer:
    // a connection that waits has nothing in Poco's), up to `limit`, copied into `buffer` (reused
    // from call to call). Never blocks or throws; `closed` when the client ended its side and
    // nothing is left to read.
    struct Pending {
        std::string_view bytes;
        bool closed = false;
    };
    Pending pending_input(std::string& buffer, std::size_t limit) const;

    // Reads and answers the request whose header block, `header_length` bytes, has arrived (a
    // request thread calls it; the body and the reply are bounded by the watch), then any request
    // already read into Poco's buffer with the last one's body (chunked bodies are read ahead).
    // True when the connection stays open for another request, with nothing of it read yet.
    // Never throws: a client that went away or was cut off ends it.
    bool serve(std::size_t header_length);

private:
    // Poco's session, with access to how much of the next request it already read.
    class Session : public Poco::Net::HTTPServerSession {
    public:
        using HTTPServerSession::buffered;
        using HTTPServerSession::HTTPServerSession;
    };

    class HeaderCappedSocket;

    bool serve_one();
    void refuse_unreadable(const std::string& why);

    HttpSettings& settings_;
    HeaderCappedSocket* capped_;  // owned by socket_
    Poco::Net::StreamSocket socket_;
    int fd_;
    mutable Session session_;          // closes the socket as it ends
    ConnectionWatch::Entry deadline_;  // declared last: unregistered before the socket closes
};

}  // namespace eye
