#include <string>

#include <catch2/catch.hpp>

#include "fingerprint.hpp"

using namespace eye;

namespace {

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

Event sample() {
    Event e;
    e.app = "web";
    e.session_id = "e2085be5-9137-4e4e-80b5-f1ffddc25423";
    e.category = "page interaction";
    e.name = "cta click";
    e.data = R"({"element":"chat bubble","host":"www.consumeraffairs.com","path":"/"})";
    e.timestamp = 1609492527243860;
    return e;
}

}  // namespace

// Databases hold these fingerprints: a retry of an event stored by an older eyed must find it,
// so the bytes may never change (the values are SHA-256 over the length-prefixed fields, as Python's hashlib computes
// them too).
TEST_CASE("fingerprints stay the SHA-256 values stored databases already hold") {
    Event e = sample();
    CHECK(hex(fingerprint(e)) == "b67b561e3bdfef480e9c27105dc1feb7d9d403653c2498be48bf36d8ca8a40ca");
    e.event_id = "0b7a5f2e-retry-key";
    CHECK(hex(fingerprint(e)) == "9e94b4d80cf0656aa3931599fba59460fcb051086e4097336ccdb36c085b8022");
    e.event_id.clear();
    e.app = "";
    CHECK(hex(fingerprint(e)) == "49104375f6bdc7876d1ada1a3ad4533e848b91a8a1cb27c2b2b3369bbc5760df");
}

TEST_CASE("an event with neither an event_id nor its own timestamp never matches another") {
    Event e = sample();
    CHECK(fingerprint(e, false) != fingerprint(e, false));
    CHECK(fingerprint(e, false).size() == 32);
}
