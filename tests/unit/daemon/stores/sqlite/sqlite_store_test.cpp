#include <algorithm>
#include <numeric>

#include <catch2/catch.hpp>

#include "event_parser.hpp"
#include "fingerprint.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {

Event make(const std::string& session, const std::string& category, const std::string& name, const char* when,
           const std::string& data = "{}") {
    Event e;
    e.session_id = session;
    e.category = category;
    e.name = name;
    e.data = data;
    e.timestamp = *parse_timestamp(when);
    e.received_at = e.timestamp;
    e.fingerprint = fingerprint(e);
    return e;
}

std::vector<std::int64_t> ids(const EventPage& page) {
    std::vector<std::int64_t> out;
    for (const Event& e : page.events) out.push_back(e.id);
    return out;
}

}  // namespace

TEST_CASE("the store creates its file and folder and migrates the schema", "[store]") {
    TempDir dir;
    std::string path = dir.file("nested/deeper/eye.db");
    {
        SqliteStore store(path, Durability::power);
        CHECK(store.count() == 0);
    }
    CHECK(std::filesystem::exists(path));
    sqlite::Db db(path, false);
    CHECK(sqlite::schema_version(db) == sqlite::newest_schema_version());
    CHECK(sqlite::newest_schema_version() >= 2);
    sqlite::Statement mode(db, "PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
}

// PRAGMA synchronous is per connection and nothing else shows it: a writer left at OFF would
// pass every other test while an acknowledged event could be lost on a crash of the machine.
TEST_CASE("the writer runs with the synchronous setting its durability asks for", "[store]") {
    TempDir dir;
    {
        SqliteStore store(dir.file("power.db"), Durability::power);
        CHECK(store.durability().mode == "power");
        CHECK(store.durability().synchronous == "full");
    }
    {
        SqliteStore store(dir.file("process.db"), Durability::process);
        CHECK(store.durability().mode == "process");
        CHECK(store.durability().synchronous == "normal");
    }
}

TEST_CASE("a database from a newer eyed is refused", "[store]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    { SqliteStore store(path, Durability::process); }
    {
        sqlite::Db db(path, false);
        db.exec("PRAGMA user_version = 99");
    }
    CHECK_THROWS_WITH(SqliteStore(path, Durability::process), Catch::Contains("newer"));
}

TEST_CASE("append stores events with increasing ids, and find returns them", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    Event a = make("s1", "page interaction", "pageview", "2021-01-01T09:00:00Z", R"({"host":"h"})");
    Event b = make("s1", "page interaction", "cta click", "2021-01-01T09:01:00Z");
    auto results = store.append(std::vector<Event>{a, b}, {});
    REQUIRE(results.size() == 2);
    CHECK_FALSE(results[0].duplicate);
    CHECK(results[1].id > results[0].id);

    auto found = store.find(results[0].id);
    REQUIRE(found);
    CHECK(found->session_id == "s1");
    CHECK(found->name == "pageview");
    CHECK(found->data == R"({"host":"h"})");
    CHECK(found->timestamp == a.timestamp);
    CHECK_FALSE(store.find(results[1].id + 100));
    CHECK(store.count() == 2);
}

TEST_CASE("a repeated fingerprint is stored once and keeps its first id", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    Event a = make("s", "c", "n", "2021-01-01T00:00:00Z");
    auto first = store.append(std::vector<Event>{a}, {});
    // Again, and twice inside one transaction.
    auto again = store.append(std::vector<Event>{make("s", "c", "n", "2021-01-01T00:00:01Z"), a, a}, {});
    CHECK_FALSE(again[0].duplicate);
    CHECK(again[1].duplicate);
    CHECK(again[1].id == first[0].id);
    CHECK(again[2].duplicate);
    CHECK(again[2].id == first[0].id);
    CHECK(store.count() == 2);
}

TEST_CASE("a failed transaction stores nothing of its group", "[store]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    SqliteStore store(path, Durability::process);
    {
        // A trigger makes the second row of the group fail, as a full disk would.
        sqlite::Db db(path, false);
        db.exec(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.name = 'boom' "
            "BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
    }
    std::vector<Event> group{make("s", "c", "ok", "2021-01-01T00:00:00Z"),
                             make("s", "c", "boom", "2021-01-01T00:00:01Z")};
    CHECK_THROWS_WITH(store.append(group, {}), Catch::Contains("refused by test"));
    CHECK(store.count() == 0);
    // The store is usable afterwards.
    store.append(std::vector<Event>{group[0]}, {});
    CHECK(store.count() == 1);
}

TEST_CASE("list filters by session, category, name and an inclusive time range", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    store.append(
        std::vector<Event>{
            make("s1", "page interaction", "pageview", "2021-01-01T09:00:00Z"),       // 1
            make("s1", "page interaction", "cta click", "2021-05-20T00:00:00Z"),      // 2
            make("s2", "form interaction", "submit", "2021-05-20T00:00:00.000001Z"),  // 3
            make("s2", "page interaction", "pageview", "2021-06-01T00:00:00Z"),       // 4
            make("s3", "form interaction", "submit", "2021-07-01T12:00:00Z"),         // 5
        },
        {});

    CHECK(ids(store.list(event_filter(), {.limit = 10})) == std::vector<std::int64_t>{5, 4, 3, 2, 1});
    CHECK(ids(store.list(event_filter().set("session_id", "s2"), {.limit = 10})) == std::vector<std::int64_t>{4, 3});
    CHECK(ids(store.list(event_filter().set("category", "form interaction"), {.limit = 10})) ==
          std::vector<std::int64_t>{5, 3});
    CHECK(ids(store.list(event_filter().set("name", "pageview"), {.limit = 10})) == std::vector<std::int64_t>{4, 1});
    CHECK(ids(store.list(event_filter().set("timestamp_before", *parse_time_bound("2021-05-20")), {.limit = 10})) ==
          std::vector<std::int64_t>{2, 1});
    CHECK(ids(store.list(event_filter().set("timestamp_after", *parse_time_bound("2021-06-01")), {.limit = 10})) ==
          std::vector<std::int64_t>{5, 4});

    Filter combined = event_filter();
    combined.set("category", "page interaction");
    combined.set("timestamp_after", *parse_time_bound("2021-05-20"));
    combined.set("timestamp_before", *parse_time_bound("2021-06-01"));
    EventPage page = store.list(combined, {.limit = 10});
    CHECK(page.count == 2);
    CHECK(ids(page) == std::vector<std::int64_t>{4, 2});
}

TEST_CASE("list pages newest first, ties broken by id, with the full count", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    for (int i = 0; i < 25; ++i)
        events.push_back(make("s", "c", "n", "2021-01-01T00:00:00Z", "{\"i\":" + std::to_string(i) + "}"));
    store.append(events, {});

    EventPage first = store.list(event_filter(), {.limit = 10});
    CHECK(first.count == 25);
    REQUIRE(first.events.size() == 10);
    CHECK(first.events.front().id == 25);
    CHECK(first.events.back().id == 16);
    EventPage last = store.list(event_filter(), {.limit = 10, .offset = 20});
    CHECK(last.count == 25);
    CHECK(ids(last) == std::vector<std::int64_t>{5, 4, 3, 2, 1});
    CHECK(store.list(event_filter(), {.limit = 10, .offset = 30}).events.empty());
}

TEST_CASE("keyset slices walk the list both ways, each row once, while rows arrive", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    // Ties on the timestamp across page boundaries: the id must break them.
    for (int i = 0; i < 25; ++i)
        events.push_back(make("s", "c", "n", i % 2 ? "2021-01-01T00:00:00Z" : "2021-01-02T00:00:00Z",
                              "{\"i\":" + std::to_string(i) + "}"));
    store.append(events, {});

    EventPage first = store.list(event_filter(), {.limit = 10});
    CHECK(first.edges.older);
    CHECK_FALSE(first.edges.newer);
    REQUIRE(first.edges.last);
    CHECK(*first.edges.last == Keyset{first.events.back().timestamp, first.events.back().id});

    // Newer events arrive between pages: offsets would now repeat rows, a keyset does not.
    store.append(
        std::vector<Event>{make("s", "c", "n", "2021-02-01T00:00:00Z"), make("s", "c", "n", "2021-02-01T00:00:01Z")},
        {});
    std::vector<std::int64_t> seen = ids(first);
    Slice next{.limit = 10, .from = first.edges.last, .toward = Toward::older};
    EventPage second = store.list(event_filter(), next);
    CHECK(second.edges.older);
    CHECK(second.edges.newer);
    for (auto id : ids(second)) seen.push_back(id);
    EventPage third = store.list(event_filter(), {.limit = 10, .from = second.edges.last});
    CHECK_FALSE(third.edges.older);
    CHECK(third.events.size() == 5);
    for (auto id : ids(third)) seen.push_back(id);
    std::sort(seen.begin(), seen.end());
    std::vector<std::int64_t> all(25);
    std::iota(all.begin(), all.end(), 1);
    CHECK(seen == all);

    // Back up from the third page: the second page again, in the same order.
    EventPage back = store.list(event_filter(), {.limit = 10, .from = third.edges.first, .toward = Toward::newer});
    CHECK(ids(back) == ids(second));
    // Up from the first page: exactly the two that arrived, newest first.
    EventPage up = store.list(event_filter(), {.limit = 10, .from = first.edges.first, .toward = Toward::newer});
    CHECK(ids(up) == std::vector<std::int64_t>{27, 26});
    CHECK_FALSE(up.edges.newer);

    // Past the end: empty, and the way back includes the row it was read from.
    EventPage beyond = store.list(event_filter(), {.limit = 10, .from = third.edges.last});
    CHECK(beyond.events.empty());
    CHECK_FALSE(beyond.edges.older);
    CHECK(beyond.edges.newer);
}

// Large events must not make a page of 1,000 a reply of a gigabyte: the page stops once its
// rows hold max_bytes, and its edges lead on from the last row it holds.
TEST_CASE("a slice with a byte budget ends early and its edges lead on from there", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    for (int i = 0; i < 7; ++i)
        events.push_back(make("s", "c", "n", "2021-01-01T00:00:00Z",
                              "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(1000, 'x') + "\"}"));
    store.append(events, {});

    // Each row holds a little over 1,000 bytes: the third passes 2,500, so the page ends there.
    EventPage first = store.list(event_filter(), {.limit = 100, .max_bytes = 2500});
    CHECK(ids(first) == std::vector<std::int64_t>{7, 6, 5});
    CHECK(first.count == 7);
    CHECK(first.edges.older);
    std::vector<std::int64_t> seen = ids(first);
    EventPage page = first;
    while (page.edges.older) {
        page = store.list(event_filter(), {.limit = 100, .from = page.edges.last, .max_bytes = 2500});
        REQUIRE_FALSE(page.events.empty());
        for (auto id : ids(page)) seen.push_back(id);
    }
    CHECK(seen == std::vector<std::int64_t>{7, 6, 5, 4, 3, 2, 1});
    // Back up from the last page: the three rows nearest to it, in list order.
    EventPage back = store.list(event_filter(), {.limit = 100, .from = page.edges.first, .toward = Toward::newer,
                                                 .max_bytes = 2500});
    CHECK(ids(back) == std::vector<std::int64_t>{4, 3, 2});
    CHECK(back.edges.newer);
    // A row larger than the whole budget is still served, alone.
    CHECK(store.list(event_filter(), {.limit = 100, .max_bytes = 10}).events.size() == 1);
    // Without a budget, the count bounds the page alone.
    CHECK(store.list(event_filter(), {.limit = 100}).events.size() == 7);
}

TEST_CASE("the three queries of the brief use indexes, not scans", "[store]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    { SqliteStore store(path, Durability::process); }
    sqlite::Db db(path, false);
    auto plan = [&](const std::string& where) {
        sqlite::Statement s(db, "EXPLAIN QUERY PLAN SELECT * FROM events WHERE " + where +
                                    " ORDER BY timestamp DESC, id DESC LIMIT 10");
        std::string all;
        while (s.step()) all += s.text(3) + "\n";
        return all;
    };
    CHECK_THAT(plan("session_id = 'x'"), Catch::Contains("USING INDEX events_by_session"));
    CHECK_THAT(plan("category = 'x' AND timestamp >= 1"), Catch::Contains("USING INDEX events_by_category"));
    CHECK_THAT(plan("timestamp >= 1 AND timestamp <= 2"), Catch::Contains("USING INDEX events_by_time"));
    CHECK_THAT(plan("session_id = 'x'"), !Catch::Contains("TEMP B-TREE"));
    // A keyset position is a range on the same indexes, not a scan.
    CHECK_THAT(plan("(timestamp, id) < (5, 7)"), Catch::Contains("USING INDEX events_by_time (timestamp<?)"));
    CHECK_THAT(plan("category = 'x' AND (timestamp, id) < (5, 7)"),
               Catch::Contains("USING INDEX events_by_category (category=? AND timestamp<?)"));
}

TEST_CASE("a database of an older schema is migrated and keeps its events", "[store]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    {
        // Version 1 as it shipped: events only.
        sqlite::Db db(path, true);
        db.exec(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, category TEXT NOT NULL, "
            "name TEXT NOT NULL, data TEXT NOT NULL, timestamp INTEGER NOT NULL, received_at INTEGER NOT NULL, "
            "event_id TEXT, fingerprint BLOB NOT NULL UNIQUE);"
            "INSERT INTO events VALUES (1, 's', 'c', 'n', '{}', 0, 0, NULL, x'01');"
            "PRAGMA user_version = 1;");
    }
    SqliteStore store(path, Durability::process);
    CHECK(store.count() == 1);
    CHECK(store.list_errors(error_filter(), {.limit = 10}).count == 0);
}

TEST_CASE("apps registered before scopes existed keep both scopes after the migration", "[store][apps]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    {
        SqliteStore store(path, Durability::process);
        CHECK(store.add_app(App{"old", "hash-of-old", 1, std::nullopt, ingest_scope, {"https://a.example"}}));
    }
    {
        // Back to version 4 as it shipped: apps without scopes or origins (nor later indexes).
        sqlite::Db db(path, false);
        db.exec("DROP INDEX events_by_app; DROP INDEX events_by_name; DROP INDEX errors_by_session;"
                "DROP INDEX errors_by_category; DROP INDEX errors_by_name; DROP INDEX errors_by_app;"
                "DROP TABLE app_origins; ALTER TABLE apps DROP COLUMN scopes; PRAGMA user_version = 4");
    }
    SqliteStore store(path, Durability::process);
    auto apps = store.list_apps();
    REQUIRE(apps.size() == 1);
    CHECK(apps[0].scopes == all_scopes);
    CHECK(apps[0].origins.empty());
    CHECK(store.change_app_origins("old", {"https://b.example"}, {}));
    CHECK(store.list_apps()[0].origins == std::vector<std::string>{"https://b.example"});
}

