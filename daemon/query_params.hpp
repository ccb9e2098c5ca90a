// Reading query parameters into values and filters, with errors that name the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <Poco/Net/NameValueCollection.h>

#include "filter.hpp"
#include "timestamp.hpp"

namespace eye {

// A request's query parameters, decoded (Request::query).
using Query = Poco::Net::NameValueCollection;

// The query parameters a route accepts: its filter table's, and its own (paging, summary, ...).
// Declared in the route's row (route_table.cpp); the router refuses any other.
struct AcceptedParams {
    FilterFields filter{};
    std::span<const std::string_view> paging{};  // paging_params (paging.hpp) for a list
    std::span<const std::string_view> extras{};
};

// Throws Refusal invalid_query naming the first parameter of `q` that `accepted` does not list
// (with "did you mean ...?" when one is close), so a misspelt filter never widens a list.
void refuse_unknown_params(const Query& q, const AcceptedParams& accepted);

std::optional<std::string> query_text(const Query& q, const char* name);
// A date and time, or a bare date (its midnight UTC); throws Refusal invalid_query otherwise.
std::optional<Micros> query_time(const Query& q, const char* name);
// A positive integer, or `fallback` when absent; throws Refusal invalid_query otherwise.
std::int64_t query_positive(const Query& q, const char* name, std::int64_t fallback);
// The filter `fields` declare, each from its query parameter; throws Refusal invalid_query
// naming the parameter when a value does not fit its field.
Filter read_filter(const Query& q, FilterFields fields);
// Present and not "0"/"false".
bool query_flag(const Query& q, const char* name);

}  // namespace eye
