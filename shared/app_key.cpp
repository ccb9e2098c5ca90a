// Keys are 256 random bits, hex with an `eye_` prefix so that secret scanners recognise them;
// only their SHA-256 is ever stored.
#include "app_key.hpp"

#include <cstdio>

#include <Poco/SHA2Engine.h>

#include "os_random.hpp"

namespace eye {

std::string generate_key() {
    std::string key = "eye_";
    char hex[3];
    for (unsigned char b : os_random_bytes(32)) {
        std::snprintf(hex, sizeof hex, "%02x", b);
        key += hex;
    }
    return key;
}

std::string hash_key(std::string_view key) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(key.data(), static_cast<unsigned>(key.size()));
    const Poco::DigestEngine::Digest& d = sha.digest();
    return std::string(d.begin(), d.end());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool valid_app_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(name[0])) return false;
    for (char c : name)
        if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

}  // namespace eye
