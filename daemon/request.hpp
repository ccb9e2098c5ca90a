// The parts of an HTTP request that routes look at, read once by the router.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>

#include "body_budget.hpp"

namespace eye {

enum class Listener { tcp, unix_socket };

// What a route's placeholders captured from the path (route_table.hpp).
struct PathParams {
    std::int64_t id = 0;     // {id}
    std::string name;        // {name}
    std::string session_id;  // {session_id}
};

struct Request {
    Poco::Net::HTTPServerRequest& http;
    Poco::Net::HTTPServerResponse& response;  // for `100 Continue`; the router sends the reply
    Listener listener;
    std::vector<std::string> segments;  // the path split on '/', without empty parts
    PathParams params;
    Poco::Net::NameValueCollection query;
    std::string app;  // who sent it: the key's app, "local" on the socket, "anonymous" without auth

    // Reads the whole body, growing `lease` as bytes arrive. A request with neither
    // Content-Length nor chunked encoding has an empty body (RFC 9112 §6.3). Answers
    // `Expect: 100-continue` only once the announced length is known to fit. Throws Refusal:
    // too_large past `limit` bytes, bad_request when the body ends before its Content-Length or
    // its chunked framing is broken (a cut-off upload is never ingested), queue_full when the
    // lease cannot grow.
    std::string body(std::size_t limit, BodyBudget::Lease& lease) const;

    // True once body() has read the whole body. A reply sent with the body unread (or read in
    // part before a refusal) must close the connection, or the rest of the body would be taken
    // for the next request.
    mutable bool body_read = false;
    // True when the connection may hold bytes read past this request (a chunked body is read
    // from the raw connection): the connection closes after the reply.
    mutable bool read_ahead = false;

    // The absolute base URL of this request as the client addressed it ("http://host:port");
    // the listener's own address when the Host header is missing or not a plausible host.
    std::string base_url() const;
};

}  // namespace eye
