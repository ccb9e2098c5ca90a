// Admin handlers.
#include "admin_routes.hpp"

#include <sstream>

#include <Poco/JSON/Object.h>
#include <spdlog/spdlog.h>

namespace eye {

Reply post_reload(const Request&, Services& services) {
    if (auto problem = services.schemas.reload()) {
        spdlog::error("schema reload refused, previous schemas stay in force: {}", *problem);
        return error_reply(400, Error{code::invalid_schema, *problem + " (the previous schemas stay in force)", ""});
    }
    std::string now_in_force = services.schemas.describe();
    spdlog::info("schemas reloaded: {}", now_in_force);
    Poco::JSON::Object body(true);
    body.set("status", "reloaded");
    body.set("schemas", now_in_force);
    std::ostringstream out;
    body.stringify(out);
    return Reply{200, out.str(), {}};
}

}  // namespace eye
