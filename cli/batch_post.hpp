// Posting events to the daemon in NDJSON batches, for eye send --file and eye import: retries
// while the queue is full, and reports refused events by their input line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>

#include "client.hpp"

namespace eye::cli {

// A batch's body stays under this: well under the daemon's default batch limit.
inline constexpr std::size_t max_batch_request_bytes = 4 << 20;

struct BatchTotals {
    std::size_t sent = 0, accepted = 0, duplicates = 0, rejected = 0;
    Poco::JSON::Array::Ptr refusals;  // {"line", "error"} per refused event, when kept for a JSON summary
    bool print_ids = false;           // -q: each stored (or original) id on standard output
};

// Posts one NDJSON batch, waiting (as Retry-After says) and retrying while the daemon answers
// 503, up to 30 attempts; adds the reply's counts to `totals` and prints each refused event on
// standard error by its input line (`lines`: each event's, in batch order). Throws DaemonError
// for any other error reply, Unreachable when the daemon cannot be reached.
void post_batch(Client& client, const std::string& body, const std::vector<std::size_t>& lines, BatchTotals& totals);

}  // namespace eye::cli
