// eye stats: event counts per time bucket and key; on a terminal with bars and sparklines.
#include <iostream>
#include <memory>

#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "filter_options.hpp"
#include "json_text.hpp"
#include "output.hpp"
#include "sparkline.hpp"
#include "stats_filter.hpp"

namespace eye::cli {
namespace {

constexpr int bar_width = 30;

struct StatsOptions {
    FilterOptions filter{stats_filter_fields};
    std::string by;
    std::string bucket = "day";
    std::string tz;
};

std::string key_text(const Poco::JSON::Object& series) {
    return series.isNull("key") ? "(all)" : series.getValue<std::string>("key");
}

void stats(const StatsOptions& o, const GlobalOptions& global) {
    Poco::URI uri("/stats/");
    o.filter.add_query(uri, global.zone(), now_micros());
    if (!o.by.empty()) uri.addQueryParameter("by", o.by);
    uri.addQueryParameter("bucket", o.bucket);
    if (!o.tz.empty()) uri.addQueryParameter("tz", o.tz);
    Client client(global.endpoint());
    auto reply = call(client, "GET", uri.toString()).extract<Poco::JSON::Object::Ptr>();
    auto series = reply->getArray("series");
    if (!series) throw DaemonError("the daemon's reply has no series");

    Style style = global.style();
    if (style.format == Format::json) {
        reply->stringify(std::cout, 2);
        std::cout << '\n';
        return;
    }
    // A bar column and sparklines only for a person: a table on a terminal.
    bool shapes = style.format == Format::table && isatty(STDOUT_FILENO);
    std::vector<Column> columns{{"key", "KEY", Cell::text, 8}, {"start", "START"}, {"events", "EVENTS"}};
    if (shapes) columns.push_back({"bar", ""});
    std::int64_t max = 0;
    for (const auto& s : *series)
        for (const auto& p : *s.extract<Poco::JSON::Object::Ptr>()->getArray("points"))
            max = std::max(max, p.extract<Poco::JSON::Array::Ptr>()->getElement<std::int64_t>(1));

    std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes_of;
    {
        Printer printer(std::cout, style, columns);
        for (const auto& s : *series) {
            auto one = s.extract<Poco::JSON::Object::Ptr>();
            std::vector<std::int64_t> counts;
            for (const auto& p : *one->getArray("points")) {
                auto point = p.extract<Poco::JSON::Array::Ptr>();
                Poco::JSON::Object::Ptr row = new Poco::JSON::Object(true);
                row->set("key", one->get("key"));
                row->set("start", point->get(0));
                row->set("events", point->get(1));
                std::int64_t n = point->getElement<std::int64_t>(1);
                if (shapes) row->set("bar", bar(n, max, bar_width));
                counts.push_back(n);
                printer.row(row);
            }
            shapes_of.emplace_back(key_text(*one) + "  total " + one->get("total").toString(), std::move(counts));
        }
    }
    if (shapes) {
        std::cout << '\n';
        for (const auto& [label, counts] : shapes_of) std::cout << sparkline(counts) << "  " << label << '\n';
    }
}

}  // namespace

void add_stats_command(CLI::App& app, const GlobalOptions& global) {
    auto o = std::make_shared<StatsOptions>();
    CLI::App* cmd = app.add_subcommand("stats", "Count events per time bucket (and per key), every bucket present");
    o->filter.add_to(*cmd);
    cmd->add_option("--by", o->by, "one series per category, name, type or app (default: one series of all)")
        ->check(CLI::IsMember({"category", "name", "type", "app"}));
    cmd->add_option("--bucket", o->bucket, "minute, hour, day, week (from Monday) or month")
        ->check(CLI::IsMember({"minute", "hour", "day", "week", "month"}))
        ->capture_default_str();
    cmd->add_option("--tz", o->tz, "the IANA time zone buckets follow, e.g. Europe/Berlin (default UTC)");
    cmd->callback([o, &global] { stats(*o, global); });
}

}  // namespace eye::cli
