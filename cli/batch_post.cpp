// One NDJSON batch to POST /events/, and what its summary says.
#include "batch_post.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <Poco/JSON/Object.h>

#include "daemon_call.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"

namespace eye::cli {
namespace {

constexpr int max_attempts = 30;  // for a daemon answering 503 (queue full)

}  // namespace

void post_batch(Client& client, const std::string& body, const std::vector<std::size_t>& lines, BatchTotals& totals) {
    HttpResult r;
    for (int attempt = 1;; ++attempt) {
        r = client.request("POST", "/events/", body, "application/x-ndjson");
        if (r.status != 503 || attempt == max_attempts) break;
        int wait = std::max(1, std::atoi(r.retry_after.c_str()));
        std::this_thread::sleep_for(std::chrono::seconds(wait));
    }
    if (r.status != 200) throw DaemonError(describe_error(r.status, r.body));
    auto reply = parse_json_or_throw(r.body).extract<Poco::JSON::Object::Ptr>();
    totals.accepted += reply->getValue<std::size_t>("accepted");
    totals.duplicates += reply->getValue<std::size_t>("duplicates");
    auto rejected = reply->getArray("rejected");
    for (std::size_t i = 0; i < rejected->size(); ++i) {
        auto entry = rejected->getObject(static_cast<unsigned>(i));
        auto error = entry->getObject("error");
        std::size_t index = entry->getValue<std::size_t>("index");
        std::size_t line = index < lines.size() ? lines[index] : 0;
        std::cerr << "eye: line " << line << ": rejected: " << describe_error(*error) << "\n";
        if (totals.refusals) {
            Poco::JSON::Object::Ptr refusal = new Poco::JSON::Object(true);
            refusal->set("line", static_cast<Poco::UInt64>(line));
            refusal->set("error", error);
            totals.refusals->add(refusal);
        }
    }
    totals.rejected += rejected->size();
    if (totals.print_ids) {
        auto ids = reply->getArray("ids");
        for (std::size_t i = 0; ids && i < ids->size(); ++i)
            if (!ids->isNull(static_cast<unsigned>(i)))
                std::cout << ids->getElement<std::int64_t>(static_cast<unsigned>(i)) << '\n';
        if (!std::cout.good()) check_output(std::cout);
    }
}

}  // namespace eye::cli
