// Counts per second over the last minute, for "events stored per second" in /status.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>

namespace eye {

class RateWindow {
public:
    static constexpr int seconds = 60;

    // Adds `n` to the second `now_s` (seconds on any monotonic clock). Never throws.
    void add(std::uint64_t n, std::int64_t now_s);
    // The mean per second over the `seconds` seconds before `now_s` (the current one
    // included), counting seconds in which nothing happened as 0.
    double per_second(std::int64_t now_s) const;

private:
    struct Slot {
        std::int64_t second = -1;
        std::uint64_t count = 0;
    };
    mutable std::mutex mutex_;  // taken once per commit and per /status: never contended much
    std::array<Slot, seconds> slots_{};
};

// Seconds on the steady clock, for RateWindow.
std::int64_t steady_seconds();

}  // namespace eye
