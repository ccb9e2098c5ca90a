// Error code to HTTP status, as README.md's error table documents it.
#include "http_status.hpp"

#include <array>
#include <utility>

#include "error.hpp"

namespace eye {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 24> statuses{{
    {code::invalid_json, 400},     {code::bad_request, 400},       {code::missing_field, 400},
    {code::invalid_field, 400},    {code::unexpected_field, 400},  {code::unknown_type, 400},
    {code::future_timestamp, 400}, {code::invalid_timestamp, 400}, {code::invalid_schema, 400},
    {code::invalid_query, 400},    {code::unauthorized, 401},      {code::invalid_key, 401},
    {code::revoked_key, 401},      {code::forbidden_scope, 403},   {code::forbidden_origin, 403},
    {code::not_found, 404},        {code::method_not_allowed, 405},
    {code::app_exists, 409},       {code::too_large, 413},         {code::unsupported_media_type, 415},
    {code::internal_error, 500},   {code::queue_full, 503},        {code::unavailable, 503},
    {code::storage_error, 503},
}};

}  // namespace

int http_status(std::string_view code) {
    for (const auto& [c, status] : statuses)
        if (c == code) return status;
    return 500;
}

}  // namespace eye
