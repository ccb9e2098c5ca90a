// Finding an embedded file by the path it is served at (the files themselves are generated).
#include "embedded_assets.hpp"

namespace eye {

const Asset* find_asset(std::string_view path) {
    for (const Asset& asset : embedded_assets())
        if (asset.path == path) return &asset;
    return nullptr;
}

}  // namespace eye
