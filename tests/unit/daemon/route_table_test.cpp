// The route table: every row is reachable as declared, and the router derives 404, 405 with
// Allow, the Unix-only rule and the key requirement from the rows, on the wire.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>

#include "app_registry.hpp"
#include "app_scope.hpp"
#include "body_budget.hpp"
#include "ingest.hpp"
#include "listeners.hpp"
#include "route_table.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {

// The row's pattern as a concrete path: {id} -> 7, {name} -> web, {session_id} -> s-1.
std::vector<std::string> path_of(std::string_view pattern) {
    std::vector<std::string> segments;
    std::string part;
    for (char c : std::string(pattern) + "/") {
        if (c != '/') {
            part += c;
            continue;
        }
        if (part == "{id}") part = "7";
        if (part == "{name}") part = "web";
        if (part == "{session_id}") part = "s-1";
        if (!part.empty()) segments.push_back(part);
        part.clear();
    }
    return segments;
}

std::string url_of(std::string_view pattern) {
    std::string url;
    for (const auto& s : path_of(pattern)) url += "/" + s;
    return url + "/";
}

// The methods the table declares for each pattern.
std::map<std::string, std::set<std::string>> methods_by_pattern() {
    std::map<std::string, std::set<std::string>> methods;
    for (const Route& row : route_table()) {
        methods[std::string(row.pattern)].insert(std::string(row.method));
        if (row.method == std::string_view("GET")) methods[std::string(row.pattern)].insert("HEAD");
    }
    return methods;
}

std::set<std::string> split_allow(const std::string& allow) {
    std::set<std::string> methods;
    std::string m;
    for (char c : allow + ",") {
        if (c == ',') {
            if (!m.empty()) methods.insert(m);
            m.clear();
        } else if (c != ' ') {
            m += c;
        }
    }
    return methods;
}

}  // namespace

TEST_CASE("every row is found for its own method and path", "[route_table]") {
    for (const Route& row : route_table()) {
        INFO(row.method << " " << row.pattern);
        RouteMatch m = match_route(route_table(), row.method, path_of(row.pattern), Listener::unix_socket);
        CHECK(m.route == &row);
        if (row.pattern.find("{id}") != std::string_view::npos) CHECK(m.params.id == 7);
        if (row.pattern.find("{name}") != std::string_view::npos) CHECK(m.params.name == "web");
        RouteMatch tcp = match_route(route_table(), row.method, path_of(row.pattern), Listener::tcp);
        if (row.reach == Reach::unix_only) {
            CHECK(tcp.route == nullptr);
            CHECK(tcp.allow.empty());  // a 404: over TCP the route does not exist
        } else {
            CHECK(tcp.route == &row);
        }
    }
}

TEST_CASE("HEAD finds the GET row of a path, and nothing where there is no GET", "[route_table]") {
    int gets = 0;
    for (const Route& row : route_table()) {
        INFO(row.method << " " << row.pattern);
        RouteMatch m = match_route(route_table(), "HEAD", path_of(row.pattern), Listener::unix_socket);
        if (row.method == std::string_view("GET")) {
            ++gets;
            CHECK(m.route == &row);
        } else if (!m.route) {
            CHECK(split_allow(m.allow).count("HEAD") == 0);  // a path with no GET offers no HEAD
        } else {
            CHECK(m.route->method == std::string_view("GET"));
        }
    }
    CHECK(gets > 10);
}

TEST_CASE("another method on a known path: no row, and Allow lists exactly the path's methods", "[route_table]") {
    for (const auto& [pattern, methods] : methods_by_pattern()) {
        INFO(pattern);
        RouteMatch m = match_route(route_table(), "PUT", path_of(pattern), Listener::unix_socket);
        CHECK(m.route == nullptr);
        CHECK(split_allow(m.allow) == methods);
    }
}

TEST_CASE("an {id} that is not a positive integer, or an unknown path, matches nothing", "[route_table]") {
    for (const char* bad : {"abc", "0", "-1", "1.5", "99999999999999999999"}) {
        RouteMatch m = match_route(route_table(), "GET", {"events", bad}, Listener::tcp);
        CHECK(m.route == nullptr);
        CHECK(m.allow.empty());
    }
    CHECK(match_route(route_table(), "GET", {"nothing"}, Listener::tcp).allow.empty());
    CHECK(match_route(route_table(), "GET", {}, Listener::tcp).allow.empty());
    CHECK(match_route(route_table(), "GET", {"events", "1", "extra"}, Listener::tcp).route == nullptr);
}

// A real eyed router on a loopback port, auth on, with a temporary store.
struct LiveRouter {
    TempDir dir;
    SqliteStore store{dir.file("eye.db"), Durability::process};
    Ingest ingest{store, 100};
    SchemaRegistry schemas{"", ValidationRules{}};
    AppRegistry apps{store};
    BodyBudget bodies{1 << 20};
    Metrics metrics{{}};
    Services services{store, ingest, schemas, apps, bodies, true, Limits{}, nullptr, nullptr, &metrics};
    Poco::ThreadPool pool{1, 4};
    Poco::Net::ServerSocket socket = open_tcp_listener("127.0.0.1:0");
    Poco::Net::HTTPServer server{new RouterFactory(services, Listener::tcp), pool, socket,
                                 new Poco::Net::HTTPServerParams};
    LiveRouter() { server.start(); }
    ~LiveRouter() {
        server.stopAll(true);
        ingest.stop();
    }

