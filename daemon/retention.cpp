// Retention's thread: purge, log what went, sleep until the next round or stop(). A failed
// purge is logged and tried again next round: what it committed stays purged.
#include "retention.hpp"

#include <regex>
#include <string>

#include <spdlog/spdlog.h>

#include "timestamp.hpp"

namespace eye {

std::optional<std::chrono::seconds> parse_retention(std::string_view text) {
    static const std::regex form(R"(^\s*([0-9]{1,6})\s*(d|days?|h|hours?)\s*$)");
    std::cmatch m;
    if (!std::regex_match(text.begin(), text.end(), m, form)) return std::nullopt;
    long n = std::stol(m[1].str());
    if (n <= 0) return std::nullopt;
    return std::chrono::seconds(n * (m[2].str()[0] == 'd' ? 86400 : 3600));
}

Retention::Retention(Store& store, std::chrono::seconds keep, std::chrono::seconds every)
    : store_(store), keep_(keep), every_(every), thread_([this] { run(); }) {}

Retention::~Retention() {
    stop();
}

void Retention::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Retention::run() {
    while (!stopping_) {
        Micros before = now_micros() - std::chrono::duration_cast<std::chrono::microseconds>(keep_).count();
        try {
            auto began = std::chrono::steady_clock::now();
            PurgeCounts n = store_.purge(before, &stopping_);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
            if (n.events || n.errors)
                spdlog::info(
                    "retention: purged {} events and {} errors from before {} ({} sessions, {} rollup rows "
                    "emptied) in {:.1f} s",
                    n.events, n.errors, format_timestamp(before), n.sessions, n.rollups, seconds);
        } catch (const std::exception& e) {
            spdlog::error("retention: purge failed, next try in {} s: {}", every_.count(), e.what());
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, every_, [this] { return stopping_.load(); });
    }
}

}  // namespace eye
