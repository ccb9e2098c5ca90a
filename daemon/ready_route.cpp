// GET /readyz: starting, draining, a failing store or a queue past its high-water mark take
// the instance out of a balancer's rotation; it comes back by itself when they pass.
#include "ready_route.hpp"

#include <Poco/JSON/Object.h>

#include "json_text.hpp"
#include "utf8.hpp"

namespace eye {

std::optional<std::string> not_ready_because(bool started, bool draining, std::optional<std::string> store_problem,
                                             std::size_t queued, std::size_t capacity) {
    if (!started) return "starting";
    if (draining) return "draining";
    if (store_problem) return "the store is failing: " + *store_problem;
    if (static_cast<double>(queued) > queue_high_water * static_cast<double>(capacity))
        return "the ingest queue holds " + std::to_string(queued) + " of " + std::to_string(capacity) +
               " items, past its high-water mark";
    return std::nullopt;
}

Reply get_ready(const Request&, Services& services) {
    auto reason =
        not_ready_because(services.life ? services.life->started() : true, services.ingest.stopping(),
                          services.store.problem(), services.ingest.queued_events(), services.ingest.capacity());
    Poco::JSON::Object body(true);
    body.set("status", reason ? "not_ready" : "ready");
    body.set("reason", reason ? Poco::Dynamic::Var(valid_utf8(*reason)) : Poco::Dynamic::Var());
    return Reply{reason ? 503 : 200, json_text(body), {}};
}

}  // namespace eye
