// eye list: events matching filters, newest first, fetched page by page.
#include <iostream>
#include <memory>

#include <Poco/URI.h>

#include "checks.hpp"
#include "commands.hpp"
#include "event_filter.hpp"
#include "filter_options.hpp"
#include "output.hpp"
#include "pages.hpp"

namespace eye::cli {
namespace {

struct ListOptions {
    FilterOptions filter{event_filter_fields};
    long limit = 100;
};

void list(const ListOptions& o, const GlobalOptions& global) {
    Poco::URI route("/events/");
    o.filter.add_query(route, global.zone(), now_micros());
    Client client(global.endpoint());
    Printer printer(std::cout, global.style(), event_columns());
    for_each_result(fetch_from(client), route, o.limit,
                    [&](const Poco::JSON::Object::Ptr& event) { printer.row(event); });
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("list", "List events, newest first");
    o->filter.add_to(*cmd);
    cmd->add_option("--limit", o->limit, "at most this many events; 0 for all")
        ->check(whole_number())
        ->capture_default_str();
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
