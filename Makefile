# Rede build. Plain GNU make; the targets are the contract:
#   make          build build/rede (optimised, with debug info) and the web
#                 UI's third-party files (build/vendor, from node_modules)
#   make run      install missing Debian packages, build, create the demo
#                 database var/rede.db if absent, serve on 127.0.0.1:8080
#   make test     check the C formatting (make format-check), then build with
#                 AddressSanitizer + UBSan and run every suite (the libFuzzer
#                 harnesses of tests/fuzz for a few seconds each; the store
#                 tests that start threads also with ThreadSanitizer)
#   make format   rewrite the C files to .clang-format (clang-format 14)
#   make format-check  list the C files that differ from .clang-format
#   make fuzz     run the libFuzzer harnesses longer (FUZZ_SECONDS each, 300)
#   make bench    benchmarks (bench/), never part of make test
#   make deps     install missing Debian packages (sudo when not root)
#   make clean

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 jansson libsodium libpq xlsxwriter libzip expat libxml-2.0 nettle \
           libcrypto lasso glib-2.0 gobject-2.0 cjose libcurl
# Fields left out of an initializer are zero, on purpose (route tables).
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
           -Wno-missing-field-initializers
BASE    := -std=c17 -D_GNU_SOURCE -Iinclude -Isrc -pthread
PKGCF    = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

CFLAGS_rel  := -O2 -g $(WARN) $(BASE)
CFLAGS_asan := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined $(WARN) $(BASE)
# The fuzz flavour: clang with libFuzzer's coverage, ASan and UBSan, for the
# harnesses in tests/fuzz (their main comes from -fsanitize=fuzzer at link).
FUZZ_CC     ?= clang
CFLAGS_fuzz := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(WARN) $(BASE)
# The tsan flavour: ThreadSanitizer, for the store tests that run threads
# (THREAD_SRC below), so a data race fails make test.
CFLAGS_tsan := -O1 -g -fsanitize=thread $(WARN) $(BASE)
CC_rel       = $(CC)
CC_asan      = $(CC)
CC_tsan      = $(CC)
CC_fuzz      = $(FUZZ_CC)
FUZZ_SECONDS ?= 300

