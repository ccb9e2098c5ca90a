// The HTTP status that answers each stable error code: one table, so a route never picks a
// status by hand and two routes cannot answer the same code differently.
#pragma once

#include <string_view>

namespace eye {

// The status for `code` (one of eye::code); 500 for a code the table does not know, which a
// unit test holds to never happen.
int http_status(std::string_view code);

}  // namespace eye
