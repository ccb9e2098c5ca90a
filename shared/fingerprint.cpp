// Fingerprints: SHA-256 over length-prefixed fields, so no two different events can be made
// to collide by choosing their contents.
//
// Kept SHA-256 rather than a faster non-cryptographic hash (xxh3-128): stored databases, SQLite
// and PostgreSQL alike, hold SHA-256 fingerprints, and a retry of an event stored before an
// upgrade must still find it. What cost was Poco's portable SHA-256 (9% of eyed's CPU under
// batch ingest); OpenSSL's uses the CPU's SHA extensions where there are some and hashes the
// same bytes to the same value.
#include "fingerprint.hpp"

#include <stdexcept>

#include <openssl/evp.h>

#include "os_random.hpp"

namespace eye {
namespace {

// Length-prefixed, so that no choice of field contents can make two tuples hash alike.
void feed(std::string& message, const std::string& s) {
    message += std::to_string(s.size());
    message += ':';
    message += s;
}

// Fetched once: OpenSSL 3 looks an algorithm up by name on every implicit fetch.
const EVP_MD* sha256() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!md) throw std::runtime_error("OpenSSL offers no SHA-256");
    return md;
}

}  // namespace

std::string fingerprint(const Event& e, bool has_own_timestamp) {
    if (e.event_id.empty() && !has_own_timestamp) return os_random_bytes(32);
    std::string message;
    message.reserve(64 + e.app.size() + e.event_id.size() + e.session_id.size() + e.category.size() + e.name.size() +
                    e.data.size());
    // Identity is per application: two apps may pick the same event_id, and a repeat is a
    // retry by its sender.
    feed(message, e.app);
    if (!e.event_id.empty()) {
        feed(message, "event_id");
        feed(message, e.event_id);
    } else {
        feed(message, "content");
        feed(message, e.session_id);
        feed(message, e.category);
        feed(message, e.name);
        feed(message, std::to_string(e.timestamp));
        feed(message, e.data);
    }
    std::string digest(32, '\0');
    unsigned int size = 0;
    if (EVP_Digest(message.data(), message.size(), reinterpret_cast<unsigned char*>(digest.data()), &size, sha256(),
                   nullptr) != 1 ||
        size != digest.size())
        throw std::runtime_error("SHA-256 failed");
    return digest;
}

}  // namespace eye
