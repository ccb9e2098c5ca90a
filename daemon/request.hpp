// The parts of an HTTP request that routes look at, read once by the router.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NameValueCollection.h>

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
    Listener listener;
    std::vector<std::string> segments;  // the path split on '/', without empty parts
    PathParams params;
    Poco::Net::NameValueCollection query;
    std::string app;  // who sent it: the key's app, "local" on the socket, "anonymous" without auth

    // Reads the whole body; throws Refusal too_large past `limit` bytes and bad_request when it
    // ends before its Content-Length: a cut-off upload is never ingested.
    std::string body(std::size_t limit) const;

    // True once body() has run. A reply sent with the body unread must close the connection,
    // or the body's bytes would be taken for the next request.
    mutable bool body_read = false;

    // The absolute base URL of this request as the client addressed it ("http://host:port").
    std::string base_url() const;
};

}  // namespace eye
