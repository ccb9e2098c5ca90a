// GET /healthz: liveness plus the counters monitoring graphs (events stored, commits, queue
// depth, body bytes in flight); the route table lets it answer without a key.
#include "health_route.hpp"

#include <Poco/JSON/Object.h>

#include "json_text.hpp"
#include "version.hpp"

namespace eye {

Reply get_health(const Request&, Services& services) {
    Ingest::Stats stats = services.ingest.stats();
    Poco::JSON::Object body(true);
    body.set("status", "ok");
    body.set("version", std::string(version));
    body.set("events", services.store.count());
    body.set("commits", static_cast<Poco::UInt64>(stats.commits));
    body.set("committed_events", static_cast<Poco::UInt64>(stats.events));
    body.set("queued", static_cast<Poco::UInt64>(services.ingest.queued_events()));
    body.set("body_bytes_in_flight", static_cast<Poco::UInt64>(services.bodies.in_use()));
    if (services.followers) body.set("followers", static_cast<Poco::UInt64>(services.followers->count()));
    return Reply{200, json_text(body), {}};
}

}  // namespace eye
