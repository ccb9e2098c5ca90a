// The rows of the API and the matching of a request against them.
#include "route_table.hpp"

#include "admin_routes.hpp"
#include "asset_routes.hpp"
#include "cors.hpp"
#include "error_filter.hpp"
#include "errors_routes.hpp"
#include "event_filter.hpp"
#include "events_routes.hpp"
#include "export_route.hpp"
#include "health_route.hpp"
#include "maintenance_routes.hpp"
#include "metrics_route.hpp"
#include "paging.hpp"
#include "positive_integer.hpp"
#include "ready_route.hpp"
#include "session.hpp"
#include "sessions_routes.hpp"
#include "stats_filter.hpp"
#include "stats_routes.hpp"
#include "status_route.hpp"
#include "stream_route.hpp"

namespace eye {
namespace {

// The query parameters of the list routes: their filter's fields, paging, and their own.
constexpr AcceptedParams event_list_params{event_filter_fields, paging_params};
constexpr std::string_view summary_param[] = {"summary"};
constexpr AcceptedParams error_list_params{error_filter_fields, paging_params, summary_param};
constexpr std::string_view numbered_paging[] = {"page", "page_size"};
constexpr AcceptedParams session_list_params{session_filter_fields, numbered_paging};
constexpr std::string_view timeline_extras[] = {"cursor", "page_size"};
constexpr AcceptedParams timeline_params{{}, {}, timeline_extras};
constexpr std::string_view stats_extras[] = {"by", "bucket", "tz"};
constexpr AcceptedParams stats_params{stats_filter_fields, {}, stats_extras};
constexpr std::string_view stream_extras[] = {"after_id"};
constexpr AcceptedParams stream_params{event_filter_fields, {}, stream_extras};
constexpr std::string_view purge_extras[] = {"before"};
constexpr AcceptedParams purge_params{{}, {}, purge_extras};
constexpr std::string_view export_extras[] = {"after_id", "page_size"};
constexpr AcceptedParams export_params{event_filter_fields, {}, export_extras};
// The dashboard keeps its view in the page's URL (ui/dashboard/app.js), so a view can be shared.
constexpr std::string_view dashboard_view[] = {"range", "from", "to", "app", "category"};
constexpr AcceptedParams dashboard_params{{}, {}, dashboard_view};
// The browser tracker's key travels in the URL (cors.hpp says why).
constexpr std::string_view post_event_extras[] = {"key"};
constexpr AcceptedParams post_event_params{{}, {}, post_event_extras};

// clang-format off
constexpr Route routes[] = {
    // pattern                 method    handler       reach                 access          query
    {"/events/",               "GET",    list_events,  Reach::everywhere,    Access::read,   event_list_params},
    {"/events/",               "POST",   post_events,  Reach::everywhere,    Access::ingest, post_event_params},
    {"/events/",               "OPTIONS", preflight_events, Reach::everywhere, Access::open, post_event_params},
    {"/events/stream",         "GET",    stream_events, Reach::everywhere,   Access::read,   stream_params},
    {"/events/{id}/",          "GET",    get_event,    Reach::everywhere,    Access::read},
    {"/sessions/",             "GET",    list_sessions, Reach::everywhere,   Access::read,   session_list_params},
    {"/sessions/{session_id}/", "GET",   get_session,  Reach::everywhere,    Access::read,   timeline_params},
    {"/stats/",                "GET",    get_stats,    Reach::everywhere,    Access::read,   stats_params},
    {"/errors/",               "GET",    list_errors,  Reach::everywhere,    Access::read,   error_list_params},
    {"/errors/{id}/",          "GET",    get_error,    Reach::everywhere,    Access::read},
    {"/admin/reload",          "POST",   post_reload,  Reach::unix_only,     Access::admin},
    {"/admin/apps/",           "GET",    list_apps,    Reach::unix_only,     Access::admin},
    {"/admin/apps/",           "POST",   post_app,     Reach::unix_only,     Access::admin},
    {"/admin/apps/{name}",     "PATCH",  patch_app,    Reach::unix_only,     Access::admin},
    {"/admin/apps/{name}",     "DELETE", delete_app,   Reach::unix_only,     Access::admin},
    {"/admin/purge",           "POST",   post_purge,   Reach::unix_only,     Access::admin,  purge_params},
    {"/admin/backup",          "POST",   post_backup,  Reach::unix_only,     Access::admin},
    {"/admin/export",          "GET",    get_export,   Reach::unix_only,     Access::admin,  export_params},
    {"/healthz",               "GET",    get_health,   Reach::everywhere,    Access::open},
    {"/readyz",                "GET",    get_ready,    Reach::everywhere,    Access::open},
    {"/status",                "GET",    get_status,   Reach::everywhere,    Access::read},
    {"/metrics",               "GET",    get_metrics,  Reach::everywhere,    Access::read_or_loopback},
    {"/openapi.json",          "GET",    get_openapi,  Reach::everywhere,    Access::open},
    {"/eye.js",                "GET",    get_tracker,  Reach::everywhere,    Access::open},
    {"/ui/",                   "GET",    get_ui,       Reach::everywhere,    Access::open,   dashboard_params},
    {"/ui/{name}",             "GET",    get_ui,       Reach::everywhere,    Access::open},
};
// clang-format on

std::vector<std::string_view> split(std::string_view pattern) {
    std::vector<std::string_view> parts;
    while (!pattern.empty()) {
        auto slash = pattern.find('/');
        if (slash != 0) parts.push_back(pattern.substr(0, slash));
        if (slash == std::string_view::npos) break;
        pattern.remove_prefix(slash + 1);
    }
    return parts;
}

// Whether the path fits the pattern; fills `params` from its placeholders.
bool fits(std::string_view pattern, const std::vector<std::string>& segments, PathParams& params) {
    auto parts = split(pattern);
    if (parts.size() != segments.size()) return false;
    PathParams captured;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] == "{id}") {
            auto id = parse_positive_integer(segments[i]);
            if (!id) return false;
            captured.id = *id;
        } else if (parts[i] == "{session_id}") {
            captured.session_id = segments[i];
        } else if (parts[i] == "{name}") {
            captured.name = segments[i];
        } else if (parts[i] != segments[i]) {
            return false;
        }
    }
    params = std::move(captured);
    return true;
}

}  // namespace

