// eye status: whether the daemon runs and how it is doing, from GET /status; a daemon that
// cannot be reached is exit 3, as for every command.
#include <cmath>
#include <iostream>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "output.hpp"

namespace eye::cli {
namespace {

// "3d 4h", "2h 5m", "42s": the two largest units, as uptime(1) people read.
std::string duration_words(std::int64_t seconds) {
    const std::pair<std::int64_t, const char*> units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    std::string out;
    int shown = 0;
    for (auto [size, unit] : units) {
        if (seconds < size && !(size == 1 && out.empty())) continue;
        out += (out.empty() ? "" : " ") + std::to_string(seconds / size) + unit;
        seconds %= size;
        if (++shown == 2) break;
    }
    return out;
}

// "12.3 MiB" for a byte count.
std::string size_words(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    std::ostringstream out;
    out.precision(u == 0 ? 0 : 1);
    out << std::fixed << bytes << ' ' << units[u];
    return out.str();
}

// The reply flattened into one line per fact, for a terminal or CSV.
Poco::JSON::Object::Ptr readable(const Poco::JSON::Object::Ptr& s) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(true);
    out->set("status", s->getValue<std::string>("status") + (s->getValue<bool>("ready") ? ", ready" : ", not ready"));
    if (s->has("problem")) out->set("problem", s->get("problem"));
    out->set("state", s->get("state"));
    out->set("version", s->get("version"));
    if (s->has("uptime_s")) out->set("uptime", duration_words(s->getValue<std::int64_t>("uptime_s")));
    if (s->has("started_at")) out->set("started_at", s->get("started_at"));
    std::string listeners;
    auto list = s->getArray("listeners");
    for (unsigned i = 0; list && i < list->size(); ++i) listeners += (i ? ", " : "") + list->getElement<std::string>(i);
    out->set("listeners", listeners);
    auto db = s->getObject("database");
    out->set("database", db->get("path").isEmpty() ? std::string("?") : db->getValue<std::string>("path"));
    out->set("database_size", size_words(db->getValue<double>("bytes")));
    out->set("events", s->get("events"));
    std::ostringstream rate;
    rate << s->getValue<double>("ingest_rate_per_s") << " events/s over the last minute";
    out->set("ingest_rate", rate.str());
    auto queue = s->getObject("queue");
    out->set("queue", queue->getValue<std::string>("events") + " of " + queue->getValue<std::string>("capacity"));
    out->set("errors_last_hour", s->get("errors_last_hour"));
    return out;
}

}  // namespace

void add_status_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* cmd = app.add_subcommand(
        "status",
        "Show whether the daemon runs and how it is doing: version, uptime, listeners, database, events, "
        "ingest rate, queue, recent errors (exit 3 when it cannot be reached)");
    cmd->callback([&global] {
        Client client(global.endpoint());
        auto status = call(client, "GET", "/status").extract<Poco::JSON::Object::Ptr>();
        Style style = global.style();
        if (style.format == Format::json || style.format == Format::ndjson) {
            print_record(std::cout, style, {}, status);  // the daemon's object as it is
            return;
        }
        Poco::JSON::Object::Ptr view = readable(status);
        std::vector<Column> columns;
        for (const char* key : {"status", "problem", "state", "version", "uptime", "started_at", "listeners",
                                "database", "database_size", "events", "ingest_rate", "queue", "errors_last_hour"})
            if (view->has(key))
                columns.push_back({key, key, std::string_view(key) == "started_at" ? Cell::time : Cell::text});
        print_record(std::cout, style, columns, view);
    });
}

}  // namespace eye::cli
