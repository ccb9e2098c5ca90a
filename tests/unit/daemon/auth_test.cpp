#include <catch2/catch.hpp>

#include <Poco/Net/HTTPRequest.h>

#include "app_registry.hpp"
#include "auth.hpp"
#include "error.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {
Poco::Net::HTTPRequest request_with(const std::string& name, const std::string& value) {
    Poco::Net::HTTPRequest r("GET", "/events/");
    if (!name.empty()) r.set(name, value);
    return r;
}
}  // namespace

TEST_CASE("the key comes from a Bearer Authorization header or X-Eye-Key", "[auth]") {
    CHECK(presented_key(request_with("Authorization", "Bearer eye_abc")) == "eye_abc");
    CHECK(presented_key(request_with("Authorization", "bearer   eye_abc  ")) == "eye_abc");
    CHECK(presented_key(request_with("X-Eye-Key", "eye_def")) == "eye_def");
    CHECK_FALSE(presented_key(request_with("", "")));
    CHECK_FALSE(presented_key(request_with("Authorization", "Basic dXNlcjpwYXNz")));
    CHECK_FALSE(presented_key(request_with("Authorization", "Bearer")));
    CHECK_FALSE(presented_key(request_with("X-Eye-Key", "  ")));
}

TEST_CASE("the registry accepts live keys, and tells unknown from revoked", "[auth][apps]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    AppRegistry apps(store);
    std::string web = apps.add("web");
    std::string mobile = apps.add("mobile");

    auto who = apps.authenticate(web);
    CHECK(who.verdict == AppRegistry::Verdict::accepted);
    CHECK(who.app == "web");
    CHECK(apps.authenticate(mobile).app == "mobile");
    CHECK(apps.authenticate("eye_nope").verdict == AppRegistry::Verdict::unknown);
    CHECK(apps.authenticate(web + "x").verdict == AppRegistry::Verdict::unknown);

    CHECK(apps.revoke("web"));
    CHECK_FALSE(apps.revoke("web"));
    CHECK_FALSE(apps.revoke("nobody"));
    CHECK(apps.authenticate(web).verdict == AppRegistry::Verdict::revoked);
    CHECK(apps.authenticate(mobile).verdict == AppRegistry::Verdict::accepted);

    CHECK_THROWS_AS(apps.add("mobile"), Refusal);
    CHECK_THROWS_AS(apps.add("web"), Refusal);  // a revoked name stays taken
    CHECK_THROWS_AS(apps.add("local"), Refusal);
    CHECK_THROWS_AS(apps.add("No Good"), Refusal);

    // A new registry (a restarted daemon) sees the same apps, keys and revocations.
    AppRegistry reloaded(store);
    CHECK(reloaded.authenticate(mobile).verdict == AppRegistry::Verdict::accepted);
    CHECK(reloaded.authenticate(web).verdict == AppRegistry::Verdict::revoked);
    auto listed = reloaded.list();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].name == "mobile");
    CHECK_FALSE(listed[0].revoked_at);
    CHECK(listed[1].revoked_at);
}

TEST_CASE("an app keeps its scopes and origins across a restart, and its origins can change", "[auth][apps]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    AppRegistry apps(store);
    std::string tracker = apps.add("tracker", ingest_scope, {"https://WWW.example.com/", "http://localhost:8080"});
    std::string analyst = apps.add("analyst", read_scope);
    std::string old_style = apps.add("both");

    auto who = apps.authenticate(tracker);
    CHECK(who.scopes == ingest_scope);
    CHECK(who.origins == std::vector<std::string>{"http://localhost:8080", "https://www.example.com"});
    CHECK(apps.authenticate(analyst).scopes == read_scope);
    CHECK(apps.authenticate(old_style).scopes == all_scopes);
    CHECK(apps.origin_registered("https://www.example.com"));
    CHECK_FALSE(apps.origin_registered("https://evil.example.com"));
    CHECK_THROWS_AS(apps.add("bad-origin", ingest_scope, {"www.example.com"}), Refusal);

    CHECK(apps.change_origins("tracker", {"https://shop.example.com"}, {"http://localhost:8080"}));
    CHECK_FALSE(apps.change_origins("nobody", {"https://shop.example.com"}, {}));
    CHECK_THROWS_AS(apps.change_origins("tracker", {"not an origin"}, {}), Refusal);
    CHECK(apps.authenticate(tracker).origins ==
          std::vector<std::string>{"https://shop.example.com", "https://www.example.com"});

    AppRegistry reloaded(store);
    auto again = reloaded.authenticate(tracker);
    CHECK(again.scopes == ingest_scope);
    CHECK(again.origins == std::vector<std::string>{"https://shop.example.com", "https://www.example.com"});
    CHECK(reloaded.authenticate(analyst).scopes == read_scope);
    CHECK(reloaded.authenticate(old_style).scopes == all_scopes);

    // A revoked app's origins open nothing to a preflight.
    CHECK(reloaded.revoke("tracker"));
    CHECK_FALSE(reloaded.origin_registered("https://www.example.com"));
    CHECK_FALSE(reloaded.change_origins("tracker", {"https://x.example.com"}, {}));
}
