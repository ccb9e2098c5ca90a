// eye errors: refused events (what was sent and why), or their counts per code.
#include <iostream>
#include <memory>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "output.hpp"
#include "pages.hpp"

namespace eye::cli {
namespace {

struct ErrorsOptions {
    std::string code, session, category, name, app, after, before;
    int limit = 100;
    bool summary = false;
};

Poco::URI errors_uri(const ErrorsOptions& o) {
    Poco::URI uri("/errors/");
    auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) uri.addQueryParameter(key, value);
    };
    add("code", o.code);
    add("session_id", o.session);
    add("category", o.category);
    add("name", o.name);
    add("app", o.app);
    add("after", o.after);
    add("before", o.before);
    return uri;
}

void summary(const ErrorsOptions& o, const GlobalOptions& global, Client& client) {
    Poco::URI uri = errors_uri(o);
    uri.addQueryParameter("summary", "1");
    auto reply = call(client, "GET", uri.toString()).extract<Poco::JSON::Object::Ptr>();
    Printer printer(std::cout, global.output_format(), {{"code", "CODE"}, {"count", "COUNT"}});
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
    Printer printer(std::cout, global.output_format(),
                    {{"id", "ID"},
                     {"received_at", "RECEIVED"},
                     {"code", "CODE"},
                     {"field", "FIELD"},
                     {"app", "APP"},
                     {"session_id", "SESSION"},
                     {"category", "CATEGORY"},
                     {"name", "NAME"},
                     {"message", "MESSAGE"},
                     {"raw", "RAW"}});
    for_each_result(client, errors_uri(o), o.limit, [&](const Poco::JSON::Object::Ptr& error) { printer.row(error); });
}

}  // namespace

void add_errors_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<ErrorsOptions>();
    CLI::App* cmd = app.add_subcommand("errors", "List refused events with the reason, newest first");
    cmd->add_option("--code", o->code, "only this error code, e.g. future_timestamp");
    cmd->add_option("--session", o->session, "only this session's");
    cmd->add_option("--category", o->category, "only this category");
    cmd->add_option("--name", o->name, "only this event name");
    cmd->add_option("--app", o->app, "only those sent by this application");
    cmd->add_option("--after", o->after, "only those received at or after this time");
    cmd->add_option("--before", o->before, "only those received at or before this time");
    cmd->add_option("--limit", o->limit, "at most this many; 0 for all")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag("--summary", o->summary, "count the errors per code instead of listing them");
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
