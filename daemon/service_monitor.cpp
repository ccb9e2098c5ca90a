// The monitor's loop: wakes for the watchdog (twice per interval, as sd_watchdog_enabled(3)
// advises) and for the status line, whichever comes first.
#include "service_monitor.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "systemd_notify.hpp"

namespace eye {

std::string service_status_line(std::size_t stored, double events_per_second, std::size_t queued) {
    return fmt::format("{} events stored, {:.1f} events/s over the last minute, {} queued", stored,
                       events_per_second, queued);
}

ServiceMonitor::ServiceMonitor(const Ingest& ingest, const Metrics& metrics, std::size_t stored_at_start)
    : ingest_(ingest),
      metrics_(metrics),
      stored_at_start_(stored_at_start),
      watchdog_(systemd::watchdog_interval()),
      thread_([this] { run(); }) {}

ServiceMonitor::~ServiceMonitor() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::string ServiceMonitor::status() const {
    return service_status_line(stored_at_start_ + ingest_.stats().events, metrics_.stored_per_second(),
                               ingest_.queued_events());
}

void ServiceMonitor::run() {
    using clock = std::chrono::steady_clock;
    auto tick = std::chrono::duration_cast<clock::duration>(status_period);
    if (watchdog_) tick = std::min(tick, std::chrono::duration_cast<clock::duration>(*watchdog_ / 2));
    auto next_status = clock::now() + status_period;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, tick, [this] { return stop_; })) {
        auto now = clock::now();
        // A writer stuck in a commit (or dead) stops the pings, and systemd restarts eyed.
        if (watchdog_ && now - ingest_.writer_heartbeat() < *watchdog_) systemd::notify_watchdog();
        if (now >= next_status) {
            next_status = now + status_period;
            lock.unlock();
            systemd::notify_status(status());
            lock.lock();
        }
    }
}

}  // namespace eye
