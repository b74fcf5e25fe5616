#!/bin/sh
# bench/import.sh - how long `rede import contacts` takes for many rows
# (issue 19: 100 000 contacts "well under a minute"). Not a timed test:
# prints the figure and writes bench/results/import-<timestamp>.json.
#
#   BENCH_IMPORT_ROWS=100000 sh bench/import.sh     (make bench runs it)
#
# A fresh SQLite demo database (synthetic data); the contacts go to one
# active home-pedagogue course of the demo's pedagogue, one per row, dated
# over the course's past, through the same handlers as the API (validation,
# consent and course rules, running totals, one audit entry per contact),
# all in one transaction. Then the same file again: nothing new, all rows
# recognised by their source key. The release build (build/rede) is used.
set -eu
cd "$(dirname "$0")/.."
ROWS=${BENCH_IMPORT_ROWS:-100000}
BIN=${REDE_BIN:-build/rede}
[ -x "$BIN" ] || { echo "bench/import.sh: build $BIN first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/bench.db
"$BIN" init --db "$db" >/dev/null
"$BIN" demo --db "$db" >/dev/null
code=$(sqlite3 "$db" "SELECT code FROM municipality m WHERE EXISTS (SELECT 1 FROM app_user u WHERE u.municipality_id = m.id AND u.username = 'hjemmepaedagog') ORDER BY id LIMIT 1")
enr=$(sqlite3 "$db" "SELECT e.id FROM enrolment e JOIN enrolment_staff s ON s.enrolment_id = e.id JOIN app_user u ON u.id = s.user_id WHERE u.username = 'hjemmepaedagog' AND e.status = 'active' ORDER BY e.id LIMIT 1")
start=$(sqlite3 "$db" "SELECT start_on FROM enrolment WHERE id = $enr")
csv=$tmp/contacts.csv
awk -v n="$ROWS" -v e="$enr" -v start="$start" 'BEGIN {
	print "Kilde-ID;Forløb;Dato;Minutter;Type;Aktiviteter;Position;Note;Delt med dagtilbud;Registreret af"
	split(start, s, "-"); t0 = mktime(s[1] " " s[2] " " s[3] " 12 00 00")
	span = int((systime() - t0) / 86400); if (span < 1) span = 1
	for (i = 1; i <= n; i++) {
		d = strftime("%d-%m-%Y", t0 + (i % span) * 86400)
		printf "B-%d;%d;%s;%d;Besøg i hjemmet;Observation, Leg og aktivitet;Gå ved siden af;Syntetisk note %d;nej;hjemmepaedagog\n", i, e, d, 30 + i % 60, i
	}
}' > "$csv"
bytes=$(wc -c < "$csv")
t() { date +%s.%N; }
t0=$(t)
"$BIN" import contacts --db "$db" --municipality "$code" --as koordinator --file "$csv" > "$tmp/first.txt"
t1=$(t)
"$BIN" import contacts --db "$db" --municipality "$code" --as koordinator --file "$csv" > "$tmp/again.txt"
t2=$(t)
first=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
again=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
created=$(sed -n 's/^  created \([0-9]*\) contact$/\1/p' "$tmp/first.txt")
unchanged=$(sed -n 's/^  unchanged (imported before): \([0-9]*\)$/\1/p' "$tmp/again.txt")
echo "import of $ROWS contacts ($bytes bytes CSV): created ${created:-0} in ${first}s; again (all unchanged: ${unchanged:-0}) in ${again}s"
mkdir -p bench/results
out=bench/results/import-$(date -u +%Y%m%dT%H%M%SZ).json
printf '{"rows":%s,"bytes":%s,"created":%s,"seconds":%s,"again_unchanged":%s,"again_seconds":%s,"load":"%s"}\n' \
	"$ROWS" "$bytes" "${created:-0}" "$first" "${unchanged:-0}" "$again" "$(cut -d' ' -f1-3 /proc/loadavg)" > "$out"
echo "wrote $out"
