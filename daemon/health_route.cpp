// GET /healthz: liveness plus the counters monitoring graphs (events stored, commits, queue
// depth, body bytes in flight) and the states and settings a test or an operator needs to see
// rather than assume (draining, the durability in force); the route table lets it answer
// without a key.
#include "health_route.hpp"

#include <Poco/JSON/Object.h>

#include "json_text.hpp"
#include "utf8.hpp"
#include "version.hpp"

namespace eye {

Reply get_health(const Request&, Services& services) {
    Ingest::Stats stats = services.ingest.stats();
    std::optional<std::int64_t> events;
    try {
        events = services.store.count();
    } catch (const std::exception&) {
        // The store notes what failed; problem() below says it.
    }
    std::optional<std::string> problem = services.store.problem();
    Poco::JSON::Object body(true);
    body.set("status", problem ? "failing" : "ok");
    if (problem) body.set("problem", valid_utf8(*problem));
    // "draining" from SIGTERM until the queue is committed: new events get 503 meanwhile.
    body.set("state", services.ingest.stopping() ? "draining" : "running");
    body.set("version", std::string(version));
    body.set("events", events ? Poco::Dynamic::Var(*events) : Poco::Dynamic::Var());
    body.set("commits", static_cast<Poco::UInt64>(stats.commits));
    body.set("committed_events", static_cast<Poco::UInt64>(stats.events));
    body.set("queued", static_cast<Poco::UInt64>(services.ingest.queued_events()));
    body.set("body_bytes_in_flight", static_cast<Poco::UInt64>(services.bodies.in_use()));
    if (services.connections) {
        body.set("connections", static_cast<Poco::UInt64>(services.connections->open()));
        body.set("connections_cut", static_cast<Poco::UInt64>(services.connections->expired()));
        body.set("connections_refused", static_cast<Poco::UInt64>(services.connections->refused()));
    }
    if (services.followers) body.set("followers", static_cast<Poco::UInt64>(services.followers->count()));
    DurabilitySettings durability = services.store.durability();
    Poco::JSON::Object::Ptr settings = new Poco::JSON::Object(true);
    settings->set("mode", durability.mode);
    settings->set("synchronous", durability.synchronous);
    body.set("durability", settings);
    // 503 while the store fails, so that a load balancer or monitor takes this instance out.
    return Reply{problem ? 503 : 200, json_text(body), {}};
}

}  // namespace eye
