// Fingerprints: SHA-256 over length-prefixed fields, so no two different events can be made
// to collide by choosing their contents.
#include "fingerprint.hpp"

#include <Poco/SHA2Engine.h>

#include "os_random.hpp"

namespace eye {
namespace {

// Length-prefixed, so that no choice of field contents can make two tuples hash alike.
void feed(Poco::SHA2Engine& sha, const std::string& s) {
    std::string len = std::to_string(s.size()) + ":";
    sha.update(len.data(), static_cast<unsigned>(len.size()));
    sha.update(s.data(), static_cast<unsigned>(s.size()));
}

}  // namespace

std::string fingerprint(const Event& e, bool has_own_timestamp) {
    if (e.event_id.empty() && !has_own_timestamp) return os_random_bytes(32);
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    // Identity is per application: two apps may pick the same event_id, and a repeat is a
    // retry by its sender.
    feed(sha, e.app);
    if (!e.event_id.empty()) {
        feed(sha, "event_id");
        feed(sha, e.event_id);
    } else {
        feed(sha, "content");
        feed(sha, e.session_id);
        feed(sha, e.category);
        feed(sha, e.name);
        feed(sha, std::to_string(e.timestamp));
        feed(sha, e.data);
    }
    const Poco::DigestEngine::Digest& d = sha.digest();
    return std::string(d.begin(), d.end());
}

}  // namespace eye
