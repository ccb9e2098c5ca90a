// Purge and backup handlers: read the request, call the store, say what it did and how long it
// took; the route table keeps them on the Unix socket.
#include "maintenance_routes.hpp"

#include <chrono>
#include <stdexcept>

#include <Poco/JSON/Object.h>
#include <spdlog/spdlog.h>

#include "http_connection.hpp"
#include "json_text.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

double seconds_since(std::chrono::steady_clock::time_point began) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

}  // namespace

Reply post_purge(const Request& request, Services& services) {
    std::optional<Micros> before = query_time(request.query, "before");
    if (!before) throw Refusal(Error{code::invalid_query, "before=TIME is required: what is older goes", ""});
    // A purge of millions of rows takes minutes: more than the request deadline, which is for
    // clients, not for work the daemon does.
    lift_connection_deadline();
    auto began = std::chrono::steady_clock::now();
    PurgeCounts n = services.store.purge(*before, services.life ? services.life->stop_flag() : nullptr);
    double seconds = seconds_since(began);
    spdlog::info("purge: {} events and {} errors from before {} ({} sessions, {} rollup rows emptied) in {:.1f} s",
                 n.events, n.errors, format_timestamp(*before), n.sessions, n.rollups, seconds);
    Poco::JSON::Object body(true);
    body.set("before", format_timestamp(*before));
    body.set("events", n.events);
    body.set("errors", n.errors);
    body.set("sessions", n.sessions);
    body.set("rollups", n.rollups);
    body.set("seconds", seconds);
    return Reply{200, json_text(body), {}};
}

Reply post_backup(const Request& request, Services& services) {
    BodyBudget::Lease room(services.bodies);
    auto parsed = parse_json(request.body(services.limits.max_body, room));
    if (auto* error = std::get_if<Error>(&parsed))
        throw Refusal(Error{code::invalid_json, "expected {\"path\": \"/new/file\"}: " + error->message, ""});
    Poco::Dynamic::Var& value = std::get<Poco::Dynamic::Var>(parsed);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        throw Refusal(Error{code::invalid_json, "expected {\"path\": \"/new/file\"}", ""});
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (!object->has("path") || !object->get("path").isString())
        throw Refusal(Error{code::missing_field, "path is required", "path"});
    std::string path = object->getValue<std::string>("path");
    // The daemon's working directory means nothing to the client: only absolute paths.
    if (path.empty() || path[0] != '/')
        throw Refusal(Error{code::invalid_field, "path must be absolute: " + path, "path"});
    lift_connection_deadline();  // a copy of gigabytes takes longer than the request deadline
    auto began = std::chrono::steady_clock::now();
    BackupResult copy;
    try {
        copy = services.store.backup(path);
    } catch (const std::invalid_argument& e) {
        throw Refusal(Error{code::invalid_field, e.what(), "path"});
    } catch (const std::exception& e) {
        spdlog::error("backup to {} failed: {}", path, e.what());
        throw Refusal(Error{code::storage_error, std::string("the backup failed: ") + e.what(), ""});
    }
    double seconds = seconds_since(began);
    spdlog::info("backup: {} events (up to id {}) to {}, {} bytes, in {:.1f} s", copy.events, copy.last_id, path,
                 copy.bytes, seconds);
    Poco::JSON::Object body(true);
    body.set("path", path);
    body.set("bytes", copy.bytes);
    body.set("events", copy.events);
    body.set("last_id", copy.last_id);
    body.set("seconds", seconds);
    return Reply{201, json_text(body), {}};
}

}  // namespace eye
