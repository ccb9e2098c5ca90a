// The DRF-style page envelope shared by every list route: page, page_size, count, next, previous.
#pragma once

#include <cstdint>
#include <string>

#include "query_params.hpp"
#include "request.hpp"

namespace eye {

struct PageRequest {
    std::int64_t page = 1;
    std::int64_t size = 10;
    std::int64_t offset() const { return (page - 1) * size; }
};

// `page` and `page_size` (default_page_size, capped at max_page_size: page_limits.hpp).
PageRequest read_paging(const Query& query);

// {"count", "next", "previous", "results"} around the already rendered JSON array of results;
// throws Refusal not_found for a page past the end (page 1 of nothing is an empty page).
std::string page_envelope(const Request& request, const PageRequest& page, std::int64_t count,
                          const std::string& results_json);

}  // namespace eye
