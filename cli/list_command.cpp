// eye list: events matching filters, newest first, fetched page by page.
#include <iostream>
#include <memory>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "output.hpp"

namespace eye::cli {
namespace {

constexpr int max_page_size = 1000;  // the daemon's

struct ListOptions {
    std::string session, category, name, app, after, before;
    int limit = 100;
};

void list(const ListOptions& o, const GlobalOptions& global) {
    Client client(global.endpoint());
    Printer printer(std::cout, global.output_format(), event_columns());
    long remaining = o.limit > 0 ? o.limit : -1;
    for (int page = 1; remaining != 0; ++page) {
        Poco::URI uri("/events/");
        if (!o.session.empty()) uri.addQueryParameter("session_id", o.session);
        if (!o.category.empty()) uri.addQueryParameter("category", o.category);
        if (!o.name.empty()) uri.addQueryParameter("name", o.name);
        if (!o.app.empty()) uri.addQueryParameter("app", o.app);
        if (!o.after.empty()) uri.addQueryParameter("timestamp_after", o.after);
        if (!o.before.empty()) uri.addQueryParameter("timestamp_before", o.before);
        long size = remaining > 0 ? std::min<long>(remaining, max_page_size) : max_page_size;
        uri.addQueryParameter("page_size", std::to_string(size));
        uri.addQueryParameter("page", std::to_string(page));

        auto reply = call(client, "GET", uri.toString()).extract<Poco::JSON::Object::Ptr>();
        auto results = reply->getArray("results");
        for (size_t i = 0; i < results->size() && remaining != 0; ++i) {
            printer.row(results->getObject(static_cast<unsigned>(i)));
            if (remaining > 0) --remaining;
        }
        if (reply->isNull("next")) break;
    }
    printer.finish();
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
    cmd->add_option("--limit", o->limit, "at most this many events; 0 for all")->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
