// Admin handlers: schema reload and the app registry, reached only through the Unix socket.
#include "admin_routes.hpp"
#include "json_text.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <spdlog/spdlog.h>

namespace eye {

Reply post_reload(const Request&, Services& services) {
    if (auto problem = services.schemas.reload()) {
        spdlog::error("schema reload refused, previous schemas stay in force: {}", *problem);
        return error_reply(Error{code::invalid_schema, *problem + " (the previous schemas stay in force)", ""});
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
    BodyBudget::Lease room(services.bodies);
    auto parsed = parse_json(request.body(services.limits.max_body, room));
    if (auto* error = std::get_if<Error>(&parsed))
        throw Refusal(Error{code::invalid_json, "expected {\"name\": \"...\"}: " + error->message, ""});
    Poco::Dynamic::Var& value = std::get<Poco::Dynamic::Var>(parsed);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        throw Refusal(Error{code::invalid_json, "expected {\"name\": \"...\"}", ""});
    auto body = value.extract<Poco::JSON::Object::Ptr>();
    if (!body->has("name") || !body->get("name").isString())
        throw Refusal(Error{code::missing_field, "name is required", "name"});
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

Reply delete_app(const Request& request, Services& services) {
    const std::string& name = request.params.name;
    if (!services.apps.revoke(name)) throw Refusal(Error{code::not_found, "no live app named " + name, ""});
    spdlog::info("app {} revoked", name);
    for (const App& app : services.apps.list())
        if (app.name == name) return Reply{200, json_text(app_object(app)), {}};
    throw Refusal(Error{code::not_found, "no app named " + name, ""});
}

}  // namespace eye
