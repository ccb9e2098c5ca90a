// The storage interface: everything above it (routes, ingest, CLI) is storage-agnostic.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "app.hpp"
#include "error_filter.hpp"
#include "event.hpp"
#include "event_filter.hpp"
#include "rejected_event.hpp"

namespace eye {

struct AppendResult {
    std::int64_t id = 0;
    bool duplicate = false;  // an event with the same fingerprint was already stored under id
};

class Store {
public:
    virtual ~Store() = default;

    // Stores the events and the rejection records in one transaction; an event whose fingerprint
    // is already stored (or repeats an earlier one of the same call) keeps the first id. Results
    // follow the events' order.
    virtual std::vector<AppendResult> append(std::span<const Event> events,
                                             std::span<const RejectedEvent> rejected) = 0;

    virtual std::optional<Event> find(std::int64_t id) = 0;

    // The slice of the matching events, newest first (timestamp, then id, descending), with the
    // count of all that match and the page's edges, all read from one snapshot. `filter` is an
    // event_filter(); throws std::logic_error for another table's.
    virtual EventPage list(const Filter& filter, const Slice& slice) = 0;

    virtual std::int64_t count() = 0;

    virtual std::optional<RejectedEvent> find_error(std::int64_t id) = 0;
    // As list(), ordered by received_at, then id. `filter` is an error_filter(); throws
    // std::logic_error for another table's.
    virtual ErrorPage list_errors(const Filter& filter, const Slice& slice) = 0;
    // How many of the matching errors carry each code, most frequent first.
    virtual std::vector<ErrorCount> count_errors(const Filter& filter) = 0;

    // Applications. add_app returns false when the name is taken (revoked names stay taken, so
    // their events keep one meaning); revoke_app false when there is no such live app.
    virtual bool add_app(const App& app) = 0;
    virtual std::vector<App> list_apps() = 0;
    virtual bool revoke_app(const std::string& name, Micros at) = 0;
};

}  // namespace eye
