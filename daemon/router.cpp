// The router: runs the route table's row for a request, and puts what it answers (or throws)
// on the wire as JSON.
#include "router.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include "app_key.hpp"
#include "auth.hpp"
#include "cors.hpp"
#include "json_indent.hpp"
#include "http_connection.hpp"
#include "route_table.hpp"

namespace eye {
namespace {

using Poco::Net::HTTPRequest;

// Whether a TCP request came from this machine's loopback address.
bool from_loopback(const Request& r) {
    try {
        return r.http.clientAddress().host().isLoopback();
    } catch (const Poco::Exception&) {
        return false;  // no address to tell by: treated as remote
    }
}

// Decides who sent the request. Over TCP with auth on, a valid key is required unless the
// route's row says it is open, and the key's scopes must cover the row's access.
AppRegistry::Identity identify(const Request& r, const Route& route, Services& services) {
    if (r.listener == Listener::unix_socket) {
        if (!r.http.has("X-Eye-App")) return {AppRegistry::Verdict::accepted, local_app, all_scopes, {}};
        const std::string& named = r.http.get("X-Eye-App");
        // "anonymous" too: `eye import` keeps the app of events that a daemon without keys
        // took over TCP, so that their fingerprints (which include the app) stay the same.
        if (!valid_app_name(named))
            throw Refusal(Error{code::invalid_field, "X-Eye-App must be an app name: 1-64 of a-z, 0-9, '.', '_', '-'",
                                "X-Eye-App"});
        return {AppRegistry::Verdict::accepted, named, all_scopes, {}};
    }
    auto needed = required_scopes(route.access);
    if (!services.auth_required || !needed) return {AppRegistry::Verdict::accepted, anonymous_app, all_scopes, {}};
    auto key = presented_key(r.http);
    auto url_key = key ? std::nullopt : query_text(r.query, "key");
    // A local scraper needs no key; a key it does present is held to its scope like any other.
    if (!key && !url_key && route.access == Access::read_or_loopback && from_loopback(r))
        return {AppRegistry::Verdict::accepted, anonymous_app, all_scopes, {}};
    if (!key && !url_key)
        throw Refusal(Error{code::unauthorized,
                            "a key is required: send Authorization: Bearer <key> (eye: --key or EYE_KEY)", ""});
    auto who = services.apps.authenticate(key ? *key : *url_key);
    if (who.verdict == AppRegistry::Verdict::unknown)
        throw Refusal(Error{code::invalid_key, "this key belongs to no application", ""});
    if (who.verdict == AppRegistry::Verdict::revoked)
        throw Refusal(Error{code::revoked_key, "this key was revoked", ""});
    if (url_key && who.scopes.read)
        throw Refusal(Error{code::forbidden_scope,
                            "a key that can read must not travel in a URL, where logs keep it: send it in "
                            "Authorization: Bearer, or use a key of scope ingest alone (eye apps add NAME --scope ingest)",
                            "key"});
    if (!who.scopes.covers(*needed))
        throw Refusal(Error{code::forbidden_scope,
                            "this key's scope is " + format_scopes(who.scopes) + "; " + r.http.getMethod() + " " +
                                std::string(route.pattern) + " needs " + format_scopes(*needed),
                            ""});
    return who;
}

// `Accept: application/json; indent=4` asks for pretty output, as DRF's renderer allowed.
int requested_indent(const HTTPRequest& http) {
    // A copy: get() with a default returns a reference to that default, a temporary here.
    std::string accept = http.get("Accept", "");
    auto at = accept.find("indent=");
    if (at == std::string::npos) return 0;
    int indent = 0;
    const char* begin = accept.data() + at + 7;
    std::from_chars(begin, accept.data() + accept.size(), indent);
    return std::clamp(indent, 0, 8);
}

class RouteHandler final : public Poco::Net::HTTPRequestHandler {
public:
    RouteHandler(Services& services, Listener listener) : services_(services), listener_(listener) {}

