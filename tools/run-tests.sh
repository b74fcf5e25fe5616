#!/bin/sh
# run-tests.sh - the body of `make test` (the Makefile builds first).
#
# Runs every suite and reports "N passed, M failed" over suites at the end;
# exits non-zero when any failed. Suites:
#   unit   build/asan/tests/unit/test_*          (cmocka)
#   fuzz   build/fuzz/tests/fuzz/fuzz_*          (libFuzzer, REDE_FUZZ_SECONDS
#          each, default 6, on the committed seeds; tools/fuzz.sh)
#   store  build/asan/tests/store/test_*         on SQLite, then PostgreSQL
#   tsan   build/tsan/tests/store/test_*         the store tests that start
#          threads, under ThreadSanitizer (a data race fails), on SQLite and
#          PostgreSQL
#   api    node --test tests/api/                on SQLite, and PostgreSQL
#          beside it (in the background, its output after the SQLite pass) -
#          with every server reading from the standby at $REDE_TEST_PG_REPLICA
#          (--replica) when it is set
#   replica node --test tests/replica/           PostgreSQL with a streaming
#          standby at $REDE_TEST_PG_REPLICA (tools/pg-standby.sh); SKIPPED
#          when it is not set - except under CI=true, where that fails
#   ops    tests/ops/*.sh                        (pgBackRest PITR)
#   e2e    node --test tests/e2e/                (headless Chromium) - started
#          in the background first and waited for at the end: a whole
#          `make test` used 1.1 of the 2 processors on average, and the
#          unit, fuzz and store suites one; beside the API passes it took
#          30 min 39 s -> 26 min 44 s here (2 cores); its output is printed
#          when it ends
# The PostgreSQL passes run when a server answers at $REDE_TEST_PG (default
# postgres://rede_test:rede_test@127.0.0.1:5432/rede_test; tools/pg-test-setup.sh
# creates it); otherwise they are reported as SKIPPED - except under CI=true,
# where an unreachable server is a failure.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
failures=""

# Each suite's time is printed after it (and the e2e suite's, which runs
# beside the others, from its start): where a `make test` spends its time.
started=$(date +%s)
run() {
	name=$1
	shift
	echo "== $name"
	t0=$(date +%s)
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $name"
	fi
	echo "-- $name: $(($(date +%s) - t0)) s (at $(($(date +%s) - started)) s)"
}

# drop_db URL: drop a test's database; say so when that fails (an autovacuum
# worker in it made the forced drop fail; tools/pg-drop-db.sh now tries a
# plain drop after it; see also the sweep at the end).
drop_db() {
	sh tools/pg-drop-db.sh "$PG_URL" "$1" >/dev/null 2>"$TMP/drop.err" ||
		echo "warning: could not drop ${1##*/}: $(cat "$TMP/drop.err")"
}

# beside FILE CMD...: start a suite in the background, beside the ones that
# follow, its output into FILE (printed by joined, with when it ended); the
# pid in $!. joined NAME PID FILE: wait for it and count it as run does.
beside() {
	out=$1
	shift
	sh -c '"$@"; rc=$?; echo "ended at $(($(date +%s) - '"$started"')) s"; exit $rc' sh "$@" \
		>"$out" 2>&1 &
}
joined() {
	wait "$2"
	rc=$?
	cat "$3"
	run "$1" test "$rc" = 0
}

