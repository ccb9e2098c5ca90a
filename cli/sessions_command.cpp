// eye sessions: session summaries, last seen first; eye session ID: one session's timeline.
#include <iostream>
#include <memory>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "filter_options.hpp"
#include "output.hpp"
#include "page_limits.hpp"
#include "pages.hpp"
#include "session.hpp"

namespace eye::cli {
namespace {

struct SessionsOptions {
    FilterOptions filter{session_filter_fields};
    int limit = 100;
};

struct SessionOptions {
    std::string id;
    long limit = 0;
};

void list(const SessionsOptions& o, const GlobalOptions& global) {
    Poco::URI route("/sessions/");
    o.filter.add_query(route, global.zone(), now_micros());
    Client client(global.endpoint());
    Printer printer(std::cout, global.style(),
                    {{"session_id", "SESSION", Cell::text, 8},
                     {"last_seen", "LAST SEEN (UTC)", Cell::time},
                     {"duration_s", "SECONDS"},
                     {"events", "EVENTS"},
                     {"apps", "APPS", Cell::list, 6},
                     {"entry", "ENTRY", Cell::text, 8},
                     {"exit", "EXIT"}});
    for_each_result(fetch_from(client), route, o.limit, [&](const Poco::JSON::Object::Ptr& s) { printer.row(s); });
}

// "s1: 4 events from 2021-01-01T09:59:00.000000Z to ... (360.000 s); apps web; entry /a, exit /c"
std::string describe(const Poco::JSON::Object& s) {
    std::string apps;
    if (auto a = s.getArray("apps"))
        for (const auto& app : *a) apps += (apps.empty() ? "" : ", ") + app.toString();
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", s.getValue<double>("duration_s"));
    std::string text = s.getValue<std::string>("session_id") + ": " + s.get("events").toString() + " events from " +
                       s.getValue<std::string>("first_seen") + " to " + s.getValue<std::string>("last_seen") + " (" +
                       seconds + " s); apps " + apps;
    if (!s.isNull("entry")) text += "; entry " + s.getValue<std::string>("entry");
    if (!s.isNull("exit")) text += "; exit " + s.getValue<std::string>("exit");
    return text;
}

void timeline(const SessionOptions& o, const GlobalOptions& global) {
    Client client(global.endpoint());
    Style style = global.style();
    std::string id;
    Poco::URI::encode(o.id, "/?#%", id);
    Poco::URI first("/sessions/" + id + "/");
    std::int64_t page = o.limit > 0 ? std::min<std::int64_t>(o.limit, max_page_size) : max_page_size;
    first.addQueryParameter("page_size", std::to_string(page));
    std::string target = first.toString();

    Poco::JSON::Object::Ptr summary;
    Poco::JSON::Array::Ptr all = new Poco::JSON::Array;  // for --format json
    std::optional<Printer> printer;
    Micros start = 0;
    long left = o.limit > 0 ? o.limit : -1;
    while (!target.empty() && left != 0) {
        auto reply = call(client, "GET", target).extract<Poco::JSON::Object::Ptr>();
        auto events = reply->getArray("events");
        if (!summary) {
            summary = reply->getObject("summary");
            if (!summary || !events) throw DaemonError("the daemon's reply has no summary or events");
            start = parse_timestamp(summary->getValue<std::string>("first_seen")).value_or(0);
            if (style.format == Format::table) std::cout << describe(*summary) << "\n\n";
            if (style.format != Format::json)
                printer.emplace(std::cout, style,
                                std::vector<Column>{{"offset_s", "OFFSET", Cell::offset},
                                                    {"timestamp", "TIME (UTC)", Cell::time},
                                                    {"category", "CATEGORY", Cell::text, 8},
                                                    {"name", "NAME", Cell::text, 8},
                                                    {"app", "APP", Cell::text, 5},
                                                    {"data", "DATA", Cell::payload}});
        }
        for (std::size_t i = 0; i < events->size() && left != 0; ++i, --left) {
            auto event = events->getObject(static_cast<unsigned>(i));
            Micros at = parse_timestamp(event->getValue<std::string>("timestamp")).value_or(start);
            event->set("offset_s", static_cast<double>(at - start) / 1e6);
            if (printer)
                printer->row(event);
            else
                all->add(event);
        }
        target.clear();
        if (!reply->isNull("next")) {
            // Only the cursor is taken from the link: its host is the daemon's view of it.
            for (const auto& [key, value] : Poco::URI(reply->getValue<std::string>("next")).getQueryParameters())
                if (key == "cursor") {
                    Poco::URI next = first;
                    next.addQueryParameter("cursor", value);
                    target = next.toString();
                }
        }
    }
    if (!printer) {
        Poco::JSON::Object out(true);
        out.set("summary", summary);
        out.set("events", all);
        out.stringify(std::cout, 2);
        std::cout << '\n';
    }
}

}  // namespace

void add_sessions_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<SessionsOptions>();
    CLI::App* cmd = app.add_subcommand("sessions", "List sessions, last seen first, with their summaries");
    o->filter.add_to(*cmd);
    cmd->add_option("--limit", o->limit, "at most this many sessions; 0 for all")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->callback([o, &global] { list(*o, global); });

    auto s = std::make_shared<SessionOptions>();
    CLI::App* one =
        app.add_subcommand("session", "Show one session: its summary and its events in the order they happened");
    one->add_option("id", s->id, "the session's id")->required();
    one->add_option("--limit", s->limit, "at most this many events; 0 for all")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    one->callback([s, &global] { timeline(*s, global); });
}

}  // namespace eye::cli
