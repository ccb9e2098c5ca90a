// The live tail's hub: filters, the follower cap, bounded buffers that drop a follower that falls
// behind (and never block the writer), and stop waking everyone.
#include <thread>

#include <catch2/catch.hpp>

#include "followers.hpp"
#include "stats_filter.hpp"

using namespace eye;
using namespace std::chrono_literals;
using Wake = Followers::Subscription::Wake;

namespace {

Event event(std::int64_t id, const std::string& category) {
    Event e;
    e.id = id;
    e.session_id = "s";
    e.category = category;
    e.name = "n";
    e.app = "web";
    e.timestamp = id * 1'000'000;
    return e;
}

}  // namespace

TEST_CASE("a follower gets the committed events its filter matches, in order", "[followers]") {
    Followers hub(4, 100);
    auto all = hub.join(event_filter());
    auto clicks = hub.join(event_filter().set("category", std::string("click")));
    hub.publish({event(1, "view"), event(2, "click"), event(3, "view")});
    std::vector<Event> got;
    REQUIRE(all->wait(got, 0ms) == Wake::events);
    CHECK(got.size() == 3);
    CHECK(got.front().id == 1);
    REQUIRE(clicks->wait(got, 0ms) == Wake::events);
    REQUIRE(got.size() == 1);
    CHECK(got[0].id == 2);
    CHECK(clicks->wait(got, 0ms) == Wake::timeout);
    CHECK(got.empty());
}

TEST_CASE("no more than max_followers; leaving frees a place", "[followers]") {
    Followers hub(2, 10);
    auto a = hub.join(event_filter());
    auto b = hub.join(event_filter());
    CHECK_FALSE(hub.join(event_filter()));
    CHECK(hub.count() == 2);
    a.reset();
    CHECK(hub.join(event_filter()) != nullptr);
}

TEST_CASE("a follower that falls behind gets what fitted, then the count it missed", "[followers]") {
    Followers hub(2, 3);
    auto slow = hub.join(event_filter());
    auto fast = hub.join(event_filter());
    std::vector<Event> got;
    for (std::int64_t id = 1; id <= 5; ++id) {
        hub.publish({event(id, "view")});  // never blocks, however full a buffer is
        REQUIRE(fast->wait(got, 0ms) == Wake::events);
        CHECK(got.back().id == id);
    }
    REQUIRE(slow->wait(got, 0ms) == Wake::events);
    CHECK(got.size() == 3);
    hub.publish({event(6, "view")});  // once behind, it stays behind
    CHECK(slow->wait(got, 0ms) == Wake::dropped);
    CHECK(slow->dropped() == 3);
}

TEST_CASE("stop wakes a waiting follower and refuses new ones", "[followers]") {
    Followers hub(2, 10);
    auto waiting = hub.join(event_filter());
    std::thread stopper([&] {
        std::this_thread::sleep_for(50ms);
        hub.stop();
    });
    std::vector<Event> got;
    CHECK(waiting->wait(got, 10s) == Wake::stopped);
    stopper.join();
    CHECK_FALSE(hub.join(event_filter()));
}

TEST_CASE("events match a filter as the store's conditions do", "[followers]") {
    Event e = event(1, "view");
    CHECK(event_matches(event_filter(), e));
    CHECK(event_matches(event_filter().set("app", std::string("web")).set("timestamp_after", Micros{1'000'000}), e));
    CHECK_FALSE(event_matches(event_filter().set("timestamp_before", Micros{999'999}), e));
    CHECK_FALSE(event_matches(event_filter().set("session_id", std::string("other")), e));
    CHECK_THROWS_AS(event_matches(stats_filter(), e), std::logic_error);
}

TEST_CASE("a filtered follower is dropped once the commits it holds grow past twice its buffer", "[followers]") {
    Followers hub(1, 8);
    auto rare = hub.join(event_filter().set("category", std::string("rare")));
    // Each commit has one matching event among nine others: two commits hold 20 events > 2 x 8.
    for (std::int64_t c = 0; c < 4; ++c) {
        std::vector<Event> commit;
        for (std::int64_t i = 0; i < 10; ++i) commit.push_back(event(c * 10 + i + 1, i == 0 ? "rare" : "common"));
        hub.publish(commit);
    }
    std::vector<Event> got;
    REQUIRE(rare->wait(got, 0ms) == Wake::events);
    CHECK(got.size() == 1);  // the first commit's; the second took it past 2 x 8 held events
    CHECK(rare->wait(got, 0ms) == Wake::dropped);
    CHECK(rare->dropped() == 3);
}
