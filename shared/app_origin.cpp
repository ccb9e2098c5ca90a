// Origins compared as browsers write them, so a registered "HTTPS://Example.com:443/" matches.
#include "app_origin.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace eye {

std::optional<std::string> normalize_origin(std::string_view text) {
    try {
        Poco::URI uri{std::string(text)};
        std::string scheme = Poco::toLower(uri.getScheme());
        if (scheme != "http" && scheme != "https") return std::nullopt;
        if (uri.getHost().empty() || !uri.getUserInfo().empty() || !uri.getQuery().empty() ||
            !uri.getFragment().empty() || (uri.getPath() != "" && uri.getPath() != "/"))
            return std::nullopt;
        std::string origin = scheme + "://" + Poco::toLower(uri.getHost());
        unsigned port = uri.getSpecifiedPort();  // 0 when the text names none
        if (port != 0 && port != (scheme == "https" ? 443u : 80u)) origin += ":" + std::to_string(port);
        return origin;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace eye
