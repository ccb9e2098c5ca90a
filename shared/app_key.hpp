// Application keys: generated from the OS's CSPRNG, stored only as hashes, compared in constant time.
#pragma once

#include <string>
#include <string_view>

namespace eye {

// "eye_" followed by 64 hex digits (256 random bits).
std::string generate_key();

// SHA-256 of the key, 32 raw bytes: what the database keeps instead of the key.
std::string hash_key(std::string_view key);

// Equal contents, in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// Names are what events are attributed to: 1-64 of [a-z0-9._-], starting with a letter or digit.
bool valid_app_name(std::string_view name);

}  // namespace eye
