// The session summaries and statistics rollups SqliteStore keeps beside the events: updated in
// the append's transaction, unchanged by duplicates, widened correctly by out-of-order events,
// and always equal to what the events themselves say.
#include <random>

#include <catch2/catch.hpp>

#include "fingerprint.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"
#include "time_buckets.hpp"

using namespace eye;

namespace {

Event make(const std::string& session, const std::string& name, Micros when, const std::string& data = "{}",
           const std::string& app = "web") {
    Event e;
    e.session_id = session;
    e.category = "page interaction";
    e.name = name;
    e.data = data;
    e.timestamp = when;
    e.received_at = when;
    e.app = app;
    e.fingerprint = fingerprint(e);
    return e;
}

Micros at(const char* text) {
    return *parse_timestamp(text);
}

std::vector<RejectedEvent> none;

std::int64_t total(const std::vector<SlotCount>& counts) {
    std::int64_t n = 0;
    for (const auto& c : counts) n += c.events;
    return n;
}

}  // namespace

TEST_CASE("a session's summary is widened by out-of-order events and unchanged by duplicates", "[store][sessions]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    Event middle = make("s1", "pageview", at("2021-01-01T10:00:00Z"), R"({"path":"/b"})");
    Event late = make("s1", "cta click", at("2021-01-01T10:05:00Z"), R"({"path":"/c"})", "mobile");
    Event early = make("s1", "pageview", at("2021-01-01T09:59:00Z"), R"({"path":"/a"})");
    Event tie = make("s1", "pageview", at("2021-01-01T10:05:00Z"), R"({"host":"h"})");
    store.append(std::vector{middle, late}, none);
    store.append(std::vector{early, middle}, none);  // middle again: a duplicate
    store.append(std::vector{tie}, none);            // same time as the last: later id, so it is the exit

    auto timeline = store.session_timeline("s1", std::nullopt, 100);
    REQUIRE(timeline);
    const SessionSummary& s = timeline->summary;
    CHECK(s.events == 4);
    CHECK(s.first_seen == early.timestamp);
    CHECK(s.last_seen == late.timestamp);
    CHECK(s.entry == "/a");
    CHECK_FALSE(s.exit);  // the last event, `tie`, has no path
    CHECK(s.apps == std::vector<std::string>{"mobile", "web"});
    REQUIRE(s.types.size() == 2);
    CHECK((s.types[0].name == "cta click" && s.types[0].events == 1));
    CHECK((s.types[1].name == "pageview" && s.types[1].events == 3));

    std::vector<std::string> order;
    for (const Event& e : timeline->events) order.push_back(e.data);
    CHECK(order == std::vector<std::string>{early.data, middle.data, late.data, tie.data});
    CHECK_FALSE(timeline->more);
    CHECK_FALSE(store.session_timeline("nobody", std::nullopt, 10));
}

TEST_CASE("a timeline is paged by cursor with no gap and no repeat", "[store][sessions]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    // Pairs of events at the same instant, posted newest first, so the id tie-break matters.
    for (int i = 9; i >= 0; --i)
        for (int k = 0; k < 2; ++k)
            events.push_back(make("s", "pageview", at("2021-01-01T00:00:00Z") + i * 1'000'000,
                                  R"({"n":)" + std::to_string(i * 2 + k) + "}"));
    store.append(events, none);
    std::vector<std::int64_t> seen;
    std::optional<TimelineCursor> cursor;
    for (;;) {
        auto page = store.session_timeline("s", cursor, 3);
        REQUIRE(page);
        for (const Event& e : page->events) seen.push_back(e.id);
        if (!page->more) break;
        cursor = TimelineCursor{page->events.back().timestamp, page->events.back().id};
    }
    REQUIRE(seen.size() == 20);
    // Ascending by time; ids within one instant ascending.
    for (std::size_t i = 0; i < seen.size(); i += 2) CHECK(seen[i] < seen[i + 1]);
    CHECK(parse_cursor(format_cursor({12, 34}))->id == 34);
    CHECK_FALSE(parse_cursor("12_"));
    CHECK_FALSE(parse_cursor("x_1"));
}

// As a page of events does, a timeline page ends once its events hold the byte budget, with at
// least one event, and its cursor leads on from there.
TEST_CASE("a timeline page ends at its byte budget and the cursor continues from there", "[store][sessions]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    const std::string filler(1000, 'x');  // each event holds a little over 1,000 bytes of text
    for (int i = 0; i < 10; ++i)
        events.push_back(make("s", "pageview", at("2021-01-01T00:00:00Z") + i * 1'000'000,
                              R"({"n":)" + std::to_string(i) + R"(,"f":")" + filler + "\"}"));
    store.append(events, none);

    auto first = store.session_timeline_within("s", std::nullopt, 100, 2500);
    REQUIRE(first);
    CHECK(first->events.size() == 3);  // 2 events hold under 2,500 bytes; the third passes it
    CHECK(first->more);

    std::vector<std::int64_t> seen;
    std::optional<TimelineCursor> cursor;
    int pages = 0;
    for (;;) {
        auto page = store.session_timeline_within("s", cursor, 100, 2500);
        REQUIRE(page);
        REQUIRE_FALSE(page->events.empty());
        ++pages;
        for (const Event& e : page->events) seen.push_back(e.id);
        if (!page->more) break;
        cursor = TimelineCursor{page->events.back().timestamp, page->events.back().id};
    }
    CHECK(pages == 4);  // 3 + 3 + 3 + 1
    std::vector<std::int64_t> all;
    for (std::int64_t id = 1; id <= 10; ++id) all.push_back(id);
    CHECK(seen == all);

    // A budget smaller than one event still gives one; none (0) reads `limit` events.
    CHECK(store.session_timeline_within("s", std::nullopt, 100, 10)->events.size() == 1);
    CHECK(store.session_timeline_within("s", std::nullopt, 100, 0)->events.size() == 10);
    CHECK_FALSE(store.session_timeline_within("s", std::nullopt, 100, 0)->more);
}

