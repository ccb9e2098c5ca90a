#!/usr/bin/env bash
# Mutation check by hand (not in CI, not in ctest): breaks the code in named ways, one at a
# time, and says which breakages the test suite catches.
#
#   tests/mutation/run.sh [NAME...]          all mutations, or only those named
#   tests/mutation/run.sh --check [NAME...]  only show each mutation's diff against the working
#                                            tree (no build, no tests; seconds)
#
# It copies the source tree (tracked and untracked-but-not-ignored files, uncommitted changes
# included) to $MUTATION_DIR (default ${TMPDIR:-/tmp}/eye-mutation, kept between runs so that
# rebuilds are incremental; files are copied only when they changed), builds it there with
# ccache and -j$JOBS (default 2), checks that the unmutated suite passes, then for each mutation:
# applies its sed expressions to one file, rebuilds, runs ctest, puts the file back. A mutation
# is "caught" when ctest fails, "survived" when every test passes. The working tree is never
# touched. A run takes ~20-60 s of build and ~20-40 s of tests per mutation (a first build in a
# new MUTATION_DIR ~3 min). Exit status: 0 when every mutation was caught, 1 when one survived,
# 2 when the script itself could not do its job (a sed that matched nothing, a mutant that does
# not compile, a baseline that fails).
#
# Keeping it honest as the code moves: each mutation is a GNU sed expression (basic regular
# expressions: escape . * [ ] ^ $ \ in patterns, & and \ in replacements) on one file, and
# the script stops with "matched nothing" when an expression no longer changes its file, so a
# mutation can never silently turn into a no-op. When that happens, find the line the
# mutation describes in its new place (grep for the text in the pattern), and update the file
# path and the pattern in the table below so that it breaks the same rule again; keep the
# name; --check shows the result at once. Prefer patterns on lines that say the rule itself (a PRAGMA, a constant, a condition)
# over lines that merely happen to be near it.
set -uo pipefail

SRC=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) || exit 2
DIR=${MUTATION_DIR:-${TMPDIR:-/tmp}/eye-mutation}
JOBS=${JOBS:-2}
TREE="$DIR/tree"
BUILD="$DIR/build"
LOGS="$DIR/logs"

NAMES=() FILES=() WHATS=() EXPRS=()
# mutation NAME FILE WHAT SED-EXPRESSION...: declares one mutation; all its expressions apply
# to FILE, and each must change it.
mutation() {
  NAMES+=("$1") FILES+=("$2") WHATS+=("$3")
  shift 3
  EXPRS+=("$(printf '%s\n' "$@")")
}

mutation sync-off-power daemon/stores/sqlite/sqlite_store.cpp \
  "--durability power runs synchronous=OFF" \
  's/"PRAGMA synchronous = FULL"/"PRAGMA synchronous = OFF"/'
mutation sync-off-process daemon/stores/sqlite/sqlite_store.cpp \
  "--durability process runs synchronous=OFF" \
  's/"PRAGMA synchronous = NORMAL"/"PRAGMA synchronous = OFF"/'
mutation page-cap-removed daemon/paging.cpp \
  "page_size is not capped" \
  's/std::min(query_positive(query, "page_size", default_page_size), max_page_size)/query_positive(query, "page_size", default_page_size)/'
mutation page-cap-1001 shared/page_limits.hpp \
  "page_size is capped at 1001" \
  's/max_page_size = 1000; /max_page_size = 1001; /'
mutation ack-before-commit daemon/stores/sqlite/sqlite_store.cpp \
  "a group's transaction commits at the start of the next append, after its reply went out" \
  's/^\( *\)w\.db\.exec("COMMIT");/\1\/\/ COMMIT deferred to the next append/' \
  's/^\( *\)w\.db\.exec("BEGIN IMMEDIATE");/\1sqlite3_exec(w.db.get(), "COMMIT", nullptr, nullptr, nullptr);\n\1w.db.exec("BEGIN IMMEDIATE");/'
