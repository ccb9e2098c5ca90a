// Start-up, the signal loop and shutdown order: the ingest queue drains into a last commit (new
// events get 503), the listeners stop and requests in flight finish, the database closes, the
// socket file goes.
#include "daemon.hpp"

#include <atomic>
#include <chrono>
#include <csignal>

#include <sys/stat.h>
#include <memory>
#include <optional>
#include <vector>

#include <Poco/Net/HTTPServerParams.h>
#include <spdlog/spdlog.h>

#include "app_registry.hpp"
#include "connection_reactor.hpp"
#include "connection_watch.hpp"
#include "fd_limit.hpp"
#include "followers.hpp"
#include "http_connection.hpp"
#include "ingest.hpp"
#include "lifecycle.hpp"
#include "listeners.hpp"
#include "metrics.hpp"
#include "open_store.hpp"
#include "pg_commit_feed.hpp"
#include "request_workers.hpp"
#include "retention.hpp"
#include "route_table.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "service_monitor.hpp"
#include "sqlite_store.hpp"
#include "systemd_notify.hpp"
#include "version.hpp"

namespace eye {
namespace {

// How long slow clients may keep a stopping daemon waiting for their requests to end.
constexpr auto shutdown_grace = std::chrono::seconds(5);

// Descriptors kept for what is not a connection: the writer's and the (at most 16) readers'
// database and WAL files, logs, epoll and eventfds.
constexpr std::size_t reserved_descriptors = 128;

// One server per listener: a reactor where its connections wait between requests and request
// threads of its own, so that a busy TCP side cannot starve the local admin socket. Declared in
// the order they are made; shut down explicitly (run_daemon), destroyed in reverse.
struct Server {
    std::unique_ptr<HttpSettings> http;
    std::unique_ptr<RequestWorkers> workers;
    std::unique_ptr<ConnectionReactor> reactor;
};

Server start_server(Services& services, Listener kind, Poco::Net::ServerSocket socket, const Config& config,
                    ConnectionWatch& watch, const std::atomic<bool>& stopping, std::size_t max_connections) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    // Per recv()/send(); the watch bounds each phase as a whole.
    params->setTimeout(Poco::Timespan(config.request_timeout_seconds, 0));
    params->setServerName("eyed");
    params->setSoftwareVersion(std::string("eyed/") + version);
    Server s;
    s.http =
        std::make_unique<HttpSettings>(HttpSettings{new RouterFactory(services, kind), params, &watch,
                                                    std::chrono::seconds(config.request_timeout_seconds), &stopping});
    // Streams hold their thread for their life: they get threads of their own on top of the
    // ones requests (and ingest) need.
    s.workers = std::make_unique<RequestWorkers>(static_cast<std::size_t>(config.threads) + config.max_followers);
    WaitLimits limits{std::chrono::seconds(config.header_timeout_seconds),
                      std::chrono::seconds(config.idle_timeout_seconds), max_connections};
    s.reactor = std::make_unique<ConnectionReactor>(socket, limits, *s.http, *s.workers, watch);
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
        schemas.emplace(config.schema, validation_rules(config));
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
    std::unique_ptr<Store> store;
    try {
        store = open_store(config.db, config.durability);
    } catch (const std::exception& e) {
        spdlog::critical("cannot open database {}: {}", describe_db(config.db), e.what());
        if (own_socket) remove_unix_listener(config.socket);
        return 1;
    }
    // Followers outlive the pipeline: its writer hands them every commit until it stops. When
    // other instances write to the same database, the commits of all come from the database
    // instead, in commit order (this instance's own too, so that the order is one).
    Followers followers(config.max_followers, config.follower_buffer);
    std::vector<RouteLabel> route_labels;
    for (const Route& row : route_table()) route_labels.push_back({row.method, row.pattern});
    Metrics metrics(std::move(route_labels));
    auto publish = [&followers](std::vector<Event> stored) { followers.publish(std::move(stored)); };
    std::unique_ptr<PgCommitFeed> feed;
    if (store->shared()) feed = std::make_unique<PgCommitFeed>(config.db, *store, publish);
    Ingest ingest(*store, config.queue_depth, store->shared() ? Ingest::CommitListener{} : publish, &metrics);
    AppRegistry apps(*store);
    bool auth = !config.no_auth && !config.insecure_no_auth;
    BodyBudget bodies(config.limits.max_inflight_body);
    ConnectionWatch watch;  // outlives the servers: their connections hold entries in it
    Services services{*store, ingest, *schemas, apps, bodies, auth, config.limits, &watch, &followers, &metrics, &life};

    // Each connection is a descriptor: the cap per listener must fit the process's limit.
    std::size_t listeners = (tcp_socket ? 1 : 0) + (unix_socket ? 1 : 0);
    std::size_t fds = raise_fd_limit();
    std::size_t max_connections = config.max_connections;
    std::size_t room = fds > reserved_descriptors + listeners ? (fds - reserved_descriptors) / listeners : 1;
    if (max_connections > room) {
        spdlog::warn("--max-connections {} lowered to {}: the open-file limit is {} (raise LimitNOFILE or ulimit -Hn)",
                     max_connections, room, fds);
        max_connections = room;
    }
    std::atomic<bool> stopping{false};
    std::vector<Server> servers;
    std::vector<std::string> addresses;
    if (tcp_socket) {
        addresses.push_back("http://" + tcp_socket->address().toString());
        servers.push_back(start_server(services, Listener::tcp, *tcp_socket, config, watch, stopping, max_connections));
    }
    if (unix_socket) {
        addresses.push_back("unix:" + config.socket);
        servers.push_back(
            start_server(services, Listener::unix_socket, *unix_socket, config, watch, stopping, max_connections));
    }

    life.serving(addresses, config.db);
    std::optional<Retention> retention;
    if (config.retention != "off")
        retention.emplace(*store, *parse_retention(config.retention),
                          std::chrono::seconds(config.retention_interval_seconds));

    std::size_t stored = store->count();
    std::string auth_note = auth ? "TCP needs application keys" : "TCP auth OFF, no keys needed";
    spdlog::info("eyed {} listening on {}; database {} ({} events, durability {}, retention {}); {}{}; {} ({} apps)",
                 version, fmt::join(addresses, " and "), describe_db(config.db), stored,
                 config.durability == Durability::power ? "power" : "process", config.retention, schemas->describe(),
                 config.strict_types ? ", strict" : "", auth_note, apps.list().size());
    // Only now, with the database open and every listener bound and serving, may systemd start
    // what depends on eyed.
    ServiceMonitor monitor(ingest, metrics, stored);
    systemd::notify_ready(monitor.status());

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
        systemd::notify_stopping();
        break;
    }

    // First the pipeline: events already queued are committed and answered; a request that
    // arrives from now on gets 503 (unavailable) and can retry elsewhere or later. Then the
    // listeners, letting requests in flight finish.
    life.stop();                       // an eye admin purge under way ends after its transaction...
    if (retention) retention->stop();  // ...as does retention's
    ingest.stop();
    if (feed) feed->stop();
    followers.stop();  // streams end once they sent what the last commits gave them
    stopping = true;   // replies from now on close their connection
    for (auto& s : servers) s.reactor->shutdown(shutdown_grace);
    watch.end_all_within(shutdown_grace);
    for (auto& s : servers) s.reactor->join();
    for (auto& s : servers) s.workers->join();
    servers.clear();
    Ingest::Stats stats = ingest.stats();
    store.reset();
    if (own_socket) remove_unix_listener(config.socket);
    spdlog::info("stopped after {} events in {} commits", stats.events, stats.commits);
    return 0;
}

}  // namespace eye
