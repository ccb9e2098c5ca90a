// Purges and backups of SqliteStore: after a purge in many small transactions the summaries and
// rollups equal what the remaining events say (as a rebuild from them would make them), the
// newest ids stay so none is reused, and a backup holds every event stored before it.
#include <random>

#include <catch2/catch.hpp>

#include "fingerprint.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace eye;

namespace {

Event make(const std::string& session, const std::string& name, Micros when, const std::string& app = "web") {
    Event e;
    e.session_id = session;
    e.category = "page interaction";
    e.name = name;
    e.data = R"({"path":"/)" + std::to_string(when % 1000) + R"("})";
    e.timestamp = when;
    e.received_at = when;
    e.app = app;
    e.fingerprint = fingerprint(e);
    return e;
}

Micros at(const char* text) {
    return *parse_timestamp(text);
}

std::int64_t one_number(sqlite::Db& db, const std::string& sql) {
    sqlite::Statement s(db, sql);
    s.step();
    return s.int64(0);
}

// Rows that differ between a kept table and the same table rebuilt from the events (as the
// migration that introduced it builds it); 0 when they agree.
std::int64_t disagreements(sqlite::Db& db) {
    const std::string rollups =
        "SELECT timestamp - timestamp % 900000000, category, name, app, count(*) FROM events GROUP BY 1, 2, 3, 4";
    const std::string parts = "SELECT session_id, app, category, name, count(*) FROM events GROUP BY 1, 2, 3, 4";
    const std::string path = "CASE json_type(data, '$.path') WHEN 'text' THEN json_extract(data, '$.path') END";
    const std::string sessions =
        "SELECT session_id, min(timestamp), max(timestamp), count(*), "
        "(SELECT " +
        path +
        " FROM events f WHERE f.session_id = e.session_id ORDER BY timestamp, id LIMIT 1), "
        "(SELECT " +
        path +
        " FROM events f WHERE f.session_id = e.session_id ORDER BY timestamp DESC, id DESC LIMIT 1) "
        "FROM events e GROUP BY session_id";
    std::int64_t n = 0;
    for (auto [kept, rebuilt] : {std::pair{std::string("SELECT * FROM rollups"), rollups},
                                 std::pair{std::string("SELECT * FROM session_parts"), parts},
                                 std::pair{std::string("SELECT * FROM sessions"), sessions}}) {
        n += one_number(db, "SELECT count(*) FROM (" + kept + " EXCEPT " + rebuilt + ")");
        n += one_number(db, "SELECT count(*) FROM (" + rebuilt + " EXCEPT " + kept + ")");
    }
    return n;
}

std::vector<RejectedEvent> none;

}  // namespace

TEST_CASE("a purge in many transactions leaves summaries and rollups equal to the remaining events", "[store][purge]") {
    TempDir dir;
    std::string path = dir.file("eye.db");
    SqliteStore store(path, Durability::process);
    std::mt19937_64 rng(11);
    Micros base = at("2021-06-01T00:00:00Z");
    std::uniform_int_distribution<Micros> offset(0, 4 * 24 * 3'600'000'000LL);
    std::vector<Event> events;
    const char* names[] = {"pageview", "cta click", "submit"};
    for (int i = 0; i < 3000; ++i)
        events.push_back(make("s" + std::to_string(i % 37), names[i % 3], base + offset(rng), i % 2 ? "web" : "app"));
    store.append(events, none);
    std::vector<RejectedEvent> refused(1200);
    for (std::size_t i = 0; i < refused.size(); ++i) {
        refused[i].error = Error{code::future_timestamp, "later", "timestamp"};
        refused[i].received_at = base + static_cast<Micros>(i) * 300'000'000;  // every 5 minutes over 4 days
    }
    store.append({}, refused);

    // Two days in, inside a 15-minute slot: the slot's rollup keeps the count of what remains.
    Micros cut = base + 2 * 24 * 3'600'000'000LL + 7 * 60'000'000LL;
    std::int64_t older = 0, older_errors = 0;
    // The newest event (the largest id) stays whatever its time: see the next case.
    for (std::size_t i = 0; i + 1 < events.size(); ++i) older += events[i].timestamp < cut;
    for (const RejectedEvent& r : refused) older_errors += r.received_at < cut;
    REQUIRE(older > 1000);  // several transactions of 500

    PurgeCounts n = store.purge(cut);
    CHECK(n.events == older);
    CHECK(n.errors == older_errors);
    CHECK(n.rollups > 0);
    CHECK(store.count() == 3000 - older);

    sqlite::Db db(path, false);
    CHECK(one_number(db, "SELECT count(*) FROM events") == 3000 - older);
    CHECK(one_number(db, "SELECT count(*) FROM events WHERE timestamp < " + std::to_string(cut)) ==
          (events.back().timestamp < cut ? 1 : 0));
    CHECK(one_number(db, "SELECT count(*) FROM errors") == static_cast<std::int64_t>(refused.size()) - older_errors);
    CHECK(disagreements(db) == 0);
    CHECK(store.purge(cut).events == 0);  // nothing left to purge
}

TEST_CASE("a purge keeps the newest row of each table, so that no id is ever used twice", "[store][purge]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    store.append(std::vector{make("a", "pageview", at("2021-01-01T00:00:00Z"))}, none);
    auto last = store.append(std::vector{make("b", "pageview", at("2021-01-01T00:00:01Z"))}, none);
    PurgeCounts n = store.purge(at("2022-01-01T00:00:00Z"));
    CHECK(n.events == 1);
    CHECK(store.find(last[0].id));
    auto next = store.append(std::vector{make("c", "pageview", at("2021-01-01T00:00:02Z"))}, none);
    CHECK(next[0].id == last[0].id + 1);
}

TEST_CASE("a backup is a consistent copy that holds every event stored before it", "[store][backup]") {
    TempDir dir;
    SqliteStore store(dir.file("eye.db"), Durability::process);
    std::vector<Event> events;
    for (int i = 0; i < 300; ++i) events.push_back(make("s", "pageview", at("2021-01-01T00:00:00Z") + i));
    auto stored = store.append(events, none);
    BackupResult copy = store.backup(dir.file("copy.db"));
    CHECK(copy.events == 300);
    CHECK(copy.last_id == stored.back().id);
    CHECK(copy.bytes > 0);
    sqlite::Db db(dir.file("copy.db"), false);
    sqlite::Statement check(db, "PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
    CHECK(one_number(db, "SELECT count(*) FROM events") == 300);
    CHECK(disagreements(db) == 0);
    CHECK_THROWS_AS(store.backup(dir.file("copy.db")), std::invalid_argument);  // never over a file
}
