// Lifecycle: the start time from both clocks, the wall clock's to show, the steady one to count.
#include "lifecycle.hpp"

namespace eye {

Lifecycle::Lifecycle() : started_at_(now_micros()), began_(std::chrono::steady_clock::now()) {}

void Lifecycle::serving(std::vector<std::string> listeners, std::string database) {
    {
        std::lock_guard lock(mutex_);
        listeners_ = std::move(listeners);
        database_ = std::move(database);
    }
    started_.store(true, std::memory_order_release);
}

std::vector<std::string> Lifecycle::listeners() const {
    std::lock_guard lock(mutex_);
    return listeners_;
}

std::string Lifecycle::database() const {
    std::lock_guard lock(mutex_);
    return database_;
}

double Lifecycle::uptime_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - began_).count();
}

}  // namespace eye
