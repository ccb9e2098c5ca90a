// What an application's key may do: send events (ingest), read them back (read), or both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eye {

// A key's scopes. `ingest` alone is safe to put in a web page (as Segment's write keys are):
// whoever copies it can only send events, never read what others sent.
struct Scopes {
    bool ingest = true;
    bool read = true;

    bool covers(const Scopes& needed) const { return (ingest || !needed.ingest) && (read || !needed.read); }
    bool operator==(const Scopes&) const = default;
};

inline constexpr Scopes ingest_scope{true, false};
inline constexpr Scopes read_scope{false, true};
inline constexpr Scopes all_scopes{true, true};

// "ingest", "read" or "ingest,read" (the order and spaces around the commas do not matter);
// nullopt for anything else, an empty list or a repeat.
std::optional<Scopes> parse_scopes(std::string_view text);

// "ingest", "read" or "ingest,read": what parse_scopes reads back.
std::string format_scopes(const Scopes& scopes);

}  // namespace eye
