// eye errors: refused events (what was sent and why), or their counts per code.
#include <iostream>
#include <memory>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include "checks.hpp"
#include "commands.hpp"
#include "daemon_call.hpp"
#include "error_filter.hpp"
#include "filter_options.hpp"
#include "output.hpp"
#include "pages.hpp"

namespace eye::cli {
namespace {

struct ErrorsOptions {
    FilterOptions filter{error_filter_fields};
    long limit = 100;
    bool summary = false;
};

Poco::URI errors_uri(const ErrorsOptions& o, const GlobalOptions& global) {
    Poco::URI uri("/errors/");
    o.filter.add_query(uri, global.zone(), now_micros());
    return uri;
}

void summary(const ErrorsOptions& o, const GlobalOptions& global, Client& client) {
    Poco::URI uri = errors_uri(o, global);
    uri.addQueryParameter("summary", "1");
    auto reply = call(client, "GET", uri.toString()).extract<Poco::JSON::Object::Ptr>();
    Printer printer(std::cout, global.style(), {{"code", "CODE"}, {"count", "COUNT"}});
    auto by_code = reply->getObject("by_code");
    if (!by_code) throw DaemonError("the daemon's reply has no by_code");
    for (const auto& [code, count] : *by_code) {
        Poco::JSON::Object::Ptr row = new Poco::JSON::Object(true);
        row->set("code", code);
        row->set("count", count);
        printer.row(row);
    }
}

void list(const ErrorsOptions& o, const GlobalOptions& global) {
    Client client(global.endpoint());
    if (o.summary) return summary(o, global, client);
    Printer printer(std::cout, global.style(),
                    {{"id", "ID"},
                     {"received_at", "RECEIVED", Cell::time},
                     {"code", "CODE"},
                     {"field", "FIELD", Cell::text, 5},
                     {"app", "APP", Cell::text, 5},
                     {"session_id", "SESSION", Cell::text, 8},
                     {"category", "CATEGORY", Cell::text, 8},
                     {"name", "NAME", Cell::text, 8},
                     {"message", "MESSAGE", Cell::text, 12},
                     {"raw", "RAW"}});
    for_each_result(fetch_from(client), errors_uri(o, global), o.limit,
                    [&](const Poco::JSON::Object::Ptr& error) { printer.row(error); });
}

}  // namespace

void add_errors_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ErrorsOptions>();
    CLI::App* cmd = app.add_subcommand("errors", "List refused events with the reason, newest first");
    o->filter.add_to(*cmd);
    cmd->add_option("-n,--limit", o->limit, "at most this many; 0 for all")
        ->check(whole_number())
        ->capture_default_str();
    cmd->add_flag("--summary", o->summary, "count the errors per code instead of listing them");
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
