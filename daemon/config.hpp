// Everything eyed is told at start, with the defaults a new user gets.
#pragma once

#include <cstddef>
#include <string>

#include "durability.hpp"
#include "services.hpp"
#include "timestamp.hpp"
#include "validation_rules.hpp"

namespace eye {

struct Config {
    std::string listen = "127.0.0.1:8000";  // "none": no TCP listener
    std::string socket;                     // empty: default_socket_path(); "none": no Unix listener
    std::string db;                         // empty: default_db_path()
    std::string log_level = "info";
    std::string log_format = "text";  // or "json"
    Durability durability = Durability::power;
    std::size_t queue_depth = 50000;  // events waiting for the writer
    int threads = 256;                // request threads per listener (each serves one request at a time)
    // Connections open at once per listener; a waiting one costs a descriptor and a few KiB, no
    // thread. Lowered at start to what the open-file limit allows.
    std::size_t max_connections = 4096;
    int header_timeout_seconds = 10;   // from a request's start to its last header
    int request_timeout_seconds = 30;  // from the headers to the reply sent, the body included
    int idle_timeout_seconds = 5;      // a kept-alive connection waiting for its next request
    std::size_t max_followers = 64;    // live-tail streams at once; each has threads of its own
    // Events a follower may have waiting before it is dropped: two of the largest batches. They
    // are held once for all followers (~400 bytes an event, ~8 MiB), plus 24 bytes an event per
    // follower (64 followers: ~30 MiB).
    std::size_t follower_buffer = 20000;
    Limits limits;
    std::string schema;  // the event-type schema file; empty: the built-in types
    bool strict_types = false;
    int future_tolerance_seconds = 300;
    std::string timestamp_floor = "2000-01-01";
    bool no_auth = false;                   // TCP without keys; refused unless TCP is loopback-only...
    bool insecure_no_auth = false;          // ...or the operator insists
    std::string socket_group;               // the group the socket file is given (mode 0660)
    std::string retention = "off";          // "90d", "36h" (retention.hpp): events and errors older are purged
    int retention_interval_seconds = 3600;  // between two purges
};

// The event checks the configuration asks for, before the schemas are loaded into them.
inline ValidationRules validation_rules(const Config& config) {
    ValidationRules rules;
    rules.strict_types = config.strict_types;
    rules.future_tolerance = config.future_tolerance_seconds * 1'000'000LL;
    // The option's own check made sure it parses.
    rules.timestamp_floor = *parse_time_bound(config.timestamp_floor);
    return rules;
}

}  // namespace eye
