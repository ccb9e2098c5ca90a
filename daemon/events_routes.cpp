// /events/ handlers: parse the request, call the core, render; no storage details here.
#include "events_routes.hpp"

#include <charconv>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/String.h>
#include <spdlog/spdlog.h>

#include "event_json.hpp"
#include "batch_parser.hpp"
#include "event_parser.hpp"
#include "page_links.hpp"

namespace eye {
namespace {

constexpr int default_page_size = 10;  // the original API's
constexpr int max_page_size = 1000;

std::string media_type(const std::string& content_type) {
    std::string type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return Poco::toLower(type);
}

bool is_json_media_type(const std::string& content_type) {
    std::string type = media_type(content_type);
    return type.empty() || type == "application/json" ||
           (type.starts_with("application/") && type.ends_with("+json"));
}

std::optional<std::int64_t> parse_int(const std::string& text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

std::optional<std::string> query_value(const Request& r, const char* name) {
    if (!r.query.has(name)) return std::nullopt;
    return r.query.get(name);
}

std::optional<Micros> query_time(const Request& r, const char* name) {
    auto text = query_value(r, name);
    if (!text) return std::nullopt;
    auto t = parse_time_bound(*text);
    if (!t)
        throw RequestError(400, Error{code::invalid_query,
                                      std::string(name) + " must be a date (2021-05-20) or a date and time", name});
    return t;
}

std::int64_t query_positive(const Request& r, const char* name, std::int64_t fallback) {
    auto text = query_value(r, name);
    if (!text) return fallback;
    auto v = parse_int(*text);
    if (!v || *v < 1)
        throw RequestError(400, Error{code::invalid_query, std::string(name) + " must be a positive integer", name});
    return *v;
}

// Hands events to the ingest pipeline and turns its refusals into replies clients can act on.
std::vector<AppendResult> commit(Services& services, std::vector<Event> events) {
    try {
        return services.ingest.submit(std::move(events));
    } catch (const IngestRefused& refused) {
        const char* c = refused.reason() == IngestRefused::Reason::queue_full ? code::queue_full : code::unavailable;
        throw RequestError(503, Error{c, refused.what(), ""});
    } catch (const RequestError&) {
        throw;
    } catch (const std::exception& failed) {
        spdlog::error("storing events failed: {}", failed.what());
        throw RequestError(503, Error{code::storage_error, std::string("events could not be stored: ") + failed.what(), ""});
    }
}

Reply post_single(const std::string& body, Services& services) {
    auto parsed = parse_event(body, now_micros());
    if (auto* error = std::get_if<Error>(&parsed)) return error_reply(400, *error);
    Event& event = std::get<Event>(parsed);

    AppendResult result = commit(services, {event}).front();
    if (!result.duplicate) {
        event.id = result.id;
        return Reply{201, event_json(event), {}};
    }
    // A repeat: answer with what was stored first, so the client learns the original id.
    auto stored = services.store.find(result.id);
    std::string json = event_json(stored ? *stored : event);
    json.insert(json.size() - 1, ",\"duplicate\":true");
    return Reply{200, json, {}};
}

Reply post_batch(const std::string& body, BatchFormat format, Services& services) {
    ParsedBatch parsed = parse_batch(body, format, now_micros(), services.limits.max_batch_events);
    if (auto* error = std::get_if<Error>(&parsed)) return error_reply(error->code == code::too_large ? 413 : 400, *error);
    auto& items = std::get<std::vector<BatchItem>>(parsed);

    std::vector<Event> events;
    std::vector<size_t> positions;  // each event's index in the batch
    for (size_t i = 0; i < items.size(); ++i) {
        if (auto* e = std::get_if<Event>(&items[i].parsed)) {
            events.push_back(std::move(*e));
            positions.push_back(i);
        }
    }
    std::vector<AppendResult> results = events.empty() ? std::vector<AppendResult>{} : commit(services, std::move(events));

    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
    for (size_t i = 0; i < items.size(); ++i) ids->add(Poco::Dynamic::Var());  // null for refused events
    std::size_t duplicates = 0;
    for (size_t k = 0; k < results.size(); ++k) {
        ids->set(static_cast<unsigned>(positions[k]), results[k].id);
        duplicates += results[k].duplicate;
    }
    Poco::JSON::Array::Ptr rejected = new Poco::JSON::Array;
    for (size_t i = 0; i < items.size(); ++i) {
        auto* error = std::get_if<Error>(&items[i].parsed);
        if (!error) continue;
        Poco::JSON::Object::Ptr detail = new Poco::JSON::Object(true);
        detail->set("code", error->code);
        detail->set("message", error->message);
        if (!error->field.empty()) detail->set("field", error->field);
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(true);
        entry->set("index", static_cast<Poco::UInt64>(i));
        entry->set("error", detail);
        rejected->add(entry);
    }
    Poco::JSON::Object reply(true);
    reply.set("accepted", static_cast<Poco::UInt64>(results.size() - duplicates));
    reply.set("duplicates", static_cast<Poco::UInt64>(duplicates));
    reply.set("rejected", rejected);
    reply.set("ids", ids);
    std::ostringstream out;
    reply.stringify(out);
    return Reply{200, out.str(), {}};
}

}  // namespace

Reply post_events(const Request& request, Services& services) {
    const std::string& content_type = request.http.getContentType();
    bool ndjson = media_type(content_type) == "application/x-ndjson";
    if (!ndjson && !is_json_media_type(content_type))
        throw RequestError(415, Error{code::unsupported_media_type,
                                      "Content-Type must be application/json or application/x-ndjson, not " +
                                          content_type + " (with curl: -H 'Content-Type: application/json')",
                                      ""});
    const Limits& limits = services.limits;
    std::string body = request.body(std::max(limits.max_body, limits.max_batch_body));
    if (ndjson) return post_batch(body, BatchFormat::ndjson, services);
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && body[first] == '[') return post_batch(body, BatchFormat::json_array, services);
    if (body.size() > limits.max_body)
        throw RequestError(413, Error{code::too_large,
                                      "an event may be at most " + std::to_string(limits.max_body) + " bytes", ""});
    return post_single(body, services);
}

Reply list_events(const Request& request, Services& services) {
    EventFilter filter;
    filter.session_id = query_value(request, "session_id");
    filter.category = query_value(request, "category");
    filter.name = query_value(request, "name");
    filter.after = query_time(request, "timestamp_after");
    filter.before = query_time(request, "timestamp_before");
    std::int64_t page = query_positive(request, "page", 1);
    std::int64_t page_size = std::min<std::int64_t>(query_positive(request, "page_size", default_page_size), max_page_size);

    EventPage result = services.store.list(filter, (page - 1) * page_size, static_cast<int>(page_size));
    std::int64_t page_count = std::max<std::int64_t>(1, (result.count + page_size - 1) / page_size);
    if (page > page_count) throw RequestError(404, Error{code::not_found, "Invalid page.", "page"});

    PageLinks links = page_links(request, page, page_count);
    auto link = [](const std::optional<std::string>& url) {
        std::ostringstream out;
        if (url)
            Poco::JSON::Stringifier::formatString(*url, out);
        else
            out << "null";
        return out.str();
    };
    std::ostringstream out;
    out << "{\"count\":" << result.count << ",\"next\":" << link(links.next)
        << ",\"previous\":" << link(links.previous) << ",\"results\":[";
    for (size_t i = 0; i < result.events.size(); ++i) {
        if (i) out << ',';
        write_event_json(out, result.events[i]);
    }
    out << "]}";
    return Reply{200, out.str(), {}};
}

Reply get_event(const Request&, Services& services, std::int64_t id) {
    auto event = services.store.find(id);
    if (!event) throw RequestError(404, Error{code::not_found, "No event with id " + std::to_string(id) + ".", ""});
    return Reply{200, event_json(*event), {}};
}

}  // namespace eye
