// What a user is told when something they sent is refused: a stable code, a message, a field.
#pragma once

#include <stdexcept>
#include <string>

namespace eye {

// Stable machine codes; documented in README.md and eye(1). Never rename one.
namespace code {
inline constexpr const char* invalid_json = "invalid_json";
inline constexpr const char* bad_request = "bad_request";
inline constexpr const char* missing_field = "missing_field";
inline constexpr const char* invalid_field = "invalid_field";
inline constexpr const char* unexpected_field = "unexpected_field";
inline constexpr const char* unknown_type = "unknown_type";
inline constexpr const char* future_timestamp = "future_timestamp";
inline constexpr const char* invalid_timestamp = "invalid_timestamp";
inline constexpr const char* too_large = "too_large";
inline constexpr const char* unsupported_media_type = "unsupported_media_type";
inline constexpr const char* unauthorized = "unauthorized";
inline constexpr const char* invalid_key = "invalid_key";
inline constexpr const char* revoked_key = "revoked_key";
inline constexpr const char* forbidden_scope = "forbidden_scope";
inline constexpr const char* forbidden_origin = "forbidden_origin";
inline constexpr const char* app_exists = "app_exists";
inline constexpr const char* not_found = "not_found";
inline constexpr const char* method_not_allowed = "method_not_allowed";
inline constexpr const char* invalid_query = "invalid_query";
inline constexpr const char* invalid_schema = "invalid_schema";
inline constexpr const char* unavailable = "unavailable";
inline constexpr const char* queue_full = "queue_full";
inline constexpr const char* storage_error = "storage_error";
inline constexpr const char* internal_error = "internal_error";
}  // namespace code

struct Error {
    std::string code;
    std::string message;
    std::string field;  // empty when the error concerns no single field
};

// Thrown where what was asked cannot be done, by domain code and routes alike. It carries the
// stable code; the daemon derives the HTTP status from the code (daemon/http_status.hpp), the
// CLI its exit code, so no domain code knows about either.
class Refusal : public std::runtime_error {
public:
    explicit Refusal(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
    const Error& error() const { return error_; }

private:
    Error error_;
};

}  // namespace eye
