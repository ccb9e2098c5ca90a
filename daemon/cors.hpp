// Cross-origin rules for the browser tracker: web pages may send events only from the origins
// registered for their key's app (eye apps add web --origin https://www.example.com).
//
// How the key travels: the tracker posts its batches as text/plain with the key in the URL
// (POST /events/?key=...). That is a CORS "simple request", so the browser sends it without a
// preflight, and navigator.sendBeacon, which cannot set headers, sends it the same way when the
// page goes away. The cost is that URLs end up in logs (proxies, access logs, the browser's
// history of requests); so a key in the URL is accepted only when it may do nothing but
// ingest, and such a key is public anyway: it is written in the page's HTML. Because a simple
// request reaches eyed even when the browser would hide the answer, the origin is checked
// before anything is stored, not left to the browser. Clients that send the key in a header
// (fetch with X-Eye-Key or Authorization) get a preflight answered by preflight_events.
#pragma once

#include <optional>
#include <string>

#include "app_registry.hpp"
#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// The Access-Control-Allow-Origin of an ingest reply: the request's Origin when `who`'s app
// registered it; nullopt when the request has no Origin (not a browser's cross-origin request)
// or came over the Unix socket. Throws Refusal forbidden_origin for any other origin, and for
// every origin when auth is off (with no keys there are no apps to register origins for).
std::optional<std::string> allowed_origin(const Request& request, const AppRegistry::Identity& who,
                                          const Services& services);

// OPTIONS /events/: the CORS preflight of a browser about to POST events with headers of its
// own. A preflight carries no credentials, so the origin must be registered for the app of the
// `key` in the URL when there is one, else for some live app that may ingest. 204 with the
// Access-Control-Allow-* headers; Refusal forbidden_origin otherwise, bad_request when it is
// no preflight (no Origin, or a method other than POST asked for).
Reply preflight_events(const Request& request, Services& services);

}  // namespace eye
