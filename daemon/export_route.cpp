// The export handler: walks the store by id in small reads until the page is full.
#include "export_route.hpp"

#include <algorithm>
#include <sstream>

#include "event_filter.hpp"
#include "event_json.hpp"
#include "page_limits.hpp"
#include "positive_integer.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

// Events read from the store at a time: 64 events of the 1 MiB maximum are 64 MiB at worst,
// while a page of ordinary ~300-byte events still takes only 16 reads.
constexpr int read_step = 64;

std::int64_t read_after_id(const Query& query) {
    auto text = query_text(query, "after_id");
    if (!text || *text == "0") return 0;
    auto id = parse_positive_integer(*text);
    if (!id) throw Refusal(Error{code::invalid_query, "after_id must be an event id (0 for the first)", "after_id"});
    return *id;
}

}  // namespace

Reply get_export(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, event_filter_fields);
    std::int64_t after = read_after_id(request.query);
    std::int64_t wanted = std::min(query_positive(request.query, "page_size", max_page_size), max_page_size);

    std::ostringstream out;
    std::int64_t written = 0;
    while (written < wanted && static_cast<std::size_t>(out.tellp()) < max_page_bytes) {
        int step = static_cast<int>(std::min<std::int64_t>(read_step, wanted - written));
        std::vector<Event> events = services.store.events_after(filter, after, step);
        for (const Event& e : events) {
            if (written > 0 && static_cast<std::size_t>(out.tellp()) >= max_page_bytes) break;
            write_event_json(out, e);
            out << '\n';
            after = e.id;
            ++written;
        }
        if (static_cast<int>(events.size()) < step) break;  // nothing more matches
    }
    Reply reply{200, out.str(), {}};
    reply.content_type = "application/x-ndjson";
    return reply;
}

}  // namespace eye
