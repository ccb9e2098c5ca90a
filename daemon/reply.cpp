// Error bodies, shaped as the original API's were (its "status_code"), with a stable code added.
#include "reply.hpp"

#include "http_status.hpp"
#include "json_text.hpp"
#include "utf8.hpp"

namespace eye {

Poco::JSON::Object::Ptr error_object(const Error& error) {
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object(true);
    detail->set("code", error.code);
    detail->set("message", valid_utf8(error.message));
    // No field: null, as every missing value in eyed's JSON.
    detail->set("field", error.field.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(valid_utf8(error.field)));
    return detail;
}

Reply error_reply(const Error& error) {
    int status = http_status(error.code);
    Poco::JSON::Object body(true);
    body.set("error", error_object(error));
    body.set("status_code", status);
    return Reply{status, json_text(body), {}};
}

}  // namespace eye
