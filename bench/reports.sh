#!/bin/sh
# bench/reports.sh - each report, computed by `rede report` over a whole
# municipality's four years, against the report's main aggregate SQL run in
# the sqlite3 shell on the same file: median seconds of REPS runs and the
# ratio. Writes bench/results/reports-<time>.json. Called by `make bench`
# (scale 1); BENCH_NATIONAL=1 adds the national data set (generated once,
# ~2.5 minutes and ~1.6 GB, kept in $BENCH_NATIONAL_DB when set).
#
# Two SQL sides: the same aggregates the report computes, over the same
# tables (its running totals included; sql_for), and the heaviest grouping
# written over the raw rows as a person without those totals would
# (raw_sql_for). The report does more than either (every table, per
# municipality, suppression, JSON) - the ratios say what that costs.
set -eu
cd "$(dirname "$0")/.."
REPS=${BENCH_REPS:-3}
SCALE=${BENCH_SCALE:-1}
OUT=bench/results
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

now_ns() { date +%s%N; }

# median of the given numbers
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# time_cmd CMD... -> median seconds over REPS runs
time_cmd() {
	ts=""
	i=0
	while [ "$i" -lt "$REPS" ]; do
		s=$(now_ns)
		"$@" >/dev/null
		e=$(now_ns)
		ts="$ts $(( (e - s) / 1000 ))"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	m=$(median $ts)
	awk -v us="$m" 'BEGIN {printf "%.4f", us / 1e6}'
}

# raw_sql_for REPORT: the report's heaviest grouping written by hand over
# the raw rows, as a person without Rede's running totals would (every
# contact summed, every decision searched).
raw_sql_for() {
	case "$1" in
	visits) echo "SELECT programme, substr(offered_on, 1, 7), count(*), sum(status = 'visited'),
		sum(social_measures) FROM hv_offer GROUP BY 1, 2;" ;;
	materials) echo "SELECT m.code, count(DISTINCT s.user_id), sum(s.uses),
		(SELECT count(*) FROM hv_visit_material v WHERE v.material_code = m.code)
		FROM hv_material m LEFT JOIN hv_material_staff s ON s.material_code = m.code GROUP BY m.code;" ;;
	cosp) echo "SELECT substr(offered_on, 1, 7), status, count(*), count(course_id) FROM cosp_offer GROUP BY 1, 2;" ;;
	home-pedagogue) echo "SELECT source, channel, status, count(*) FROM referral GROUP BY 1, 2, 3;
		SELECT e.status, cl.reason, count(*), avg(julianday(coalesce(e.closed_on, date('now'))) - julianday(e.start_on)) / 7
		FROM enrolment e LEFT JOIN closure cl ON cl.enrolment_id = e.id WHERE e.programme = 'home_pedagogue' GROUP BY 1, 2;
		SELECT g.theme, g.attainment, count(*) FROM goal g GROUP BY 1, 2;
		SELECT e.id, sum(c.minutes) FROM enrolment e JOIN contact c ON c.enrolment_id = e.id GROUP BY e.id;" ;;
	costs) echo "SELECT e.programme, sum(c.minutes * coalesce(u.hourly_cost_ore, 0)) / 60
		FROM contact c JOIN enrolment e ON e.id = c.enrolment_id JOIN app_user u ON u.id = c.recorded_by GROUP BY 1;" ;;
	evaluation-kit) for r in visits materials cosp home-pedagogue costs; do raw_sql_for "$r"; done ;;
	*) echo "SELECT 1;" ;;
	esac
}

