// eye's pager: one page size throughout, stops at the limit or at the last page.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "daemon_call.hpp"
#include "json_text.hpp"
#include "page_limits.hpp"
#include "pages.hpp"

using namespace eye::cli;

namespace {

// A daemon of `total` rows numbered from 1, paged as eyed pages; records each target asked for.
struct FakeDaemon {
    long total;
    std::vector<std::string> asked;

    Poco::JSON::Object::Ptr page(const std::string& target) {
        asked.push_back(target);
        Poco::URI uri(target);
        long number = 1, size = eye::default_page_size;
        for (auto& [k, v] : uri.getQueryParameters()) {
            if (k == "page") number = std::stol(v);
            if (k == "page_size") size = std::min<long>(std::stol(v), eye::max_page_size);
        }
        Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
        long first = (number - 1) * size + 1;
        for (long i = first; i < first + size && i <= total; ++i) {
            Poco::JSON::Object::Ptr row = new Poco::JSON::Object;
            row->set("id", i);
            results->add(row);
        }
        Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
        reply->set("results", results);
        reply->set("next", first + size <= total ? Poco::Dynamic::Var("more") : Poco::Dynamic::Var());
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
    FakeDaemon daemon{50, {}};
    auto ids = walk(daemon, 7);
    CHECK(ids == std::vector<long>{1, 2, 3, 4, 5, 6, 7});
    REQUIRE(daemon.asked.size() == 1);
    CHECK(daemon.asked[0] == "/events/?category=c&page_size=7&page=1");
}

TEST_CASE("no limit walks every page at the largest size, each row once", "[pages]") {
    FakeDaemon daemon{2500, {}};
    auto ids = walk(daemon, 0);
    REQUIRE(ids.size() == 2500);
    for (size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == static_cast<long>(i + 1));
    CHECK(daemon.asked.size() == 3);
    CHECK(daemon.asked[2] == "/events/?category=c&page_size=1000&page=3");
}

TEST_CASE("a limit across pages stops exactly at the limit", "[pages]") {
    FakeDaemon daemon{5000, {}};
    CHECK(walk(daemon, 1500).size() == 1500);
    CHECK(daemon.asked.size() == 2);
}

TEST_CASE("a reply without results is the daemon's fault, said so", "[pages]") {
    auto broken = [](const std::string&) { return Poco::JSON::Object::Ptr(new Poco::JSON::Object); };
    CHECK_THROWS_AS(for_each_result(broken, Poco::URI("/events/"), 0, [](const Poco::JSON::Object::Ptr&) {}),
                    DaemonError);
}
