// The router: the only place that knows paths, methods and how a reply goes on the wire.
#include "router.hpp"

#include <charconv>
#include <optional>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include "admin_routes.hpp"
#include "app_key.hpp"
#include "auth.hpp"
#include "errors_routes.hpp"
#include "event_json.hpp"
#include "events_routes.hpp"
#include "health_route.hpp"

namespace eye {
namespace {

using Poco::Net::HTTPRequest;

Reply method_not_allowed(const std::string& allow) {
    Reply r = error_reply(405, Error{code::method_not_allowed, "method not allowed here; allowed: " + allow, ""});
    r.headers.emplace_back("Allow", allow);
    return r;
}

Reply not_found(const std::string& path) {
    return error_reply(404, Error{code::not_found, "no such resource: " + path, ""});
}

std::optional<std::int64_t> parse_id(const std::string& s) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 1) return std::nullopt;
    return v;
}

Reply route(const Request& r, Services& services) {
    const std::string& method = r.http.getMethod();
    const auto& seg = r.segments;
    if (seg.size() == 1 && seg[0] == "events") {
        if (method == HTTPRequest::HTTP_GET) return list_events(r, services);
        if (method == HTTPRequest::HTTP_POST) return post_events(r, services);
        return method_not_allowed("GET, POST");
    }
    if (seg.size() == 2 && seg[0] == "events") {
        auto id = parse_id(seg[1]);
        if (!id) return not_found(r.http.getURI());
        if (method == HTTPRequest::HTTP_GET) return get_event(r, services, *id);
        return method_not_allowed("GET");
    }
    if (seg.size() == 1 && seg[0] == "errors") {
        if (method == HTTPRequest::HTTP_GET) return list_errors(r, services);
        return method_not_allowed("GET");
    }
    if (seg.size() == 2 && seg[0] == "errors") {
        auto id = parse_id(seg[1]);
        if (!id) return not_found(r.http.getURI());
        if (method == HTTPRequest::HTTP_GET) return get_error(r, services, *id);
        return method_not_allowed("GET");
    }
    // The admin routes do not exist over TCP: only the socket's owner and group reach them.
    if (r.listener == Listener::unix_socket && !seg.empty() && seg[0] == "admin") {
        if (seg.size() == 2 && seg[1] == "reload") {
            if (method == HTTPRequest::HTTP_POST) return post_reload(r, services);
            return method_not_allowed("POST");
        }
        if (seg.size() == 2 && seg[1] == "apps") {
            if (method == HTTPRequest::HTTP_GET) return list_apps(r, services);
            if (method == HTTPRequest::HTTP_POST) return post_app(r, services);
            return method_not_allowed("GET, POST");
        }
        if (seg.size() == 3 && seg[1] == "apps") {
            if (method == HTTPRequest::HTTP_DELETE) return delete_app(r, services, seg[2]);
            return method_not_allowed("DELETE");
        }
    }
    if (seg.size() == 1 && seg[0] == "healthz") {
        if (method == HTTPRequest::HTTP_GET) return get_health(r, services);
        return method_not_allowed("GET");
    }
    return not_found(r.http.getURI());
}

// Decides who sent the request. Over TCP with auth on, a valid key is required for everything
// but the health check (so monitors and load balancers need no key).
std::string identify(const Request& r, Services& services) {
    if (r.listener == Listener::unix_socket) {
        if (!r.http.has("X-Eye-App")) return local_app;
        const std::string& named = r.http.get("X-Eye-App");
        if (!valid_app_name(named) || named == anonymous_app)
            throw RequestError(
                400, Error{code::invalid_field, "X-Eye-App must be an app name: 1-64 of a-z, 0-9, '.', '_', '-'",
                           "X-Eye-App"});
        return named;
    }
    if (!services.auth_required || (r.segments.size() == 1 && r.segments[0] == "healthz")) return anonymous_app;
    auto key = presented_key(r.http);
    if (!key)
        throw RequestError(401,
                           Error{code::unauthorized,
                                 "a key is required: send Authorization: Bearer <key> (eye: --key or EYE_KEY)", ""});
    auto who = services.apps.authenticate(*key);
    if (who.verdict == AppRegistry::Verdict::unknown)
        throw RequestError(401, Error{code::invalid_key, "this key belongs to no application", ""});
    if (who.verdict == AppRegistry::Verdict::revoked)
        throw RequestError(401, Error{code::revoked_key, "this key was revoked", ""});
    return who.app;
}

// `Accept: application/json; indent=4` asks for pretty output, as DRF's renderer allowed.
int requested_indent(const HTTPRequest& http) {
    const std::string& accept = http.get("Accept", "");
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
        Reply reply;
        std::optional<Request> request;
        try {
            Poco::URI uri(http.getURI());
            request.emplace(Request{http, listener_, {}, {}, {}});
            Poco::StringTokenizer parts(uri.getPath(), "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            request->segments.assign(parts.begin(), parts.end());
            for (auto& [key, value] : uri.getQueryParameters()) request->query.add(key, value);
            request->app = identify(*request, services_);
            reply = route(*request, services_);
        } catch (const RequestError& e) {
            reply = error_reply(e.status(), e.error());
        } catch (const Poco::SyntaxException& e) {
            reply = error_reply(400, Error{code::invalid_query, "malformed request URI: " + e.displayText(), ""});
        } catch (const std::exception& e) {
            spdlog::error("{} {} failed: {}", http.getMethod(), http.getURI(), e.what());
            reply = error_reply(500, Error{code::internal_error, "internal error; see the daemon's log", ""});
        }
        bool body_unread =
            !(request && request->body_read) &&
            ((http.hasContentLength() && http.getContentLength64() > 0) || http.getChunkedTransferEncoding());
        send(http, response, reply, body_unread);
    }

private:
    void send(const HTTPRequest& http, Poco::Net::HTTPServerResponse& response, const Reply& reply, bool body_unread) {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        response.setContentType("application/json");
        for (const auto& [name, value] : reply.headers) response.set(name, value);
        if (reply.status == 401) response.set("WWW-Authenticate", "Bearer realm=\"eye\"");
        if (reply.status == 503 && !response.has("Retry-After"))
            response.set("Retry-After", std::to_string(services_.limits.retry_after_seconds));
        // A body left unread (refused before reading, or cut off) would be taken for the next
        // request on this connection: close it instead.
        if (body_unread || reply.status == 413) response.setKeepAlive(false);
        int indent = requested_indent(http);
        std::string body = indent > 0 ? reindent_json(reply.body, indent) + "\n" : reply.body;
        response.sendBuffer(body.data(), body.size());
    }

    Services& services_;
    Listener listener_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* RouterFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new RouteHandler(services_, listener_);
}

}  // namespace eye
