// Every filter of GET /events/ is served by an index: the plans SQLite makes for the statements
// a page runs (its capped count, its rows from the top or from a cursor either way, and the
// checks for rows beyond) never scan the events table and never sort the matches.
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "error_filter.hpp"
#include "event_filter.hpp"
#include "page_limits.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_list_sql.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {

// The plan's lines ("SEARCH events USING INDEX events_by_app (app=? AND timestamp<?)", …).
std::vector<std::string> plan_of(const sqlite::Db& db, const std::string& sql) {
    sqlite::Statement s(db, "EXPLAIN QUERY PLAN " + sql);
    std::vector<std::string> lines;
    while (s.step()) lines.push_back(s.text(3));
    return lines;
}

Slice first_page() {
    Slice s;
    s.max_count = max_exact_count;
    return s;
}

}  // namespace

TEST_CASE("no filter of the events list scans the table or sorts its matches", "[store][plan]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    { SqliteStore migrated(path, Durability::process); }
    sqlite::Db db(path, false);

    const Micros day = 1'611'100'800'000'000, day_end = day + 86'400'000'000 - 1;
    struct Case {
        const char* name;
        Filter filter;
    };
    std::vector<Case> cases{
        {"session_id", event_filter().set("session_id", std::string("s"))},
        {"category", event_filter().set("category", std::string("c"))},
        {"name", event_filter().set("name", std::string("n"))},
        {"app", event_filter().set("app", std::string("web"))},
        {"timestamp_after", event_filter().set("timestamp_after", day)},
        {"timestamp_before", event_filter().set("timestamp_before", day_end)},
        {"one day", event_filter().set("timestamp_after", day).set("timestamp_before", day_end)},
        {"category + day",
         event_filter().set("category", std::string("c")).set("timestamp_after", day).set("timestamp_before", day_end)},
        {"app + day", event_filter().set("app", std::string("web")).set("timestamp_after", day).set("timestamp_before", day_end)},
        {"name + day", event_filter().set("name", std::string("n")).set("timestamp_after", day)},
        {"session_id + category", event_filter().set("session_id", std::string("s")).set("category", std::string("c"))},
        {"category + name", event_filter().set("category", std::string("c")).set("name", std::string("n"))},
        {"app + category", event_filter().set("app", std::string("web")).set("category", std::string("c"))},
    };
    for (const Case& c : cases) {
        auto sql = sqlite::list_statements({"events", "*", "timestamp"}, c.filter, event_filter_fields, first_page());
        for (const std::string& statement :
             {sql.count, sql.first_rows, sql.older.rows, sql.older.exists, sql.newer.rows, sql.newer.exists}) {
            {
                INFO("filter " << c.name << ": " << statement);
                int reads_of_events = 0;
                for (const std::string& line : plan_of(db, statement)) {
                    INFO(line);
                    // Other lines name the subqueries (CO-ROUTINE, SCAN of a subquery's rows).
                    if (line.find(" events") != std::string::npos) {
                        ++reads_of_events;
                        CHECK(line.starts_with("SEARCH events USING "));
                    }
                    CHECK(line.find("TEMP B-TREE") == std::string::npos);
                }
                CHECK(reads_of_events == 1);
            }
        }
    }
}

TEST_CASE("a filtered page's count stops at the cap and says so; an unfiltered one is whole", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    for (int i = 0; i < 25; ++i) {
        Event e;
        e.session_id = "s";
        e.category = i < 20 ? "wide" : "narrow";
        e.name = "n";
        e.data = "{}";
        e.app = "web";
        e.timestamp = 1'600'000'000'000'000 + i;
        e.received_at = e.timestamp;
        e.fingerprint = std::string(31, 'f') + static_cast<char>(i);
        events.push_back(e);
    }
    store.append(events, {});
    Slice slice;
    slice.max_count = 10;
    auto wide = store.list(event_filter().set("category", std::string("wide")), slice);
    CHECK(wide.count == 10);
    CHECK_FALSE(wide.count_exact);
    CHECK(wide.events.size() == 10);
    CHECK(wide.edges.older);
    auto narrow = store.list(event_filter().set("category", std::string("narrow")), slice);
    CHECK(narrow.count == 5);
    CHECK(narrow.count_exact);
    auto unfiltered = store.list(event_filter(), slice);  // counted whole, whatever the cap
    CHECK(unfiltered.count == 25);
    CHECK(unfiltered.count_exact);
    slice.max_count = 20;  // exactly at the cap is still exact
    auto at_cap = store.list(event_filter().set("category", std::string("wide")), slice);
    CHECK(at_cap.count == 20);
    CHECK(at_cap.count_exact);
    slice.max_count = 0;  // no cap: every match
    auto all = store.list(event_filter(), slice);
    CHECK(all.count == 25);
    CHECK(all.count_exact);
}