# sql_for REPORT: the same aggregates the report computes, over the same
# tables it reads (the running totals of migration 0006 included), for the
# same period, grouped once over all municipalities - the figure the issue
# compares against ("the same aggregate SQL in the sqlite3 shell").
P_FROM=2023-01-01
P_TO=2026-12-31
sql_for() {
	case "$1" in
	home-pedagogue) echo "SELECT r.source, COALESCE(r.channel, ''), CASE WHEN r.last_decided_on <= '$P_TO'
		THEN r.last_outcome ELSE '' END, count(*) FROM referral r WHERE r.programme = 'home_pedagogue'
		AND r.referred_on BETWEEN '$P_FROM' AND '$P_TO' GROUP BY 1, 2, 3;
		SELECT d.reasons_ok, d.reasons_failed, count(*) FROM visitation_decision d JOIN referral r ON r.id = d.referral_id
		WHERE r.programme = 'home_pedagogue' AND d.decided_on BETWEEN '$P_FROM' AND '$P_TO' GROUP BY 1, 2;
		SELECT sum(e.start_on >= '$P_FROM'), sum(e.closed_on IS NULL OR e.closed_on > '$P_TO') FROM enrolment e
		WHERE e.programme = 'home_pedagogue' AND e.start_on <= '$P_TO';
		SELECT cl.reason, count(*), sum(julianday(cl.closed_on) - julianday(e.start_on)),
		sum((SELECT sum(ef.held_minutes) FROM contact_effort ef WHERE ef.enrolment_id = e.id)),
		sum(cl.eval_parenting), sum(cl.eval_learning_environment), sum(cl.eval_child_development),
		sum(cl.eval_daycare_cooperation), sum(cl.eval_good_parent)
		FROM enrolment e JOIN closure cl ON cl.enrolment_id = e.id WHERE e.programme = 'home_pedagogue'
		AND cl.closed_on BETWEEN '$P_FROM' AND '$P_TO' GROUP BY 1;
		SELECT g.theme, COALESCE(g.attainment, ''), count(*) FROM goal g JOIN enrolment e ON e.id = g.enrolment_id
		JOIN closure cl ON cl.enrolment_id = e.id WHERE e.programme = 'home_pedagogue'
		AND cl.closed_on BETWEEN '$P_FROM' AND '$P_TO' GROUP BY 1, 2;" ;;
	costs) echo "SELECT count(DISTINCT e.id), sum(ef.minutes), sum(ef.minutes * u.hourly_cost_ore / 60)
		FROM enrolment e JOIN closure cl ON cl.enrolment_id = e.id LEFT JOIN contact_effort ef ON ef.enrolment_id = e.id
		LEFT JOIN app_user u ON u.id = ef.user_key WHERE e.programme = 'home_pedagogue'
		AND cl.closed_on BETWEEN '$P_FROM' AND '$P_TO';
		SELECT count(*) FROM goal g JOIN enrolment e ON e.id = g.enrolment_id JOIN closure cl ON cl.enrolment_id = e.id
		WHERE e.programme = 'home_pedagogue' AND cl.closed_on BETWEEN '$P_FROM' AND '$P_TO' AND g.attainment = 'met';" ;;
	evaluation-kit) for r in visits materials cosp home-pedagogue costs; do sql_for "$r"; done ;;
	*) raw_sql_for "$1" ;;
	esac
}

run_set() { # label db
	label=$1
	db=$2
	bytes=$(stat -c %s "$db")
	for r in visits materials cosp home-pedagogue costs evaluation-kit; do
		rs=$(time_cmd build/rede report "$r" --db "$db" --municipality all --from "$P_FROM" --to "$P_TO" --format json)
		qs=$(time_cmd sqlite3 "$db" "$(sql_for "$r")")
		raw=$(time_cmd sqlite3 "$db" "$(raw_sql_for "$r")")
		ratio=$(awk -v a="$rs" -v b="$qs" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
		rawratio=$(awk -v a="$rs" -v b="$raw" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
		printf '%-16s %-16s %10s %10s %8s %10s %8s\n' "$label" "$r" "$rs" "$qs" "$ratio" "$raw" "$rawratio"
		printf '{"set": "%s", "db_bytes": %s, "report": "%s", "rede_s": %s, "sqlite3_s": %s, "ratio": "%s", "raw_sqlite3_s": %s, "raw_ratio": "%s"}\n' \
			"$label" "$bytes" "$r" "$rs" "$qs" "$ratio" "$raw" "$rawratio" >>"$T/rows.jsonl"
	done
}

[ -x build/rede ] || make build/rede
build/rede init --db "$T/s1.db" >/dev/null 2>&1
build/rede demo --db "$T/s1.db" --scale "$SCALE" --seed 1 >/dev/null 2>&1
printf '%-16s %-16s %10s %10s %8s %10s %8s\n' "data" "report" "rede s" "sqlite3 s" "ratio" "raw sql s" "ratio"
run_set "scale-$SCALE" "$T/s1.db"

if [ "${BENCH_NATIONAL:-0}" = 1 ]; then
	N=${BENCH_NATIONAL_DB:-$T/national.db}
	if [ ! -f "$N" ]; then
		echo "generating the national data set into $N (minutes)..." >&2
		build/rede init --db "$N" >/dev/null 2>&1
		build/rede demo --db "$N" --scale national --seed 1 >/dev/null
	fi
	run_set national "$N"
fi

F="$OUT/reports-$(date -u +%Y%m%dT%H%M%SZ).json"
{
	echo '{"reps": '"$REPS"', "rows": ['
	sed '$!s/$/,/' "$T/rows.jsonl"
	echo ']}'
} >"$F"
echo "written $F"
