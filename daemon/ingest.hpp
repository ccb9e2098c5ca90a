// The ingest pipeline: a bounded queue in front of one writer thread that commits whatever is
// waiting in one transaction (group commit) and then wakes the requests it carried.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "event.hpp"
#include "metrics.hpp"
#include "store.hpp"

namespace eye {

class IngestRefused : public std::runtime_error {
public:
    enum class Reason { queue_full, stopping };
    IngestRefused(Reason reason, const char* what) : std::runtime_error(what), reason_(reason) {}
    Reason reason() const { return reason_; }

private:
    Reason reason_;
};

class Ingest {
public:
    // Told, on the writer thread after each commit and after its requests were answered, the
    // newly stored events (ids set, duplicates left out) in commit order. Must not block.
    using CommitListener = std::function<void(std::vector<Event>)>;

    // `capacity` bounds the items (events and records of refused events) waiting for the
    // writer, and so the memory they hold. `metrics`, when given, is told every commit.
    Ingest(Store& store, std::size_t capacity, CommitListener on_commit = {}, Metrics* metrics = nullptr);
    ~Ingest();
    Ingest(const Ingest&) = delete;
    Ingest& operator=(const Ingest&) = delete;

    // Blocks until the events (and the records of refused ones) are committed and returns the
    // events' results in order. Throws IngestRefused when the queue is full or the pipeline is
    // stopping, and rethrows the store's error when the commit failed (nothing of that group was
    // stored then).
    std::vector<AppendResult> submit(std::vector<Event> events, std::vector<RejectedEvent> rejected = {});

    // Refuses new work, commits everything already queued, and joins the writer.
    void stop();

    struct Stats {
        std::size_t commits = 0;   // transactions the writer ran
        std::size_t events = 0;    // events it committed in them
        std::size_t rejected = 0;  // records of refused events it committed
    };
    Stats stats() const;

    // Items (events and refusal records) accepted and not yet committed: waiting, or in the
    // commit under way.
    std::size_t queued_events() const;

    // True from stop() on: new work is refused while what was queued drains.
    bool stopping() const;

    // When the writer last went round its loop: at least every `heartbeat_period` while it is
    // alive and not stuck in a commit (the systemd watchdog pings only while it is recent).
    std::chrono::steady_clock::time_point writer_heartbeat() const;
    static constexpr std::chrono::seconds heartbeat_period{1};

    // The most items that may wait (the `capacity` it was built with).
    std::size_t capacity() const { return capacity_; }

private:
    struct Job {
        std::vector<Event> events;
        std::vector<RejectedEvent> rejected;
        std::promise<std::vector<AppendResult>> done;
    };

    void run();
    void commit(std::vector<Job>& group);

    Store& store_;
    const std::size_t capacity_;
    CommitListener on_commit_;
    Metrics* metrics_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::size_t queued_events_ = 0;
    bool stopping_ = false;
    Stats stats_;
    std::atomic<std::chrono::steady_clock::rep> heartbeat_{std::chrono::steady_clock::now().time_since_epoch().count()};
    std::thread writer_;
};

}  // namespace eye