TEST_CASE("sessions are listed last seen first and filtered by their events", "[store][sessions]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    store.append(std::vector{make("old", "pageview", at("2021-01-01T00:00:00Z")),
                             make("new", "cta click", at("2021-01-03T00:00:00Z"), "{}", "mobile"),
                             make("mid", "pageview", at("2021-01-02T00:00:00Z"))},
                 none);
    auto ids = [](const SessionPage& p) {
        std::vector<std::string> out;
        for (const auto& s : p.sessions) out.push_back(s.session_id);
        return out;
    };
    CHECK(ids(store.list_sessions(session_filter(), 0, 10)) == std::vector<std::string>{"new", "mid", "old"});
    CHECK(ids(store.list_sessions(session_filter().set("name", std::string("pageview")), 0, 10)) ==
          std::vector<std::string>{"mid", "old"});
    CHECK(ids(store.list_sessions(session_filter().set("app", std::string("mobile")), 0, 10)) ==
          std::vector<std::string>{"new"});
    auto recent = store.list_sessions(session_filter().set("after", at("2021-01-02T00:00:00Z")), 0, 1);
    CHECK(recent.count == 2);
    CHECK(ids(recent) == std::vector<std::string>{"new"});
    CHECK(store
              .list_sessions(session_filter().set("app", std::string("mobile")).set("name", std::string("pageview")), 0,
                             10)
              .count == 0);
    CHECK_THROWS_AS(store.list_sessions(event_filter(), 0, 10), std::logic_error);
}

TEST_CASE("slot counts equal the events' own counts for any bounds", "[store][stats]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::mt19937_64 rng(9);
    Micros base = at("2021-06-01T00:00:00Z");
    std::uniform_int_distribution<Micros> offset(0, 3 * 24 * 3'600'000'000LL);
    std::vector<Event> events;
    const char* names[] = {"pageview", "cta click", "submit"};
    for (int i = 0; i < 600; ++i)
        events.push_back(make("s" + std::to_string(i % 17), names[i % 3], base + offset(rng)));
    store.append(events, none);
    store.append(std::span(events).first(50), none);  // duplicates change nothing
    RejectedEvent refused;
    refused.error = Error{code::future_timestamp, "later", "timestamp"};
    refused.category = "page interaction";
    refused.name = "pageview";
    store.append({}, std::vector{refused});  // nor do refused events

    CHECK(total(store.count_slots(stats_filter(), StatsKey::all)) == 600);
    for (int round = 0; round < 40; ++round) {
        Micros a = base + offset(rng), b = base + offset(rng);
        if (a > b) std::swap(a, b);
        if (round % 5 == 0) b = a + rng() % 2'000'000'000;  // within a slot or two
        Filter stats = stats_filter().set("after", a).set("before", b);
        Filter listed = event_filter().set("timestamp_after", a).set("timestamp_before", b);
        if (round % 2) {
            stats.set("name", std::string(names[round % 3]));
            listed.set("name", std::string(names[round % 3]));
        }
        INFO("round " << round);
        CHECK(total(store.count_slots(stats, StatsKey::category)) == store.list(listed, Slice{1}).count);
    }
    auto by_name = store.count_slots(stats_filter(), StatsKey::type);
    for (const auto& c : by_name) {
        CHECK(c.key.starts_with("page interaction/"));
        CHECK(slot_of(c.slot) == c.slot);
    }
}

TEST_CASE("summaries and rollups are rebuilt from the events of an older database", "[store][sessions][stats]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    {
        SqliteStore store(path, Durability::process);
        store.append(std::vector{make("s", "pageview", at("2021-01-01T00:00:00Z"), R"({"path":"/in"})"),
                                 make("s", "pageview", at("2021-01-01T01:00:00Z"), R"({"path":"/out"})")},
                     none);
    }
    {
        // As schema version 3 left it: events, no summaries (nor what later versions added).
        sqlite::Db db(path, false);
        db.exec("DROP INDEX events_by_app; DROP INDEX events_by_name; DROP INDEX errors_by_session;"
                "DROP INDEX errors_by_category; DROP INDEX errors_by_name; DROP INDEX errors_by_app;"
                "DROP TABLE app_origins; ALTER TABLE apps DROP COLUMN scopes;"
                "DROP TABLE sessions; DROP TABLE session_parts; DROP TABLE rollups; PRAGMA user_version = 3");
    }
    SqliteStore store(path, Durability::process);
    auto timeline = store.session_timeline("s", std::nullopt, 10);
    REQUIRE(timeline);
    CHECK(timeline->summary.events == 2);
    CHECK(timeline->summary.entry == "/in");
    CHECK(timeline->summary.exit == "/out");
    CHECK(total(store.count_slots(stats_filter(), StatsKey::all)) == 2);
}
