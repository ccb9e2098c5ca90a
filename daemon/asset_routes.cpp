// Static files from the binary, with ETag revalidation and gzip when the client takes it.
#include "asset_routes.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include "embedded_assets.hpp"

namespace eye {
namespace {

// Whether Accept-Encoding lists gzip (or *) without q=0.
bool accepts_gzip(const std::string& accept_encoding) {
    Poco::StringTokenizer codings(accept_encoding, ",", Poco::StringTokenizer::TOK_TRIM);
    for (const std::string& coding : codings) {
        Poco::StringTokenizer parts(coding, ";", Poco::StringTokenizer::TOK_TRIM);
        if (parts.count() == 0) continue;
        std::string name = Poco::toLower(parts[0]);
        if (name != "gzip" && name != "*") continue;
        double q = 1;
        for (size_t i = 1; i < parts.count(); ++i)
            if (Poco::toLower(parts[i]).starts_with("q=")) Poco::NumberParser::tryParseFloat(parts[i].substr(2), q);
        if (q > 0) return true;
    }
    return false;
}

// Whether If-None-Match names the asset's ETag (or is *).
bool unchanged(const Request& request, const Asset& asset) {
    if (!request.http.has("If-None-Match")) return false;
    Poco::StringTokenizer tags(request.http.get("If-None-Match"), ",", Poco::StringTokenizer::TOK_TRIM);
    for (std::string tag : tags) {
        if (tag.starts_with("W/")) tag.erase(0, 2);  // a weak match is enough for a GET
        if (tag == "*" || tag == asset.etag) return true;
    }
    return false;
}

Reply serve(const Request& request, const Asset* asset, const char* cache_control) {
    if (!asset) throw Refusal(Error{code::not_found, "no such file: " + request.http.getURI(), ""});
    Reply reply;
    reply.content_type = asset->content_type;
    reply.headers = {{"ETag", std::string(asset->etag)},
                     {"Cache-Control", cache_control},
                     {"Vary", "Accept-Encoding"},
                     {"X-Content-Type-Options", "nosniff"}};
    if (unchanged(request, *asset)) {
        reply.status = 304;
        return reply;
    }
    if (accepts_gzip(request.http.get("Accept-Encoding", ""))) {
        reply.body = asset->gzipped;
        reply.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        reply.body = asset->body;
    }
    return reply;
}

}  // namespace

Reply get_tracker(const Request& request, Services&) {
    Reply reply = serve(request, find_asset("/eye.js"), "public, max-age=300");
    // Pages on other origins load it, including those that isolate themselves (COEP).
    reply.headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
    return reply;
}

Reply get_openapi(const Request& request, Services&) {
    return serve(request, find_asset("/openapi.json"), "no-cache");
}

Reply get_ui(const Request& request, Services&) {
    // The page's files and API calls are relative to /ui/, so /ui is sent there. The Location
    // is relative too ("ui/" from "/ui"), which keeps a path prefix a proxy may add.
    Poco::URI uri(request.http.getURI());
    if (request.params.name.empty() && !uri.getPath().ends_with('/')) {
        std::string query = uri.getRawQuery();
        return Reply{301, "", {{"Location", "ui/" + (query.empty() ? "" : "?" + query)}}};
    }
    std::string file = request.params.name.empty() ? "index.html" : request.params.name;
    Reply reply = serve(request, find_asset("/ui/" + file), "no-cache");
    // The page runs only its own files and talks only to this daemon.
    reply.headers.emplace_back("Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
    return reply;
}

}  // namespace eye