    struct Answer {
        int status;
        std::string allow, body;
    };
    Answer send(const std::string& method, const std::string& path, const std::string& key = "") {
        Poco::Net::HTTPClientSession session("127.0.0.1", socket.address().port());
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentLength(0);
        if (!key.empty()) request.set("Authorization", "Bearer " + key);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        return {static_cast<int>(response.getStatus()), response.get("Allow", ""), body};
    }
};

TEST_CASE(
    "on the wire over TCP: key rows answer 401 without a key, open and (from loopback) key-or-loopback "
    "rows do not, admin rows do not exist",
    "[route_table]") {
    LiveRouter live;
    for (const Route& row : route_table()) {
        INFO(row.method << " " << row.pattern);
        auto answer = live.send(std::string(row.method), url_of(row.pattern));
        if (row.reach == Reach::unix_only)
            CHECK(answer.status == 404);
        else if (required_scopes(row.access) && row.access != Access::read_or_loopback)
            CHECK(answer.status == 401);
        else
            CHECK(answer.status != 401);
    }
}

TEST_CASE("every row declares its access, and admin rows exist only on the socket", "[route_table][scopes]") {
    for (const Route& row : route_table()) {
        INFO(row.method << " " << row.pattern);
        if (row.access == Access::admin) CHECK(row.reach == Reach::unix_only);
        if (row.pattern.starts_with("/admin/")) CHECK(row.access == Access::admin);
        // Only sending events is ingest; every other keyed row reads.
        if (row.access == Access::ingest) CHECK((row.method == "POST" && row.pattern == "/events/"));
    }
}

// For every row, with a key of each scope: a key outside the row's scope is 403 forbidden_scope
// and never reaches the handler; inside it, the handler answers (whatever it then says).
TEST_CASE("on the wire over TCP: each row refuses keys outside its scope with 403 forbidden_scope",
          "[route_table][scopes]") {
    LiveRouter live;
    std::string ingest_key = live.apps.add("tracker", ingest_scope);
    std::string read_key = live.apps.add("analyst", read_scope);
    std::string both_key = live.apps.add("both", all_scopes);
    int ingest_rows = 0, read_rows = 0;
    for (const Route& row : route_table()) {
        if (row.reach == Reach::unix_only) continue;
        auto needed = required_scopes(row.access);
        std::string method(row.method), url = url_of(row.pattern);
        INFO(method << " " << url);
        for (const auto& [key, scopes] : {std::pair{ingest_key, ingest_scope}, std::pair{read_key, read_scope},
                                          std::pair{both_key, all_scopes}}) {
            INFO("key of scope " << format_scopes(scopes));
            auto answer = live.send(method, url, key);
            bool refused = answer.status == 403 && answer.body.find("\"forbidden_scope\"") != std::string::npos;
            CHECK(refused == (needed && !scopes.covers(*needed)));
            CHECK(answer.status != 401);
        }
        if (row.access == Access::ingest) ++ingest_rows;
        if (row.access == Access::read) ++read_rows;
    }
    CHECK(ingest_rows == 1);
    CHECK(read_rows >= 7);
}

TEST_CASE("on the wire: a key in the URL must be ingest-only, and opens only the ingest row", "[route_table][scopes]") {
    LiveRouter live;
    std::string ingest_key = live.apps.add("tracker", ingest_scope);
    std::string both_key = live.apps.add("both", all_scopes);
    // An empty body: the handler answers (a refused event, 400), so the key was taken.
    auto taken = live.send("POST", "/events/?key=" + ingest_key);
    CHECK(taken.status == 400);
    CHECK(taken.body.find("\"invalid_json\"") != std::string::npos);
    auto read_in_url = live.send("POST", "/events/?key=" + both_key);
    CHECK(read_in_url.status == 403);
    CHECK(read_in_url.body.find("must not travel in a URL") != std::string::npos);
    auto listing = live.send("GET", "/events/?key=" + ingest_key);
    CHECK(listing.status == 403);
    CHECK(listing.body.find("\"forbidden_scope\"") != std::string::npos);
}

TEST_CASE("on the wire: 405 carries Allow with the path's methods", "[route_table]") {
    LiveRouter live;
    for (const auto& [pattern, methods] : methods_by_pattern()) {
        bool over_tcp = false;
        for (const Route& row : route_table())
            if (row.pattern == pattern && row.reach == Reach::everywhere) over_tcp = true;
        if (!over_tcp) continue;
        INFO(pattern);
        auto answer = live.send("PUT", url_of(pattern));
        CHECK(answer.status == 405);
        CHECK(split_allow(answer.allow) == methods);
        CHECK(answer.body.find("\"method_not_allowed\"") != std::string::npos);
    }
}