    void handleRequest(Poco::Net::HTTPServerRequest& http, Poco::Net::HTTPServerResponse& response) override {
        auto began = std::chrono::steady_clock::now();
        Reply reply;
        std::optional<Request> request;
        try {
            Poco::URI uri(http.getURI());
            request.emplace(Request{http, response, listener_, {}, {}, {}, {}});
            Poco::StringTokenizer parts(uri.getPath(), "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            request->segments.assign(parts.begin(), parts.end());
            for (auto& [key, value] : uri.getQueryParameters()) request->query.add(key, value);
            reply = dispatch(*request);
        } catch (const Refusal& e) {
            reply = error_reply(e.error());
        } catch (const Poco::SyntaxException& e) {
            reply = error_reply(Error{code::invalid_query, "malformed request URI: " + e.displayText(), ""});
        } catch (const StoreUnavailable& e) {
            // The database is away for now (a restart, a lost connection): 503 and Retry-After,
            // so that a client or load balancer tries again rather than taking it for a bug.
            spdlog::warn("{} {}: {}", http.getMethod(), http.getURI(), e.what());
            reply = error_reply(Error{code::storage_error, "the database cannot be reached; retry later", ""});
        } catch (const std::exception& e) {
            spdlog::error("{} {} failed: {}", http.getMethod(), http.getURI(), e.what());
            reply = error_reply(Error{code::internal_error, "internal error; see the daemon's log", ""});
        }
        bool body_unread =
            !(request && request->body_read) &&
            ((http.hasContentLength() && http.getContentLength64() > 0) || http.getChunkedTransferEncoding());
        send(http, response, reply, body_unread || (request && request->read_ahead));
        if (services_.metrics) {
            std::optional<std::size_t> row;
            if (answered_by_) row = static_cast<std::size_t>(answered_by_ - route_table().data());
            services_.metrics->request_done(
                row, reply.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
        }
    }

private:
    // 404 or 405 (with Allow) when no row fits; otherwise who sent it, whether the row takes
    // the query's parameters, then the row's handler.
    Reply dispatch(Request& request) {
        RouteMatch match = match_route(route_table(), request.http.getMethod(), request.segments, listener_);
        if (!match.route && match.allow.empty())
            return error_reply(Error{code::not_found, "no such resource: " + request.http.getURI(), ""});
        if (!match.route) {
            Reply r =
                error_reply(Error{code::method_not_allowed, "method not allowed here; allowed: " + match.allow, ""});
            r.headers.emplace_back("Allow", match.allow);
            return r;
        }
        answered_by_ = match.route;
        request.params = std::move(match.params);
        AppRegistry::Identity who = identify(request, *match.route, services_);
        request.app = who.app;
        if (match.route->access == Access::ingest) cors_origin_ = allowed_origin(request, who, services_);
        refuse_unknown_params(request.query, match.route->query);
        return match.route->handler(request, services_);
    }

    void send(const HTTPRequest& http, Poco::Net::HTTPServerResponse& response, const Reply& reply, bool body_unread) {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        // JSON unless the route says otherwise (the embedded files).
        bool json = reply.content_type.empty();
        response.setContentType(json ? std::string("application/json") : reply.content_type);
        if (cors_origin_) {
            response.set("Access-Control-Allow-Origin", *cors_origin_);
            response.set("Vary", "Origin");
        }
        for (const auto& [name, value] : reply.headers) response.set(name, value);
        if (reply.status == 401) response.set("WWW-Authenticate", "Bearer realm=\"eye\"");
        if (reply.status == 503 && !response.has("Retry-After"))
            response.set("Retry-After", std::to_string(services_.limits.retry_after_seconds));
        // A body left unread (refused before reading, or cut off) would be taken for the next
        // request on this connection: close it instead.
        if (body_unread || reply.status == 413) response.setKeepAlive(false);
        if (reply.stream) {
            // A stream ends the connection: its end is the only sign the client gets. It lives
            // as long as the client follows, so the request deadline is lifted; its writes stay
            // bounded by the socket's send timeout, and followers that fall behind are dropped.
            lift_connection_deadline();
            response.setContentType(reply.content_type);
            response.setChunkedTransferEncoding(true);
            response.setKeepAlive(false);
            std::ostream& out = response.send();
            out.flush();
            // HEAD: the headers say what a GET would stream; following would write nothing, forever.
            if (http.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) return;
            try {
                reply.stream(out);
            } catch (const std::exception& e) {
                spdlog::debug("stream {} ended: {}", http.getURI(), e.what());  // the client went away
            }
            return;
        }
        // Poco's response writes no body for HEAD (and 204/304) whatever is given it, with the
        // Content-Length a GET would have.
        int indent = json && reply.status != 204 ? requested_indent(http) : 0;  // only JSON is re-indented
        if (indent == 0) {
            response.sendBuffer(reply.body.data(), reply.body.size());
            return;
        }
        // Laid out while it is written, never parsed into values: an indented page costs no
        // memory beyond the compact one (a parsed 8 MiB page took hundreds of MiB) and has no
        // depth limit of its own.
        response.setContentLength64(static_cast<Poco::Int64>(indented_json_size(reply.body, indent) + 1));
        std::ostream& out = response.send();
        write_indented_json(out, reply.body, indent);
        out << '\n' << std::flush;
    }

    Services& services_;
    Listener listener_;
    const Route* answered_by_ = nullptr;  // the row that took the request, for the metrics' label
    // The Origin a browser may read this reply from (cors.hpp); set once its key allowed it.
    std::optional<std::string> cors_origin_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* RouterFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new RouteHandler(services_, listener_);
}

}  // namespace eye
