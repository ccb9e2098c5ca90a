// Page envelopes: page numbers past the end are 404 as in the original API (page 1 of nothing
// is an empty page, not an error); links are keyset cursors, so a client following `next` sees
// every row once however many rows arrive meanwhile, and a deep page costs what the first does.
#include "paging.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/JSON/Stringifier.h>

#include "error.hpp"
#include "page_limits.hpp"
#include "page_links.hpp"
#include "query_params.hpp"

namespace eye {
namespace {

constexpr std::int64_t max_page = 1'000'000'000'000;

void write_link(std::ostream& out, const std::optional<std::string>& url) {
    if (url)
        Poco::JSON::Stringifier::formatString(*url, out);
    else
        out << "null";
}

}  // namespace

Slice PageRequest::slice() const {
    Slice s;
    s.limit = static_cast<int>(size);
    s.max_bytes = max_page_bytes;
    s.max_count = max_exact_count;
    if (cursor) {
        s.from = cursor->at;
        s.toward = cursor->toward;
    } else {
        s.offset = (page - 1) * size;
    }
    return s;
}

PageRequest read_paging(const Query& query) {
    PageRequest p;
    p.page = query_positive(query, "page", 1);
    p.size = std::min(query_positive(query, "page_size", default_page_size), max_page_size);
    // Far past any real end, and kept small enough that the offset cannot overflow.
    if (p.page > max_page) throw Refusal(Error{code::not_found, "Invalid page.", "page"});
    if (auto text = query_text(query, "cursor")) {
        if (query_text(query, "page"))
            throw Refusal(Error{code::invalid_query, "give page or cursor, not both", "cursor"});
        p.cursor = decode_cursor(*text);
        if (!p.cursor)
            throw Refusal(Error{code::invalid_query,
                                "cursor must be one this daemon gave out in a next or previous link", "cursor"});
    }
    return p;
}

std::string page_envelope(const Request& request, const PageRequest& page, const PageSummary& summary,
                          const PageEdges& edges, const std::function<void(std::ostream&)>& write_results) {
    // The rows tell the end, not the count, which may have stopped short of it: an offset at
    // or past the last matching row reads none.
    if (!page.cursor && page.page > 1 && summary.rows == 0)
        throw Refusal(Error{code::not_found, "Invalid page.", "page"});
    PageLinks links = page_links(request, page.cursor ? std::optional(page.cursor->at) : std::nullopt, edges);
    std::ostringstream out;
    out << "{\"count\":" << summary.count << ",\"count_exact\":" << (summary.count_exact ? "true" : "false")
        << ",\"next\":";
    write_link(out, links.next);
    out << ",\"previous\":";
    write_link(out, links.previous);
    out << ",\"results\":";
    write_results(out);
    out << '}';
    return std::move(out).str();  // C++20: the buffer itself, not a copy of it
}

}  // namespace eye
