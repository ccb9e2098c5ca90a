#!/usr/bin/env bash
# The Debian package on this machine (as root; CI has no systemd as PID 1, nor has this test):
# dpkg -i, the files and the conffile, lintian, eyed --check-config, the installed eyed as user
# eyed with the packaged configuration, eye through /run/eye/eye.sock as a member of group eye
# (and refused to others), dpkg -r keeps the events, dpkg -P deletes them. Leaves the machine as
# it found it: the package purged, user eyed and group eye deleted when this test made them.
source "$(dirname "$0")/lib.sh"
: "${DEB_DIR:?set DEB_DIR to the folder packaging/build-deb.sh built the package in}"

if [ "$(id -u)" -ne 0 ] || ! command -v dpkg >/dev/null; then
  echo "SKIP: installing a package needs root and dpkg"
  exit 77
fi
DEB=$(ls "$DEB_DIR"/eye_*_amd64.deb 2>/dev/null | tail -1)
[ -n "$DEB" ] || { echo "FAIL: no eye_*_amd64.deb in $DEB_DIR"; exit 1; }

# One run at a time on this machine, whoever starts it.
exec 9>/run/lock/eye-package-test.lock
flock -w 240 9 || { echo "FAIL: another package test holds /run/lock/eye-package-test.lock"; exit 1; }

INSTALLED_EYED=""
had_user=$(getent passwd eyed >/dev/null && echo yes)
had_group=$(getent group eye >/dev/null && echo yes)
package_cleanup() {
  if [ -n "$INSTALLED_EYED" ] && kill -0 "$INSTALLED_EYED" 2>/dev/null; then kill -KILL "$INSTALLED_EYED"; fi
  dpkg -P eye >/dev/null 2>&1
  if [ -z "$had_user" ]; then userdel eyed 2>/dev/null; fi
  if [ -z "$had_group" ]; then groupdel eye 2>/dev/null; fi
  cleanup
}
trap package_cleanup EXIT

# A previous run that was killed may have left the package in: start from none.
if dpkg-query -W eye >/dev/null 2>&1; then
  echo "note: purging an eye package left by an earlier run"
  leftover=$(pgrep -u eyed -x eyed || true)
  [ -n "$leftover" ] && kill -KILL $leftover
  dpkg -P eye >/dev/null
fi

# --- the package itself ---
lintian --fail-on error "$DEB" >"$WORK/lintian.out" 2>&1
check_eq "lintian passes (--fail-on error)" 0 "$?"
check_eq "lintian reports no errors" "" "$(grep '^E:' "$WORK/lintian.out")"
grep '^W:' "$WORK/lintian.out" | sed 's/^/lintian /'
check_contains "Depends is computed from the shared libraries" "libpoco" "$(dpkg-deb -f "$DEB" Depends)"

dpkg -i "$DEB" >"$WORK/dpkg.out" 2>&1
check_eq "dpkg -i installs it" 0 "$?"
FILES=$(dpkg -L eye)
for f in /usr/sbin/eyed /usr/bin/eye /lib/systemd/system/eyed.service /usr/lib/sysusers.d/eye.conf \
  /usr/lib/tmpfiles.d/eye.conf /etc/eye/eyed.conf /usr/share/man/man1/eye.1.gz /usr/share/man/man8/eyed.8.gz \
  /usr/share/man/man5/eyed.conf.5.gz /usr/share/bash-completion/completions/eye /usr/share/doc/eye/copyright \
  /usr/share/doc/eye/changelog.gz; do
  if grep -qx "$f" <<<"$FILES" && [ -e "$f" ]; then pass; else fail "the package installs $f"; fi
done
check_contains "bash completes eye's subcommands" "send" \
  "$(bash -c 'source /usr/share/bash-completion/completions/eye; COMP_WORDS=(eye se); COMP_CWORD=1; _eye; echo "${COMPREPLY[*]}"')"
check_contains "/etc/eye/eyed.conf is a conffile" "/etc/eye/eyed.conf" "$(dpkg-query -W -f='${Conffiles}' eye)"
check_eq "user eyed exists, in group eye" "eye" "$(id -gn eyed)"
check_eq "/var/lib/eye is eyed's alone" "700 eyed eye" "$(stat -c '%a %U %G' /var/lib/eye)"
systemd-analyze verify /lib/systemd/system/eyed.service >"$WORK/verify.out" 2>&1
check_eq "systemd-analyze verify accepts the installed unit (programs and man pages present)" "0 " \
  "$? $(cat "$WORK/verify.out")"

