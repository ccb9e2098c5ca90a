// The page envelope's `next` and `previous` URLs, built as Django REST framework built them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "request.hpp"

namespace eye {

struct PageLinks {
    std::optional<std::string> next;
    std::optional<std::string> previous;
};

// The request's own absolute URL with `page` replaced; page 1 drops the parameter.
PageLinks page_links(const Request& request, std::int64_t page, std::int64_t page_count);

}  // namespace eye
