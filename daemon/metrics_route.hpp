// GET /metrics: the daemon's counters and gauges for Prometheus.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// The Prometheus text format 0.0.4. Reads the database's size from the store (never blocks on
// the writer). Throws Refusal(unavailable) when the daemon keeps no metrics (tests' services).
Reply get_metrics(const Request& request, Services& services);

}  // namespace eye
