// /sessions/ handlers: summaries come from the store's summary rows, rendered here.
#include "sessions_routes.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "event_json.hpp"
#include "json_text.hpp"
#include "page_limits.hpp"
#include "page_links.hpp"
#include "paging.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

constexpr std::int64_t default_timeline_page = 100;

Poco::Dynamic::Var optional_text(const std::optional<std::string>& text) {
    return text ? Poco::Dynamic::Var(*text) : Poco::Dynamic::Var();
}

// session_id, first_seen, last_seen, duration_s, events, apps, types, entry, exit.
Poco::JSON::Object::Ptr summary_object(const SessionSummary& s) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(true);
    o->set("session_id", s.session_id);
    o->set("first_seen", format_timestamp(s.first_seen));
    o->set("last_seen", format_timestamp(s.last_seen));
    o->set("duration_s", static_cast<double>(s.last_seen - s.first_seen) / 1e6);
    o->set("events", s.events);
    Poco::JSON::Array::Ptr apps = new Poco::JSON::Array;
    for (const auto& app : s.apps) apps->add(app);
    o->set("apps", apps);
    Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
    for (const TypeCount& t : s.types) {
        Poco::JSON::Object::Ptr type = new Poco::JSON::Object(true);
        type->set("category", t.category);
        type->set("name", t.name);
        type->set("events", t.events);
        types->add(type);
    }
    o->set("types", types);
    o->set("entry", optional_text(s.entry));
    o->set("exit", optional_text(s.exit));
    return o;
}

// Sessions are paged by number: a session's place (its last_seen) moves whenever it gets an
// event, so no keyset over the summaries would hold still either.
std::string numbered_envelope(const Request& request, const PageRequest& page, std::int64_t count,
                              const std::string& results_json) {
    std::int64_t pages = std::max<std::int64_t>(1, (count + page.size - 1) / page.size);
    if (page.page > pages) throw Refusal(Error{code::not_found, "Invalid page.", "page"});
    auto link = [&](bool exists, std::int64_t to) {
        return exists ? json_text(Poco::Dynamic::Var(position_link(request, "page", std::to_string(to)))) : "null";
    };
    return "{\"count\":" + std::to_string(count) + ",\"next\":" + link(page.page < pages, page.page + 1) +
           ",\"previous\":" + link(page.page > 1, page.page - 1) + ",\"results\":" + results_json + "}";
}

}  // namespace

Reply list_sessions(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, session_filter_fields);
    PageRequest page = read_paging(request.query);
    SessionPage result = services.store.list_sessions(filter, (page.page - 1) * page.size, static_cast<int>(page.size));
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const SessionSummary& s : result.sessions) results->add(summary_object(s));
    return Reply{200, numbered_envelope(request, page, result.count, json_text(results)), {}};
}

Reply get_session(const Request& request, Services& services) {
    const std::string& id = request.params.session_id;
    std::optional<TimelineCursor> cursor;
    if (auto text = query_text(request.query, "cursor")) {
        cursor = parse_cursor(*text);
        if (!cursor)
            throw Refusal(Error{code::invalid_query, "cursor must be one a previous page's next link gave", "cursor"});
    }
    std::int64_t size = std::min(query_positive(request.query, "page_size", default_timeline_page), max_page_size);
    // Bounded in bytes as a page of events is: a session of 1,000 events of 1 MiB would
    // otherwise be one reply of a gigabyte. `next` continues where the page stopped.
    auto timeline = services.store.session_timeline_within(id, cursor, static_cast<int>(size), max_page_bytes);
    if (!timeline) throw Refusal(Error{code::not_found, "No session " + id + ".", ""});

    std::ostringstream out;
    out << "{\"summary\":" << json_text(summary_object(timeline->summary)) << ",\"events\":[";
    for (std::size_t i = 0; i < timeline->events.size(); ++i) {
        if (i) out << ',';
        write_event_json(out, timeline->events[i]);
    }
    out << "],\"next\":";
    if (timeline->more) {
        const Event& last = timeline->events.back();
        out << json_text(
            Poco::Dynamic::Var(position_link(request, "cursor", format_cursor({last.timestamp, last.id}))));
    } else {
        out << "null";
    }
    out << '}';
    return Reply{200, out.str(), {}};
}

}  // namespace eye
