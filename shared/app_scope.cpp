// Scopes as the store, the admin API and `eye apps add --scope` write them.
#include "app_scope.hpp"

namespace eye {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<Scopes> parse_scopes(std::string_view text) {
    Scopes scopes{false, false};
    bool any = false;
    while (true) {
        auto comma = text.find(',');
        std::string_view word = trim(text.substr(0, comma));
        bool* flag = word == "ingest" ? &scopes.ingest : word == "read" ? &scopes.read : nullptr;
        if (!flag || *flag) return std::nullopt;  // unknown, empty or repeated
        *flag = any = true;
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    if (!any) return std::nullopt;
    return scopes;
}

std::string format_scopes(const Scopes& scopes) {
    if (scopes.ingest && scopes.read) return "ingest,read";
    return scopes.ingest ? "ingest" : "read";
}

}  // namespace eye