mutation admin-over-tcp daemon/route_table.cpp \
  "the Unix-only (admin) routes answer over TCP too" \
  's/if (row\.reach == Reach::unix_only \&\& listener != Listener::unix_socket) continue;/\/\/ every row reachable everywhere/'
mutation auth-skipped daemon/router.cpp \
  "TCP requests need no key even with auth on" \
  's/if (!services\.auth_required || /if (true || /'
mutation scope-ignored daemon/router.cpp \
  "a key may do what its scopes do not cover" \
  's/if (!who\.scopes\.covers(\*needed))/if (false)/'
mutation origin-ignored daemon/cors.cpp \
  "a browser's events are taken from any origin" \
  's/if (!origin || std::find(who\.origins\.begin(), who\.origins\.end(), \*origin) == who\.origins\.end())/if (false)/'
mutation filter-ignored daemon/stores/sqlite/sqlite_store.cpp \
  "the lower time bound of every filter (timestamp_after, after) is ignored" \
  's/for (const FilterTerm\& term : filter\.terms()) {/&\n            if (term.field->match == FilterMatch::at_least) continue;/'
mutation order-reversed daemon/stores/sqlite/sqlite_store.cpp \
  "event lists are oldest first" \
  's/"timestamp DESC, id DESC"/"timestamp ASC, id ASC"/'
mutation queue-unbounded daemon/ingest.cpp \
  "the ingest queue never refuses (unbounded memory)" \
  's/if (queued_events_ > 0 && queued_events_ + size > capacity_)/if (false)/'
mutation duplicate-as-new daemon/stores/sqlite/sqlite_store.cpp \
  "a duplicate is answered as a new event with a wrong id" \
  's/if (w\.db\.changes() == 1) {/if (true) {/'
mutation drain-skipped daemon/daemon.cpp \
  "SIGTERM stops the listeners without draining the queue first" \
  's/^\( *\)ingest\.stop();/\1\/\/ no drain before the listeners stop/'

die() { echo "mutation: $*" >&2; exit 2; }

CHECK_ONLY=""
if [ "${1:-}" == "--check" ]; then CHECK_ONLY=1; shift; fi

