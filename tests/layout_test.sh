#!/usr/bin/env bash
# shared/ is the domain: it includes no HTTP (Poco::Net) and no logging (spdlog), links neither,
# and no HTTP status code appears in it. The daemon maps domain errors to statuses.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cd "$SOURCE_DIR/shared" || exit 1
sources=$(ls ./*.cpp ./*.hpp ./*.in 2>/dev/null)
[ -n "$sources" ] || fail "no sources found in shared/"
hits=$(grep -nE 'Poco/Net|Poco::Net|spdlog' $sources)
[ -z "$hits" ] || fail "shared/ includes HTTP or logging: $hits"
hits=$(grep -nE '\b(200|201|204|400|401|403|404|405|409|411|413|415|500|503)\b' $sources)
[ -z "$hits" ] || fail "shared/ holds HTTP status codes: $hits"
hits=$(grep -nE 'target_link_libraries\(eye_shared.*(Poco::Net|spdlog)' CMakeLists.txt)
[ -z "$hits" ] || fail "eye_shared links HTTP or logging: $hits"

echo "$((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
