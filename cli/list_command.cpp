// eye list: events matching filters, newest first, fetched page by page.
#include <iostream>
#include <memory>

#include <Poco/URI.h>

#include "commands.hpp"
#include "output.hpp"
#include "pages.hpp"

namespace eye::cli {
namespace {

struct ListOptions {
    std::string session, category, name, app, after, before;
    int limit = 100;
};

void list(const ListOptions& o, const GlobalOptions& global) {
    Poco::URI route("/events/");
    auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) route.addQueryParameter(key, value);
    };
    add("session_id", o.session);
    add("category", o.category);
    add("name", o.name);
    add("app", o.app);
    add("timestamp_after", o.after);
    add("timestamp_before", o.before);
    Client client(global.endpoint());
    Printer printer(std::cout, global.output_format(), event_columns());
    for_each_result(client, route, o.limit, [&](const Poco::JSON::Object::Ptr& event) { printer.row(event); });
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = app.add_subcommand("list", "List events, newest first");
    cmd->add_option("--session", o->session, "only this session's events");
    cmd->add_option("--category", o->category, "only this category");
    cmd->add_option("--name", o->name, "only events of this name");
    cmd->add_option("--app", o->app, "only events sent by this application");
    cmd->add_option("--after", o->after, "only events at or after this time (a date means its midnight UTC)");
    cmd->add_option("--before", o->before, "only events at or before this time (a date means its midnight UTC)");
    cmd->add_option("--limit", o->limit, "at most this many events; 0 for all")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
