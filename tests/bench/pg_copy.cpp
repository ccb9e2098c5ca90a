// COPY against multi-row INSERT for the PostgreSQL store's batches: the same rows (the events
// and fingerprints of bench_load's synthetic events) written into eyed's own schema, a
// transaction per batch, each way in turn, and the rows per second of each.
// Usage: bash tests/pg/pg_harness.sh build/tests/bench/bench_pg_copy  (EYE_TEST_DB names the database)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stores/postgres/pg_connection.hpp"
#include "stores/postgres/pg_schema.hpp"
#include "synthetic_event.hpp"

namespace {

using eye::pg::Connection;
using eye::pg::Params;

struct Row {
    std::int64_t id;
    std::string fingerprint;  // 32 bytes, as SHA-256 gives
    std::string session_id;
    eye::Micros timestamp;
};

constexpr const char* event_columns = "id, session_id, category, name, data, timestamp, received_at, event_id, app";

// As PgStore's insert_rows: statements of up to 1,000 rows, every value a bound parameter.
void insert_rows(Connection& db, const std::vector<Row>& rows) {
    for (std::size_t at = 0; at < rows.size(); at += 1000) {
        std::size_t end = std::min(rows.size(), at + 1000);
        Params fp, ev;
        std::string fp_sql = "INSERT INTO fingerprints (fingerprint, id) VALUES ";
        std::string ev_sql = std::string("INSERT INTO events (") + event_columns + ") VALUES ";
        for (std::size_t i = at; i < end; ++i) {
            const Row& r = rows[i];
            auto n = [](const Params& p) { return "$" + std::to_string(p.size()); };
            fp.bytes(r.fingerprint);
            fp_sql += (i > at ? ", (" : "(") + n(fp) + "::bytea, ";
            fp.int64(r.id);
            fp_sql += n(fp) + "::bigint)";
            ev_sql += i > at ? ", (" : "(";
            ev.int64(r.id), ev_sql += n(ev) + "::bigint, ";
            ev.text(r.session_id), ev_sql += n(ev) + "::text, ";
            ev.text(bench::category), ev_sql += n(ev) + "::text, ";
            ev.text(bench::name), ev_sql += n(ev) + "::text, ";
            ev.text(bench::stored_data), ev_sql += n(ev) + "::text, ";
            ev.int64(r.timestamp), ev_sql += n(ev) + "::bigint, ";
            ev.int64(r.timestamp), ev_sql += n(ev) + "::bigint, NULL, ";
            ev.text("bench"), ev_sql += n(ev) + "::text)";
        }
        db.exec(fp_sql, fp);
        db.exec(ev_sql, ev);
    }
}

void copy_rows(Connection& db, const std::vector<Row>& rows) {
    static const char* hex = "0123456789abcdef";
    std::string fp, ev;
    for (const Row& r : rows) {
        fp += "\\\\x";
        for (unsigned char c : r.fingerprint) fp += hex[c >> 4], fp += hex[c & 15];
        fp += '\t' + std::to_string(r.id) + '\n';
        ev += std::to_string(r.id) + '\t';
        eye::pg::copy_field(ev, r.session_id);
        ev += '\t';
        eye::pg::copy_field(ev, bench::category);
        ev += '\t';
        eye::pg::copy_field(ev, bench::name);
        ev += '\t';
        eye::pg::copy_field(ev, bench::stored_data);
        ev += '\t' + std::to_string(r.timestamp) + '\t' + std::to_string(r.timestamp) + "\t\\N\tbench\n";
    }
    db.copy_in("COPY fingerprints (fingerprint, id) FROM STDIN", fp);
    db.copy_in(std::string("COPY events (") + event_columns + ") FROM STDIN", ev);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"COPY against multi-row INSERT into eyed's PostgreSQL schema"};
    std::size_t batch = 1000, batches = 20;
    int rounds = 5;
    app.add_option("--batch", batch, "rows per transaction (eyed commits up to a batch request's 1,000 at once)");
    app.add_option("--batches", batches, "transactions per run");
    app.add_option("--rounds", rounds, "runs of each way, alternating");
    CLI11_PARSE(app, argc, argv);
    const char* uri = std::getenv("EYE_TEST_DB");
    if (!uri) {
        std::fprintf(stderr, "bench_pg_copy: set EYE_TEST_DB (run it under tests/pg/pg_harness.sh)\n");
        return 2;
    }
    Connection db(uri);
    eye::pg::migrate(db);
    db.run("SET synchronous_commit = on");
    eye::pg::ensure_partition(db, eye::pg::month_partition(bench::timestamp(0)));

    std::mt19937_64 random(42);
    std::int64_t next_id = 1;
    std::uint64_t n = 0;
    auto make_batch = [&] {
        std::vector<Row> rows(batch);
        for (Row& r : rows) {
            r.id = next_id++;
            r.fingerprint.resize(32);
            for (char& c : r.fingerprint) c = static_cast<char>(random());
            r.session_id = bench::session_id(1, 0, n);
            r.timestamp = bench::timestamp(n++);
        }
        return rows;
    };
    std::vector<double> insert_rates, copy_rates;
    for (int round = 0; round < 2 * rounds; ++round) {
        bool copy = round % 2 == 1;
        std::vector<std::vector<Row>> work;
        for (std::size_t b = 0; b < batches; ++b) work.push_back(make_batch());
        auto began = std::chrono::steady_clock::now();
        for (const auto& rows : work) {
            db.run("BEGIN");
            copy ? copy_rows(db, rows) : insert_rows(db, rows);
            db.run("COMMIT");
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        (copy ? copy_rates : insert_rates).push_back(batch * batches / seconds);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    auto list = [](const std::vector<double>& v) {
        std::string s;
        for (double x : v) s += (s.empty() ? "" : " ") + std::to_string(static_cast<long>(x));
        return s;
    };
    std::printf(
        "| %zu-row transactions, events + fingerprints | multi-row INSERT rows/s | COPY rows/s | COPY / INSERT |\n",
        batch);
    std::printf("|---|---:|---:|---:|\n");
    std::printf("| median of %d runs of %zu rows each way, alternating | %.0f | %.0f | %.2f |\n", rounds,
                batch * batches, median(insert_rates), median(copy_rates), median(copy_rates) / median(insert_rates));
    std::printf("- runs: INSERT %s; COPY %s\n", list(insert_rates).c_str(), list(copy_rates).c_str());
    return 0;
}
