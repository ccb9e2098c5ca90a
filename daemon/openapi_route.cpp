// GET /openapi.json: the embedded document, served as built so that what a client reads is
// what this eyed does (tests/unit/daemon/openapi_test.cpp holds the document to the route table).
#include "openapi_route.hpp"

namespace eye {

Reply get_openapi(const Request&, Services&) {
    return Reply{200, std::string(openapi_document()), {}};
}

}  // namespace eye
