// What a route answers: a status and a compact JSON body; the router puts it on the wire.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "error.hpp"

namespace eye {

struct Reply {
    int status = 200;
    std::string body;  // compact JSON
    std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": {"code", "message", "field"}, "status_code": N}; `field` only when there is one.
Reply error_reply(int status, const Error& error);

}  // namespace eye
