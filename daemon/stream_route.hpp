// GET /events/stream: the live tail, as Server-Sent Events or NDJSON.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// Streams the matching events committed from now on (the list filters apply), or, with a
// Last-Event-ID header or after_id=N, every matching event after id N first, from the database,
// with no gap and no repeat. SSE frames are `id: N` + `data: EVENT`; `Accept:
// application/x-ndjson` gets one event per line. A heartbeat (an SSE comment, or an empty NDJSON
// line) every 15 s; a follower that falls behind its buffer gets `event: dropped` with the count
// and the stream ends. Blocks its request thread for the stream's life. Throws Refusal
// unavailable (503) past --max-followers, invalid_query for a malformed id or filter.
Reply stream_events(const Request& request, Services& services);

}  // namespace eye