TEST_CASE("refused events are stored with the good ones and listed, filtered and counted", "[store][errors]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    auto rejected = [](const char* code, const char* category, Micros at) {
        RejectedEvent r;
        r.received_at = at;
        r.category = category;
        r.session_id = "s";
        r.name = "n";
        r.error = Error{code, std::string("because ") + code, "data.x"};
        r.raw = R"({"raw":true})";
        return r;
    };
    std::vector<RejectedEvent> errors{rejected("missing_field", "a", 100), rejected("future_timestamp", "b", 200),
                                      rejected("missing_field", "b", 300)};
    auto results = store.append(std::vector<Event>{make("s", "c", "n", "2021-01-01T00:00:00Z")}, errors);
    CHECK(results.size() == 1);
    CHECK(store.count() == 1);

    ErrorPage all = store.list_errors(error_filter(), {.limit = 10});
    REQUIRE(all.count == 3);
    CHECK(all.errors[0].received_at == 300);  // newest first
    CHECK(all.errors[0].error.code == "missing_field");
    CHECK(all.errors[0].error.field == "data.x");
    CHECK(all.errors[0].raw == R"({"raw":true})");

    CHECK(store.list_errors(error_filter().set("code", "missing_field"), {.limit = 10}).count == 2);
    CHECK(store.list_errors(error_filter().set("category", "b").set("before", Micros{250}), {.limit = 10}).count == 1);
    CHECK_THROWS_AS(store.list_errors(event_filter(), {.limit = 10}), std::logic_error);

    auto counts = store.count_errors(error_filter());
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].code == "missing_field");
    CHECK(counts[0].count == 2);
    CHECK(counts[1].count == 1);

    auto one = store.find_error(all.errors[2].id);
    REQUIRE(one);
    CHECK(one->error.code == "missing_field");
    CHECK(one->received_at == 100);
    CHECK_FALSE(store.find_error(999));
}
