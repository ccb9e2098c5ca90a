// The `cursor` query parameter: a keyset position and a direction, opaque to clients so that
// they follow `next`/`previous` rather than build positions of their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "slice.hpp"

namespace eye {

struct Cursor {
    Toward toward = Toward::older;
    Keyset at;
};

// URL-safe base64 (no padding) of "o<time>.<id>" or "n<time>.<id>"; never throws.
std::string encode_cursor(const Cursor& cursor);

// The cursor encode_cursor made; nullopt for any other text. Never throws.
std::optional<Cursor> decode_cursor(std::string_view text);

}  // namespace eye
