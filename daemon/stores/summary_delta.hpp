// What one append adds to the session summaries and the statistics rollups; both stores gather
// it in memory and then write each touched row once.
#pragma once

#include <map>
#include <string>
#include <tuple>

#include "event.hpp"
#include "time_buckets.hpp"

namespace eye {

struct SummaryDelta {
    struct Session {
        std::int64_t events = 0;
        const Event* first = nullptr;  // earliest (timestamp, then id) of the new events
        const Event* last = nullptr;   // latest
    };
    std::map<std::string, Session> sessions;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t>
        parts;  // session, app, category, name
    std::map<std::tuple<Micros, std::string, std::string, std::string>, std::int64_t>
        rollups;  // slot, category, name, app

    // `e` was just stored (not a duplicate); new ids grow, so among equal timestamps a later
    // event is the later one.
    void add(const Event& e) {
        Session& s = sessions[e.session_id];
        s.events += 1;
        if (!s.first || e.timestamp < s.first->timestamp) s.first = &e;
        if (!s.last || e.timestamp >= s.last->timestamp) s.last = &e;
        parts[{e.session_id, e.app, e.category, e.name}] += 1;
        rollups[{slot_of(e.timestamp), e.category, e.name, e.app}] += 1;
    }
};

}  // namespace eye
