// Progress: events done, bytes done of the total, and the rate; redrawn at most 10 times a second.
#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace eye::cli {

Progress::Progress(std::size_t total_bytes, const char* verb)
    : enabled_(isatty(STDERR_FILENO)), total_bytes_(total_bytes), verb_(verb) {}

double Progress::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::size_t events, std::size_t bytes) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    double rate = events / std::max(seconds(), 1e-3);
    if (total_bytes_ > 0)
        std::fprintf(stderr, "\r\033[K%zu events %s, %.1f/%.1f MiB (%.0f%%), %.0f events/s", events, verb_,
                     bytes / 1048576.0, total_bytes_ / 1048576.0, 100.0 * bytes / total_bytes_, rate);
    else
        std::fprintf(stderr, "\r\033[K%zu events %s, %.1f MiB, %.0f events/s", events, verb_, bytes / 1048576.0, rate);
}

void Progress::finish() {
    if (enabled_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace eye::cli
