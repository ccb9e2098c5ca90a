// What the routes work with: the store, the ingest pipeline, the event types and the limits.
#pragma once

#include <cstddef>
#include <string>

#include "app_registry.hpp"
#include "body_budget.hpp"
#include "connection_watch.hpp"
#include "followers.hpp"
#include "ingest.hpp"
#include "lifecycle.hpp"
#include "metrics.hpp"
#include "schema_registry.hpp"
#include "store.hpp"

namespace eye {

struct Limits {
    std::size_t max_body = 1 << 20;        // one event
    std::size_t max_batch_body = 8 << 20;  // a JSON array or NDJSON batch
    std::size_t max_batch_events = 10000;
    int retry_after_seconds = 1;               // told to clients refused with 503
    std::size_t max_inflight_body = 64 << 20;  // all request bodies held at once
};

struct Services {
    Store& store;
    Ingest& ingest;
    SchemaRegistry& schemas;
    AppRegistry& apps;
    BodyBudget& bodies;
    bool auth_required;  // over TCP; the Unix socket never asks for a key
    Limits limits;
    const ConnectionWatch* connections = nullptr;  // for /healthz; none in tests that need none
    Followers* followers = nullptr;                // the live tail's hub; none: GET /events/stream answers 503
    Metrics* metrics = nullptr;                    // counters for GET /metrics; none: requests go uncounted
    Lifecycle* life = nullptr;                     // starting or serving, since when, where; none: always started
};

}  // namespace eye
