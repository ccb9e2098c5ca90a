// Administration over the Unix socket only (the socket's file mode decides who may use it).
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// POST /admin/reload: reads the schema file again; a broken file keeps the old schemas.
Reply post_reload(const Request& request, Services& services);

// POST /admin/apps/ {"name": N, "scopes": "ingest,read", "origins": ["https://..."]}: registers
// an app (scopes default to both, origins to none); the reply holds its key, shown this once.
Reply post_app(const Request& request, Services& services);
// PATCH /admin/apps/{name} {"add_origins": [...], "remove_origins": [...]}: changes a live
// app's web origins; the reply is the app as listed.
Reply patch_app(const Request& request, Services& services);
// GET /admin/apps/: every app, live or revoked, without keys.
Reply list_apps(const Request& request, Services& services);
// DELETE /admin/apps/{name}: revokes; the app's events stay.
Reply delete_app(const Request& request, Services& services);

}  // namespace eye
