// The /errors/ routes: refused events, listed and counted for monitoring.
#pragma once

#include <cstdint>

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// Filters code, category, name, session_id, after, before (on when it was received); with
// `summary=1`, counts per code instead of a page.
Reply list_errors(const Request& request, Services& services);
// GET /errors/{id}/
Reply get_error(const Request& request, Services& services);

}  // namespace eye