export REDE_BIN="${REDE_BIN:-build/asan/rede}"
PG_URL="${REDE_TEST_PG:-postgres://rede_test:rede_test@127.0.0.1:5432/rede_test}"
TMP=$(mktemp -d)
# The API harness's tenants, built once per run and copied for each test
# file (tests/api/harness.mjs, setupTenants); the PostgreSQL one is a
# database, dropped here.
export REDE_TEST_TEMPLATE="$TMP/template"
cleanup() {
	if [ -s "$TMP/template/tenants-postgres/db" ]; then
		drop_db "$(cat "$TMP/template/tenants-postgres/db")"
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

# Test files in parallel: as many API files as the machine has cores (at
# least 2); browsers are heavier, so one at a time below 4 cores, two above.
cores=$(nproc 2>/dev/null || echo 2)
api_jobs=$((cores < 2 ? 2 : cores))
e2e_jobs=$((cores < 4 ? 1 : 2))

e2e_pid=""
if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
	if [ -d node_modules/playwright-core ]; then
		echo "== e2e chromium: started, beside the other suites (its output follows them)"
		beside "$TMP/e2e.log" node --test --test-concurrency=$e2e_jobs tests/e2e/
		e2e_pid=$!
	else
		run "e2e (node_modules missing: run npm ci)" false
	fi
fi

for t in build/asan/tests/unit/test_*; do
	[ -x "$t" ] && run "unit $(basename "$t")" "$t"
done

for t in build/fuzz/tests/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	run "fuzz ${n#fuzz_}" sh tools/fuzz.sh "${REDE_FUZZ_SECONDS:-6}" "${n#fuzz_}"
done

# A store test's failed assertion inside a transaction aborts its binary
# (tests/store/fixture.h sets CMOCKA_TEST_ABORT: cmocka's longjmp would
# leave the connection locked and the next test waiting for ever). Each
# binary still gets a bound (they take 2-4 s), so a hang of any other cause
# ends the suite as a failure instead of a hang.
STORE_LIMIT="timeout ${REDE_STORE_TEST_SECONDS:-300}"

i=0
for t in build/asan/tests/store/test_*; do
	[ -x "$t" ] || continue
	i=$((i + 1))
	run "store $(basename "$t") sqlite" env REDE_TEST_DB="sqlite:$TMP/store$i.db" $STORE_LIMIT "$t"
done

pg_ok=0
if command -v psql >/dev/null 2>&1 && psql "$PG_URL" -Atqc 'select 1' >/dev/null 2>&1; then
	pg_ok=1
fi

if [ "$pg_ok" = 1 ]; then
	for t in build/asan/tests/store/test_*; do
		[ -x "$t" ] || continue
		db=$(sh tools/pg-fresh-db.sh "$PG_URL") || { run "store pg setup" false; break; }
		run "store $(basename "$t") postgres" env REDE_TEST_DB="$db" $STORE_LIMIT "$t"
		drop_db "$db"
	done
elif [ "${CI:-}" = true ]; then
	echo "PostgreSQL is not reachable at $PG_URL under CI" >&2
	run "postgres reachable" false
else
	echo "SKIPPED: PostgreSQL passes (no server at $PG_URL; run tools/pg-test-setup.sh)"
fi

# The store tests that start threads, under ThreadSanitizer: it ends the
# process with exit code 66 at the first data race.
for t in build/tsan/tests/store/test_*; do
	[ -x "$t" ] || continue
	i=$((i + 1))
	run "tsan $(basename "$t") sqlite" env TSAN_OPTIONS=halt_on_error=1 \
		REDE_TEST_DB="sqlite:$TMP/store$i.db" $STORE_LIMIT "$t"
	[ "$pg_ok" = 1 ] || continue
	db=$(sh tools/pg-fresh-db.sh "$PG_URL") || { run "tsan pg setup" false; break; }
	run "tsan $(basename "$t") postgres" env TSAN_OPTIONS=halt_on_error=1 REDE_TEST_DB="$db" \
		$STORE_LIMIT "$t"
	drop_db "$db"
done

# The two API passes at once: the PostgreSQL one beside the SQLite one.
# A whole `make test` used 1.24 of the 2 processors on average with them one
# after the other, the PostgreSQL pass mostly after the e2e suite had ended.
if ls tests/api/*.test.mjs >/dev/null 2>&1; then
	api_pg_pid=""
	if [ "$pg_ok" = 1 ]; then
		api_pg_name="api postgres"
		set --
		if [ -n "${REDE_TEST_PG_REPLICA:-}" ]; then
			# issue 22: the PostgreSQL pass runs every server with
			# --replica (the standby); leaders' and evaluators' reads and
			# the reports go to it once it has caught up
			# (src/store/replicas.h)
			: >"$TMP/replica-use"
			api_pg_name="api postgres, reads on a replica"
			set -- REDE_TEST_API_REPLICA="$REDE_TEST_PG_REPLICA" \
				REDE_TEST_API_REPLICA_LOG="$TMP/replica-use"
		fi
		echo "== $api_pg_name: started, beside the SQLite pass (its output follows it)"
		beside "$TMP/api-pg.log" env REDE_TEST_BACKEND=postgres REDE_TEST_PG="$PG_URL" "$@" \
			node --test --test-concurrency=$api_jobs tests/api/
		api_pg_pid=$!
	fi
	run "api sqlite" env REDE_TEST_BACKEND=sqlite node --test --test-concurrency=$api_jobs tests/api/
	if [ -n "$api_pg_pid" ]; then
		joined "$api_pg_name" "$api_pg_pid" "$TMP/api-pg.log"
	fi
	if [ -n "$api_pg_pid" ] && [ -n "${REDE_TEST_PG_REPLICA:-}" ]; then
		run "api postgres: the replica answered reads" sh -c \
			'awk "{r+=\$1; b+=\$2; f+=\$3} END {print \"replica: \" r \" reads answered, \" b \" behind (the primary answered), \" f \" failed over, in \" NR \" servers\"; exit !(r > 0)}" "$1"' \
			sh "$TMP/replica-use"
	fi
fi

# Read replicas (issue 22): besides the API pass above, a focused suite
# that pauses, lags and stops the standby.
if [ "$pg_ok" = 1 ] && [ -n "${REDE_TEST_PG_REPLICA:-}" ]; then
	run "replica postgres" env REDE_TEST_BACKEND=postgres REDE_TEST_PG="$PG_URL" \
		REDE_TEST_PG_REPLICA="$REDE_TEST_PG_REPLICA" node --test tests/replica/
elif [ "${CI:-}" = true ]; then
	echo "REDE_TEST_PG_REPLICA is not set under CI (.ci/run sets it)" >&2
	run "replica postgres" false
else
	echo "SKIPPED: read replica pass (needs the PostgreSQL passes and REDE_TEST_PG_REPLICA;" \
		"tools/pg-standby.sh starts a standby of the test cluster and prints its URL)"
fi

# PostgreSQL's backup (docs/OPERATIONS.md): pgBackRest point-in-time recovery
# on a throw-away cluster (~40 s; prints SKIPPED without pgbackrest).
if [ -f tests/ops/pgbackrest_pitr.sh ]; then
	run "ops pgbackrest pitr" sh tests/ops/pgbackrest_pitr.sh "$REDE_BIN"
fi

if [ -n "$e2e_pid" ]; then
	joined "e2e chromium" "$e2e_pid" "$TMP/e2e.log"
fi

# Databases this run made (tools/pg-fresh-db.sh names them rede_t_<epoch>_...)
# and did not drop: each named with what its audit log holds, so the test that
# left it can be found, then dropped. A leak is the tests' untidiness, not
# Rede's, so it is a warning (seen when an autovacuum worker in the database
# made DROP ... WITH (FORCE) fail, before tools/pg-drop-db.sh tried again).
if [ "$pg_ok" = 1 ]; then
	for db in $(sh tools/psql.sh "$PG_URL" -Atqc \
		"SELECT datname FROM pg_database WHERE datname ~ '^rede_t_[0-9]+_'
		 AND split_part(datname, '_', 3)::bigint >= $started" 2>/dev/null); do
		# the tenants' template is dropped by cleanup
		[ "$db" = "$(cat "$TMP/template/tenants-postgres/db" 2>/dev/null | sed 's,.*/,,')" ] && continue
		what=$(sh tools/psql.sh "${PG_URL%/*}/$db" -Atqc \
			"SELECT string_agg(action || ' ' || n, ', ') FROM (SELECT action, count(*) n
			 FROM audit_log GROUP BY action ORDER BY 2 DESC LIMIT 8) a" 2>&1 | head -1)
		echo "warning: this run left the database $db behind (audit: ${what:-empty}); dropped"
		drop_db "${PG_URL%/*}/$db"
	done
fi

echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
