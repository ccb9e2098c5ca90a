// Page links, derived from the request URI by Poco::URI so encoding stays Poco's.
#include "page_links.hpp"

#include <algorithm>

#include <Poco/URI.h>

namespace eye {
namespace {

std::string with_page(const Request& request, std::int64_t page) {
    Poco::URI uri(request.base_url() + request.http.getURI());
    Poco::URI::QueryParameters kept;
    for (auto& [key, value] : uri.getQueryParameters())
        if (key != "page") kept.emplace_back(key, value);
    if (page > 1) kept.emplace_back("page", std::to_string(page));
    // DRF sorted the parameters by name; clients comparing URLs see the same order.
    std::stable_sort(kept.begin(), kept.end(), [](auto& a, auto& b) { return a.first < b.first; });
    uri.setQueryParameters(kept);
    return uri.toString();
}

}  // namespace

PageLinks page_links(const Request& request, std::int64_t page, std::int64_t page_count) {
    PageLinks links;
    if (page < page_count) links.next = with_page(request, page + 1);
    if (page > 1) links.previous = with_page(request, page - 1);
    return links;
}

}  // namespace eye
