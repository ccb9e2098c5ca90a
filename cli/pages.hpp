// Walks a paged list route of the daemon, row by row, up to a limit, by the keyset cursors of
// its `next` links: rows that arrive meanwhile never shift what is still to come.
#pragma once

#include <functional>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "client.hpp"

namespace eye::cli {

// Fetches one page: the reply object of a GET of `target` (a path with query). Throws what
// the call throws (DaemonError, Unreachable).
using FetchPage = std::function<Poco::JSON::Object::Ptr(const std::string& target)>;

// A FetchPage over `client`, which must outlive it.
FetchPage fetch_from(Client& client);

// A list's `count`: -1 when the reply had none; with `exact` false, more than `rows` match
// (the daemon stops counting at 10,000: README's Paging).
struct MatchCount {
    long rows = -1;
    bool exact = true;
};

// Calls `row` for each result of `route` (with its filter parameters) until `limit` rows
// (0: all) or the last page, asking each page after the first by the `cursor` (or, from an
// older daemon, the `page`) of the previous reply's `next`. Every row that existed when the
// walk began is seen exactly once. Throws DaemonError when a reply has no results array or a
// `next` that is no URL. Returns the first reply's `count` and `count_exact`.
MatchCount for_each_result(const FetchPage& fetch, const Poco::URI& route, long limit,
                     const std::function<void(const Poco::JSON::Object::Ptr&)>& row);

}  // namespace eye::cli
