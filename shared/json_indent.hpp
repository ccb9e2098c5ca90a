// Indented JSON from compact JSON text, without parsing it into values: the memory it needs is
// that of its output buffer whatever the size or depth of the text, and every number and
// string stays exactly as written.
#pragma once

#include <cstddef>
#include <ostream>
#include <string_view>

namespace eye {

// Writes `compact` (valid JSON, as eyed renders it) with each member and element on a line of
// its own, `indent` spaces a level, `"key": value`, as Poco's Stringifier lays it out; empty
// objects and arrays stay `{}` and `[]`. Whitespace outside strings is dropped. Text that is
// not valid JSON comes out re-spaced but otherwise unchanged; nothing throws.
void write_indented_json(std::ostream& out, std::string_view compact, int indent);

// The number of bytes write_indented_json writes for the same arguments (for a
// Content-Length before the body is written).
std::size_t indented_json_size(std::string_view compact, int indent);

}  // namespace eye
