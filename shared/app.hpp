// A trusted client application, as the store keeps it.
#pragma once

#include <optional>
#include <string>

#include "timestamp.hpp"

namespace eye {

// Who events are attributed to when no key says otherwise.
inline constexpr const char* local_app = "local";          // over the Unix socket
inline constexpr const char* anonymous_app = "anonymous";  // over TCP with auth off

struct App {
    std::string name;
    std::string key_hash;  // SHA-256 of the key; the key itself is never stored
    Micros created_at = 0;
    std::optional<Micros> revoked_at;
};

}  // namespace eye
