// The DRF-style page envelope shared by every list route: page or cursor, page_size, count,
// next, previous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <optional>
#include <string>
#include <string_view>

#include "page_cursor.hpp"
#include "query_params.hpp"
#include "request.hpp"
#include "slice.hpp"

namespace eye {

// The query parameters of paging, for list routes to declare among their accepted ones.
inline constexpr std::string_view paging_params[] = {"page", "page_size", "cursor"};

struct PageRequest {
    std::int64_t page = 1;  // the page number asked for (1 when by cursor)
    std::int64_t size = 10;
    std::optional<Cursor> cursor;  // set: the page is read from this position
    Slice slice() const;
};

// `page` or `cursor` (not both), and `page_size` (default_page_size, capped at max_page_size:
// page_limits.hpp). Throws Refusal invalid_query naming the parameter that is wrong.
PageRequest read_paging(const Query& query);

// What a store said of one page, beside its rows and edges.
struct PageSummary {
    std::int64_t count = 0;   // the matching rows (at least this many when !count_exact)
    bool count_exact = true;  // false: the count stopped at max_exact_count (page_limits.hpp)
    std::size_t rows = 0;     // the rows on this page
};

// {"count", "count_exact", "next", "previous", "results"}, the results' JSON array written in
// place by `write_results` (a page may hold megabytes: it is rendered once, not copied into the
// envelope). `next` and `previous` are cursor links from the page's edges, whether the page was
// asked by number or by cursor. Throws Refusal not_found for a page number past the end, one
// with no rows (page 1 of nothing is an empty page; a cursor past the end is an empty page too).
std::string page_envelope(const Request& request, const PageRequest& page, const PageSummary& summary,
                          const PageEdges& edges, const std::function<void(std::ostream&)>& write_results);

}  // namespace eye
