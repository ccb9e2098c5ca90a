// Start-up, the signal loop and shutdown order: the ingest queue drains into a last commit (new
// events get 503), the listeners stop and requests in flight finish, the database closes, the
// socket file goes.
#include "daemon.hpp"

#include <chrono>
#include <csignal>

#include <sys/stat.h>
#include <memory>
#include <optional>
#include <vector>

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>
#include <spdlog/spdlog.h>

#include "app_registry.hpp"
#include "connection_watch.hpp"
#include "followers.hpp"
#include "http_connection.hpp"
#include "ingest.hpp"
#include "lifecycle.hpp"
#include "listeners.hpp"
#include "metrics.hpp"
#include "retention.hpp"
#include "route_table.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "sqlite_store.hpp"
#include "version.hpp"

namespace eye {
namespace {

// How long slow clients may keep a stopping daemon waiting for their requests to end.
constexpr auto shutdown_grace = std::chrono::seconds(5);

// Connections waiting for a free request thread; past them new connections are closed at once,
// which a client sees as a refusal and retries, instead of waiting unanswered.
constexpr int max_waiting_connections = 64;

// One server per listener, each with its own thread pool so that a busy TCP side cannot starve
// the local admin socket.
struct Server {
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::TCPServer> tcp;
};

Server start_server(Services& services, Listener kind, Poco::Net::ServerSocket socket, const Config& config,
                    ConnectionWatch& watch) {
    Poco::Net::HTTPServerParams::Ptr http = new Poco::Net::HTTPServerParams;
    http->setKeepAlive(true);
    http->setMaxKeepAliveRequests(0);  // unlimited
    // A kept-alive connection holds a pool thread while idle: a short timeout gives the
    // thread back soon to clients waiting in the accept queue.
    http->setKeepAliveTimeout(Poco::Timespan(config.idle_timeout_seconds, 0));
    // Per recv()/send(); the watch bounds each phase as a whole.
    http->setTimeout(Poco::Timespan(config.request_timeout_seconds, 0));
    http->setServerName("eyed");
    http->setSoftwareVersion(std::string("eyed/") + version);
    // Streams hold their thread for their life: they get threads of their own on top of the
    // ones requests (and ingest) need.
    int threads = config.threads + static_cast<int>(config.max_followers);
    Poco::Net::TCPServerParams::Ptr tcp = new Poco::Net::TCPServerParams;
    tcp->setMaxThreads(threads);
    tcp->setMaxQueued(max_waiting_connections);
    ConnectionLimits limits{std::chrono::seconds(config.header_timeout_seconds),
                            std::chrono::seconds(config.request_timeout_seconds)};
    Server s;
    s.pool = std::make_unique<Poco::ThreadPool>(2, threads + 1);
    s.tcp = std::make_unique<Poco::Net::TCPServer>(
        new HttpConnectionFactory(new RouterFactory(services, kind), http, watch, limits), *s.pool, socket, tcp);
    s.tcp->start();
    return s;
}

sigset_t handled_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

}  // namespace

int run_daemon(const Config& config) {
    Lifecycle life;  // starting, until every listener serves
    // Blocked before any thread starts, so every thread inherits the mask and only sigwait below
    // ever sees these signals.
    sigset_t signals = handled_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    // The database holds every event: no other user reads it (files 0640, folders 0750),
    // whatever umask eyed was started with.
    ::umask(::umask(0) | 027);
    // What can fail for reasons outside the database comes first (the schema file, a port in
    // use, a socket group that does not exist), so that a daemon that cannot start leaves no
    // database file behind.
    std::optional<SchemaRegistry> schemas;
    try {
        ValidationRules rules;
        rules.strict_types = config.strict_types;
        rules.future_tolerance = config.future_tolerance_seconds * 1'000'000LL;
        rules.timestamp_floor = *parse_time_bound(config.timestamp_floor);
        schemas.emplace(config.schema, rules);
    } catch (const SchemaError& e) {
        spdlog::critical("cannot use the schema file: {}", e.what());
        return 1;
    }
    std::optional<Poco::Net::ServerSocket> tcp_socket, unix_socket;
    bool own_socket = false;
    try {
        if (config.listen != "none") tcp_socket = open_tcp_listener(config.listen);
        if (config.socket != "none") {
            unix_socket = open_unix_listener(config.socket, config.socket_group);
            own_socket = true;
        }
    } catch (const StartupError& e) {
        spdlog::critical("{}", e.what());
        if (own_socket) remove_unix_listener(config.socket);
        return 1;
    }
    std::optional<SqliteStore> store;
    try {
        store.emplace(config.db, config.durability);
    } catch (const std::exception& e) {
        spdlog::critical("cannot open database {}: {}", config.db, e.what());
        if (own_socket) remove_unix_listener(config.socket);
        return 1;
    }
    // Followers outlive the pipeline: its writer hands them every commit until it stops.
    Followers followers(config.max_followers, config.follower_buffer);
    std::vector<RouteLabel> route_labels;
    for (const Route& row : route_table()) route_labels.push_back({row.method, row.pattern});
    Metrics metrics(std::move(route_labels));
    Ingest ingest(
        *store, config.queue_depth, [&followers](std::vector<Event> stored) { followers.publish(std::move(stored)); },
        &metrics);
    AppRegistry apps(*store);
    bool auth = !config.no_auth && !config.insecure_no_auth;
    BodyBudget bodies(config.limits.max_inflight_body);
    ConnectionWatch watch;  // outlives the servers: their connections hold entries in it
    Services services{*store, ingest, *schemas, apps, bodies, auth, config.limits, &watch, &followers, &metrics, &life};

    std::vector<Server> servers;
    std::vector<std::string> addresses;
    if (tcp_socket) {
        addresses.push_back("http://" + tcp_socket->address().toString());
        servers.push_back(start_server(services, Listener::tcp, *tcp_socket, config, watch));
    }
    if (unix_socket) {
        addresses.push_back("unix:" + config.socket);
        servers.push_back(start_server(services, Listener::unix_socket, *unix_socket, config, watch));
    }

    life.serving(addresses, config.db);
    std::optional<Retention> retention;
    if (config.retention != "off")
        retention.emplace(*store, *parse_retention(config.retention),
                          std::chrono::seconds(config.retention_interval_seconds));

    std::string auth_note = auth ? "TCP needs application keys" : "TCP auth OFF, no keys needed";
    spdlog::info("eyed {} listening on {}; database {} ({} events, durability {}, retention {}); {}{}; {} ({} apps)",
                 version, fmt::join(addresses, " and "), config.db, store->count(),
                 config.durability == Durability::power ? "power" : "process", config.retention, schemas->describe(),
                 config.strict_types ? ", strict" : "", auth_note, apps.list().size());

    for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGHUP) {
            if (auto problem = schemas->reload())
                spdlog::error("SIGHUP: schema reload refused, previous schemas stay in force: {}", *problem);
            else
                spdlog::info("SIGHUP: schemas reloaded: {}", schemas->describe());
            continue;
        }
        spdlog::info("{}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        break;
    }

    // First the pipeline: events already queued are committed and answered; a request that
    // arrives from now on gets 503 (unavailable) and can retry elsewhere or later. Then the
    // listeners, letting requests in flight finish.
    life.stop();                       // an eye admin purge under way ends after its transaction...
    if (retention) retention->stop();  // ...as does retention's
    ingest.stop();
    followers.stop();  // streams end once they sent what the last commits gave them
    for (auto& s : servers) s.tcp->stop();
    watch.end_all_within(shutdown_grace);
    for (auto& s : servers) s.pool->joinAll();
    Ingest::Stats stats = ingest.stats();
    store.reset();
    if (own_socket) remove_unix_listener(config.socket);
    spdlog::info("stopped after {} events in {} commits", stats.events, stats.commits);
    return 0;
}

}  // namespace eye
