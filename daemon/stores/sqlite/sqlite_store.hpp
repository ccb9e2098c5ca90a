// The embedded default store: one SQLite file in WAL mode.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "durability.hpp"
#include "sqlite_handle.hpp"
#include "wal_checkpointer.hpp"
#include "store.hpp"

namespace eye {

class SqliteStore final : public Store {
public:
    // Creates the file (and its folder) when missing, migrates the schema and runs SQLite's
    // quick_check for up to 3 s (a bigger file is checked as far as it gets); throws
    // sqlite::Error when the file cannot be opened or is found damaged.
    SqliteStore(const std::string& path, Durability durability);
    ~SqliteStore() override;

    std::vector<AppendResult> append(std::span<const Event> events, std::span<const RejectedEvent> rejected) override;
    std::optional<Event> find(std::int64_t id) override;
    EventPage list(const Filter& filter, const Slice& slice) override;
    std::int64_t count() override;
    std::vector<Event> events_after(const Filter& filter, std::int64_t after_id, int limit) override;
    std::int64_t last_id() override;
    SessionPage list_sessions(const Filter& filter, std::int64_t offset, int limit) override;
    std::optional<SessionTimeline> session_timeline(const std::string& session_id, std::optional<TimelineCursor> after,
                                                    int limit) override;
    std::optional<SessionTimeline> session_timeline_within(const std::string& session_id,
                                                           std::optional<TimelineCursor> after, int limit,
                                                           std::size_t max_bytes) override;
    std::vector<SlotCount> count_slots(const Filter& filter, StatsKey by) override;
    std::optional<RejectedEvent> find_error(std::int64_t id) override;
    ErrorPage list_errors(const Filter& filter, const Slice& slice) override;
    std::vector<ErrorCount> count_errors(const Filter& filter) override;
    bool add_app(const App& app) override;
    std::vector<App> list_apps() override;
    bool change_app_origins(const std::string& name, const std::vector<std::string>& add,
                            const std::vector<std::string>& remove) override;
    bool revoke_app(const std::string& name, Micros at) override;
    DurabilitySettings durability() override;
    std::int64_t disk_bytes() override;
    PurgeCounts purge(Micros before, const std::atomic<bool>* cancel = nullptr) override;
    BackupResult backup(const std::string& path) override;
    std::optional<std::string> problem() override;

private:
    class ReaderPool;
    struct Writer;

    // Remembers what failed: damage for good, a failed write until the next write succeeds.
    void note_failure(const sqlite::Error& e, bool writing);

    std::string path_;
    // Events stored: counted once at open, then kept by append (and purges), so that a health
    // check or a status costs no count(*) (40 ms at 1,000,000 events).
    std::atomic<std::int64_t> events_{0};

    std::mutex problem_mutex_;
    std::optional<std::string> damaged_;
    std::optional<std::string> write_failed_;

    std::mutex purge_mutex_;  // one purge at a time
    std::mutex write_mutex_;  // one writer at a time; the ingest pipeline has just one anyway
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReaderPool> readers_;
    // Declared last: stops before the writer's connection closes.
    std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;
};

}  // namespace eye
