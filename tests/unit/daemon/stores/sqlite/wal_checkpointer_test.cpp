#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "sqlite_handle.hpp"
#include "temp_dir.hpp"
#include "wal_checkpointer.hpp"

using namespace eye::sqlite;

namespace {

void wal_mode(Db& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
}

// One small transaction: at least one new frame in the log.
void commit_one(Db& db, int n) {
    Statement insert(db, "INSERT INTO t (n, pad) VALUES (?1, zeroblob(200))");
    insert.bind(1, static_cast<std::int64_t>(n));
    insert.step();
}

// Waits (at most 10 s) until the checkpointer has run more than `than` checkpoints and has
// nothing left to do.
bool checkpointed_beyond(const WalCheckpointer& c, int than) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (c.checkpoints() <= than || !c.idle()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace

TEST_CASE("the writer's commits wake the checkpointer, and the log it backfilled is written over again") {
    TempDir dir;
    std::string path = dir.file("c.db");
    Db writer(path, true);
    wal_mode(writer);
    writer.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
    // The inline fallback is out of reach here: every checkpoint is the thread's.
    WalCheckpointer checkpointer(path, writer, wal_mode, 100, 1'000'000);

    int n = 0;
    for (int round = 0; round < 20; ++round) {
        int before = checkpointer.checkpoints();
        for (int i = 0; i < 150; ++i) commit_one(writer, n++);
        REQUIRE(checkpointed_beyond(checkpointer, before));
    }
    CHECK(checkpointer.failures() == 0);
    // 3,000 commits of a frame or more each: without checkpoints the log would hold them all
    // (12 MiB). Rewound by the first commit after each round the thread backfilled whole, it
    // never holds much more than one round's frames.
    auto wal_bytes = std::filesystem::file_size(path + "-wal");
    CHECK(wal_bytes < 1000 * (4096 + 24));

    Db reader(path, false);
    Statement count(reader, "SELECT count(*), max(n) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 3000);
    CHECK(count.int64(1) == 2999);
}

TEST_CASE("without the thread, a log past the inline limit is checkpointed by the writer's commit") {
    TempDir dir;
    std::string path = dir.file("c.db");
    Db writer(path, true);
    wal_mode(writer);
    writer.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
    // The thread is never woken (its threshold is out of reach); the writer's own fallback at
    // 200 frames has to keep the log short.
    WalCheckpointer checkpointer(path, writer, wal_mode, 1'000'000, 200);
    for (int n = 0; n < 3000; ++n) commit_one(writer, n);
    CHECK(checkpointer.checkpoints() == 0);
    CHECK(std::filesystem::file_size(path + "-wal") < 400 * (4096 + 24));  // SQLite's own hook: 1,000 frames
}
