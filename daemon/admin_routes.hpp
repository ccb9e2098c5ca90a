// Administration over the Unix socket only (the socket's file mode decides who may use it).
#pragma once

#include "reply.hpp"
#include "request.hpp"
#include "services.hpp"

namespace eye {

// POST /admin/reload: reads the schema file again; a broken file keeps the old schemas.
Reply post_reload(const Request& request, Services& services);

}  // namespace eye
