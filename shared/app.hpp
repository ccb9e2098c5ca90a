// A trusted client application, as the store keeps it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_scope.hpp"
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
    Scopes scopes = all_scopes;        // what its key may do
    std::vector<std::string> origins;  // web origins its browser events may come from, normalized, sorted
};

}  // namespace eye
