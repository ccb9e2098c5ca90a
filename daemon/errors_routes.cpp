// /errors/ handlers: refusals are rendered with everything that was kept of them, `raw` included,
// so the team sees what was sent.
#include "errors_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "json_text.hpp"
#include "paging.hpp"
#include "query_params.hpp"
#include "utf8.hpp"

namespace eye {
namespace {

// A text that was not there (an event refused before its session could be read): null, as
// every missing value in eyed's JSON, never "". Anything there may be what the client sent,
// bytes that are no UTF-8 included.
Poco::Dynamic::Var text_or_null(const std::string& s) {
    return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(valid_utf8(s));
}

Poco::JSON::Object::Ptr rejected_object(const RejectedEvent& r) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(true);
    o->set("id", r.id);
    o->set("received_at", format_timestamp(r.received_at));
    o->set("code", r.error.code);
    o->set("message", valid_utf8(r.error.message));
    o->set("field", text_or_null(r.error.field));
    o->set("session_id", text_or_null(r.session_id));
    o->set("category", text_or_null(r.category));
    o->set("name", text_or_null(r.name));
    o->set("app", text_or_null(r.app));
    o->set("raw", text_or_null(r.raw));
    return o;
}

}  // namespace

Reply list_errors(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, error_filter_fields);

    if (query_flag(request.query, "summary")) {
        Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(true);
        std::int64_t total = 0;
        for (const ErrorCount& c : services.store.count_errors(filter)) {
            counts->set(c.code, c.count);
            total += c.count;
        }
        Poco::JSON::Object body(true);
        body.set("count", total);
        body.set("by_code", counts);
        return Reply{200, json_text(body), {}};
    }

    PageRequest page = read_paging(request.query);
    ErrorPage result = services.store.list_errors(filter, page.slice());
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const RejectedEvent& r : result.errors) results->add(rejected_object(r));
    return Reply{200,
                 page_envelope(request, page, {result.count, result.count_exact, result.errors.size()}, result.edges,
                               [&results](std::ostream& out) { results->stringify(out); }),
                 {}};
}

Reply get_error(const Request& request, Services& services) {
    std::int64_t id = request.params.id;
    auto r = services.store.find_error(id);
    if (!r) throw Refusal(Error{code::not_found, "No error with id " + std::to_string(id) + ".", ""});
    return Reply{200, json_text(rejected_object(*r)), {}};
}

}  // namespace eye
