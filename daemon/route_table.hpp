// The API as one table: every route is a row, and the router derives 404, 405 with its Allow
// header, path parameters, the Unix-only rule and the key requirement from the rows alone.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app_scope.hpp"
#include "query_params.hpp"
#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

enum class Reach {
    everywhere,  // TCP and the Unix socket
    unix_only,   // does not exist over TCP: only the socket's owner and group reach it
};

// Who may run a row over TCP with auth on. The Unix socket is trusted and asks for no key.
enum class Access {
    ingest,            // a key with the ingest scope: sending events (the browser tracker's key)
    read,              // a key with the read scope: lists, statistics, sessions, the live tail
    read_or_loopback,  // as read, but a TCP client on a loopback address needs none (a local scraper)
    admin,             // the socket's owner only: rows are Reach::unix_only, so no key ever reaches them
    open,              // no key, ever (the liveness check, the tracker script and the dashboard's files)
};

// The scopes a key needs for a row of that access; nullopt when no key is asked for.
std::optional<Scopes> required_scopes(Access access);

using Handler = Reply (*)(const Request&, Services&);

struct Route {
    // Literal segments and placeholders: {id} is a positive integer (anything else is 404),
    // {name} and {session_id} any one segment. Trailing slashes do not matter, as in the original API.
    std::string_view pattern;
    std::string_view method;
    Handler handler;
    Reach reach;
    Access access;
    AcceptedParams query{};  // the query parameters it takes; others are invalid_query
};

// Every route eyed serves, one row per pattern and method.
std::span<const Route> route_table();

struct RouteMatch {
    const Route* route = nullptr;  // the row to run; null when none fits
    PathParams params;             // what the row's placeholders captured
    std::string allow;             // no row for the method but the path exists: its methods, "GET, HEAD, POST"
};

// The row of `table` for method and path as seen from `listener` (HEAD finds the GET row);
// never throws.
RouteMatch match_route(std::span<const Route> table, std::string_view method, const std::vector<std::string>& segments,
                       Listener listener);

}  // namespace eye
