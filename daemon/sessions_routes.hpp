// The /sessions/ routes: session summaries, and one session's timeline.
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// GET /sessions/: summaries, last seen first, in the page envelope; filters after, before (on
// last_seen), app, category, name. Throws Refusal invalid_query for a malformed filter.
Reply list_sessions(const Request& request, Services& services);
// GET /sessions/{session_id}/: {"summary", "events", "next"}: the summary and the events in
// the order they happened, `page_size` (100; at most max_page_size) at a time from `cursor`;
// `next` is the URL of the following page, or null. Throws Refusal not_found for a session with
// no stored event, invalid_query for a malformed cursor.
Reply get_session(const Request& request, Services& services);

}  // namespace eye
