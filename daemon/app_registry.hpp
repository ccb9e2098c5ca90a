// The trusted applications, kept in memory so that checking a key costs no query.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "store.hpp"

namespace eye {

class AppRegistry {
public:
    explicit AppRegistry(Store& store);

    enum class Verdict { accepted, unknown, revoked };
    struct Identity {
        Verdict verdict = Verdict::unknown;
        std::string app;
        Scopes scopes{false, false};
        std::vector<std::string> origins;  // normalized (app_origin.hpp)
    };
    // Hashes the key and compares it with every app's hash in constant time, so the answer's
    // timing says nothing about how close a guess came.
    Identity authenticate(std::string_view key) const;

    // Registers an app with what its key may do and the web origins it may send from, and
    // returns its key, which is not kept. Throws Refusal: invalid_field for a bad name or origin
    // (field "name" or "origins"), app_exists when the name is taken.
    std::string add(const std::string& name, Scopes scopes = all_scopes, const std::vector<std::string>& origins = {});
    // False when there is no such live app.
    bool revoke(const std::string& name);
    // Adds and removes web origins of a live app; false when there is none of that name. Throws
    // Refusal invalid_field (field "origins") for an origin that is not one.
    bool change_origins(const std::string& name, const std::vector<std::string>& add,
                        const std::vector<std::string>& remove);
    // Whether a live app that may ingest has registered `origin` (as the Origin header sends it):
    // what a CORS preflight, which carries no key, can be told.
    bool origin_registered(std::string_view origin) const;
    std::vector<App> list() const;

private:
    // With other instances writing to the same store, re-reads the apps when the copy is older
    // than a second, so that an app added or revoked through another instance counts here
    // within a second. Called with mutex_ held; a failed read keeps the copy.
    void refresh_if_shared() const;

    Store& store_;
    mutable std::mutex mutex_;
    mutable std::vector<App> apps_;
    mutable std::chrono::steady_clock::time_point read_at_;
};

}  // namespace eye
