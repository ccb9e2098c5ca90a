// Query parameters: an empty value is absent, as django-filter treated `?category=`.
#include "query_params.hpp"

#include <algorithm>
#include <vector>

#include "closest_word.hpp"
#include "error.hpp"
#include "positive_integer.hpp"

namespace eye {

void refuse_unknown_params(const Query& q, const AcceptedParams& accepted) {
    std::vector<std::string> known;
    for (const FilterField& field : accepted.filter) known.emplace_back(field.param);
    for (std::string_view name : accepted.paging) known.emplace_back(name);
    for (std::string_view name : accepted.extras) known.emplace_back(name);
    for (const auto& [name, value] : q) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string message = "unknown query parameter " + name;
        if (auto near = closest_word(name, known))
            message += "; did you mean " + *near + "?";
        else if (known.empty())
            message += "; this route takes none";
        else {
            message += "; known:";
            for (size_t i = 0; i < known.size(); ++i) message += (i ? ", " : " ") + known[i];
        }
        throw Refusal(Error{code::invalid_query, message, name});
    }
}

std::optional<std::string> query_text(const Query& q, const char* name) {
    if (!q.has(name) || q.get(name).empty()) return std::nullopt;
    return q.get(name);
}

std::optional<Micros> query_time(const Query& q, const char* name) {
    auto text = query_text(q, name);
    if (!text) return std::nullopt;
    auto t = parse_time_bound(*text);
    if (!t)
        throw Refusal(
            Error{code::invalid_query, std::string(name) + " must be a date (2021-05-20) or a date and time", name});
    return t;
}

std::int64_t query_positive(const Query& q, const char* name, std::int64_t fallback) {
    auto text = query_text(q, name);
    if (!text) return fallback;
    auto v = parse_positive_integer(*text);
    if (!v) throw Refusal(Error{code::invalid_query, std::string(name) + " must be a positive integer", name});
    return *v;
}

Filter read_filter(const Query& q, FilterFields fields) {
    Filter filter(fields);
    for (const FilterField& field : fields) {
        std::string param(field.param);
        if (takes_time(field)) {
            if (auto t = query_time(q, param.c_str())) filter.set(field.param, *t);
        } else if (auto text = query_text(q, param.c_str())) {
            filter.set(field.param, *text);
        }
    }
    return filter;
}

bool query_flag(const Query& q, const char* name) {
    auto text = query_text(q, name);
    return text && *text != "0" && *text != "false";
}

}  // namespace eye