TEST_CASE("no filter of the errors list scans the table or sorts its matches", "[store][plan]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    { SqliteStore migrated(path, Durability::process); }
    sqlite::Db db(path, false);
    const Micros day = 1'611'100'800'000'000;
    std::vector<std::pair<const char*, Filter>> cases{
        {"code", error_filter().set("code", std::string("invalid_json"))},
        {"session_id", error_filter().set("session_id", std::string("s"))},
        {"category", error_filter().set("category", std::string("c"))},
        {"name", error_filter().set("name", std::string("n"))},
        {"app", error_filter().set("app", std::string("web"))},
        {"after + before", error_filter().set("after", day).set("before", day + 86'400'000'000)},
        {"app + after", error_filter().set("app", std::string("web")).set("after", day)},
    };
    for (const auto& [name, filter] : cases) {
        auto sql = sqlite::list_statements({"errors", "*", "received_at"}, filter, error_filter_fields, first_page());
        for (const std::string& statement :
             {sql.count, sql.first_rows, sql.older.rows, sql.older.exists, sql.newer.rows, sql.newer.exists}) {
            INFO("filter " << name << ": " << statement);
            int reads_of_errors = 0;
            for (const std::string& line : plan_of(db, statement)) {
                INFO(line);
                if (line.find(" errors") != std::string::npos) {
                    ++reads_of_errors;
                    CHECK(line.starts_with("SEARCH errors USING "));
                }
                CHECK(line.find("TEMP B-TREE") == std::string::npos);
            }
            CHECK(reads_of_errors == 1);
        }
    }
}

TEST_CASE("a position is folded into the filter's time bound on its side", "[store][plan]") {
    Filter window = event_filter().set("timestamp_after", Micros{100}).set("timestamp_before", Micros{200});
    using sqlite::folded_position;
    CHECK(folded_position(window, Toward::older, {300, 5}) == Keyset{201, 0});
    CHECK(folded_position(window, Toward::older, {150, 5}) == Keyset{150, 5});
    CHECK(folded_position(window, Toward::newer, {50, 5}) == Keyset{99, std::numeric_limits<std::int64_t>::max()});
    CHECK(folded_position(window, Toward::newer, {150, 5}) == Keyset{150, 5});
    CHECK(folded_position(event_filter(), Toward::older, {300, 5}) == Keyset{300, 5});
}

TEST_CASE("cursors inside a time window walk exactly the window's rows, both ways", "[store]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    for (int i = 0; i < 30; ++i) {
        Event e;
        e.session_id = "s";
        e.category = "c";
        e.name = "n";
        e.data = "{}";
        e.app = "web";
        e.timestamp = 1'000 + (i / 2);  // two events per time, so ids break ties
        e.received_at = e.timestamp;
        e.fingerprint = std::string(31, 'w') + static_cast<char>(i);
        events.push_back(e);
    }
    store.append(events, {});
    Filter window = event_filter().set("timestamp_after", Micros{1'003}).set("timestamp_before", Micros{1'010});
    std::vector<std::int64_t> down, up;
    Slice slice;
    slice.limit = 3;
    for (;;) {
        EventPage page = store.list(window, slice);
        for (const Event& e : page.events) down.push_back(e.id);
        if (!page.edges.older) break;
        slice.from = page.edges.last;
        slice.toward = Toward::older;
    }
    std::vector<std::int64_t> expected;
    for (std::int64_t id = 22; id >= 7; --id) expected.push_back(id);  // times 1,003..1,010: ids 7..22
    CHECK(down == expected);
    slice.from = Keyset{1'003, 7};  // from the oldest row in the window, up
    slice.toward = Toward::newer;
    for (;;) {
        EventPage page = store.list(window, slice);
        for (auto it = page.events.rbegin(); it != page.events.rend(); ++it) up.push_back(it->id);
        if (!page.edges.newer) break;
        slice.from = page.edges.first;
    }
    std::vector<std::int64_t> expected_up;
    for (std::int64_t id = 8; id <= 22; ++id) expected_up.push_back(id);
    CHECK(up == expected_up);
}
