// eyed's options, in CLI11 like eye's; each one is also in eyed(8) and a key of eyed.conf(5).
#include "options.hpp"

#include <fstream>
#include <iostream>
#include <map>

#include <Poco/Net/SocketAddress.h>
#include <CLI/CLI.hpp>

#include "config_file.hpp"
#include "default_paths.hpp"
#include "open_store.hpp"
#include "retention.hpp"
#include "timestamp.hpp"
#include "version.hpp"

namespace eye {
namespace {

ParsedOptions exit_with(int code) {
    ParsedOptions parsed;
    parsed.exit_code = code;
    return parsed;
}

}  // namespace

ParsedOptions parse_options(int argc, char** argv) {
    Config c;
    CLI::App app{
        "eyed: The Eye's event collector daemon. Receives behaviour events over HTTP on a TCP "
        "port and a Unix socket and stores them.",
        "eyed"};
    app.set_version_flag("--version", std::string("eyed ") + version);
    app.add_option("--listen", c.listen, "TCP address to serve on, ADDR:PORT, or 'none' for no TCP")
        ->capture_default_str();
    // The defaults depend on the environment (systemd's directories, XDG): shown, not stored, so
    // that an empty value and an absent one stay apart.
    app.add_option("--socket", c.socket, "Unix socket to serve on, or 'none'")->default_str(default_socket_path());
    CLI::Option* db = app.add_option("--db", c.db, "SQLite database file, created with its folder if missing, or a PostgreSQL database shared "
                                                       "by several eyed: postgresql://USER@HOST/DB")
                          ->default_str(default_db_path());
    app.add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    app.add_option("--log-format", c.log_format,
                   "text (with timestamps; under systemd, journal priority prefixes instead) or json (one "
                   "object a line, for log shippers)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    std::map<std::string, Durability> durabilities{{"process", Durability::process}, {"power", Durability::power}};
    app.add_option("--durability", c.durability,
                   "power: a committed event survives power loss (SQLite synchronous=FULL); process: "
                   "it survives a crash of eyed only (synchronous=NORMAL)")
        ->transform(CLI::CheckedTransformer(durabilities).description(""))
        ->type_name("power|process")
        ->default_str("power");
    app.add_option("--queue-depth", c.queue_depth, "events that may wait for the writer before clients get 503")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--threads", c.threads,
                   "request threads per listener: requests served at once (connections waiting between "
                   "requests, or for their headers, hold none)")
        ->check(CLI::Range(2, 1024))
        ->capture_default_str();
    app.add_option("--max-connections", c.max_connections,
                   "connections open at once per listener; past it new ones get 503 and are closed at once "
                   "(lowered at start to fit the open-file limit)")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str();
    app.add_option("--header-timeout", c.header_timeout_seconds,
                   "seconds a client has to send a request's headers, however slowly it trickles them")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--request-timeout", c.request_timeout_seconds,
                   "seconds a client has to send a request's body and take its reply")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--idle-timeout", c.idle_timeout_seconds,
                   "seconds a kept-alive connection may wait for its next request")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--max-followers", c.max_followers,
                   "live-tail streams (GET /events/stream) at once, each on a thread of its own; more get 503")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    app.add_option("--follower-buffer", c.follower_buffer,
                   "events a live-tail stream may have waiting; one that falls further behind is dropped")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    app.add_option("--max-body", c.limits.max_body, "largest single-event request body, bytes")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-batch-body", c.limits.max_batch_body, "largest batch request body, bytes")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-inflight-body", c.limits.max_inflight_body,
                   "bytes of request bodies held at once; beyond it clients get 503 and retry")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-batch-events", c.limits.max_batch_events, "most events in one batch")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();

    app.add_option("--schema", c.schema,
                   "event-type schema file (JSON; see eyed(8)); reloaded on SIGHUP (default: the built-in types)")
        ->check(CLI::ExistingFile);
    app.add_flag("--strict-types", c.strict_types, "refuse events whose category/name the schemas do not declare");
    app.add_option("--future-tolerance", c.future_tolerance_seconds,
                   "seconds an event's timestamp may lie ahead of the daemon's clock")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--timestamp-floor", c.timestamp_floor, "events timestamped before this date are refused")
        ->check([](const std::string& v) { return parse_time_bound(v) ? "" : "not a date: " + v; })
        ->capture_default_str();

    app.add_flag("--no-auth", c.no_auth,
                 "serve TCP without application keys; only when --listen is a loopback address");
    app.add_flag("--insecure-no-auth", c.insecure_no_auth,
                 "serve TCP without application keys on any address (anyone who can connect may send and read)");
    app.add_option("--socket-group", c.socket_group, "group given the Unix socket file (mode 0660): who may use it");
    app.add_option("--retention", c.retention,
                   "keep events and errors this long, e.g. 90d or 36h (days or hours); older ones are purged at start "
                   "and every --retention-interval; 'off' keeps everything")
        ->check([](const std::string& v) {
            return v == "off" || parse_retention(v) ? "" : "not a retention (90d, 36h, off): " + v;
        })
        ->capture_default_str();
    app.add_option("--retention-interval", c.retention_interval_seconds, "seconds between two retention purges")
        ->check(CLI::Range(1, 7 * 86400))
        ->capture_default_str();

    // Not keys of the file themselves: they say which file, and what to do with it.
    std::string config_file;
    CLI::Option* config_option =
        app.add_option("--config", config_file,
                       "configuration file of key = value lines, one key per option above (see eyed.conf(5))")
            ->default_str(default_config_path())
            ->configurable(false);
    bool check_config = false;
    app.add_flag("--check-config", check_config,
                 "read the options and the configuration file, print the configuration in effect, exit 0 "
                 "when it is usable and 1 when not")
        ->configurable(false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return exit_with(app.exit(e));
    } catch (const CLI::CallForVersion& e) {
        return exit_with(app.exit(e));
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_with(2);
    }
    int refused = check_config ? 1 : 2;  // what a configuration that cannot be used exits with
    // The default file is optional (a build run from its folder has none); one named is not.
    if (config_option->count() == 0) config_file = default_config_path();
    if (config_option->count() > 0 || std::ifstream(config_file)) {
        try {
            apply_config_file(app, config_file);
        } catch (const ConfigFileError& e) {
            std::cerr << "eyed: " << e.what() << "\n";
            return exit_with(refused);
        }
    } else {
        config_file.clear();
    }
    if (c.socket.empty()) c.socket = default_socket_path();
    if (db->count() > 0 && c.db.empty()) {
        std::cerr << "eyed: --db is empty; give a file path, or leave --db out for " << default_db_path() << "\n";
        return exit_with(refused);
    }
    // A URI other than PostgreSQL's must never become a file (or a folder named "mysql:").
    if (c.db.find("://") != std::string::npos && !is_postgres_uri(c.db)) {
        std::cerr << "eyed: --db " << c.db.substr(0, c.db.find("://") + 3)
                  << "... is a URI eyed does not store in: give a postgresql:// URI or a SQLite file path\n";
        return exit_with(refused);
    }
    if (c.db.empty()) c.db = default_db_path();
    if (c.no_auth && !c.insecure_no_auth && c.listen != "none") {
        bool loopback = false;
        try {
            loopback = Poco::Net::SocketAddress(c.listen).host().isLoopback();
        } catch (const Poco::Exception& e) {
            // Fail closed: a name that does not resolve now might resolve to anything later.
            std::cerr << "eyed: cannot tell whether " << c.listen << " is a loopback address: " << e.displayText()
                      << "\n";
            return exit_with(refused);
        }
        if (!loopback) {
            std::cerr << "eyed: --no-auth is refused for " << c.listen
                      << ", which is not a loopback address: anyone who can reach it could send and read events. "
                         "Use application keys (eye apps add NAME), or say --insecure-no-auth if you mean it.\n";
            return exit_with(refused);
        }
    }
    if (c.listen == "none" && c.socket == "none") {
        std::cerr << "eyed: --listen none and --socket none leave nothing to serve on\n";
        return exit_with(refused);
    }
    ParsedOptions parsed;
    parsed.config = c;
    if (check_config) parsed.check_only = CheckConfig{config_file, render_config(app)};
    return parsed;
}

}  // namespace eye
