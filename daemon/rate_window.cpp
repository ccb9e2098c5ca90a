// RateWindow: a ring of one-second slots, each knowing which second it holds, so that a slot
// left over from a minute ago is never counted.
#include "rate_window.hpp"

#include <chrono>

namespace eye {

void RateWindow::add(std::uint64_t n, std::int64_t now_s) {
    std::lock_guard lock(mutex_);
    Slot& slot = slots_[static_cast<std::size_t>(now_s % seconds)];
    if (slot.second != now_s) slot = Slot{now_s, 0};
    slot.count += n;
}

double RateWindow::per_second(std::int64_t now_s) const {
    std::lock_guard lock(mutex_);
    std::uint64_t total = 0;
    for (const Slot& slot : slots_)
        if (slot.second > now_s - seconds && slot.second <= now_s) total += slot.count;
    return static_cast<double>(total) / seconds;
}

std::int64_t steady_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace eye