# Selection: the names given, or all.
SELECTED=()
if [ $# -eq 0 ]; then
  SELECTED=("${!NAMES[@]}")
else
  for want in "$@"; do
    found=""
    for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" == "$want" ] && found=$i; done
    [ -n "$found" ] || die "no mutation named $want (known: ${NAMES[*]})"
    SELECTED+=("$found")
  done
fi

# mutate I TARGET: applies mutation I's expressions to the file TARGET; dies when one of them
# does not change it.
mutate() {
  local i=$1 target=$2 expr
  cp "$target" "$DIR/pristine"
  while IFS= read -r expr; do
    cp "$target" "$DIR/before"
    sed -i "$expr" "$target" || { cp "$DIR/pristine" "$target"; die "${NAMES[$i]}: sed failed on ${FILES[$i]}: $expr"; }
    if cmp -s "$DIR/before" "$target"; then
      cp "$DIR/pristine" "$target"
      die "${NAMES[$i]}: the sed expression matched nothing in ${FILES[$i]}; update the mutation (see the header): $expr"
    fi
  done <<<"${EXPRS[$i]}"
}

if [ -n "$CHECK_ONLY" ]; then
  DIR=$(mktemp -d)
  trap 'rm -rf "$DIR"' EXIT
  for i in "${SELECTED[@]}"; do
    [ -f "$SRC/${FILES[$i]}" ] || die "${NAMES[$i]}: ${FILES[$i]} does not exist any more; update the mutation"
    cp "$SRC/${FILES[$i]}" "$DIR/file"
    mutate "$i" "$DIR/file"
    echo "== ${NAMES[$i]}: ${WHATS[$i]}"
    diff -u --label "a/${FILES[$i]}" --label "b/${FILES[$i]}" "$DIR/pristine" "$DIR/file"
  done
  exit 0
fi

# Copies the source tree into $TREE, touching only files that differ (so ninja rebuilds what
# changed, and ccache's hashes, which include the path, stay valid between runs).
sync_tree() {
  mkdir -p "$TREE"
  local f
  while IFS= read -r -d '' f; do
    [ -f "$SRC/$f" ] || continue
    if ! cmp -s "$SRC/$f" "$TREE/$f"; then
      mkdir -p "$(dirname "$TREE/$f")"
      cp "$SRC/$f" "$TREE/$f"
    fi
  done < <(git -C "$SRC" ls-files -z --cached --others --exclude-standard)
}

# build LOG: builds $BUILD; false when it does not compile.
build() {
  cmake --build "$BUILD" -j"$JOBS" >"$1" 2>&1
}

# run_suite LOG: runs ctest; sets FAILED to the failing tests' names (empty when all passed).
run_suite() {
  (cd "$BUILD" && ctest -j"$JOBS" --output-on-failure) >"$1" 2>&1
  local rc=$?
  FAILED=$(sed -n '/The following tests FAILED:/,$p' "$1" | sed -n 's/^[[:space:]]*[0-9]* - \(.*\)$/\1/p' |
    sed 's/ (Failed)$//' | paste -sd ';' | sed 's/;/; /g')
  if [ "$rc" -ne 0 ] && [ -z "$FAILED" ]; then FAILED="ctest exit $rc, see $1"; fi
}

mkdir -p "$LOGS"
echo "source $SRC -> $TREE (build $BUILD, logs $LOGS)"
sync_tree
cmake -S "$TREE" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$LOGS/configure.log" 2>&1 ||
  die "configure failed: $LOGS/configure.log"
START=$SECONDS
build "$LOGS/baseline-build.log" || die "the unmutated tree does not build: $LOGS/baseline-build.log"
run_suite "$LOGS/baseline-ctest.log"
[ -z "$FAILED" ] || die "the unmutated suite fails ($FAILED): $LOGS/baseline-ctest.log"
echo "baseline: builds, every test passes ($((SECONDS - START)) s)"

RESULTS=()
SURVIVED=0
BROKEN=0
for i in "${SELECTED[@]}"; do
  name=${NAMES[$i]} file=${FILES[$i]}
  target="$TREE/$file"
  [ -f "$target" ] || die "$name: $file does not exist any more; update the mutation (see the header)"
  mutate "$i" "$target"
  diff -u "$DIR/pristine" "$target" >"$LOGS/$name.diff"
  t0=$SECONDS
  if build "$LOGS/$name-build.log"; then
    run_suite "$LOGS/$name-ctest.log"
    if [ -n "$FAILED" ]; then verdict=caught; else verdict=survived; SURVIVED=$((SURVIVED + 1)); fi
  else
    verdict="does not build"
    FAILED="see $LOGS/$name-build.log"
    BROKEN=$((BROKEN + 1))
  fi
  # Back to the original, with a new mtime so that ninja rebuilds it (ccache makes that cheap).
  cp "$DIR/pristine" "$target"
  printf '%-20s %-9s %4d s  %s\n' "$name" "$verdict" $((SECONDS - t0)) "${FAILED:-no test failed}"
  RESULTS+=("$(printf '| %s | %s | %s | %s |' "$name" "${WHATS[$i]}" "$verdict" "${FAILED:-}")")
done
build "$LOGS/restore-build.log" || echo "warning: the restored tree does not build: $LOGS/restore-build.log"

CAUGHT=$((${#SELECTED[@]} - SURVIVED - BROKEN))
echo
echo "| mutation | what it breaks | verdict | failing tests |"
echo "|---|---|---|---|"
printf '%s\n' "${RESULTS[@]}"
echo
echo "score: $CAUGHT of ${#SELECTED[@]} caught ($SURVIVED survived, $BROKEN did not build) in $((SECONDS - START)) s"
[ "$BROKEN" -eq 0 ] || exit 2
[ "$SURVIVED" -eq 0 ]
