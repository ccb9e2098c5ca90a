// Paging through list routes by following `next`, one page size throughout.
#include "pages.hpp"

#include <algorithm>

#include <Poco/JSON/Array.h>

#include "daemon_call.hpp"
#include "page_limits.hpp"

namespace eye::cli {
namespace {

// The parameters of a `next` link that say where its page starts. The link's own host is not
// followed: it names the daemon as the daemon was addressed, which a proxy may have changed.
Poco::URI::QueryParameters next_position(const std::string& next) {
    Poco::URI::QueryParameters position;
    try {
        for (auto& [key, value] : Poco::URI(next).getQueryParameters())
            if (key == "cursor" || key == "page") position.emplace_back(key, value);
    } catch (const Poco::SyntaxException&) {
        throw DaemonError("the daemon's next link is not a URL: " + next);
    }
    if (position.empty()) throw DaemonError("the daemon's next link has no cursor: " + next);
    return position;
}

}  // namespace

FetchPage fetch_from(Client& client) {
    return
        [&client](const std::string& target) { return call(client, "GET", target).extract<Poco::JSON::Object::Ptr>(); };
}

MatchCount for_each_result(const FetchPage& fetch, const Poco::URI& route, long limit,
                     const std::function<void(const Poco::JSON::Object::Ptr&)>& row) {
    const long page_size = limit > 0 ? std::min(limit, max_page_size) : max_page_size;
    long remaining = limit > 0 ? limit : -1;
    Poco::URI::QueryParameters position;  // where the next page starts: empty for the first
    MatchCount count;
    while (remaining != 0) {
        Poco::URI uri = route;
        uri.addQueryParameter("page_size", std::to_string(page_size));
        for (auto& [key, value] : position) uri.addQueryParameter(key, value);
        auto reply = fetch(uri.toString());
        auto results = reply->getArray("results");
        if (!results) throw DaemonError("the daemon's reply has no results");
        if (count.rows < 0 && reply->has("count") && reply->get("count").isInteger()) {
            count.rows = reply->getValue<long>("count");
            // Absent from an older daemon's replies, whose counts were all exact.
            count.exact = !reply->has("count_exact") || reply->getValue<bool>("count_exact");
        }
        for (size_t i = 0; i < results->size() && remaining != 0; ++i) {
            row(results->getObject(static_cast<unsigned>(i)));
            if (remaining > 0) --remaining;
        }
        if (remaining == 0 || reply->isNull("next")) break;
        position = next_position(reply->getValue<std::string>("next"));
    }
    return count;
}

}  // namespace eye::cli
