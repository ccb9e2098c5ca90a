// Web origins an application's pages run on: the browser tracker's events are taken only from them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eye {

// The origin as browsers send it in the Origin header: "https://www.example.com" or
// "http://localhost:8080" (scheme and host in lower case, the scheme's default port left out).
// nullopt unless it is an http or https URL with a host and nothing after it (a "/" alone is
// allowed): no user, path, query or fragment.
std::optional<std::string> normalize_origin(std::string_view text);

}  // namespace eye
