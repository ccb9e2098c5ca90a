#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "ingest.hpp"

using namespace eye;

namespace {

// A store that records each append's size and can hold the writer inside a commit, so a test
// can fill the queue behind it deterministically.
class RecordingStore final : public Store {
public:
    std::vector<AppendResult> append(std::span<const Event> events, std::span<const RejectedEvent> rejected) override {
        std::unique_lock lock(mutex_);
        groups.push_back(events.size());
        rejected_groups.push_back(rejected.size());
        in_commit = true;
        changed_.notify_all();
        changed_.wait(lock, [&] { return !hold; });
        in_commit = false;
        if (fail) throw std::runtime_error("disk full");
        std::vector<AppendResult> r;
        for (size_t i = 0; i < events.size(); ++i) r.push_back({++next_id_, false});
        return r;
    }
    std::optional<Event> find(std::int64_t) override { return std::nullopt; }
    EventPage list(const Filter&, const Slice&) override { return {}; }
    std::int64_t count() override { return next_id_; }
    std::optional<RejectedEvent> find_error(std::int64_t) override { return std::nullopt; }
    ErrorPage list_errors(const Filter&, const Slice&) override { return {}; }
    std::vector<ErrorCount> count_errors(const Filter&) override { return {}; }
    bool add_app(const App&) override { return false; }
    std::vector<App> list_apps() override { return {}; }
    bool revoke_app(const std::string&, Micros) override { return false; }

    void hold_commits() {
        std::lock_guard lock(mutex_);
        hold = true;
    }
    void release_commits() {
        std::lock_guard lock(mutex_);
        hold = false;
        changed_.notify_all();
    }
    void wait_in_commit() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return in_commit; });
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<size_t> groups;
    std::vector<size_t> rejected_groups;
    bool hold = false, in_commit = false, fail = false;
    std::int64_t next_id_ = 0;
};

std::vector<Event> events(size_t n) {
    return std::vector<Event>(n);
}

// Waits until `n` events are accepted and not yet committed.
void wait_queued(const Ingest& ingest, size_t n) {
    while (ingest.queued_events() != n) std::this_thread::yield();
}

}  // namespace

TEST_CASE("submit returns the store's results in order", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    auto r = ingest.submit(events(3));
    REQUIRE(r.size() == 3);
    CHECK(r[0].id == 1);
    CHECK(r[2].id == 3);
    CHECK(ingest.stats().commits == 1);
}

TEST_CASE("requests waiting behind a commit are grouped into the next one", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    store.hold_commits();
    std::thread first([&] { ingest.submit(events(1)); });
    store.wait_in_commit();  // the writer is inside commit 1, holding
    std::vector<std::thread> later;
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i)
        later.emplace_back([&] {
            auto r = ingest.submit(events(2));
            CHECK(r.size() == 2);
            ++done;
        });
    wait_queued(ingest, 1 + 10);  // the held event and the five requests
    store.release_commits();
    first.join();
    for (auto& t : later) t.join();
    CHECK(done == 5);
    // Commit 1 held one event; the five requests waiting behind it went into one commit.
    CHECK(store.groups == std::vector<size_t>{1, 10});
}

TEST_CASE("a full queue refuses new events instead of growing", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 4);
    store.hold_commits();
    std::thread first([&] { ingest.submit(events(1)); });
    store.wait_in_commit();
    std::thread queued([&] { ingest.submit(events(3)); });
    wait_queued(ingest, 4);  // one in the held commit, three waiting: at capacity
    CHECK_THROWS_AS(ingest.submit(events(2)), IngestRefused);
    try {
        ingest.submit(events(2));
    } catch (const IngestRefused& r) {
        CHECK(r.reason() == IngestRefused::Reason::queue_full);
    }
    store.release_commits();
    first.join();
    queued.join();
    // Once drained, the queue takes events again.
    CHECK(ingest.submit(events(2)).size() == 2);
}

TEST_CASE("a store failure reaches every request of the group, and nothing is acknowledged", "[ingest]") {
    RecordingStore store;
    store.fail = true;
    Ingest ingest(store, 100);
    CHECK_THROWS_WITH(ingest.submit(events(2)), "disk full");
    store.fail = false;
    CHECK(ingest.submit(events(1)).size() == 1);
}

TEST_CASE("stop drains what is queued and then refuses", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    store.hold_commits();
    std::thread first([&] { ingest.submit(events(1)); });
    store.wait_in_commit();
    std::vector<AppendResult> queued_result;
    std::thread queued([&] { queued_result = ingest.submit(events(2)); });
    wait_queued(ingest, 3);
    std::thread stopper([&] { ingest.stop(); });
    store.release_commits();
    stopper.join();
    first.join();
    queued.join();
    CHECK(queued_result.size() == 2);  // drained, not dropped
    CHECK_THROWS_AS(ingest.submit(events(1)), IngestRefused);
}

TEST_CASE("records of refused events travel in the same group commit as good events", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    store.hold_commits();
    std::thread first([&] { ingest.submit(events(1)); });
    store.wait_in_commit();
    std::thread good([&] { CHECK(ingest.submit(events(2)).size() == 2); });
    std::thread bad([&] { CHECK(ingest.submit({}, std::vector<RejectedEvent>(3)).empty()); });
    wait_queued(ingest, 1 + 2 + 3);
    store.release_commits();
    first.join();
    good.join();
    bad.join();
    CHECK(store.groups == std::vector<size_t>{1, 2});
    CHECK(store.rejected_groups == std::vector<size_t>{0, 3});
    CHECK(ingest.stats().rejected == 3);
}
