// The benchmark's synthetic event, shared so that bench_load's events and bench_sqlite_ceiling's
// rows have the same shape and size (about 230 bytes as JSON).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "timestamp.hpp"

namespace bench {

inline constexpr const char* category = "page interaction";
inline constexpr const char* name = "cta click";
// The payload as a client sends it, and as eyed stores it (canonical: sorted keys, no spaces).
inline constexpr const char* sent_data = R"({"host": "www.example.com", "path": "/", "element": "chat bubble"})";
inline constexpr const char* stored_data = R"({"element":"chat bubble","host":"www.example.com","path":"/"})";
inline constexpr std::uint64_t events_per_session = 50;

// Event n of client `client` in run `run` (a random number per run): the three make the event
// unique, so a repeated run against the same database stores new events, not duplicates.
inline std::string session_id(std::uint32_t run, std::uint32_t client, std::uint64_t n) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4000-8000-%012llx", run, client & 0xffffu,
                  static_cast<unsigned long long>(n / events_per_session));
    return buf;
}

// A client's events are one microsecond apart, from 2021-01-01 on.
inline eye::Micros timestamp(std::uint64_t n) {
    static const eye::Micros start = *eye::parse_timestamp("2021-01-01T00:00:00Z");
    return start + static_cast<eye::Micros>(n);
}

inline std::string event_json(std::uint32_t run, std::uint32_t client, std::uint64_t n) {
    char buf[512];
    std::snprintf(
        buf, sizeof buf, R"({"session_id": "%s", "category": "%s", "name": "%s", "data": %s, "timestamp": "%s"})",
        session_id(run, client, n).c_str(), category, name, sent_data, eye::format_timestamp(timestamp(n)).c_str());
    return buf;
}

}  // namespace bench
