// While eyed runs: tells systemd how it is doing (STATUS= every 10 s: events stored, ingest
// rate over the last minute as /status has it, queue) and, when WatchdogSec= is set, pings the watchdog while the writer is alive.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "ingest.hpp"
#include "metrics.hpp"

namespace eye {

// "1204 events stored, 35.2 events/s over the last minute, 0 queued": what STATUS= says.
std::string service_status_line(std::size_t stored, double events_per_second, std::size_t queued);

class ServiceMonitor {
public:
    // `stored_at_start`: the events the database held when it was opened; the ingest pipeline's
    // commits are counted on top. The rate is the metrics' (what /status says). Starts its
    // thread at once.
    ServiceMonitor(const Ingest& ingest, const Metrics& metrics, std::size_t stored_at_start);
    ~ServiceMonitor();  // stops the thread
    ServiceMonitor(const ServiceMonitor&) = delete;
    ServiceMonitor& operator=(const ServiceMonitor&) = delete;

    // The status line now.
    std::string status() const;

    static constexpr std::chrono::seconds status_period{10};

private:
    void run();

    const Ingest& ingest_;
    const Metrics& metrics_;
    const std::size_t stored_at_start_;
    const std::optional<std::chrono::microseconds> watchdog_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace eye
