// GET /status: the daemon's own figures (uptime, rate, queue) beside the store's (events kept
// as they are written, errors of the last hour from their time index), in one reply.
#include "status_route.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "error_filter.hpp"
#include "json_text.hpp"
#include "ready_route.hpp"
#include "utf8.hpp"
#include "version.hpp"

namespace eye {
namespace {

constexpr Micros one_hour = 3600LL * 1'000'000;

std::int64_t errors_since(Store& store, Micros since) {
    std::int64_t total = 0;
    for (const ErrorCount& c : store.count_errors(error_filter().set("after", since))) total += c.count;
    return total;
}

}  // namespace

Reply get_status(const Request&, Services& services) {
    std::optional<std::string> problem = services.store.problem();
    bool started = services.life ? services.life->started() : true;
    bool draining = services.ingest.stopping();
    auto not_ready =
        not_ready_because(started, draining, problem, services.ingest.queued_events(), services.ingest.capacity());
    Poco::JSON::Object body(true);
    body.set("status", problem ? "failing" : "ok");
    if (problem) body.set("problem", valid_utf8(*problem));
    body.set("state", !started ? "starting" : draining ? "draining" : "running");
    body.set("ready", !not_ready);
    body.set("version", std::string(version));
    Poco::JSON::Array::Ptr listeners = new Poco::JSON::Array;
    if (services.life) {
        body.set("started_at", format_timestamp(services.life->started_at()));
        body.set("uptime_s", static_cast<Poco::Int64>(services.life->uptime_seconds()));
        for (const std::string& l : services.life->listeners()) listeners->add(l);
    }
    body.set("listeners", listeners);
    Poco::JSON::Object::Ptr database = new Poco::JSON::Object(true);
    database->set("path", services.life ? Poco::Dynamic::Var(services.life->database()) : Poco::Dynamic::Var());
    database->set("bytes", static_cast<Poco::Int64>(services.store.disk_bytes()));
    body.set("database", database);
    body.set("events", static_cast<Poco::Int64>(services.store.count()));
    double rate = services.metrics ? services.metrics->stored_per_second() : 0.0;
    body.set("ingest_rate_per_s", static_cast<double>(static_cast<std::int64_t>(rate * 100 + 0.5)) / 100);
    Poco::JSON::Object::Ptr queue = new Poco::JSON::Object(true);
    queue->set("events", static_cast<Poco::UInt64>(services.ingest.queued_events()));
    queue->set("capacity", static_cast<Poco::UInt64>(services.ingest.capacity()));
    body.set("queue", queue);
    try {
        body.set("errors_last_hour", errors_since(services.store, now_micros() - one_hour));
    } catch (const std::exception&) {
        body.set("errors_last_hour", Poco::Dynamic::Var());  // the store notes what failed: see problem
    }
    return Reply{200, json_text(body), {}};
}

}  // namespace eye
