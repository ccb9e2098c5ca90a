// Page envelopes: page numbers past the end are 404 as in the original API (page 1 of nothing
// is an empty page, not an error).
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

PageRequest read_paging(const Query& query) {
    PageRequest p;
    p.page = query_positive(query, "page", 1);
    p.size = std::min(query_positive(query, "page_size", default_page_size), max_page_size);
    // Far past any real end, and kept small enough that offset() cannot overflow.
    if (p.page > max_page) throw Refusal(Error{code::not_found, "Invalid page.", "page"});
    return p;
}

std::string page_envelope(const Request& request, const PageRequest& page, std::int64_t count,
                          const std::string& results_json) {
    std::int64_t page_count = std::max<std::int64_t>(1, (count + page.size - 1) / page.size);
    if (page.page > page_count) throw Refusal(Error{code::not_found, "Invalid page.", "page"});
    PageLinks links = page_links(request, page.page, page_count);
    std::ostringstream out;
    out << "{\"count\":" << count << ",\"next\":";
    write_link(out, links.next);
    out << ",\"previous\":";
    write_link(out, links.previous);
    out << ",\"results\":" << results_json << '}';
    return out.str();
}

}  // namespace eye
