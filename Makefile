# Thin wrappers: `make run` and `make test` are the two commands README.md shows.
BUILD ?= build
JOBS ?= 2
STATE ?= $(CURDIR)/var

.PHONY: deps configure build run test test-asan test-tsan fuzz bench bench-large bench-load bench-pg soak install package clean

deps:
	./packaging/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# The daemon in the foreground: TCP 127.0.0.1:8000 (loopback only, so without application
# keys, as the original's curl usage expects), the per-user default socket, and the database
# under ./var. Ctrl-C stops it cleanly.
run: build
	exec $(BUILD)/daemon/eyed --db $(STATE)/eye.db --no-auth

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The suite under AddressSanitizer + UndefinedBehaviorSanitizer; any report fails it. Built by
# clang into the fuzz targets' folder ($(BUILD)-fuzz, see CMakeLists.txt): one sanitised build
# serves `make fuzz` and this, so CI compiles the tree twice (plain and this) and TSan, not four
# times. Left out, as they run none of our C++ beyond what the rest runs: the package (a plain
# build of its own, then dpkg and lintian), the browser tests (Chromium driving the dashboard and
# tracker through the same routes the API tests drive), the OpenAPI linter, the layout check
# and the PostgreSQL harness's own test. Left out for time: the scripts run again on PostgreSQL
# (integration(pg)), half of the sanitised suite's time (868 of 1,855 test-seconds in one run),
# and all green in it; `make test-asan ASAN_EXCLUDE='^package: |^integration: package$$|^browser: '`
# runs them too.
ASAN_EXCLUDE ?= ^package: |^integration: package$$|^browser: |^openapi: |^layout: |^pg: |^integration\(pg\): 
test-asan: deps
	CXX=clang++-14 cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEYE_FUZZ=ON
	cmake --build $(BUILD)-fuzz -j$(JOBS) --target eyed eye unit_tests
	cd $(BUILD)-fuzz && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j$(JOBS) -E '$(ASAN_EXCLUDE)'

# The unit tests and the concurrency-heavy integration tests under ThreadSanitizer (not
# crash_cycles: its subject is kill -9, not threads, and twenty TSan start-ups take minutes).
test-tsan: deps
	cmake -S . -B $(BUILD)-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEYE_SANITIZE=thread
	cmake --build $(BUILD)-tsan -j$(JOBS) --target eyed eye unit_tests
	cd $(BUILD)-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp \
		ctest --output-on-failure -j$(JOBS) -R '^unit:|^integration: (ingest|crash|hostile|lifecycle|load|tail)$$'

# Every libFuzzer target for FUZZ_SECONDS each, under ASan + UBSan (clang-14).
FUZZ_SECONDS ?= 60
fuzz: deps
	CXX=clang++-14 cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEYE_FUZZ=ON
	cmake --build $(BUILD)-fuzz -j$(JOBS) --target fuzz_targets
	bash tests/fuzz/run.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

# eyed against the HTTP and SQLite ceilings, in one run; prints the table README.md shows. Then
# the PostgreSQL rows (as make bench-pg), against the HTTP and PostgreSQL ceilings of their run.
bench: configure
	bash tests/bench/run.sh $(BUILD)
	$(MAKE) --no-print-directory bench-pg

# Not in CI: bench_views' query table at 10,000,000 events. The file (~3 GB under
# BENCH_LARGE_DIR) is written once by direct inserts (minutes) and reused by later runs.
BENCH_LARGE_DIR ?= /tmp/eye-bench-large
bench-large: configure
	cmake --build $(BUILD) -j$(JOBS) --target bench_views
	$(BUILD)/tests/bench/bench_views --keep --db $(BENCH_LARGE_DIR)/eye.db --events 10000000 --runs 11

# Honest clients' throughput alone and beside 500 idle + 200 slowloris connections; prints the ratio.
bench-load: configure
	bash tests/bench/under_crowd.sh $(BUILD)

# Not in CI: SOAK_SECONDS (600) at 2,000 events/s with a reader and a follower; prints eyed's
# RSS and open descriptors every 10 s.
soak: configure
	bash tests/bench/soak.sh $(BUILD)

# 1, 2 and 3 eyed on one private PostgreSQL (tests/pg/pg_harness.sh), with CPU per event and
# each rate's ratio to its ceiling.
bench-pg: configure
	cmake --build $(BUILD) -j$(JOBS) --target eyed bench_load bench_http_ceiling bench_pg_copy
	bash tests/pg/pg_harness.sh bash tests/bench/pg_scaling.sh $(BUILD)

install: build
	cmake --install $(BUILD)

# eye_<version>_amd64.deb (in $(BUILD)-deb), from a build configured for /usr.
package: deps
	JOBS=$(JOBS) bash packaging/build-deb.sh . $(BUILD)-deb

clean:
	rm -rf $(BUILD) $(BUILD)-deb
