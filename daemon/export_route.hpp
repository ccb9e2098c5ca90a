// GET /admin/export: the stored events in id order, one page of NDJSON at a time, for
// `eye admin export` (and `eye import` on another daemon to read back).
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// The matching events (the list filters apply) with ids above after_id (0 when absent), oldest
// id first, as NDJSON: one event a line, rendered as GET /events/{id}/ renders it (with "app",
// and "event_id" when the sender gave one). At most page_size events (1,000 by default and at
// most), and fewer once the page holds 8 MiB (max_page_bytes), with at least one. An empty body
// is the end; otherwise the next page starts after the last line's id. Reads 64 events at a
// time, so a page of large events costs its 8 MiB of text (twice, while the reply is made) plus
// one read of at most 64 MiB, never the whole page's events parsed at once. Throws Refusal invalid_query for a
// malformed after_id, page_size or filter.
Reply get_export(const Request& request, Services& services);

}  // namespace eye
