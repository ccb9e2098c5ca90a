// Reading query parameters into values and filters, with errors that name the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Net/NameValueCollection.h>

#include "filter.hpp"
#include "timestamp.hpp"

namespace eye {

// A request's query parameters, decoded (Request::query).
using Query = Poco::Net::NameValueCollection;

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
