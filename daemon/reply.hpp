// What a route answers: a status and a compact JSON body; the router puts it on the wire.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "error.hpp"

namespace eye {

struct Reply {
    int status = 200;
    std::string body;  // compact JSON
    std::vector<std::pair<std::string, std::string>> headers;
    // Set for a stream: the router sends the headers with `content_type`, chunked, then runs
    // `stream` on the request's thread until it returns; `body` is then unused.
    std::function<void(std::ostream&)> stream = nullptr;
    std::string content_type = "";
};

// {"code", "message", "field"}; `field` only when there is one; text quoting input is made
// valid UTF-8. The one rendering of an Error, for error replies and batch summaries alike.
Poco::JSON::Object::Ptr error_object(const Error& error);

// {"error": {...}, "status_code": N} with the status the code stands for (http_status.hpp).
Reply error_reply(const Error& error);

}  // namespace eye
