// Which rows of a newest-first list one page holds: counted from the top (page numbers), or
// next to a row (keyset), which stays exact while rows are added anywhere in the list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "timestamp.hpp"

namespace eye {

// A row's place in a list ordered by (time, id), newest first: its sort time (an event's
// timestamp, an error's received_at) and its id, which breaks ties.
struct Keyset {
    Micros time = 0;
    std::int64_t id = 0;
    friend bool operator==(const Keyset&, const Keyset&) = default;
};

enum class Toward {
    older,  // down the list: rows after the position, as `next` goes
    newer,  // up the list: rows before the position, as `previous` goes
};

struct Slice {
    int limit = 10;                // rows at most
    std::int64_t offset = 0;       // rows skipped from the newest; only when `from` is empty
    std::optional<Keyset> from{};  // rows strictly older (or newer) than this position
    Toward toward = Toward::older;
    // When set, the page ends early once its rows hold this many bytes (counted as their text
    // columns), with at least one row: memory per page stays bounded however large the rows
    // are. The page's edges then say that rows lie beyond it, so its links continue from there.
    std::size_t max_bytes = 0;
    // When set, the count of the rows a filter matches stops at this many, and the page says
    // that it stopped: a count then costs at most this many index steps, however many rows
    // match. A list without a filter is counted whole (the stores keep or count that cheaply).
    std::int64_t max_count = 0;
};

// What lies beyond one page: whether rows exist older than its last row and newer than its
// first (for an empty page read from a position: beyond that position, the way it did not go),
// and the positions of those rows for the cursors that lead there.
struct PageEdges {
    bool older = false;
    bool newer = false;
    std::optional<Keyset> first;  // the newest row's position; empty for an empty page
    std::optional<Keyset> last;   // the oldest row's position
};

}  // namespace eye
