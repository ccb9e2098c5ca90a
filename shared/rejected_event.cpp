// Rejected-event records. Re-reading the text happens only for refused events, off the good path.
#include "rejected_event.hpp"

#include <Poco/JSON/Object.h>

#include "json_text.hpp"

namespace eye {

RejectedEvent make_rejected(const Error& error, std::string_view raw, Micros received_at, std::string_view app) {
    RejectedEvent r;
    r.received_at = received_at;
    r.app = app;
    r.error = error;
    std::string_view kept = raw.substr(0, max_raw_bytes);
    // Never cut inside a UTF-8 sequence: back up to the start of the last character.
    if (kept.size() < raw.size())
        while (!kept.empty() && (static_cast<unsigned char>(raw[kept.size()]) & 0xC0) == 0x80) kept.remove_suffix(1);
    r.raw = kept;
    // Not JSON: the raw text is all there is.
    auto parsed = parse_json(raw);
    auto* value = std::get_if<Poco::Dynamic::Var>(&parsed);
    if (!value || value->type() != typeid(Poco::JSON::Object::Ptr)) return r;
    auto o = value->extract<Poco::JSON::Object::Ptr>();
    auto text = [&](const char* key) {
        return o->has(key) && o->get(key).isString() ? o->get(key).extract<std::string>() : std::string();
    };
    r.session_id = text("session_id");
    r.category = text("category");
    r.name = text("name");
    return r;
}

}  // namespace eye
