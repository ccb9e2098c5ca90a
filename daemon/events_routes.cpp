// /events/ handlers: parse the request, call the core, render; no storage details here.
#include "events_routes.hpp"

#include <ostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/MediaType.h>
#include <Poco/String.h>
#include <spdlog/spdlog.h>

#include "batch_parser.hpp"
#include "event_json.hpp"
#include "event_parser.hpp"
#include "json_string_state.hpp"
#include "json_text.hpp"
#include "paging.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

// "type/subtype" in lower case, without parameters; empty when no Content-Type was sent.
std::string media_type(const std::string& content_type) {
    if (content_type.empty()) return "";
    try {
        Poco::Net::MediaType media(content_type);
        return Poco::toLower(media.getType() + "/" + media.getSubType());
    } catch (const Poco::Exception&) {
        return content_type;  // not a media type: it will not match any we accept
    }
}

bool is_json_media_type(const std::string& content_type) {
    std::string type = media_type(content_type);
    // text/plain is what the browser tracker sends: a CORS-safelisted type needs no preflight,
    // and it is the type navigator.sendBeacon gives a string (cors.hpp).
    return type.empty() || type == "application/json" || type == "text/plain" ||
           (type.starts_with("application/") && type.ends_with("+json"));
}

// Whether a text that failed as one JSON value holds several objects run together, as
// `curl -d @file.ndjson` makes of NDJSON by stripping its newlines. A hint, so approximate:
// "}{" with only blanks between, outside strings.
bool looks_like_joined_objects(std::string_view text) {
    JsonStringState strings;
    bool closed = false;
    for (char c : text) {
        bool inside = strings.in_string();
        strings.feed(c);
        if (inside) continue;
        if (c == '{' && closed) return true;
        if (c != ' ' && c != '\t' && c != '\r') closed = c == '}';
    }
    return false;
}

// An invalid_json refusal of what looks like NDJSON joined into one line, with the cure.
Error with_ndjson_hint(Error error, std::string_view text) {
    if (error.code == code::invalid_json && looks_like_joined_objects(text))
        error.message +=
            "; several JSON objects on one line: curl -d strips newlines, send NDJSON with --data-binary @FILE "
            "and -H 'Content-Type: application/x-ndjson'";
    return error;
}

// Hands events (and records of refused ones) to the ingest pipeline, waits for their commit,
// and turns refusals into replies clients can act on.
std::vector<AppendResult> submit_and_wait(Services& services, std::vector<Event> events,
                                          std::vector<RejectedEvent> rejected) {
    try {
        return services.ingest.submit(std::move(events), std::move(rejected));
    } catch (const IngestRefused& refused) {
        const char* c = refused.reason() == IngestRefused::Reason::queue_full ? code::queue_full : code::unavailable;
        throw Refusal(Error{c, refused.what(), ""});
    } catch (const std::exception& failed) {
        spdlog::error("storing events failed: {}", failed.what());
        throw Refusal(Error{code::storage_error, std::string("events could not be stored: ") + failed.what(), ""});
    }
}

// Records a request refused as a whole. Its refusal reaches the client either way: when the
// record itself cannot be queued that is logged, not turned into a different reply.
void record_refusal(Services& services, const Error& error, std::string_view raw, const std::string& app) {
    try {
        submit_and_wait(services, {}, {make_rejected(error, raw, now_micros(), app)});
    } catch (const Refusal& e) {
        spdlog::warn("a refused event ({}) was not recorded: {}", error.code, e.what());
    }
}

// For eye_received_events_total and eye_received_bytes_total.
void count_received(Services& services, std::size_t events, std::size_t bytes) {
    if (services.metrics) services.metrics->received(events, bytes);
}

Reply refuse(Services& services, const Error& error, std::string_view raw, const std::string& app) {
    record_refusal(services, error, raw, app);
    return error_reply(error);
}

Reply post_single(const std::string& body, const std::string& app, Services& services) {
    count_received(services, 1, 0);
    auto parsed = parse_event(body, now_micros(), services.schemas.rules(), app);
    if (auto* error = std::get_if<Error>(&parsed)) return refuse(services, with_ndjson_hint(*error, body), body, app);
    Event& event = std::get<Event>(parsed);

    AppendResult result = submit_and_wait(services, {event}, {}).front();
    if (!result.duplicate) {
        event.id = result.id;
        return Reply{201, event_json(event), {}};
    }
    // A repeat: answer with what was stored first, so the client learns the original id.
    auto stored = services.store.find(result.id);
    return Reply{200, event_json(stored ? *stored : event, true), {}};
}

// A batch's refused event: where it stood in the batch, and why.
struct Refused {
    std::size_t index;
    Error error;
};

