// Admin handlers.
#include "admin_routes.hpp"
#include "json_text.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
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
    return Reply{200, json_text(body), {}};
}

namespace {

Poco::JSON::Object::Ptr app_object(const App& app) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(true);
    o->set("name", app.name);
    o->set("created_at", format_timestamp(app.created_at));
    o->set("revoked_at", app.revoked_at ? Poco::Dynamic::Var(format_timestamp(*app.revoked_at)) : Poco::Dynamic::Var());
    return o;
}

}  // namespace

Reply post_app(const Request& request, Services& services) {
    Poco::JSON::Object::Ptr body;
    try {
        Poco::JSON::Parser parser;
        body = parser.parse(request.body(services.limits.max_body)).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw RequestError(400, Error{code::invalid_json, "expected {\"name\": \"...\"}: " + e.displayText(), ""});
    }
    if (!body->has("name") || !body->get("name").isString())
        throw RequestError(400, Error{code::missing_field, "name is required", "name"});
    std::string name = body->getValue<std::string>("name");
    std::string key = services.apps.add(name);
    spdlog::info("app {} registered", name);
    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(true);
    reply->set("name", name);
    reply->set("key", key);
    return Reply{201, json_text(reply), {}};
}

Reply list_apps(const Request&, Services& services) {
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const App& app : services.apps.list()) results->add(app_object(app));
    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object(true);
    reply->set("count", static_cast<Poco::UInt64>(results->size()));
    reply->set("results", results);
    return Reply{200, json_text(reply), {}};
}

Reply delete_app(const Request&, Services& services, const std::string& name) {
    if (!services.apps.revoke(name)) throw RequestError(404, Error{code::not_found, "no live app named " + name, ""});
    spdlog::info("app {} revoked", name);
    for (const App& app : services.apps.list())
        if (app.name == name) return Reply{200, json_text(app_object(app)), {}};
    throw RequestError(404, Error{code::not_found, "no app named " + name, ""});
}

}  // namespace eye
