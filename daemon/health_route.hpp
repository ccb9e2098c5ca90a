// GET /healthz: whether the daemon is up, and what it holds.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

Reply get_health(const Request& request, Services& services);

}  // namespace eye
