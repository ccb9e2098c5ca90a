// eye list: events matching filters, newest first, fetched page by page.
#include <iostream>
#include <memory>

#include <Poco/URI.h>

#include "checks.hpp"
#include "commands.hpp"
#include "event_filter.hpp"
#include "exit_codes.hpp"
#include "filter_options.hpp"
#include "output.hpp"
#include "pages.hpp"
#include "tail.hpp"

namespace eye::cli {
namespace {

struct ListOptions {
    FilterOptions filter{event_filter_fields};
    long limit = 100;
    bool quiet = false;   // ids only
    bool follow = false;  // -f: as eye tail -f
};

void list(const ListOptions& o, const GlobalOptions& global) {
    if (o.follow) {
        if (o.quiet) throw UsageError("--follow and --quiet do not go together");
        return follow_events(o.filter, o.limit, global);
    }
    Poco::URI route("/events/");
    o.filter.add_query(route, global.zone(), now_micros());
    Client client(global.endpoint());
    if (o.quiet) {
        for_each_result(fetch_from(client), route, o.limit, [&](const Poco::JSON::Object::Ptr& event) {
            std::cout << event->getValue<std::int64_t>("id") << '\n';
            if (!std::cout.good()) check_output(std::cout);
        });
        return;
    }
    Style style = global.style();
    Printer printer(std::cout, style, event_columns());
    long shown = 0;
    MatchCount total = for_each_result(fetch_from(client), route, o.limit, [&](const Poco::JSON::Object::Ptr& event) {
        printer.row(event);
        ++shown;
    });
    printer.finish();
    if (style.format == Format::table && (total.rows > shown || !total.exact))
        std::cout << shown_of(shown, total.rows, total.exact) << '\n';
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("list", "List events, newest first");
    o->filter.add_to(*cmd);
    cmd->add_option("-n,--limit", o->limit, "at most this many events; 0 for all")
        ->check(whole_number())
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", o->quiet, "print only the ids, one per line");
    cmd->add_flag("-f,--follow", o->follow,
                  "as eye tail -f: the last --limit events oldest first, then new ones as they are committed");
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
