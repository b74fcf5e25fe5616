#!/bin/sh
# bench/national_lists.sh - the whole-municipality lists a coordinator,
# unit leader, health visitor and home pedagogue open, on SQLite and on
# PostgreSQL over the same national data (issue 22): a list that completes
# each item by statements of its own costs microseconds an item on SQLite
# and a round trip an item on PostgreSQL, and only shows at this scale
# (COS-P offers took 1.2-1.5 s on PostgreSQL against 0.09 s on SQLite until
# they were read in batches; docs/PERFORMANCE.md "Lists read in batches").
# Opt-in, called by `make bench` when both are given:
#   BENCH_NATIONAL_DB=/path/national.db          (rede demo --scale national)
#   BENCH_NATIONAL_PG=postgres://…/db            (rede copy of that file)
#   REDE_KEY_FILE, REDE_AUDIT_KEY_FILE           (the keys of that data)
# The users are the demo's own (k<code>-koord01, -leder01, -sp31, -hp07 of
# BENCH_LIST_MUNICIPALITY, default 9001, password BENCH_DEMO_PASSWORD,
# default the demo's). Each list is read once to warm, then
# BENCH_LIST_RUNS times on each server in turn; medians and the ratio
# PostgreSQL / SQLite of the medians, written to
# bench/results/national-lists-<time>.json. The answers of the two
# backends must be the same bytes (a difference stops the bench). The name
# searches are issue 22 goal 3 (the worst prefix a home pedagogue can type,
# on PostgreSQL at most 50 ms, here whole requests): "fa" starts a word of
# every family's name in the demo data, "zx" of none; the line "goal 3"
# gives the slowest of the home pedagogue's. State the machine's load when
# quoting them.
set -eu
cd "$(dirname "$0")/.."
: "${BENCH_NATIONAL_DB:?the national SQLite file}"
: "${BENCH_NATIONAL_PG:?a PostgreSQL copy of it}"
RUNS=${BENCH_LIST_RUNS:-5}
M=${BENCH_LIST_MUNICIPALITY:-9001}
PW=${BENCH_DEMO_PASSWORD:-rede-demo-2026}
OUT=bench/results
mkdir -p "$OUT"
. bench/national_lib.sh

# login PORT USER: a session cookie jar for the user on that server
login() {
	curl -s -o /dev/null -w '%{http_code}' -c "$T/jar-$1-$2" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"password\":\"$PW\"}" "http://127.0.0.1:$1/api/v1/session" |
		grep -q '^201$' || { echo "cannot sign in as $2 on $1" >&2; exit 1; }
}

# get PORT USER PATH FILE: seconds for one answer (kept in FILE)
get() {
	curl -s -o "$4" -w '%{http_code} %{time_total}\n' -b "$T/jar-$1-$2" "http://127.0.0.1:$1$3" |
		awk -v p="$3" '$1 != 200 {print p ": HTTP " $1 > "/dev/stderr"; exit 1} {print $2}'
}

LISTS="koord01 /api/v1/cosp/offers
leder01 /api/v1/cosp/offers
koord01 /api/v1/consultant-visits
leder01 /api/v1/consultant-visits
koord01 /api/v1/health-visits/offers
sp31 /api/v1/health-visits/offers
koord01 /api/v1/referrals
leder01 /api/v1/referrals
sp31 /api/v1/referrals
hp07 /api/v1/referrals
hp07 /api/v1/enrolments
leder01 /api/v1/enrolments?limit=500
sp31 /api/v1/health-visits/due?programme=visit_3y&from=2025-01-01&to=2026-12-31
hp07 /api/v1/caseload
leder01 /api/v1/family-groups
hp07 /api/v1/families?q=fa
hp07 /api/v1/families?q=ma
hp07 /api/v1/families?q=zx
sp31 /api/v1/families?q=fa
leder01 /api/v1/families?q=fa
koord01 /api/v1/families?q=fa"

[ -x build/rede ] || make build/rede
serve "$BENCH_NATIONAL_DB" 18183
serve "$BENCH_NATIONAL_PG" 18184
for u in koord01 leder01 sp31 hp07; do
	login 18183 "k$M-$u"
	login 18184 "k$M-$u"
done

printf '%-44s %10s %12s %10s %10s\n' "list (k$M, $RUNS runs)" "SQLite s" "PostgreSQL s" "PG/SQLite" "bytes"
json=""
echo "$LISTS" | {
	while read -r u path; do
		get 18183 "k$M-$u" "$path" "$T/a.json" >/dev/null
		get 18184 "k$M-$u" "$path" "$T/b.json" >/dev/null
		cmp -s "$T/a.json" "$T/b.json" || { echo "$u $path: the backends answer differently" >&2; exit 1; }
		sa="" pa=""
		n=1
		while [ "$n" -le "$RUNS" ]; do
			sa="$sa $(get 18183 "k$M-$u" "$path" "$T/a.json")"
			pa="$pa $(get 18184 "k$M-$u" "$path" "$T/b.json")"
			n=$((n + 1))
		done
		# shellcheck disable=SC2086
		{ ms=$(median $sa) mp=$(median $pa); }
		r=$(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.2f", b / a}')
		bytes=$(wc -c <"$T/a.json")
		printf '%-44s %10s %12s %10s %10s\n' "$u $path" "$ms" "$mp" "$r" "$bytes"
		json="$json${json:+, }{\"user\": \"k$M-$u\", \"path\": \"$path\", \"sqlite_s\": $ms, \"postgres_s\": $mp, \"ratio\": $r, \"bytes\": $bytes}"
		case "$u $path" in "hp07 /api/v1/families?q="*)
			search=$(awk -v a="${search:-0}" -v b="$mp" 'BEGIN {print (b > a ? b : a)}') ;;
		esac
	done
	printf 'goal 3: slowest name search of k%s-hp07 on PostgreSQL %.1f ms (at most 50)\n' "$M" \
		"$(awk -v s="${search:-0}" 'BEGIN {print s * 1000}')"
	printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
	F="$OUT/national-lists-$(date -u +%Y%m%dT%H%M%SZ).json"
	printf '{"runs": %s, "municipality": "%s", "lists": [%s], "name_search_hp_worst_pg_s": %s, "load": "%s"}\n' \
		"$RUNS" "$M" "$json" "${search:-0}" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$F"
	echo "written $F"
}
