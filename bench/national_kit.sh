#!/bin/sh
# bench/national_kit.sh - issue 22 goals 1 and 2: the national evaluation
# kit (every municipality, one year) on SQLite and on PostgreSQL over the
# same data, as an evaluator gets it from a running server, and from the
# CLI. Opt-in, called by `make bench` when both are given:
#   BENCH_NATIONAL_DB=/path/national.db          (rede demo --scale national)
#   BENCH_NATIONAL_PG=postgres://…/db            (rede copy of that file)
#   REDE_KEY_FILE, REDE_AUDIT_KEY_FILE           (the keys of that data)
# The server: one `rede serve` per backend, a service account with the
# evaluator role (added, or given a new token, in both: an audited write
# each time), one kit first to warm the server's connections, then
# BENCH_KIT_RUNS kits, SQLite and PostgreSQL in turn, each for another
# period (2025-01-01 … 2025-12-31, then from the 2nd, …) so that the
# server's report cache never answers. The ratio PostgreSQL / SQLite is
# taken pair by pair, and each pair's two answers must be the same bytes
# (generated_at aside). The CLI: a new process and connection each run
# (`rede report evaluation-kit`), the same pairs. Medians, written to
# bench/results/national-kit-<time>.json. State the machine's load when
# quoting them.
set -eu
cd "$(dirname "$0")/.."
: "${BENCH_NATIONAL_DB:?the national SQLite file}"
: "${BENCH_NATIONAL_PG:?a PostgreSQL copy of it}"
RUNS=${BENCH_KIT_RUNS:-7}
OUT=bench/results
mkdir -p "$OUT"
. bench/national_lib.sh

# token DB: a bearer token of the benchmark's evaluator service account (in
# the first municipality listed; an evaluator may ask for all of them)
token() {
	m=$(build/rede municipality list --db "$1" | awk 'NR == 1 {print $1}')
	{ build/rede user add --service --username bench-kit --role evaluator --municipality "$m" \
		--db "$1" </dev/null ||
		build/rede user token --username bench-kit --municipality "$m" --db "$1"; } 2>/dev/null |
		sed -n 's/.*: \([A-Za-z0-9_-]\{20,\}\)$/\1/p' | tail -1
}

# kit PORT TOKEN DAY: seconds for one kit over HTTP (from 2025-01-DAY)
kit() {
	curl -s -o "$T/kit-$1.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $2" \
		"http://127.0.0.1:$1/api/v1/reports/evaluation-kit?municipality=all&from=2025-01-$3&to=2025-12-31" |
		awk '$1 != 200 {print "HTTP " $1 > "/dev/stderr"; exit 1} {print $2}'
}

# same PORT_A PORT_B DAY: the two servers' last kits are the same bytes but
# for the clock (generated_at), or the bench stops: a faster answer that
# differs is not a result
same() {
	for p in "$1" "$2"; do sed 's/"generated_at":"[^"]*"//' "$T/kit-$p.json" >"$T/kit-$p.cmp"; done
	cmp -s "$T/kit-$1.cmp" "$T/kit-$2.cmp" ||
		{ echo "the kits from 2025-01-$3 differ between the backends" >&2; exit 1; }
}

# cli DB: seconds for one kit from the CLI
cli() {
	s=$(date +%s%N)
	build/rede report evaluation-kit --db "$1" --municipality all --from 2025-01-01 \
		--to 2025-12-31 --format json >/dev/null
	e=$(date +%s%N)
	awk -v ns="$((e - s))" 'BEGIN {printf "%.3f", ns / 1e9}'
}

[ -x build/rede ] || make build/rede
TS=$(token "$BENCH_NATIONAL_DB")
TP=$(token "$BENCH_NATIONAL_PG")
[ -n "$TS" ] && [ -n "$TP" ] || { echo "no evaluator token" >&2; exit 1; }
serve "$BENCH_NATIONAL_DB" 18181
serve "$BENCH_NATIONAL_PG" 18182
kit 18181 "$TS" 28 >/dev/null
kit 18182 "$TP" 28 >/dev/null

ss="" ps="" rs="" cs="" cp="" rc=""
n=1
while [ "$n" -le "$RUNS" ]; do
	day=$(printf %02d "$n")
	a=$(kit 18181 "$TS" "$day")
	b=$(kit 18182 "$TP" "$day")
	same 18181 18182 "$day"
	ss="$ss $a" ps="$ps $b" rs="$rs $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
	a=$(cli "$BENCH_NATIONAL_DB")
	b=$(cli "$BENCH_NATIONAL_PG")
	cs="$cs $a" cp="$cp $b" rc="$rc $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
	n=$((n + 1))
done
# shellcheck disable=SC2086
{
	ms=$(median $ss) mp=$(median $ps) mr=$(median $rs)
	mcs=$(median $cs) mcp=$(median $cp) mrc=$(median $rc)
}
printf '%-28s %10s %12s %10s\n' "national kit ($RUNS pairs)" "SQLite s" "PostgreSQL s" "PG/SQLite"
printf '%-28s %10s %12s %10s\n' "server (warm connections)" "$ms" "$mp" "$mr"
printf '%-28s %10s %12s %10s\n' "CLI (new connection)" "$mcs" "$mcp" "$mrc"
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
F="$OUT/national-kit-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '{"runs": %s, "server": {"sqlite_s": %s, "postgres_s": %s, "ratio": %s, "sqlite_all": "%s", "postgres_all": "%s"}, "cli": {"sqlite_s": %s, "postgres_s": %s, "ratio": %s}, "load": "%s"}\n' \
	"$RUNS" "$ms" "$mp" "$mr" "${ss# }" "${ps# }" "$mcs" "$mcp" "$mrc" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$F"
echo "written $F"
