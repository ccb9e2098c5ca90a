// The storage ceiling: how fast SQLite alone inserts the benchmark's events with eyed's own
// schema, pragmas and insert statement.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include "event.hpp"
#include "fingerprint.hpp"
#include "sqlite_handle.hpp"
#include "sqlite_schema.hpp"
#include "synthetic_event.hpp"

namespace {

// Only what differs from row to row; the rest is constant.
struct Row {
    std::string session_id;
    eye::Micros timestamp;
    std::string fingerprint;
};

std::vector<Row> make_rows(std::int64_t count) {
    std::uint32_t run = std::random_device{}();
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        eye::Event e;
        e.session_id = bench::session_id(run, 0, static_cast<std::uint64_t>(i));
        e.category = bench::category;
        e.name = bench::name;
        e.data = bench::stored_data;
        e.timestamp = bench::timestamp(static_cast<std::uint64_t>(i));
        rows.push_back({e.session_id, e.timestamp, eye::fingerprint(e)});
    }
    return rows;
}

// User + system CPU this process has used, in microseconds: the ceiling's cost per row, so that
// eyed's CPU per event has something to be compared with.
double cpu_us() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    auto us = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec); };
    return us(r.ru_utime) + us(r.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    std::int64_t events = 200000;
    std::int64_t batch = 10000;
    std::string durability = "power";
    CLI::App app{"bench_sqlite_ceiling: inserts synthetic events into a fresh database as eyed's writer does"};
    app.add_option("--db", path, "database file to create; must not exist")->required();
    app.add_option("--events", events, "rows to insert")->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--batch", batch, "rows per transaction")->check(CLI::PositiveNumber)->capture_default_str();
    app.add_option("--durability", durability, "power (synchronous=FULL) or process (NORMAL), as eyed's option")
        ->check(CLI::IsMember({"power", "process"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    // A ceiling is measured on an empty table; refusing also keeps a real database safe.
    if (std::filesystem::exists(path)) {
        std::cerr << "bench_sqlite_ceiling: " << path << " exists; give the path of a new file\n";
        return 2;
    }

    try {
        eye::sqlite::Db db(path, true);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec(durability == "power" ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        eye::sqlite::migrate(db);
        eye::sqlite::Statement insert(
            db,
            "INSERT INTO events (session_id, category, name, data, timestamp, received_at, event_id, "
            "fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (fingerprint) DO NOTHING");

        // Built before the clock starts: the ceiling is SQLite's, not the SHA-256's.
        std::vector<Row> rows = make_rows(events);
        eye::Micros received_at = eye::now_micros();

        auto start = std::chrono::steady_clock::now();
        double cpu_start = cpu_us();
        std::int64_t inserted = 0;
        for (std::size_t first = 0; first < rows.size(); first += static_cast<std::size_t>(batch)) {
            std::size_t end = std::min(rows.size(), first + static_cast<std::size_t>(batch));
            db.exec("BEGIN IMMEDIATE");
            for (std::size_t i = first; i < end; ++i) {
                insert.reset();
                insert.bind(1, rows[i].session_id).bind(2, bench::category).bind(3, bench::name);
                insert.bind(4, bench::stored_data).bind(5, rows[i].timestamp).bind(6, received_at);
                insert.bind_null(7).bind_blob(8, rows[i].fingerprint);
                insert.step();
                inserted += db.changes();
            }
            insert.reset();
            db.exec("COMMIT");
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double cpu = cpu_us() - cpu_start;

        if (inserted != events) {
            std::cerr << "bench_sqlite_ceiling: only " << inserted << " of " << events << " rows were new\n";
            return 1;
        }
        double rate = static_cast<double>(inserted) / seconds;
        std::printf("SQLite ceiling: %lld rows in %.3f s, %lld-row transactions, durability %s: %.0f rows/s\n",
                    static_cast<long long>(inserted), seconds, static_cast<long long>(batch), durability.c_str(), rate);
        std::printf("rows_per_s=%.0f cpu_us=%.1f\n", rate, cpu / static_cast<double>(inserted));
    } catch (const std::exception& e) {
        std::cerr << "bench_sqlite_ceiling: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
