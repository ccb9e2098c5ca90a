// Batch parsing: NDJSON line by line, JSON arrays through Poco's parser.
#include "batch_parser.hpp"
#include "json_limits.hpp"
#include "json_text.hpp"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

namespace eye {
namespace {

Error too_big(std::size_t max_bytes) {
    return Error{code::too_large, "an event may be at most " + std::to_string(max_bytes) + " bytes", ""};
}

Error too_many(size_t max_events) {
    return Error{code::too_large, "a batch may hold at most " + std::to_string(max_events) + " events", ""};
}

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

ParsedBatch parse_ndjson(std::string_view body, Micros received_at, BatchLimits limits, const ValidationRules& rules,
                         std::string_view app) {
    std::vector<BatchItem> items;
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        start = end + 1;
        if (blank(line)) continue;
        if (items.size() == limits.events) return too_many(limits.events);
        BatchItem item{line.size() > limits.event_bytes ? ParsedEvent(too_big(limits.event_bytes))
                                                        : parse_event(line, received_at, rules, app),
                       {}};
        if (std::holds_alternative<Error>(item.parsed)) item.raw = line;
        items.push_back(std::move(item));
    }
    return items;
}

ParsedBatch parse_array(std::string_view body, Micros received_at, BatchLimits limits, const ValidationRules& rules,
                        std::string_view app) {
    // Checked whole (the array is one more level): Poco parses the array at once, so a value it
    // would change cannot be singled out afterwards.
    if (auto error = check_json_limits(body, max_event_depth + 1))
        return Error{error->code, "batch: " + error->message, ""};
    auto result = parse_json(body);
    if (auto* error = std::get_if<Error>(&result)) return Error{error->code, "batch: " + error->message, ""};
    const Poco::Dynamic::Var& root = std::get<Poco::Dynamic::Var>(result);
    if (root.type() != typeid(Poco::JSON::Array::Ptr))
        return Error{code::invalid_json, "a batch must be a JSON array of events", ""};
    auto array = root.extract<Poco::JSON::Array::Ptr>();
    if (array->size() > limits.events) return too_many(limits.events);

    std::vector<BatchItem> items;
    items.reserve(array->size());
    for (size_t i = 0; i < array->size(); ++i) {
        auto object = array->getObject(static_cast<unsigned>(i));
        BatchItem item{!object ? ParsedEvent(Error{code::invalid_json, "an event must be a JSON object", ""})
                       : json_text(object).size() > limits.event_bytes
                           ? ParsedEvent(too_big(limits.event_bytes))
                           : event_from_json(*object, received_at, rules, app),
                       {}};
        if (std::holds_alternative<Error>(item.parsed)) {
            item.raw = json_text(array->get(static_cast<unsigned>(i)));
        }
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

ParsedBatch parse_batch(std::string_view body, BatchFormat format, Micros received_at, BatchLimits limits,
                        const ValidationRules& rules, std::string_view app) {
    return format == BatchFormat::ndjson ? parse_ndjson(body, received_at, limits, rules, app)
                                         : parse_array(body, received_at, limits, rules, app);
}

}  // namespace eye
