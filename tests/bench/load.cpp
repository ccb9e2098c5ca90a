// bench_load: keep-alive POSTs of unique events, one thread per connection, over TCP or a Unix
// socket; prints throughput and latency percentiles on one machine-readable line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <latch>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <CLI/CLI.hpp>

#include "synthetic_event.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace Poco::Net;

struct Options {
    std::string url;
    std::string socket;
    int connections = 16;
    double duration = 0;
    std::int64_t requests = 0;
    std::string mode = "single";
    int batch = 1000;
    std::string path = "/events/";
    double timeout = 10;
    double rate = 0;  // requests per second over all connections; 0: as fast as they go
};

// What all client threads share; the deadline is set once they are all connected.
struct Run {
    Run(const Options& o, SocketAddress a, std::string h)
        : options(o), address(std::move(a)), host(std::move(h)), connected(o.connections) {}

    const Options& options;
    const SocketAddress address;
    const std::string host;                           // the Host header
    const std::uint32_t id = std::random_device{}();  // makes this run's events unlike any other's
    std::atomic<std::int64_t> issued{0};
    std::latch connected;
    std::latch go{1};
    Clock::time_point deadline = Clock::time_point::max();
};

struct Tally {
    std::int64_t requests = 0;
    std::int64_t events = 0;
    std::int64_t errors = 0;
    std::vector<std::int64_t> latency_ns;  // successful requests only
    std::map<std::string, std::int64_t> error_kinds;
};

// Always our own socket, because Poco 1.11's session cannot open a Unix address itself; the
// price is that the session cannot reconnect, so a closed connection means a new session.
std::unique_ptr<HTTPClientSession> connect(const Run& run) {
    Poco::Timespan timeout(static_cast<Poco::Timestamp::TimeDiff>(run.options.timeout * 1e6));
    StreamSocket socket;
    socket.connect(run.address, timeout);
    socket.setReceiveTimeout(timeout);
    socket.setSendTimeout(timeout);
    if (run.address.family() != SocketAddress::UNIX_LOCAL) socket.setNoDelay(true);
    auto session = std::make_unique<HTTPClientSession>(socket);
    session->setKeepAlive(true);
    return session;
}

void client(Run& run, std::uint32_t index, Tally& tally) {
    const Options& o = run.options;
    const bool ndjson = o.mode == "ndjson";
    const int per_request = ndjson ? o.batch : 1;
    std::uint64_t next_event = 0;
    tally.latency_ns.reserve(1 << 16);

    std::unique_ptr<HTTPClientSession> session;
    try {
        session = connect(run);
    } catch (const Poco::Exception&) {
        // Counted as an error by the first request, which tries again.
    }
    run.connected.count_down();
    run.go.wait();

    Poco::NullOutputStream sink;
    std::string body;
    // With --rate each connection paces itself at its share, so the whole sends at that rate.
    const auto interval = o.rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(o.connections / o.rate))
                                     : Clock::duration::zero();
    auto next_send = Clock::now();
    for (;;) {
        if (o.rate > 0) {
            std::this_thread::sleep_until(next_send);
            next_send += interval;
        }
        if (Clock::now() >= run.deadline) break;
        if (o.requests > 0 && run.issued.fetch_add(1) >= o.requests) break;
        // Built before the latency clock starts, so the figures are the server's.
        body.clear();
        for (int i = 0; i < per_request; ++i) {
            body += bench::event_json(run.id, index, next_event++);
            if (ndjson) body += '\n';
        }
        ++tally.requests;
        auto start = Clock::now();
        try {
            if (!session) session = connect(run);
            HTTPRequest request(HTTPRequest::HTTP_POST, o.path, HTTPMessage::HTTP_1_1);
            request.setHost(run.host);
            request.setContentType(ndjson ? "application/x-ndjson" : "application/json");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            request.setKeepAlive(true);
            session->sendRequest(request).write(body.data(), static_cast<std::streamsize>(body.size()));
            HTTPResponse response;
            std::istream& in = session->receiveResponse(response);
            Poco::StreamCopier::copyStream(in, sink);  // the whole reply, so the next one starts clean
            auto took = Clock::now() - start;
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                tally.events += per_request;
                tally.latency_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
            } else {
                ++tally.errors;
                ++tally.error_kinds["HTTP " + std::to_string(status)];
            }
            if (!response.getKeepAlive()) session.reset();
        } catch (const Poco::Exception& e) {
            ++tally.errors;
            ++tally.error_kinds[e.displayText()];
            session.reset();
            // A server that is gone should not turn this thread into a busy loop.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
}

