// Paging through list routes by page number, one page size throughout.
#include "pages.hpp"

#include <algorithm>

#include <Poco/JSON/Array.h>

#include "daemon_call.hpp"
#include "page_limits.hpp"

namespace eye::cli {

FetchPage fetch_from(Client& client) {
    return [&client](const std::string& target) {
        return call(client, "GET", target).extract<Poco::JSON::Object::Ptr>();
    };
}

void for_each_result(const FetchPage& fetch, const Poco::URI& route, long limit,
                     const std::function<void(const Poco::JSON::Object::Ptr&)>& row) {
    const long page_size = limit > 0 ? std::min(limit, max_page_size) : max_page_size;
    long remaining = limit > 0 ? limit : -1;
    for (long page = 1; remaining != 0; ++page) {
        Poco::URI uri = route;
        uri.addQueryParameter("page_size", std::to_string(page_size));
        uri.addQueryParameter("page", std::to_string(page));
        auto reply = fetch(uri.toString());
        auto results = reply->getArray("results");
        if (!results) throw DaemonError("the daemon's reply has no results");
        for (size_t i = 0; i < results->size() && remaining != 0; ++i) {
            row(results->getObject(static_cast<unsigned>(i)));
            if (remaining > 0) --remaining;
        }
        if (reply->isNull("next")) break;
    }
}

}  // namespace eye::cli