# --- the installed eyed, as systemd would run it ---
/usr/sbin/eyed --check-config >"$WORK/check.out" 2>&1
check_eq "eyed --check-config accepts the packaged configuration" 0 "$?"
check_contains "and reads /etc/eye/eyed.conf" "# configuration file: /etc/eye/eyed.conf" "$(cat "$WORK/check.out")"
systemd-tmpfiles --create /usr/lib/tmpfiles.d/eye.conf
check_eq "tmpfiles makes /run/eye for group eye" "750 eyed eye" "$(stat -c '%a %U %G' /run/eye)"
# The environment systemd gives the unit (RuntimeDirectory=, StateDirectory=,
# ConfigurationDirectory=); TCP on a free port instead of the packaged default 8000.
: >"$LOG"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin RUNTIME_DIRECTORY=/run/eye STATE_DIRECTORY=/var/lib/eye \
  CONFIGURATION_DIRECTORY=/etc/eye setpriv --reuid=eyed --regid=eye --init-groups \
  /usr/sbin/eyed --listen 127.0.0.1:0 >>"$LOG" 2>&1 &
INSTALLED_EYED=$!
wait_for "the installed eyed to answer on /run/eye/eye.sock" 20 \
  curl -sf -m 5 --unix-socket /run/eye/eye.sock -o /dev/null http://eye/healthz
check_eq "the socket is eyed's, for group eye" "660 eyed eye" "$(stat -c '%a %U %G' /run/eye/eye.sock)"

# A member of group eye (and of nothing else) with a clean environment: eye finds the socket.
EYE_GID=$(getent group eye | cut -d: -f3)
as_member() { env -i PATH=/usr/bin:/bin HOME=/ setpriv --reuid=nobody --regid=nogroup --groups="$EYE_GID" "$@"; }
as_member eye send --session pkg --category "page interaction" --name pageview \
  --data '{"host": "a", "path": "/"}' >"$WORK/send.out" 2>&1
check_eq "eye send as a member of group eye, no flags" 0 "$?"
check_eq "eye list shows it" "pkg" "$(as_member eye list --format ndjson | jq -r .session_id)"
mkdir -p "$WORK/xdg" && chmod 755 "$WORK" "$WORK/xdg"
check_eq "a login session's XDG_RUNTIME_DIR (no eye.sock in it) still finds /run/eye/eye.sock" "pkg" \
  "$(as_member env XDG_RUNTIME_DIR="$WORK/xdg" eye list --format ndjson | jq -r .session_id)"
check_eq "the daemon counts it" 1 "$(as_member curl -s --unix-socket /run/eye/eye.sock http://eye/healthz | jq .events)"
env -i PATH=/usr/bin:/bin HOME=/ setpriv --reuid=nobody --regid=nogroup --clear-groups eye list >/dev/null 2>&1
RC=$?
if [ "$RC" -ne 0 ]; then pass; else fail "a user outside group eye cannot use the socket"; fi
check_eq "the database is eyed's, readable by no one else" "640 eyed" "$(stat -c '%a %U' /var/lib/eye/eye.db)"

kill -TERM "$INSTALLED_EYED"
wait_for "the installed eyed to stop" 20 exited "$INSTALLED_EYED"
wait "$INSTALLED_EYED"
check_eq "it stops cleanly" 0 "$?"
INSTALLED_EYED=""

# --- remove keeps the data and the configuration; purge deletes them ---
dpkg -r eye >"$WORK/dpkg.out" 2>&1
check_eq "dpkg -r" 0 "$?"
if [ -e /usr/sbin/eyed ]; then fail "dpkg -r removes the programs"; else pass; fi
if [ -s /var/lib/eye/eye.db ]; then pass; else fail "dpkg -r keeps /var/lib/eye/eye.db"; fi
if [ -e /etc/eye/eyed.conf ]; then pass; else fail "dpkg -r keeps the conffile"; fi
dpkg -P eye >"$WORK/dpkg.out" 2>&1
check_eq "dpkg -P" 0 "$?"
if [ -e /var/lib/eye ]; then fail "dpkg -P deletes /var/lib/eye"; else pass; fi
if [ -e /etc/eye/eyed.conf ]; then fail "dpkg -P deletes the conffile"; else pass; fi

finish
