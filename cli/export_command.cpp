// eye admin export: every stored event (or the matching ones) as NDJSON, in id order, read from
// the daemon one page at a time, so neither side ever holds more than a page.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "commands.hpp"
#include "daemon_call.hpp"
#include "event_filter.hpp"
#include "exit_codes.hpp"
#include "filter_options.hpp"
#include "json_text.hpp"
#include "page_limits.hpp"
#include "progress.hpp"

namespace eye::cli {
namespace {

struct ExportOptions {
    FilterOptions filter{event_filter_fields};
    std::string output;  // a file; empty or "-": standard output
};

// The id on the last line of an NDJSON page (each line is an event, the page ends with '\n'):
// where the next page starts.
std::int64_t last_id(const std::string& page) {
    std::size_t end = page.size() - 1;
    std::size_t start = page.rfind('\n', end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    auto event = parse_json_or_throw(page.substr(start, end - start)).extract<Poco::JSON::Object::Ptr>();
    return event->getValue<std::int64_t>("id");
}

void export_events(const ExportOptions& o, const GlobalOptions& global) {
    std::ofstream file;
    if (!o.output.empty() && o.output != "-") {
        file.open(o.output, std::ios::binary | std::ios::trunc);
        if (!file) throw UsageError("cannot write " + o.output);
    }
    std::ostream& out = file.is_open() ? file : std::cout;
    Client client = admin_client(global, "eye admin export");
    Poco::URI route("/admin/export");
    o.filter.add_query(route, global.zone(), now_micros());

    Progress progress(0, "exported");
    std::size_t events = 0, bytes = 0;
    std::int64_t after = 0;
    for (;;) {
        Poco::URI page_uri = route;
        page_uri.addQueryParameter("after_id", std::to_string(after));
        page_uri.addQueryParameter("page_size", std::to_string(max_page_size));
        HttpResult page = client.request("GET", page_uri.toString());
        if (page.status != 200) throw DaemonError(describe_error(page.status, page.body));
        if (page.body.empty()) break;
        if (page.body.back() != '\n') throw DaemonError("the daemon's export page does not end with a line break");
        out << page.body;
        if (!out.good()) check_output(out);
        events += std::count(page.body.begin(), page.body.end(), '\n');
        bytes += page.body.size();
        after = last_id(page.body);
        progress.update(events, bytes);
    }
    check_output(out);
    progress.finish();
    std::cerr << "eye: exported " << events << " events (" << std::fixed << std::setprecision(1) << bytes / 1048576.0
              << " MiB) in " << progress.seconds() << " s\n";
}

}  // namespace

void add_export_command(CLI::App& admin, const GlobalOptions& global) {
    auto o = std::make_shared<ExportOptions>();
    CLI::App* cmd = admin.add_subcommand(
        "export",
        "Write the stored events as NDJSON, oldest id first, with their ids and apps (eye import reads it back)");
    o->filter.add_to(*cmd);
    cmd->add_option("-o,--output", o->output, "write to this file instead of standard output");
    cmd->callback([o, &global] { export_events(*o, global); });
}

}  // namespace eye::cli
