// Batch parsing: NDJSON line by line, JSON arrays through Poco's parser.
#include "batch_parser.hpp"
#include "json_text.hpp"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

namespace eye {
namespace {

Error too_many(size_t max_events) {
    return Error{code::too_large, "a batch may hold at most " + std::to_string(max_events) + " events", ""};
}

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

ParsedBatch parse_ndjson(std::string_view body, Micros received_at, size_t max_events, const ValidationRules& rules,
                         std::string_view app) {
    std::vector<BatchItem> items;
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        start = end + 1;
        if (blank(line)) continue;
        if (items.size() == max_events) return too_many(max_events);
        BatchItem item{parse_event(line, received_at, rules, app), {}};
        if (std::holds_alternative<Error>(item.parsed)) item.raw = line;
        items.push_back(std::move(item));
    }
    return items;
}

ParsedBatch parse_array(std::string_view body, Micros received_at, size_t max_events, const ValidationRules& rules,
                        std::string_view app) {
    auto result = parse_json(body);
    if (auto* error = std::get_if<Error>(&result)) return Error{error->code, "batch: " + error->message, ""};
    const Poco::Dynamic::Var& root = std::get<Poco::Dynamic::Var>(result);
    if (root.type() != typeid(Poco::JSON::Array::Ptr))
        return Error{code::invalid_json, "a batch must be a JSON array of events", ""};
    auto array = root.extract<Poco::JSON::Array::Ptr>();
    if (array->size() > max_events) return too_many(max_events);

    std::vector<BatchItem> items;
    items.reserve(array->size());
    for (size_t i = 0; i < array->size(); ++i) {
        auto object = array->getObject(static_cast<unsigned>(i));
        BatchItem item{object ? event_from_json(*object, received_at, rules, app)
                              : ParsedEvent(Error{code::invalid_json, "an event must be a JSON object", ""}),
                       {}};
        if (std::holds_alternative<Error>(item.parsed)) {
            item.raw = json_text(array->get(static_cast<unsigned>(i)));
        }
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

ParsedBatch parse_batch(std::string_view body, BatchFormat format, Micros received_at, size_t max_events,
                        const ValidationRules& rules, std::string_view app) {
    return format == BatchFormat::ndjson ? parse_ndjson(body, received_at, max_events, rules, app)
                                         : parse_array(body, received_at, max_events, rules, app);
}

}  // namespace eye
