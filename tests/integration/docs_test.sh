#!/usr/bin/env bash
# Every flag the programs accept has a man page entry, and every error code is documented.
source "$(dirname "$0")/lib.sh"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"

flags() { grep -oE -- '--[a-z][a-z-]+' | sort -u; }

EYED_MAN=$(cat "$SOURCE_DIR/man/eyed.8.scd")
for flag in $(timeout 10 "$EYED" --help | flags); do
  check_contains "eyed(8) documents $flag" "*$flag*" "$EYED_MAN"
done

# Every option of eyed's is a key of its configuration file (but those that choose the file).
CONF_MAN=$(cat "$SOURCE_DIR/man/eyed.conf.5.scd")
for flag in $(timeout 10 "$EYED" --help | flags); do
  case "$flag" in --help | --version | --config | --check-config) continue ;; esac
  check_contains "eyed.conf(5) documents the key ${flag#--}" "*${flag#--}* = " "$CONF_MAN"
done

EYE_MAN=$(cat "$SOURCE_DIR/man/eye.1.scd")
for cmd in "" $("$EYE" --help | sed -n '/^Subcommands:/,$p' | awk 'NR>1 && NF {print $1}'); do
  for flag in $("$EYE" $cmd --help | flags); do
    check_contains "eye(1) documents ${cmd:+$cmd }$flag" "*$flag*" "$EYE_MAN"
  done
done

README=$(cat "$SOURCE_DIR/README.md")
for code in $(sed -n 's/.*inline constexpr const char\* [a-z_]* = "\([a-z_]*\)";/\1/p' "$SOURCE_DIR/shared/error.hpp"); do
  check_contains "eyed(8) documents error code $code" "$code" "$EYED_MAN"
  check_contains "README documents error code $code" "$code" "$README"
done

finish