double percentile_ms(std::vector<std::int64_t>& ns, double p) {
    if (ns.empty()) return 0;
    auto k = static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1));
    std::nth_element(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(k), ns.end());
    return static_cast<double>(ns[k]) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{
        "bench_load: sends unique events to eyed (or bench_http_ceiling) and measures it; exits 1 when "
        "any request failed"};
    auto url = app.add_option("--url", o.url, "http://ADDR:PORT of a TCP listener");
    app.add_option("--socket", o.socket, "path of a Unix socket listener")->excludes(url);
    app.add_option("--connections", o.connections, "keep-alive connections, one thread each")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    app.add_option("--duration", o.duration, "stop after this many seconds")->check(CLI::PositiveNumber);
    app.add_option("--requests", o.requests, "stop after this many requests in all")->check(CLI::PositiveNumber);
    app.add_option("--mode", o.mode, "single: one JSON event per request; ndjson: --batch events per request")
        ->check(CLI::IsMember({"single", "ndjson"}))
        ->capture_default_str();
    app.add_option("--batch", o.batch, "events per NDJSON request")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    app.add_option("--path", o.path, "request path")->capture_default_str();
    app.add_option("--rate", o.rate, "requests per second over all connections (default: as fast as they go)")
        ->check(CLI::PositiveNumber);
    app.add_option("--timeout", o.timeout, "seconds to wait for a connection or a reply")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    if (o.url.empty() == o.socket.empty() || (o.duration <= 0 && o.requests <= 0)) {
        std::cerr << "bench_load: give --url or --socket, and --duration or --requests (or both)\n";
        return 2;
    }

    std::optional<Run> run;
    try {
        if (!o.socket.empty()) {
            run.emplace(o, SocketAddress(SocketAddress::UNIX_LOCAL, o.socket), "localhost");
        } else {
            Poco::URI uri(o.url);
            if (uri.getScheme() != "http") throw Poco::InvalidArgumentException("--url must be http://ADDR:PORT");
            run.emplace(o, SocketAddress(uri.getHost(), uri.getPort()), uri.getAuthority());
        }
    } catch (const Poco::Exception& e) {
        std::cerr << "bench_load: " << e.displayText() << '\n';
        return 2;
    }

    std::vector<Tally> tallies(static_cast<std::size_t>(o.connections));
    std::vector<std::thread> threads;
    for (int i = 0; i < o.connections; ++i)
        threads.emplace_back(client, std::ref(*run), static_cast<std::uint32_t>(i), std::ref(tallies[i]));
    // The clock starts once every connection is open, so connecting is not part of the figures.
    run->connected.wait();
    auto start = Clock::now();
    if (o.duration > 0)
        run->deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
    run->go.count_down();
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    Tally all;
    for (Tally& t : tallies) {
        all.requests += t.requests;
        all.events += t.events;
        all.errors += t.errors;
        all.latency_ns.insert(all.latency_ns.end(), t.latency_ns.begin(), t.latency_ns.end());
        for (auto& [kind, n] : t.error_kinds) all.error_kinds[kind] += n;
    }
    for (auto& [kind, n] : all.error_kinds) std::cerr << "bench_load: " << n << " x " << kind << '\n';
    double p50 = percentile_ms(all.latency_ns, 0.50);
    double p99 = percentile_ms(all.latency_ns, 0.99);
    std::printf("requests=%lld events=%lld errors=%lld seconds=%.3f events_per_s=%.0f p50_ms=%.3f p99_ms=%.3f\n",
                static_cast<long long>(all.requests), static_cast<long long>(all.events),
                static_cast<long long>(all.errors), seconds, static_cast<double>(all.events) / seconds, p50, p99);
    return all.errors == 0 ? 0 : 1;
}
