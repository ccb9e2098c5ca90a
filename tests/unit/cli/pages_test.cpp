// eye's pager: one page size throughout, follows `next` by its cursor, stops at the limit or at
// the last page, and sees each row once while rows arrive.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "daemon_call.hpp"
#include "json_text.hpp"
#include "page_limits.hpp"
#include "pages.hpp"

using namespace eye::cli;

namespace {

// A daemon of rows with ids 1..total, newest (highest) first, paged by a cursor that is the
// last row's id, as eyed pages; records each target asked for. `arrivals` rows are added at the
// top after every page, as a busy ingest would.
struct FakeDaemon {
    long total;
    long arrivals = 0;
    std::vector<std::string> asked{};

    Poco::JSON::Object::Ptr page(const std::string& target) {
        asked.push_back(target);
        Poco::URI uri(target);
        long below = total + 1, size = eye::default_page_size;
        for (auto& [k, v] : uri.getQueryParameters()) {
            if (k == "cursor") below = std::stol(v);
            if (k == "page_size") size = std::min<long>(std::stol(v), eye::max_page_size);
        }
        Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
        long last = 0;
        for (long id = below - 1; id >= 1 && static_cast<long>(results->size()) < size; --id) {
            Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
            row->set("id", id);
            results->add(row);
            last = id;
        }
        Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
        reply->set("results", results);
        reply->set("next", last > 1 ? Poco::Dynamic::Var("http://eye/events/?cursor=" + std::to_string(last) +
                                                         "&page_size=" + std::to_string(size))
                                    : Poco::Dynamic::Var());
        total += arrivals;
        return reply;
    }
};

std::vector<long> walk(FakeDaemon& daemon, long limit) {
    std::vector<long> ids;
    for_each_result([&](const std::string& t) { return daemon.page(t); }, Poco::URI("/events/?category=c"), limit,
                    [&](const Poco::JSON::Object::Ptr& row) { ids.push_back(row->getValue<long>("id")); });
    return ids;
}

}  // namespace

TEST_CASE("a limit below a page asks for one page of that size", "[pages]") {
    FakeDaemon daemon{50};
    auto ids = walk(daemon, 7);
    CHECK(ids == std::vector<long>{50, 49, 48, 47, 46, 45, 44});
    REQUIRE(daemon.asked.size() == 1);
    CHECK(daemon.asked[0] == "/events/?category=c&page_size=7");
}

TEST_CASE("no limit walks every page at the largest size by cursor, each row once", "[pages]") {
    FakeDaemon daemon{2500};
    auto ids = walk(daemon, 0);
    REQUIRE(ids.size() == 2500);
    for (size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == static_cast<long>(2500 - i));
    CHECK(daemon.asked.size() == 3);
    CHECK(daemon.asked[2] == "/events/?category=c&page_size=1000&cursor=501");
}

TEST_CASE("rows arriving during the walk repeat nothing and hide nothing that was there", "[pages]") {
    FakeDaemon daemon{2500, 300};
    auto ids = walk(daemon, 0);
    CHECK(ids.size() == 2500);
    for (size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == static_cast<long>(2500 - i));
}

TEST_CASE("a limit across pages stops exactly at the limit", "[pages]") {
    FakeDaemon daemon{5000};
    CHECK(walk(daemon, 1500).size() == 1500);
    CHECK(daemon.asked.size() == 2);
}

TEST_CASE("an older daemon's page-number links are followed too", "[pages]") {
    int calls = 0;
    auto numbered = [&](const std::string& target) {
        Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
        Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
        Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
        row->set("target", target);
        results->add(row);
        reply->set("results", results);
        reply->set("next", ++calls < 2 ? Poco::Dynamic::Var("http://eye/events/?page=2") : Poco::Dynamic::Var());
        return reply;
    };
    std::vector<std::string> targets;
    for_each_result(numbered, Poco::URI("/events/"), 0, [&](const Poco::JSON::Object::Ptr& row) {
        targets.push_back(row->getValue<std::string>("target"));
    });
    CHECK(targets == std::vector<std::string>{"/events/?page_size=1000", "/events/?page_size=1000&page=2"});
}

TEST_CASE("a reply without results, or a next without a position, is the daemon's fault, said so", "[pages]") {
    auto broken = [](const std::string&) { return Poco::JSON::Object::Ptr(new Poco::JSON::Object); };
    CHECK_THROWS_AS(for_each_result(broken, Poco::URI("/events/"), 0, [](const Poco::JSON::Object::Ptr&) {}),
                    DaemonError);
    auto lost = [](const std::string&) {
        Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
        reply->set("results", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        reply->set("next", "http://eye/events/");
        return reply;
    };
    CHECK_THROWS_AS(for_each_result(lost, Poco::URI("/events/"), 0, [](const Poco::JSON::Object::Ptr&) {}),
                    DaemonError);
}

TEST_CASE("the first reply's count and whether it is exact come back", "[pages]") {
    auto reply_with = [](const char* envelope) {
        return [envelope](const std::string&) {
            return eye::parse_json_or_throw(envelope).extract<Poco::JSON::Object::Ptr>();
        };
    };
    auto none = [](const Poco::JSON::Object::Ptr&) {};
    MatchCount capped = for_each_result(
        reply_with(R"({"count":10000,"count_exact":false,"next":null,"previous":null,"results":[]})"),
        Poco::URI("/events/"), 0, none);
    CHECK(capped.rows == 10000);
    CHECK_FALSE(capped.exact);
    MatchCount exact = for_each_result(
        reply_with(R"({"count":7,"count_exact":true,"next":null,"previous":null,"results":[]})"), Poco::URI("/events/"),
        0, none);
    CHECK(exact.rows == 7);
    CHECK(exact.exact);
    // An older daemon's reply, without count_exact: its counts were exact.
    MatchCount older = for_each_result(reply_with(R"({"count":3,"next":null,"previous":null,"results":[]})"),
                                       Poco::URI("/events/"), 0, none);
    CHECK(older.rows == 3);
    CHECK(older.exact);
}
