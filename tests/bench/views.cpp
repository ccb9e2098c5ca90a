// bench_views: the read views on a store of N events (default 1,000,000), through eyed's own
// store: ingest rate with the session summaries and rollups kept, then p50/p99 of a month of
// hourly stats by category, a 1,000-event session timeline page and the first page of sessions.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "fingerprint.hpp"
#include "sqlite_store.hpp"
#include "stats.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// p50 and p99 in ms of `runs` calls.
std::pair<double, double> time_it(int runs, const std::function<void()>& call) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        auto start = Clock::now();
        call();
        ms.push_back(ms_since(start));
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_views: sessions and stats on a store of many events"};
    std::string db = "/tmp/bench-views/eye.db";
    long events = 1'000'000;
    int runs = 50;
    app.add_option("--db", db, "database file (replaced)");
    app.add_option("--events", events, "events to store");
    app.add_option("--runs", runs, "calls per measured query");
    CLI11_PARSE(app, argc, argv);

    std::filesystem::remove_all(std::filesystem::path(db).parent_path());
    eye::SqliteStore store(db, eye::Durability::process);
    const char* categories[] = {"page interaction", "form interaction", "navigation", "media"};
    const char* names[] = {"pageview", "cta click", "submit"};
    const char* apps[] = {"web", "mobile"};
    const eye::Micros start = *eye::parse_timestamp("2021-01-01T00:00:00Z");
    // 1,000 events per session, 1,000 sessions per million, spread evenly over 60 days.
    const eye::Micros step = 60LL * 86'400'000'000LL / events;
    const long batch = 10'000;
    std::vector<eye::Event> group;
    auto ingest_start = Clock::now();
    for (long n = 0; n < events; ++n) {
        eye::Event e;
        e.session_id = "session-" + std::to_string(n % (events / 1000));
        e.category = categories[n % 4];
        e.name = names[n % 3];
        e.app = apps[n % 2];
        e.data = R"({"element":"chat bubble","host":"www.example.com","path":"/p)" + std::to_string(n % 50) + "\"}";
        e.timestamp = start + n * step;
        e.received_at = e.timestamp;
        e.fingerprint = eye::fingerprint(e);
        group.push_back(std::move(e));
        if (static_cast<long>(group.size()) == batch || n + 1 == events) {
            store.append(group, {});
            group.clear();
        }
    }
    double ingest_s = ms_since(ingest_start) / 1000;

    eye::Filter month = eye::stats_filter()
                            .set("after", *eye::parse_timestamp("2021-01-15T00:00:00Z"))
                            .set("before", *eye::parse_timestamp("2021-02-14T23:59:59.999999Z"));
    eye::TimeBuckets hours(eye::BucketUnit::hour, "Europe/Berlin");
    auto stats = time_it(runs, [&] {
        auto counts = store.count_slots(month, eye::StatsKey::category);
        eye::tabulate(counts, hours, *eye::parse_timestamp("2021-01-15T00:00:00Z"),
                      *eye::parse_timestamp("2021-02-14T23:59:59.999999Z"), false);
    });
    eye::Filter ragged = eye::stats_filter()
                             .set("after", *eye::parse_timestamp("2021-01-15T00:07:13Z"))
                             .set("before", *eye::parse_timestamp("2021-02-14T23:52:01Z"));
    auto stats_ragged = time_it(runs, [&] {
        auto counts = store.count_slots(ragged, eye::StatsKey::category);
        eye::tabulate(counts, hours, *eye::parse_timestamp("2021-01-15T00:07:13Z"),
                      *eye::parse_timestamp("2021-02-14T23:52:01Z"), false);
    });
    auto timeline = time_it(runs, [&] { store.session_timeline("session-7", std::nullopt, 1000); });
    auto sessions = time_it(runs, [&] { store.list_sessions(eye::session_filter(), 0, 10); });

    std::printf("| On %ld stored events (SQLite, in-process) | p50 | p99 |\n|---|---|---|\n", events);
    std::printf("| a month of hourly stats by category (Europe/Berlin, bounds on slots) | %.2f ms | %.2f ms |\n",
                stats.first, stats.second);
    std::printf("| the same with bounds inside slots (edges counted from events) | %.2f ms | %.2f ms |\n",
                stats_ragged.first, stats_ragged.second);
    std::printf("| a 1,000-event session timeline page | %.2f ms | %.2f ms |\n", timeline.first, timeline.second);
    std::printf("| the first page of sessions (10) | %.2f ms | %.2f ms |\n", sessions.first, sessions.second);
    std::printf("\nIngest with summaries and rollups kept, 10,000-event transactions: %.0f events/s\n",
                static_cast<double>(events) / ingest_s);
    return 0;
}
