// GET /metrics: the counters Metrics keeps, and the gauges read at scrape time (queue depth,
// database size, build). The route table decides who may scrape: a key over TCP, or loopback.
#include "metrics_route.hpp"

#include <sstream>

#include "prometheus_text.hpp"
#include "version.hpp"

namespace eye {

Reply get_metrics(const Request&, Services& services) {
    if (!services.metrics) throw Refusal(Error{code::unavailable, "this daemon keeps no metrics", ""});
    std::ostringstream out;
    services.metrics->write(out);
    PrometheusText text(out);
    text.family("eye_ingest_queue_events", "gauge",
                "Events and refusal records accepted and not yet committed (waiting or in the commit under way).");
    text.sample("eye_ingest_queue_events", {}, static_cast<std::uint64_t>(services.ingest.queued_events()));
    text.family("eye_ingest_queue_capacity_events", "gauge", "The most items the ingest queue holds (--queue-depth).");
    text.sample("eye_ingest_queue_capacity_events", {}, static_cast<std::uint64_t>(services.ingest.capacity()));
    text.family("eye_database_bytes", "gauge", "Size of the database on disk, its write-ahead log included.");
    text.sample("eye_database_bytes", {}, static_cast<std::uint64_t>(services.store.disk_bytes()));
    text.family("eye_build_info", "gauge", "Always 1; the version of eyed in its label.");
    text.sample("eye_build_info", {{"version", version}}, std::uint64_t{1});
    return Reply{200, out.str(), {}, nullptr, prometheus_content_type};
}

}  // namespace eye
