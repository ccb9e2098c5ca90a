// eye errors: refused events (what was sent and why), or their counts per code.
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
                    {{"id", "ID"}, {"received_at", "RECEIVED"}, {"code", "CODE"}, {"field", "FIELD"},
                     {"category", "CATEGORY"}, {"name", "NAME"}, {"message", "MESSAGE"}});
    long remaining = o.limit > 0 ? o.limit : -1;
    for (int page = 1; remaining != 0; ++page) {
        Poco::URI uri = errors_uri(o);
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
    cmd->add_option("--limit", o->limit, "at most this many; 0 for all")->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_flag("--summary", o->summary, "count the errors per code instead of listing them");
    cmd->callback([o, &global] { list(*o, global); });
}

}  // namespace eye::cli
