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
    o->set("scopes", format_scopes(app.scopes));
    Poco::JSON::Array::Ptr origins = new Poco::JSON::Array;
    for (const std::string& origin : app.origins) origins->add(origin);
    o->set("origins", origins);
    return o;
}

// The JSON object of an admin request's body; throws Refusal invalid_json saying what was expected.
Poco::JSON::Object::Ptr body_object(const Request& request, Services& services, const char* expected) {
    BodyBudget::Lease room(services.bodies);
    auto parsed = parse_json(request.body(services.limits.max_body, room));
    if (auto* error = std::get_if<Error>(&parsed))
        throw Refusal(Error{code::invalid_json, std::string("expected ") + expected + ": " + error->message, ""});
    Poco::Dynamic::Var& value = std::get<Poco::Dynamic::Var>(parsed);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        throw Refusal(Error{code::invalid_json, std::string("expected ") + expected, ""});
    return value.extract<Poco::JSON::Object::Ptr>();
}

// An array of strings at `field`, empty when absent; throws Refusal invalid_field otherwise.
std::vector<std::string> strings_at(const Poco::JSON::Object& body, const std::string& field) {
    std::vector<std::string> values;
    if (!body.has(field)) return values;
    auto array = body.getArray(field);
    if (!array) throw Refusal(Error{code::invalid_field, field + " must be an array of strings", field});
    for (size_t i = 0; i < array->size(); ++i) {
        Poco::Dynamic::Var v = array->get(static_cast<unsigned>(i));
        if (!v.isString()) throw Refusal(Error{code::invalid_field, field + " must be an array of strings", field});
        values.push_back(v.extract<std::string>());
    }
    return values;
}

App app_named(const std::vector<App>& apps, const std::string& name) {
    for (const App& app : apps)
        if (app.name == name) return app;
    throw Refusal(Error{code::not_found, "no app named " + name, ""});
}

}  // namespace

Reply post_app(const Request& request, Services& services) {
    auto body = body_object(request, services, R"({"name": "...", "scopes": "ingest,read", "origins": [...]})");
    if (!body->has("name") || !body->get("name").isString())
        throw Refusal(Error{code::missing_field, "name is required", "name"});
    std::string name = body->getValue<std::string>("name");
    Scopes scopes = all_scopes;  // keys from before scopes existed could do both
    if (body->has("scopes")) {
        auto parsed = body->get("scopes").isString() ? parse_scopes(body->getValue<std::string>("scopes")) : std::nullopt;
        if (!parsed)
            throw Refusal(Error{code::invalid_field, "scopes is \"ingest\", \"read\" or \"ingest,read\"", "scopes"});
        scopes = *parsed;
    }
    std::string key = services.apps.add(name, scopes, strings_at(*body, "origins"));
    spdlog::info("app {} registered (scopes {})", name, format_scopes(scopes));
    Poco::JSON::Object::Ptr reply = app_object(app_named(services.apps.list(), name));
    reply->set("key", key);
    return Reply{201, json_text(reply), {}};
}

Reply patch_app(const Request& request, Services& services) {
    auto body = body_object(request, services, R"({"add_origins": [...], "remove_origins": [...]})");
    const std::string& name = request.params.name;
    if (!services.apps.change_origins(name, strings_at(*body, "add_origins"), strings_at(*body, "remove_origins")))
        throw Refusal(Error{code::not_found, "no live app named " + name, ""});
    App app = app_named(services.apps.list(), name);
    std::string origins;
    for (const std::string& o : app.origins) origins += (origins.empty() ? "" : " ") + o;
    spdlog::info("app {} origins now: {}", name, origins.empty() ? "none" : origins);
    return Reply{200, json_text(app_object(app)), {}};
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
    return Reply{200, json_text(app_object(app_named(services.apps.list(), name))), {}};
}

}  // namespace eye
