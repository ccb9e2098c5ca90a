// GET /readyz: whether this instance should get traffic now (a load balancer's question);
// /healthz stays the liveness check.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// The share of --queue-depth past which the instance says it is not ready: new events would
// soon get 503 queue_full, so a balancer should send them elsewhere first.
inline constexpr double queue_high_water = 0.8;

// Why an instance in this state should get no traffic; nullopt when it should. Never throws.
std::optional<std::string> not_ready_because(bool started, bool draining, std::optional<std::string> store_problem,
                                             std::size_t queued, std::size_t capacity);

// 200 {"status": "ready"}, or 503 {"status": "not_ready", "reason": ...}. Needs no key.
Reply get_ready(const Request& request, Services& services);

}  // namespace eye
