// Query parameters: an empty value is absent, as django-filter treated `?category=`.
#include "query_params.hpp"

#include "error.hpp"
#include "positive_integer.hpp"

namespace eye {

std::optional<std::string> query_text(const Request& r, const char* name) {
    if (!r.query.has(name) || r.query.get(name).empty()) return std::nullopt;
    return r.query.get(name);
}

std::optional<Micros> query_time(const Request& r, const char* name) {
    auto text = query_text(r, name);
    if (!text) return std::nullopt;
    auto t = parse_time_bound(*text);
    if (!t)
        throw Refusal(
            Error{code::invalid_query, std::string(name) + " must be a date (2021-05-20) or a date and time", name});
    return t;
}

std::int64_t query_positive(const Request& r, const char* name, std::int64_t fallback) {
    auto text = query_text(r, name);
    if (!text) return fallback;
    auto v = parse_positive_integer(*text);
    if (!v) throw Refusal(Error{code::invalid_query, std::string(name) + " must be a positive integer", name});
    return *v;
}

Filter read_filter(const Request& r, FilterFields fields) {
    Filter filter(fields);
    for (const FilterField& field : fields) {
        std::string param(field.param);
        if (takes_time(field)) {
            if (auto t = query_time(r, param.c_str())) filter.set(field.param, *t);
        } else if (auto text = query_text(r, param.c_str())) {
            filter.set(field.param, *text);
        }
    }
    return filter;
}

bool query_flag(const Request& r, const char* name) {
    auto text = query_text(r, name);
    return text && *text != "0" && *text != "false";
}

}  // namespace eye
