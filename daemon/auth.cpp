// Credentials parsing; Poco splits the Authorization header into scheme and value.
#include "auth.hpp"

#include <Poco/String.h>

namespace eye {

std::optional<std::string> presented_key(const Poco::Net::HTTPRequest& request) {
    if (request.hasCredentials()) {
        std::string scheme, value;
        request.getCredentials(scheme, value);
        if (Poco::icompare(scheme, "Bearer") == 0 && !Poco::trim(value).empty()) return Poco::trim(value);
    }
    std::string key = Poco::trim(request.get("X-Eye-Key", ""));
    if (!key.empty()) return key;
    return std::nullopt;
}

}  // namespace eye
