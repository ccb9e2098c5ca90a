// Reading query parameters into values and filters, with errors that name the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "filter.hpp"
#include "request.hpp"
#include "timestamp.hpp"

namespace eye {

std::optional<std::string> query_text(const Request& r, const char* name);
// A date and time, or a bare date (its midnight UTC); 400 invalid_query otherwise.
std::optional<Micros> query_time(const Request& r, const char* name);
// A positive integer, or `fallback` when absent; 400 invalid_query otherwise.
std::int64_t query_positive(const Request& r, const char* name, std::int64_t fallback);
// The filter `fields` declare, each from its query parameter; 400 invalid_query naming the
// parameter when a value does not fit its field.
Filter read_filter(const Request& r, FilterFields fields);
// Present and not "0"/"false".
bool query_flag(const Request& r, const char* name);

}  // namespace eye
