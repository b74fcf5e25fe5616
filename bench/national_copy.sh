#!/bin/sh
# bench/national_copy.sh - issue 22 goal 5: `rede copy` of the national
# SQLite file into an empty PostgreSQL database (COPY protocol, indexes built
# after the data; goal: under 5 minutes). Called by `make bench` when
#   BENCH_NATIONAL_DB=/path/national.db          (rede demo --scale national)
#   BENCH_NATIONAL_PG=postgres://…/db            (a database on the server to copy to)
#   REDE_KEY_FILE, REDE_AUDIT_KEY_FILE           (the keys of that data)
# are given, unless BENCH_NATIONAL_COPY=0 (it writes some 2 GB and takes a
# minute or more). The target is a new database beside BENCH_NATIONAL_PG,
# made with that URL's role (which needs CREATEDB, as the test role has:
# tools/pg-fresh-db.sh) and dropped again afterwards; BENCH_NATIONAL_PG
# itself is only read for its server and role. BENCH_COPY_RUNS copies
# (default 1), each into a new database; the median's seconds, the rows
# rede copy reports, rows per second, and the median as a share of the goal's
# 300 s, written to bench/results/national-copy-<time>.json. State the
# machine's load when quoting them.
set -eu
cd "$(dirname "$0")/.."
: "${BENCH_NATIONAL_DB:?the national SQLite file}"
: "${BENCH_NATIONAL_PG:?a PostgreSQL database URL whose server and role to copy with}"
RUNS=${BENCH_COPY_RUNS:-1}
GOAL_S=300
OUT=bench/results
mkdir -p "$OUT"
. bench/national_lib.sh
[ -x build/rede ] || make build/rede

DB=""
drop() { [ -z "$DB" ] || sh tools/pg-drop-db.sh "$BENCH_NATIONAL_PG" "$DB" || true; }
trap 'drop; cleanup' EXIT

load0=$(cut -d' ' -f1-3 /proc/loadavg)
secs="" csv="" rows=0
n=1
while [ "$n" -le "$RUNS" ]; do
	DB=$(sh tools/pg-fresh-db.sh "$BENCH_NATIONAL_PG")
	t0=$(date +%s.%N)
	build/rede copy --from "sqlite:$BENCH_NATIONAL_DB" --to "$DB" >"$T/copy.log" 2>&1 ||
		{ tail -5 "$T/copy.log" >&2; exit 1; }
	t1=$(date +%s.%N)
	x=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
	secs="$secs $x"
	csv="$csv${csv:+, }$x"
	rows=$(sed -n 's/^copied \([0-9]*\) rows.*/\1/p' "$T/copy.log")
	drop
	DB=""
	n=$((n + 1))
done
# shellcheck disable=SC2086
s=$(median $secs)
rate=$(awk -v r="$rows" -v s="$s" 'BEGIN {printf "%.0f", r / s}')
share=$(awk -v s="$s" -v g="$GOAL_S" 'BEGIN {printf "%.2f", s / g}')
load1=$(cut -d' ' -f1-3 /proc/loadavg)
printf '%-32s %10s %12s %10s %14s\n' "rede copy ($RUNS run(s))" "seconds" "rows" "rows/s" "share of ${GOAL_S} s"
printf '%-32s %10s %12s %10s %14s\n' "national SQLite -> PostgreSQL" "$s" "$rows" "$rate" "$share"
printf 'load average at start %s, at end %s\n' "$load0" "$load1"
F="$OUT/national-copy-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '{"runs": %s, "seconds": [%s], "median_s": %s, "rows": %s, "rows_per_s": %s, "goal_s": %s, "share_of_goal": %s, "load_start": "%s", "load_end": "%s"}\n' \
	"$RUNS" "$csv" "$s" "$rows" "$rate" "$GOAL_S" "$share" "$load0" "$load1" >"$F"
echo "written $F"
