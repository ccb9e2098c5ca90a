// The files eyed serves as they are (the tracker, the dashboard), compiled in from ui/ at build
// time (cmake/embed_assets.cmake), each also gzip'd at build time.
#pragma once

#include <span>
#include <string_view>

namespace eye {

struct Asset {
    std::string_view path;          // the URL path it is served at: "/eye.js", "/ui/app.js"
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view etag;          // quoted, as the ETag header carries it
    std::string_view body;
    std::string_view gzipped;  // the body gzip'd (-9)
};

// Every embedded file; generated.
std::span<const Asset> embedded_assets();

// The asset served at `path`, or null.
const Asset* find_asset(std::string_view path);

}  // namespace eye
