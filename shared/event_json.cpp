// Event rendering. The payload is already canonical JSON text, so it is written as it is.
#include "event_json.hpp"

#include <sstream>

#include <Poco/JSON/Stringifier.h>

namespace eye {
namespace {

void write_string(std::ostream& out, const std::string& s) {
    Poco::JSON::Stringifier::formatString(s, out);
}

}  // namespace

void write_event_json(std::ostream& out, const Event& e, bool duplicate) {
    out << "{\"id\":" << e.id << ",\"session_id\":";
    write_string(out, e.session_id);
    out << ",\"category\":";
    write_string(out, e.category);
    out << ",\"name\":";
    write_string(out, e.name);
    out << ",\"data\":" << e.data << ",\"timestamp\":\"" << format_timestamp(e.timestamp) << '"';
    out << ",\"app\":";
    write_string(out, e.app);
    if (!e.event_id.empty()) {
        out << ",\"event_id\":";
        write_string(out, e.event_id);
    }
    if (duplicate) out << ",\"duplicate\":true";
    out << '}';
}

std::string event_json(const Event& e, bool duplicate) {
    std::ostringstream out;
    write_event_json(out, e, duplicate);
    return out.str();
}

}  // namespace eye
