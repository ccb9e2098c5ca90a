// Application registry: the store is the truth, the in-memory copy serves authentication.
#include "app_registry.hpp"

#include <algorithm>

#include "app_key.hpp"
#include "app_origin.hpp"
#include "error.hpp"

namespace eye {

namespace {

// The origins normalized, sorted and without repeats; throws Refusal naming the first that is not one.
std::vector<std::string> normalized(const std::vector<std::string>& origins) {
    std::vector<std::string> result;
    for (const std::string& text : origins) {
        auto origin = normalize_origin(text);
        if (!origin)
            throw Refusal(Error{code::invalid_field,
                                "an origin is scheme://host[:port] with http or https and no path, such as "
                                "https://www.example.com; not " + text,
                                "origins"});
        result.push_back(*origin);
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

}  // namespace

AppRegistry::AppRegistry(Store& store)
    : store_(store), apps_(store.list_apps()), read_at_(std::chrono::steady_clock::now()) {}

void AppRegistry::refresh_if_shared() const {
    if (!store_.shared()) return;  // this instance made every change itself
    auto now = std::chrono::steady_clock::now();
    if (now - read_at_ < std::chrono::seconds(1)) return;
    try {
        apps_ = store_.list_apps();
        read_at_ = now;
    } catch (const std::exception&) {
        // the database is away: keep the copy and try again at the next request
    }
}

AppRegistry::Identity AppRegistry::authenticate(std::string_view key) const {
    std::string hash = hash_key(key);
    std::lock_guard lock(mutex_);
    refresh_if_shared();
    const App* match = nullptr;
    for (const App& app : apps_)
        if (constant_time_equal(hash, app.key_hash)) match = &app;  // no early exit
    if (!match) return {};
    return {match->revoked_at ? Verdict::revoked : Verdict::accepted, match->name, match->scopes, match->origins};
}

std::string AppRegistry::add(const std::string& name, Scopes scopes, const std::vector<std::string>& origins) {
    if (!valid_app_name(name) || name == local_app || name == anonymous_app)
        throw Refusal(Error{code::invalid_field,
                            "an app name is 1-64 of a-z, 0-9, '.', '_', '-' (not 'local' or 'anonymous')", "name"});
    std::string key = generate_key();
    App app{name, hash_key(key), now_micros(), std::nullopt, scopes, normalized(origins)};
    std::lock_guard lock(mutex_);
    if (!store_.add_app(app))
        throw Refusal(Error{code::app_exists, "an app named " + name + " exists (or existed)", "name"});
    apps_.push_back(std::move(app));
    return key;
}

bool AppRegistry::revoke(const std::string& name) {
    Micros now = now_micros();
    std::lock_guard lock(mutex_);
    if (!store_.revoke_app(name, now)) return false;
    for (App& app : apps_)
        if (app.name == name) app.revoked_at = now;
    return true;
}

bool AppRegistry::change_origins(const std::string& name, const std::vector<std::string>& add,
                                 const std::vector<std::string>& remove) {
    std::vector<std::string> adding = normalized(add), removing = normalized(remove);
    std::lock_guard lock(mutex_);
    if (!store_.change_app_origins(name, adding, removing)) return false;
    for (App& app : apps_) {
        if (app.name != name) continue;
        std::erase_if(app.origins, [&](const std::string& o) {
            return std::find(removing.begin(), removing.end(), o) != removing.end();
        });
        app.origins.insert(app.origins.end(), adding.begin(), adding.end());
        std::sort(app.origins.begin(), app.origins.end());
        app.origins.erase(std::unique(app.origins.begin(), app.origins.end()), app.origins.end());
    }
    return true;
}

bool AppRegistry::origin_registered(std::string_view origin) const {
    std::lock_guard lock(mutex_);
    refresh_if_shared();
    for (const App& app : apps_)
        if (!app.revoked_at && app.scopes.ingest &&
            std::find(app.origins.begin(), app.origins.end(), origin) != app.origins.end())
            return true;
    return false;
}

std::vector<App> AppRegistry::list() const {
    std::lock_guard lock(mutex_);
    refresh_if_shared();
    std::vector<App> sorted = apps_;
    std::sort(sorted.begin(), sorted.end(), [](const App& a, const App& b) { return a.name < b.name; });
    return sorted;
}

}  // namespace eye
