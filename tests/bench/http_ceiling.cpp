// The HTTP ceiling: a Poco HTTPServer that stores nothing, so eyed's figures can be read against it.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <CLI/CLI.hpp>

namespace {

using namespace Poco::Net;

// The size of the reply STACK-NOTES' ceiling was measured with.
constexpr std::string_view reply_body = R"({"id":12,"status":"created","stored":"nothing"})";
static_assert(reply_body.size() == 47);

class Created : public HTTPRequestHandler {
public:
    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        // Reading the body is part of the work eyed does too, and keeps the connection in step.
        Poco::NullOutputStream sink;
        Poco::StreamCopier::copyStream(request.stream(), sink);
        response.setStatus(HTTPResponse::HTTP_CREATED);
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(reply_body.size()));
        response.setKeepAlive(request.getKeepAlive());
        response.send().write(reply_body.data(), static_cast<std::streamsize>(reply_body.size()));
    }
};

class Factory : public HTTPRequestHandlerFactory {
public:
    HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new Created; }
};

// Configured as eyed configures its servers, so the two differ only in what a request does.
struct Server {
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<HTTPServer> http;

    Server(const ServerSocket& socket, int threads) {
        auto params = new HTTPServerParams;  // owned by the server
        params->setMaxThreads(threads);
        params->setMaxQueued(1024);
        params->setKeepAlive(true);
        params->setMaxKeepAliveRequests(0);
        params->setKeepAliveTimeout(Poco::Timespan(30, 0));
        params->setTimeout(Poco::Timespan(30, 0));
        pool = std::make_unique<Poco::ThreadPool>(2, threads + 1);
        http = std::make_unique<HTTPServer>(new Factory, *pool, socket, params);
        http->start();
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::string listen;
    std::string socket_path;
    int threads = 16;
    CLI::App app{"bench_http_ceiling: answers every request with 201 and stores nothing"};
    app.add_option("--listen", listen, "TCP address, ADDR:PORT (port 0: any free port)");
    app.add_option("--socket", socket_path, "Unix socket path (a stale file is replaced)");
    app.add_option("--threads", threads, "request threads per listener")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    if (listen.empty() && socket_path.empty()) {
        std::cerr << "bench_http_ceiling: give --listen, --socket or both\n";
        return 2;
    }

    // Blocked before any thread starts, so that only sigwait below sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::vector<Server> servers;
    std::string where;
    try {
        if (!listen.empty()) {
            ServerSocket tcp;
            tcp.bind(SocketAddress(listen), true, false);  // no SO_REUSEPORT: a taken port must fail
            tcp.listen(256);
            servers.emplace_back(tcp, threads);
            where = "http://" + tcp.address().toString();
        }
        if (!socket_path.empty()) {
            std::filesystem::remove(socket_path);
            ServerSocket local;
            local.bind(SocketAddress(SocketAddress::UNIX_LOCAL, socket_path));
            local.listen(256);
            servers.emplace_back(local, threads);
            where += (where.empty() ? "unix:" : " and unix:") + socket_path;
        }
    } catch (const Poco::Exception& e) {
        std::cerr << "bench_http_ceiling: " << e.displayText() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "bench_http_ceiling: " << e.what() << '\n';
        return 1;
    }
    // The address goes to stderr so that a caller that bound port 0 can learn the port.
    std::cerr << "bench_http_ceiling listening on " << where << std::endl;
    std::cout << "ready" << std::endl;

    int sig = 0;
    sigwait(&signals, &sig);
    for (auto& s : servers) s.http->stopAll(true);
    if (!socket_path.empty()) std::filesystem::remove(socket_path);
    return 0;
}