LIB_SRC  := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
CLI_MAIN := src/cli/main.c
SQL      := $(sort $(wildcard src/store/sql/*.sql))
XSD      := $(sort $(wildcard src/archive/schemas/*.xsd))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
STORE_SRC:= $(sort $(wildcard tests/store/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

# Debian packages the build, the tests and `make run` need.
DEB_PKGS := build-essential pkg-config libmicrohttpd-dev libsqlite3-dev \
            libjansson-dev libsodium-dev libpq-dev libcmocka-dev libxlsxwriter-dev sqlite3 \
            tzdata chromium clang libclang-rt-14-dev libzip-dev libexpat1-dev libxml2-dev libxml2-utils nettle-dev \
            liblasso3-dev libglib2.0-dev libcjose-dev libcurl4-openssl-dev libssl-dev openssl \
            clang-format
# Node.js from Debian unless the machine already has a node and npm.
ifeq ($(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo yes),)
DEB_PKGS += nodejs npm
endif

.SECONDARY:
.PHONY: all run test test-suites test-unit deps clean bench help print-deb-pkgs fuzz vendor \
	format format-check
all: build/rede vendor

# ---- the web UI's third-party files: Det Fælles Designsystem (npm dkfds,
# pinned), copied from node_modules into build/vendor, served under /vendor/ ----
VENDOR := build/vendor/dkfds/VERSION
vendor: $(VENDOR)
$(VENDOR): package.json package-lock.json tools/vendor-dkfds.sh
	@[ -d node_modules/dkfds ] || npm ci --no-audit --no-fund --silent
	@sh tools/vendor-dkfds.sh build/vendor/dkfds

help:
	@sed -n '2,14p' Makefile

# ---- generated: migrations embedded in the binary ----
build/gen/migrations.c: $(SQL) tools/embed_sql.sh
	@mkdir -p $(@D)
	sh tools/embed_sql.sh $(SQL) > $@.tmp && mv $@.tmp $@

# ---- generated: the archive version's schemas embedded in the binary ----
build/gen/archive_schemas.c: $(XSD) tools/embed_files.sh
	@mkdir -p $(@D)
	sh tools/embed_files.sh archive_schemas $(XSD) > $@.tmp && mv $@.tmp $@

# ---- generated: the web UI's data files the server checks against too
# (web/data/date_ranges.json: plausible dates per field), embedded so the
# UI and the server read one source ----
WEB_DATA := web/data/date_ranges.json
build/gen/web_data.c: $(WEB_DATA) tools/embed_files.sh
	@mkdir -p $(@D)
	sh tools/embed_files.sh web_data $(WEB_DATA) > $@.tmp && mv $@.tmp $@

# ---- objects, one tree per flavour ----
# Each object depends on the headers it really includes: the compiler writes
# them to a .d file beside the object (-MMD), with an empty rule per header
# (-MP) so a deleted header does not stop the build; the .d files are
# included at the end of this Makefile. An object without its .d file
# (compiled before -MMD, or the .d deleted) would never see a header change,
# and an old build tree then links objects compiled against an older header
# (rede crashed on every POST so). A flavour's tree with such an object is
# removed here, before make looks at it, and so built again whole (removing
# the object alone is not enough: .SECONDARY lets a missing one be).
DEPFLAGS := -MMD -MP
STALE_FLAVOURS := $(shell find build -path 'build/*/obj/*' -name '*.o' ! -path 'build/*/obj/gen/*' 2>/dev/null | \
	while read o; do [ -f "$${o%.o}.d" ] || echo "$${o%%/obj/*}"; done | sort -u | \
	while read d; do rm -rf "$$d"; echo "$$d"; done)
define flavour
build/$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	@$$(CC_$(1)) $$(CFLAGS_$(1)) $(DEPFLAGS) $$(PKGCF) -c $$< -o $$@

build/$(1)/obj/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $$(@D)
	@$$(CC_$(1)) $$(CFLAGS_$(1)) $(DEPFLAGS) $$(PKGCF) -c $$< -o $$@

build/$(1)/obj/gen/archive_schemas.o: build/gen/archive_schemas.c
	@mkdir -p $$(@D)
	@$$(CC_$(1)) $$(CFLAGS_$(1)) $(DEPFLAGS) $$(PKGCF) -c $$< -o $$@

build/$(1)/obj/gen/web_data.o: build/gen/web_data.c src/archive/embedded.h
	@mkdir -p $$(@D)
	@$$(CC_$(1)) $$(CFLAGS_$(1)) $$(PKGCF) -c $$< -o $$@

build/$(1)/librede.a: $(patsubst %.c,build/$(1)/obj/%.o,$(LIB_SRC)) build/$(1)/obj/gen/migrations.o \
		      build/$(1)/obj/gen/archive_schemas.o build/$(1)/obj/gen/web_data.o
	@rm -f $$@
	@ar rcs $$@ $$^
endef
$(eval $(call flavour,rel))
$(eval $(call flavour,asan))
$(eval $(call flavour,fuzz))
$(eval $(call flavour,tsan))

build/rede: build/rel/obj/src/cli/main.o build/rel/librede.a
	$(CC) $(CFLAGS_rel) -o $@ $^ $(PKGLIBS)

build/asan/rede: build/asan/obj/src/cli/main.o build/asan/librede.a
	$(CC) $(CFLAGS_asan) -o $@ $^ $(PKGLIBS)

build/asan/tests/%: build/asan/obj/tests/%.o build/asan/librede.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_asan) -o $@ $^ $(PKGLIBS) -lcmocka

build/tsan/tests/%: build/tsan/obj/tests/%.o build/tsan/librede.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_tsan) -o $@ $^ $(PKGLIBS) -lcmocka

build/fuzz/tests/%: build/fuzz/obj/tests/%.o build/fuzz/librede.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS_fuzz) -fsanitize=fuzzer -o $@ $^ $(PKGLIBS)

UNIT_BIN  := $(patsubst tests/%.c,build/asan/tests/%,$(UNIT_SRC))
STORE_BIN := $(patsubst tests/%.c,build/asan/tests/%,$(STORE_SRC))
FUZZ_BIN  := $(patsubst tests/%.c,build/fuzz/tests/%,$(FUZZ_SRC))
# The store tests that start threads, built once more with ThreadSanitizer.
THREAD_SRC:= tests/store/test_group_commit.c tests/store/test_report_parallel.c \
             tests/store/test_report_prefetch.c tests/store/test_store.c
TSAN_BIN  := $(patsubst tests/%.c,build/tsan/tests/%,$(THREAD_SRC))

# ---- dependencies ----
print-deb-pkgs:
	@echo $(DEB_PKGS)

deps:
	@sh tools/deps.sh $(DEB_PKGS)
	@# again when package-lock.json changed since the last install (a merge)
	@[ ! -f package-lock.json ] || [ node_modules/.package-lock.json -nt package-lock.json ] || \
		npm ci --no-audit --no-fund --silent

# ---- run ----
run: deps build/rede $(VENDOR)
	@sh tools/run-demo.sh

# ---- tests ----
export ASAN_OPTIONS ?= abort_on_error=0:detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

# The formatting first, alone: a file that differs from .clang-format stops
# make test before anything is built (tools/format.sh lists them).
# FORMAT_CHECK=no skips it (only while a branch waits for its `make format`).
# The packages first (they must be there before anything compiles), then
# the four builds (release, ASan, TSan, fuzz) on every processor: from a
# clean clone 3 min 40 s one file at a time, 1 min 46 s on two.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(if $(filter no,$(FORMAT_CHECK)),,format-check)
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) test-suites

# (the body of `make test`, which has run deps just before)
test-suites: build/asan/rede $(VENDOR) $(UNIT_BIN) $(STORE_BIN) $(TSAN_BIN) $(FUZZ_BIN)
	@sh tools/run-tests.sh

# ---- formatting (.clang-format; clang-format from Debian, version 14) ----
format-check:
	@sh tools/deps.sh clang-format
	@sh tools/format.sh check

format:
	@sh tools/deps.sh clang-format
	@sh tools/format.sh fix

# Each harness FUZZ_SECONDS on its committed seeds plus what earlier runs
# found (build/fuzz/corpus); a crash leaves its input in build/fuzz/.
fuzz: $(FUZZ_BIN)
	@sh tools/fuzz.sh $(FUZZ_SECONDS) --keep build/fuzz/corpus

test-unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $$t || exit 1; done

bench: build/rede
	@sh tools/deps.sh wrk nginx-light curl jq
	@sh bench/run.sh
	@sh bench/reports.sh
	@sh bench/import.sh
	@if [ -n "$${BENCH_NATIONAL_PG:-}" ]; then sh bench/national_kit.sh; fi
	@if [ -n "$${BENCH_NATIONAL_PG:-}" ]; then sh bench/national_lists.sh; fi
	@if [ -n "$${BENCH_NATIONAL_PG:-}" ] && [ "$${BENCH_NATIONAL_COPY:-1}" != 0 ]; then \
		sh bench/national_copy.sh; fi

clean:
	rm -rf build

# the header dependencies written by -MMD (none before the first build)
-include $(shell find build -name '*.d' 2>/dev/null)
