// The embedded default store: one SQLite file in WAL mode.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "durability.hpp"
#include "sqlite_handle.hpp"
#include "store.hpp"

namespace eye {

class SqliteStore final : public Store {
public:
    // Creates the file (and its folder) when missing and migrates the schema.
    SqliteStore(const std::string& path, Durability durability);
    ~SqliteStore() override;

    std::vector<AppendResult> append(std::span<const Event> events, std::span<const RejectedEvent> rejected) override;
    std::optional<Event> find(std::int64_t id) override;
    EventPage list(const Filter& filter, const Slice& slice) override;
    std::int64_t count() override;
    std::optional<RejectedEvent> find_error(std::int64_t id) override;
    ErrorPage list_errors(const Filter& filter, const Slice& slice) override;
    std::vector<ErrorCount> count_errors(const Filter& filter) override;
    bool add_app(const App& app) override;
    std::vector<App> list_apps() override;
    bool revoke_app(const std::string& name, Micros at) override;

private:
    class ReaderPool;
    struct Writer;

    std::mutex write_mutex_;  // one writer at a time; the ingest pipeline has just one anyway
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReaderPool> readers_;
};

}  // namespace eye
