// GET /status: what an operator asks of a running daemon (eye status).
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// {"status", "state", "ready", "version", "started_at", "uptime_s", "listeners", "database":
// {"path", "bytes"}, "events", "ingest_rate_per_s", "queue": {"events", "capacity"},
// "errors_last_hour"}. Reads one indexed count of errors from the store; never blocks on the
// writer.
Reply get_status(const Request& request, Services& services);

}  // namespace eye
