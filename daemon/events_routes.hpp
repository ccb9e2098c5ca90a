// The /events/ routes: ingest one event (or a batch), list with filters, fetch one.
#pragma once

#include <cstdint>

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

Reply post_events(const Request& request, Services& services);
Reply list_events(const Request& request, Services& services);
// GET /events/{id}/
Reply get_event(const Request& request, Services& services);

}  // namespace eye
