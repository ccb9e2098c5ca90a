// Where the daemon is in its life: starting until every listener serves, and since when, on
// which addresses. For /readyz and /status; draining is the ingest pipeline's to say.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "timestamp.hpp"

namespace eye {

class Lifecycle {
public:
    Lifecycle();  // the daemon's start: now

    // Every listener is up (their addresses, "http://127.0.0.1:8000", "unix:/run/eye/eye.sock")
    // on the store at `database`: ready to serve from now on.
    void serving(std::vector<std::string> listeners, std::string database);
    // False from the start until serving().
    bool started() const { return started_.load(std::memory_order_acquire); }

    // SIGTERM came: work that can stop early (a purge) should. stop_flag() turns true then.
    void stop() { stopping_.store(true); }
    const std::atomic<bool>* stop_flag() const { return &stopping_; }

    std::vector<std::string> listeners() const;
    std::string database() const;
    Micros started_at() const { return started_at_; }
    double uptime_seconds() const;

private:
    Micros started_at_;
    std::chrono::steady_clock::time_point began_;
    std::atomic<bool> started_{false};
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> listeners_;
    std::string database_;
};

}  // namespace eye
