// Walks a paged list route of the daemon, row by row, up to a limit.
#pragma once

#include <functional>

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "client.hpp"

namespace eye::cli {

// Calls `row` for each result of `route` (with its filter parameters) until `limit` rows
// (0: all) or the last page; every page has the same size, so offsets never overlap.
void for_each_result(Client& client, const Poco::URI& route, long limit,
                     const std::function<void(const Poco::JSON::Object::Ptr&)>& row);

}  // namespace eye::cli