std::optional<Scopes> required_scopes(Access access) {
    switch (access) {
        case Access::ingest:
            return ingest_scope;
        case Access::read:
        case Access::read_or_loopback:
            return read_scope;
        case Access::admin:  // never over TCP; a key could not open it if it were
            return all_scopes;
        case Access::open:
            return std::nullopt;
    }
    return all_scopes;
}

std::span<const Route> route_table() {
    return routes;
}

RouteMatch match_route(std::span<const Route> table, std::string_view method, const std::vector<std::string>& segments,
                       Listener listener) {
    RouteMatch match;
    // HEAD is GET without the body (RFC 9110 9.3.2): every GET row answers it, and Allow names
    // it beside GET.
    const bool head = method == "HEAD";
    for (const Route& row : table) {
        if (row.reach == Reach::unix_only && listener != Listener::unix_socket) continue;
        PathParams params;
        if (!fits(row.pattern, segments, params)) continue;
        if (row.method == method || (head && row.method == std::string_view("GET"))) {
            match.route = &row;
            match.params = std::move(params);
            match.allow.clear();
            return match;
        }
        std::string methods = row.method == std::string_view("GET") ? "GET, HEAD" : std::string(row.method);
        if (match.allow.find(row.method) == std::string::npos)
            match.allow += (match.allow.empty() ? "" : ", ") + methods;
    }
    return match;
}

}  // namespace eye
