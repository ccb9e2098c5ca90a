// Error bodies, shaped as the original API's were, with a stable code added.
#include "reply.hpp"

#include "json_text.hpp"

#include <Poco/JSON/Object.h>

namespace eye {

Reply error_reply(int status, const Error& error) {
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object(true);
    detail->set("code", error.code);
    detail->set("message", error.message);
    if (!error.field.empty()) detail->set("field", error.field);
    Poco::JSON::Object body(true);
    body.set("error", detail);
    body.set("status_code", status);
    return Reply{status, json_text(body), {}};
}

}  // namespace eye
