// The /stats/ route: event counts per time bucket and key, in any IANA time zone.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// GET /stats/?by=&bucket=&tz=&after=&before=&category=&name=&app=: every bucket of the range,
// zero-filled, per series. Throws Refusal invalid_query for an unknown by, bucket or tz, a
// malformed bound, or a reply of more than max_stats_points points.
Reply get_stats(const Request& request, Services& services);

}  // namespace eye
