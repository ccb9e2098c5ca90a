// Retention: a background thread that purges what is older than --retention, when eyed starts
// and then every --retention-interval.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "store.hpp"

namespace eye {

// "90d", "90 days", "36h", "36 hours" (also "1 day", "1 hour"): a positive whole number of days
// or hours; nothing for anything else. Never throws.
std::optional<std::chrono::seconds> parse_retention(std::string_view text);

class Retention {
public:
    // Starts the thread; its first purge runs at once.
    Retention(Store& store, std::chrono::seconds keep, std::chrono::seconds every);
    ~Retention();
    Retention(const Retention&) = delete;
    Retention& operator=(const Retention&) = delete;

    // Ends a purge under way after its current transaction, and joins the thread.
    void stop();

private:
    void run();

    Store& store_;
    const std::chrono::seconds keep_, every_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

}  // namespace eye
