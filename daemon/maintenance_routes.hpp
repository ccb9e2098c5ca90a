// Store maintenance over the Unix socket only: purging old events on demand, and backups.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// POST /admin/purge?before=TIME: deletes events timestamped and errors received before TIME
// (Store::purge), as --retention does; 200 {"before", "events", "errors", "sessions",
// "rollups", "seconds"}. Blocks until the purge is done (the request's deadline is lifted);
// SIGTERM ends it after its current transaction, and the reply counts what went until then.
Reply post_purge(const Request& request, Services& services);

// POST /admin/backup {"path": "/absolute/new/file"}: a consistent copy of the store while
// ingest goes on (Store::backup); 201 {"path", "bytes", "events", "last_id", "seconds"}.
// invalid_field when the path is not absolute or exists.
Reply post_backup(const Request& request, Services& services);

}  // namespace eye
