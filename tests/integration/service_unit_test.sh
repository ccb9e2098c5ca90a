#!/usr/bin/env bash
# The systemd unit generated for this build's install prefix: it names the programs where
# `cmake --install` puts them, systemd-analyze verify accepts it, and its exposure score under
# systemd-analyze security is 2.0 or lower.
source "$(dirname "$0")/lib.sh"
: "${UNIT:?set UNIT to the generated eyed.service}" "${SBINDIR:?}" "${BINDIR:?}"

check_eq "ExecStart names eyed under the install prefix" "ExecStart=$SBINDIR/eyed" "$(grep '^ExecStart=' "$UNIT")"
check_eq "ExecReload runs eye admin reload, which fails on a broken schema" "ExecReload=$BINDIR/eye admin reload" \
  "$(grep '^ExecReload=' "$UNIT")"
check_contains "Type=notify" "Type=notify" "$(cat "$UNIT")"

# verify wants the programs to exist: this build's stand in for the installed ones; the man
# pages it would look up are checked by the package test, where they are installed.
sed -e "s|^ExecStart=$SBINDIR/eyed|ExecStart=$EYED|" -e "s|^ExecReload=$BINDIR/eye |ExecReload=$EYE |" \
  "$UNIT" >"$WORK/eyed.service"
systemd-analyze verify --man=no "$WORK/eyed.service" >"$WORK/verify.out" 2>&1
check_eq "systemd-analyze verify accepts the unit" "0 " "$? $(cat "$WORK/verify.out")"

(cd "$WORK" && systemd-analyze security --offline=yes --threshold=20 eyed.service) >"$WORK/security.out" 2>&1
RC=$?
SCORE=$(sed -n 's/.*Overall exposure level for eyed.service: \([0-9.]*\).*/\1/p' "$WORK/security.out")
check_eq "systemd-analyze security scores it 2.0 or lower (got $SCORE)" 0 "$RC"
echo "systemd-analyze security: $SCORE"

finish
