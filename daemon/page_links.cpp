// Page links, derived from the request URI by Poco::URI so encoding stays Poco's.
#include "page_links.hpp"

#include <algorithm>

#include <Poco/URI.h>

#include "page_cursor.hpp"

namespace eye {

std::string position_link(const Request& request, const std::string& key, const std::string& value) {
    Poco::URI uri(request.base_url() + request.http.getURI());
    Poco::URI::QueryParameters kept;
    for (auto& [k, v] : uri.getQueryParameters())
        if (k != "page" && k != "cursor") kept.emplace_back(k, v);
    kept.emplace_back(key, value);
    // DRF sorted the parameters by name; clients comparing URLs see the same order.
    std::stable_sort(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.first < b.first; });
    uri.setQueryParameters(kept);
    return uri.toString();
}

namespace {

std::string with_cursor(const Request& request, const Cursor& cursor) {
    return position_link(request, "cursor", encode_cursor(cursor));
}

}  // namespace

PageLinks page_links(const Request& request, const std::optional<Keyset>& from, const PageEdges& edges) {
    PageLinks links;
    // Strictly older than the last row; for an empty page, at or older than `from` (id + 1).
    std::optional<Keyset> older = edges.last;
    if (!older && from) older = Keyset{from->time, from->id + 1};
    std::optional<Keyset> newer = edges.first;
    if (!newer && from) newer = Keyset{from->time, from->id - 1};
    if (edges.older && older) links.next = with_cursor(request, {Toward::older, *older});
    if (edges.newer && newer) links.previous = with_cursor(request, {Toward::newer, *newer});
    return links;
}

}  // namespace eye
