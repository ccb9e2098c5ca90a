// The page envelope's `next` and `previous` URLs: the request's own URL with a keyset cursor.
#pragma once

#include <optional>
#include <string>

#include "request.hpp"
#include "slice.hpp"

namespace eye {

struct PageLinks {
    std::optional<std::string> next;
    std::optional<std::string> previous;
};

// The request's own absolute URL with its position (`page` and `cursor`) replaced by
// key=value: the one way every list builds its links.
std::string position_link(const Request& request, const std::string& key, const std::string& value);

// The request's own absolute URL with `page` and `cursor` replaced by a cursor past the page's
// last row (next) or before its first (previous); null where `edges` say nothing lies beyond.
// An empty page read from position `from` links back across `from` itself.
PageLinks page_links(const Request& request, const std::optional<Keyset>& from, const PageEdges& edges);

}  // namespace eye
