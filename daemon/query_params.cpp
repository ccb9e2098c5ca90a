// Query parameter parsing.
#include "query_params.hpp"

#include <charconv>

#include "error.hpp"

namespace eye {

// An empty value counts as absent, as django-filter treated `?category=`.
std::optional<std::string> query_text(const Request& r, const char* name) {
    if (!r.query.has(name) || r.query.get(name).empty()) return std::nullopt;
    return r.query.get(name);
}

std::optional<Micros> query_time(const Request& r, const char* name) {
    auto text = query_text(r, name);
    if (!text) return std::nullopt;
    auto t = parse_time_bound(*text);
    if (!t)
        throw RequestError(400, Error{code::invalid_query,
                                      std::string(name) + " must be a date (2021-05-20) or a date and time", name});
    return t;
}

std::int64_t query_positive(const Request& r, const char* name, std::int64_t fallback) {
    auto text = query_text(r, name);
    if (!text) return fallback;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size() || v < 1)
        throw RequestError(400, Error{code::invalid_query, std::string(name) + " must be a positive integer", name});
    return v;
}

bool query_flag(const Request& r, const char* name) {
    auto text = query_text(r, name);
    return text && *text != "0" && *text != "false";
}

}  // namespace eye