// {"accepted","duplicates","rejected":[{"index","error"}],"ids"} with null ids for refused
// events. The ids (up to 10,000) are written straight out: a Poco array of them cost a DOM node
// each on every batch; the rare refusals keep Poco's rendering of an error.
std::string batch_summary(std::size_t batch_size, const std::vector<Refused>& refused,
                          const std::vector<size_t>& positions, const std::vector<AppendResult>& results) {
    std::size_t duplicates = 0;
    for (const AppendResult& r : results) duplicates += r.duplicate;
    std::string out = "{\"accepted\":" + std::to_string(results.size() - duplicates) +
                      ",\"duplicates\":" + std::to_string(duplicates) + ",\"rejected\":[";
    for (std::size_t k = 0; k < refused.size(); ++k) {
        Poco::JSON::Object entry(true);
        entry.set("index", static_cast<Poco::UInt64>(refused[k].index));
        entry.set("error", error_object(refused[k].error));
        if (k) out += ',';
        out += json_text(entry);
    }
    out += "],\"ids\":[";
    out.reserve(out.size() + batch_size * 8 + 2);
    std::size_t next = 0;  // the next stored event's place in positions and results
    for (std::size_t i = 0; i < batch_size; ++i) {
        if (i) out += ',';
        if (next < positions.size() && positions[next] == i)
            out += std::to_string(results[next++].id);
        else
            out += "null";
    }
    out += "]}";
    return out;
}

// Takes the body to let it go once it is parsed: with four 10,000-event batches at once, the
// bodies and the parsed items held beside the queued events were a third of the peak memory.
Reply post_batch(std::string&& body, BatchFormat format, const std::string& app, Services& services) {
    if (body.size() > services.limits.max_batch_body) {
        count_received(services, 1, 0);  // refused whole: one record, as /errors/ counts it
        return refuse(services,
                      Error{code::too_large,
                            "a batch may be at most " + std::to_string(services.limits.max_batch_body) + " bytes", ""},
                      body, app);
    }
    Micros now = now_micros();
    ParsedBatch parsed =
        parse_batch(body, format, now, BatchLimits(services.limits.max_batch_events, services.limits.max_body),
                    services.schemas.rules(), app);
    if (auto* error = std::get_if<Error>(&parsed)) {
        count_received(services, 1, 0);
        return refuse(services, *error, body, app);
    }
    std::string().swap(body);
    auto& items = std::get<std::vector<BatchItem>>(parsed);
    const std::size_t batch_size = items.size();
    count_received(services, batch_size, 0);

    std::vector<Event> events;
    std::vector<RejectedEvent> rejected;
    std::vector<Refused> refused;
    std::vector<size_t> positions;  // each event's index in the batch
    events.reserve(batch_size);
    positions.reserve(batch_size);
    for (size_t i = 0; i < batch_size; ++i) {
        if (auto* e = std::get_if<Event>(&items[i].parsed)) {
            events.push_back(std::move(*e));
            positions.push_back(i);
        } else {
            Error error = with_ndjson_hint(std::move(std::get<Error>(items[i].parsed)), items[i].raw);
            rejected.push_back(make_rejected(error, items[i].raw, now, app));
            refused.push_back({i, std::move(error)});
        }
    }
    std::vector<BatchItem>().swap(items);
    std::vector<AppendResult> results = submit_and_wait(services, std::move(events), std::move(rejected));
    return Reply{200, batch_summary(batch_size, refused, positions, results), {}};
}

}  // namespace

Reply post_events(const Request& request, Services& services) {
    const std::string& content_type = request.http.getContentType();
    bool ndjson = media_type(content_type) == "application/x-ndjson";
    if (!ndjson && !is_json_media_type(content_type))
        throw Refusal(Error{code::unsupported_media_type,
                            "Content-Type must be application/json, application/x-ndjson or text/plain (read as JSON), not " + content_type +
                                " (with curl: -H 'Content-Type: application/json')",
                            ""});
    const Limits& limits = services.limits;
    // Memory for the body is claimed as its bytes arrive; refused, the client retries as with a
    // full queue (and that is no refusal of its events to record).
    BodyBudget::Lease room(services.bodies);
    std::string body;
    try {
        body = request.body(std::max(limits.max_body, limits.max_batch_body), room);
    } catch (const Refusal& e) {
        if (e.error().code != code::queue_full) {
            count_received(services, 1, 0);  // a request refused whole is one refused event
            record_refusal(services, e.error(), "", request.app);
        }
        throw;
    }
    count_received(services, 0, body.size());
    if (ndjson) return post_batch(std::move(body), BatchFormat::ndjson, request.app, services);
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && body[first] == '[')
        return post_batch(std::move(body), BatchFormat::json_array, request.app, services);
    if (body.size() > limits.max_body) {
        count_received(services, 1, 0);
        return refuse(
            services,
            Error{code::too_large, "an event may be at most " + std::to_string(limits.max_body) + " bytes", ""}, body,
            request.app);
    }
    return post_single(body, request.app, services);
}

Reply list_events(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, event_filter_fields);
    PageRequest page = read_paging(request.query);

    EventPage result = services.store.list(filter, page.slice());
    auto write_results = [&result](std::ostream& out) {
        out << '[';
        for (size_t i = 0; i < result.events.size(); ++i) {
            if (i) out << ',';
            write_event_json(out, result.events[i]);
        }
        out << ']';
    };
    return Reply{200, page_envelope(request, page, {result.count, result.count_exact, result.events.size()}, result.edges,
                                     write_results), {}};
}

Reply get_event(const Request& request, Services& services) {
    std::int64_t id = request.params.id;
    auto event = services.store.find(id);
    if (!event) throw Refusal(Error{code::not_found, "No event with id " + std::to_string(id) + ".", ""});
    return Reply{200, event_json(*event), {}};
}

}  // namespace eye
