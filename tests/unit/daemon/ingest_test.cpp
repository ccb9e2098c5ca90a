#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <iostream>
#include <thread>

#include "ingest.hpp"

using namespace eye;
using namespace std::chrono_literals;

namespace {

// How long a test waits for a state it set up; far beyond what any of them needs (microseconds),
// so that expiring means the state never came, not that the machine was slow.
constexpr auto patience = 10s;

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
    std::vector<Event> events_after(const Filter&, std::int64_t, int) override { return {}; }
    std::int64_t last_id() override { return next_id_; }
    SessionPage list_sessions(const Filter&, std::int64_t, int) override { return {}; }
    std::optional<SessionTimeline> session_timeline(const std::string&, std::optional<TimelineCursor>, int) override {
        return std::nullopt;
    }
    std::vector<SlotCount> count_slots(const Filter&, StatsKey) override { return {}; }
    bool add_app(const App&) override { return false; }
    std::vector<App> list_apps() override { return {}; }
    bool revoke_app(const std::string&, Micros) override { return false; }
    bool change_app_origins(const std::string&, const std::vector<std::string>&, const std::vector<std::string>&) override {
        return false;
    }
    DurabilitySettings durability() override { return {}; }
    std::int64_t disk_bytes() override { return 0; }
    PurgeCounts purge(Micros, const std::atomic<bool>*) override { return {}; }
    BackupResult backup(const std::string&) override { return {}; }
    std::optional<std::string> problem() override { return std::nullopt; }

    void hold_commits() {
        std::lock_guard lock(mutex_);
        hold = true;
    }
    void release_commits() {
        std::lock_guard lock(mutex_);
        hold = false;
        changed_.notify_all();
    }
    // Waits until the writer is inside a commit. When it does not get there in time the test
    // fails, and the commits are let go so that every thread finishes instead of hanging.
    void wait_in_commit() {
        std::unique_lock lock(mutex_);
        if (changed_.wait_for(lock, patience, [&] { return in_commit; })) return;
        lock.unlock();
        FAIL_CHECK("the writer did not enter a commit within " << patience.count() << " s");
        release_commits();
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

// Waits until `n` items are accepted and not yet committed. When they are not in time the test
// fails, and the held commit is let go so that the test runs to its end instead of hanging.
void wait_queued(const Ingest& ingest, RecordingStore& store, size_t n) {
    auto deadline = std::chrono::steady_clock::now() + patience;
    while (ingest.queued_events() != n) {
        if (std::chrono::steady_clock::now() > deadline) {
            FAIL_CHECK("queued_events() is " << ingest.queued_events() << " after " << patience.count()
                                             << " s, expected " << n);
            store.release_commits();
            return;
        }
        std::this_thread::sleep_for(100us);
    }
}

// Submits while the writer is held, where a refusal is expected. A refusal comes at once; a
// submit still waiting after the patience was wrongly queued: the test fails and the commits are
// let go, so that it finishes. Rethrows what submit threw.
std::vector<AppendResult> submit_expecting_refusal(Ingest& ingest, RecordingStore& store, std::vector<Event> batch) {
    auto outcome = std::async(std::launch::async, [&] { return ingest.submit(std::move(batch)); });
    if (outcome.wait_for(patience) != std::future_status::ready) {
        FAIL_CHECK("submit was queued behind the held commit instead of being refused");
        store.release_commits();
        if (outcome.wait_for(patience) != std::future_status::ready) {
            // Nothing can end it now (the writer is gone), and the future's destructor would
            // wait for it: stop here rather than hang.
            std::cerr << "ingest_test: a submit stays blocked after its commits were released; exiting\n";
            std::_Exit(EXIT_FAILURE);
        }
    }
    return outcome.get();
}

auto refused_because(IngestRefused::Reason reason) {
    return Catch::Matchers::Predicate<IngestRefused>([=](const IngestRefused& r) { return r.reason() == reason; },
                                                     "refused with the expected reason");
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
    // Counted here and checked on this thread: Catch2's assertions are not thread-safe
    // (ThreadSanitizer reports its counters as a race).
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i)
        later.emplace_back([&] {
            if (ingest.submit(events(2)).size() == 2) ++done;
        });
    wait_queued(ingest, store, 1 + 10);  // the held event and the five requests
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
    wait_queued(ingest, store, 4);  // one in the held commit, three waiting: at capacity
    CHECK_THROWS_MATCHES(submit_expecting_refusal(ingest, store, events(2)), IngestRefused,
                         refused_because(IngestRefused::Reason::queue_full));
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
    wait_queued(ingest, store, 3);
    std::thread stopper([&] { ingest.stop(); });
    store.release_commits();
    stopper.join();
    first.join();
    queued.join();
    CHECK(queued_result.size() == 2);  // drained, not dropped
    CHECK_THROWS_MATCHES(submit_expecting_refusal(ingest, store, events(1)), IngestRefused,
                         refused_because(IngestRefused::Reason::stopping));
}

TEST_CASE("records of refused events travel in the same group commit as good events", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    store.hold_commits();
    std::thread first([&] { ingest.submit(events(1)); });
    store.wait_in_commit();
    // Results are checked on this thread once joined: Catch2's assertions are not thread-safe.
    std::size_t good_results = 0, bad_results = 1;
    std::thread good([&] { good_results = ingest.submit(events(2)).size(); });
    std::thread bad([&] { bad_results = ingest.submit({}, std::vector<RejectedEvent>(3)).size(); });
    wait_queued(ingest, store, 1 + 2 + 3);
    store.release_commits();
    first.join();
    good.join();
    bad.join();
    CHECK(good_results == 2);
    CHECK(bad_results == 0);
    CHECK(store.groups == std::vector<size_t>{1, 2});
    CHECK(store.rejected_groups == std::vector<size_t>{0, 3});
    CHECK(ingest.stats().rejected == 3);
}

// The watchdog's signal: an idle writer still checks in, one stuck in a commit does not.
TEST_CASE("the writer's heartbeat advances while it idles and stops inside a commit", "[ingest]") {
    RecordingStore store;
    Ingest ingest(store, 100);
    auto advances_past = [&](std::chrono::steady_clock::time_point then) {
        auto deadline = std::chrono::steady_clock::now() + patience;
        while (ingest.writer_heartbeat() <= then) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(1ms);
        }
        return true;
    };
    CHECK(advances_past(ingest.writer_heartbeat()));  // idle, it wakes at least once a second

    store.hold_commits();
    std::thread held([&] { ingest.submit(events(1)); });
    store.wait_in_commit();
    auto in_commit = ingest.writer_heartbeat();
    // Absence needs a window: twice the period in which an idle writer checks in.
    std::this_thread::sleep_for(2 * Ingest::heartbeat_period);
    CHECK(ingest.writer_heartbeat() == in_commit);
    store.release_commits();
    held.join();
    CHECK(advances_past(in_commit));
}
