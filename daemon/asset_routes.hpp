// The files eyed serves from its own binary: the browser tracker, the dashboard and the OpenAPI
// document.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// GET /eye.js: the browser tracker (ui/eye.js). Cached for 5 minutes, then revalidated by ETag.
Reply get_tracker(const Request& request, Services& services);

// GET /ui/ and /ui/{file}: the dashboard's page and files (ui/dashboard/), revalidated by ETag
// on every load so a new eyed is seen at once. The files hold no data and need no key; the
// page asks for a key of read scope and sends it with each of its API calls. /ui (no slash)
// is a 301 to ui/, as the page's own paths are relative to /ui/.
Reply get_ui(const Request& request, Services& services);

// GET /openapi.json: the OpenAPI 3.1 document of this API (docs/openapi.json), served as built so
// that what a client reads is what this eyed does (tests/unit/daemon/openapi_test.cpp holds the
// document to the route table). Needs no key; revalidated by ETag.
Reply get_openapi(const Request& request, Services& services);

}  // namespace eye
