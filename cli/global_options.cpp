// Where the daemon is: flags win over the environment, the environment over the default
// sockets; and what to print: a table only when standard output is a terminal.
#include "global_options.hpp"

#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include "default_paths.hpp"
#include "environment.hpp"

namespace eye::cli {

void GlobalOptions::add_to(CLI::App& app) {
    app.add_option(
        "--socket", socket, "eyed's Unix socket (env EYE_SOCKET; default: the first that answers of " + [] {
            std::string all;
            for (auto& p : socket_candidates()) all += (all.empty() ? "" : ", ") + p;
            return all;
        }() + ")");
    app.add_option("--url", url,
                   "eyed's base URL over TCP instead of the socket, e.g. http://127.0.0.1:8000 (env EYE_URL)");
    app.add_option("--key", key, "application key for TCP (env EYE_KEY); the Unix socket needs none");
    app.add_option("-o,--format", format, "table, json, ndjson or csv (default: table on a terminal, else ndjson)")
        ->check(CLI::IsMember({"table", "json", "ndjson", "csv"}));
    app.add_flag("-w,--wide", wide, "tables show every cell whole instead of fitting the terminal");
    auto* u = app.add_flag("--utc", utc, "show times in tables, and read times given without a zone, in UTC");
    auto* l = app.add_flag("--local", local, "show and read times in the local zone (TZ), the default");
    u->excludes(l);
    l->excludes(u);
}

Endpoint GlobalOptions::endpoint() const {
    Endpoint e = where();
    e.key = !key.empty() ? key : env("EYE_KEY");
    return e;
}

Endpoint GlobalOptions::where() const {
    if (!url.empty()) return Endpoint{"", url, "", ""};
    if (!socket.empty()) return Endpoint{socket, "", "", ""};
    if (auto u = env("EYE_URL"); !u.empty()) return Endpoint{"", u, "", ""};
    if (auto s = env("EYE_SOCKET"); !s.empty()) return Endpoint{s, "", "", ""};
    return Endpoint{choose_socket(socket_candidates()), "", "", ""};
}

Format GlobalOptions::output_format() const {
    if (format == "table") return Format::table;
    if (format == "json") return Format::json;
    if (format == "csv") return Format::csv;
    if (format == "ndjson") return Format::ndjson;
    return isatty(STDOUT_FILENO) ? Format::table : Format::ndjson;
}

Style GlobalOptions::style() const {
    Format f = output_format();
    return Style{f, wide, terminal_width(), zone(), f == Format::table && use_colour(STDOUT_FILENO)};
}

Zone GlobalOptions::zone() const {
    return utc ? Zone::utc : Zone::local;
}

}  // namespace eye::cli
