// Who sent a request: the key it presents over TCP, or the trusted Unix socket.
#pragma once

#include <optional>
#include <string>

#include <Poco/Net/HTTPRequest.h>

namespace eye {

// The key from `Authorization: Bearer <key>` or `X-Eye-Key: <key>`; nothing when neither is
// there (or the Authorization scheme is not Bearer).
std::optional<std::string> presented_key(const Poco::Net::HTTPRequest& request);

}  // namespace eye
