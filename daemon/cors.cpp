// The CORS answers of the ingest route: preflight, and the origin an ingest reply allows.
#include "cors.hpp"

#include <algorithm>

#include "app_origin.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

// Long enough that a page's batches are not each preceded by a preflight; Chromium caps it at 2 h.
constexpr const char* preflight_max_age_seconds = "600";

Refusal forbidden(const std::string& origin, const std::string& why) {
    return Refusal(Error{code::forbidden_origin,
                         "events from " + origin + " are not accepted: " + why +
                             " (register it: eye apps origins NAME --add " + origin + ")",
                         "Origin"});
}

}  // namespace

std::optional<std::string> allowed_origin(const Request& request, const AppRegistry::Identity& who,
                                          const Services& services) {
    if (request.listener == Listener::unix_socket || !request.http.has("Origin")) return std::nullopt;
    const std::string& sent = request.http.get("Origin");
    if (!services.auth_required)
        throw forbidden(sent, "with --no-auth there are no apps, so no origins are registered");
    auto origin = normalize_origin(sent);
    if (!origin || std::find(who.origins.begin(), who.origins.end(), *origin) == who.origins.end())
        throw forbidden(sent, "it is not registered for app " + who.app);
    return sent;  // echoed as the browser sent it, which is what it compares
}

Reply preflight_events(const Request& request, Services& services) {
    if (!request.http.has("Origin") || !request.http.has("Access-Control-Request-Method"))
        throw Refusal(Error{code::bad_request, "OPTIONS here is a CORS preflight: it needs Origin and "
                                               "Access-Control-Request-Method",
                            ""});
    const std::string& sent = request.http.get("Origin");
    if (request.http.get("Access-Control-Request-Method") != "POST")
        throw Refusal(Error{code::bad_request, "browsers may only POST events here", "Access-Control-Request-Method"});
    if (!services.auth_required)
        throw forbidden(sent, "with --no-auth there are no apps, so no origins are registered");
    auto origin = normalize_origin(sent);
    bool registered = false;
    if (origin) {
        if (auto key = query_text(request.query, "key")) {
            auto who = services.apps.authenticate(*key);
            registered = who.verdict == AppRegistry::Verdict::accepted && who.scopes.ingest &&
                         std::find(who.origins.begin(), who.origins.end(), *origin) != who.origins.end();
        } else {
            registered = services.apps.origin_registered(*origin);
        }
    }
    if (!registered) throw forbidden(sent, "no app that may send events registered it");
    return Reply{204,
                 "",
                 {{"Access-Control-Allow-Origin", sent},
                  {"Access-Control-Allow-Methods", "POST"},
                  {"Access-Control-Allow-Headers", "Content-Type, Authorization, X-Eye-Key"},
                  {"Access-Control-Max-Age", preflight_max_age_seconds},
                  {"Vary", "Origin"}}};
}

}  // namespace eye
