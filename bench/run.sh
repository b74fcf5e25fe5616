#!/bin/sh
# bench/run.sh - the body of `make bench`. Measures, in ONE run on this
# machine, Rede's authenticated, authorised, audited reads and durable
# audited writes against a bare libmicrohttpd server and nginx serving a
# static file of the same size, and reports ratios (never timed assertions).
# Writes bench/results/http-<timestamp>.json and prints a table.
#
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=64 make bench
#   BENCH_BASELINE=/path/to/older/rede make bench   # also measure an older
#       build's family read, caseload and writes in the same run, on a copy
#       of the same database, for before/after figures
#
# The machine may be shared: the load average before and after is printed
# and recorded; compare figures within one run only.
set -eu
cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
WCONNS=${BENCH_WRITE_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-16}   # rede serve's default; the bare server gets the same
EVENT_THREADS=${BENCH_EVENT_THREADS:-}  # rede serve --event-threads (default: THREADS)
EVENT_ARGS=
[ -n "$EVENT_THREADS" ] && EVENT_ARGS="--event-threads $EVENT_THREADS"
SCALE=${BENCH_SCALE:-1}
BASELINE=${BENCH_BASELINE:-}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(loadavg)
for tool in wrk nginx curl jq; do
	command -v $tool >/dev/null 2>&1 || { echo "bench needs $tool (apt-get install wrk nginx-light curl jq)" >&2; exit 1; }
done
T=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done; sleep 0.3; rm -rf "$T"; }
trap cleanup EXIT

CFLAGS="-O2 -g -std=c17 -D_GNU_SOURCE -pthread"
cc $CFLAGS -o "$T/hello" bench/hello.c $(pkg-config --cflags --libs libmicrohttpd)
cc $CFLAGS -Iinclude -Isrc -o "$T/planner" bench/planner.c build/rel/librede.a

wait_up() { # URL
	i=0
	until curl -s -o /dev/null "$1"; do
		i=$((i + 1)); [ $i -gt 500 ] && { echo "server at $1 did not start" >&2; exit 1; }
		sleep 0.01
	done
}

# ---- Rede on a scale-N demo database ----
build/rede init --db "$T/rede.db" >/dev/null 2>&1
echo "generating the scale-$SCALE demo database..." >&2
gen_start=$(date +%s%N)
build/rede demo --db "$T/rede.db" --scale "$SCALE" > "$T/demo.out" 2>/dev/null
gen_ms=$(( ($(date +%s%N) - gen_start) / 1000000 ))
grep 'scaled demo data' "$T/demo.out" >&2 || true
db_bytes=$(stat -c %s "$T/rede.db")
if [ -n "$BASELINE" ]; then
	cp "$T/rede.db" "$T/base.db"
	cp "$T/rede.key" "$T/base.key" 2>/dev/null || true
	cp "$T/rede.audit.key" "$T/base.audit.key" 2>/dev/null || true
	"$BASELINE" serve --db "$T/base.db" --key "$T/base.key" --listen 127.0.0.1:18604 --threads "$THREADS" >/dev/null 2>"$T/base.log" &
	PIDS="$PIDS $!"
fi
start_ns=$(date +%s%N)
build/rede serve --db "$T/rede.db" --listen 127.0.0.1:18601 --threads "$THREADS" $EVENT_ARGS >/dev/null 2>"$T/rede.log" &
RPID=$!; PIDS="$PIDS $RPID"
wait_up http://127.0.0.1:18601/healthz
startup_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
# The bench user is the demo home pedagogue, assigned to a share of the
# generated courses: her caseload is a real one.
curl -s -c "$T/cj" -o "$T/login.json" -H 'Content-Type: application/json' \
	-d '{"username":"hjemmepaedagog","password":"rede-demo-2026"}' http://127.0.0.1:18601/api/v1/session
COOKIE=$(awk '$6 == "rede_session" {print $7}' "$T/cj")
CSRF=$(jq -r .csrf_token "$T/login.json")
curl -s -b "rede_session=$COOKIE" -o "$T/caseload.json" http://127.0.0.1:18601/api/v1/caseload
CASELOAD_N=$(jq '.items | length' "$T/caseload.json")
FAMILY_ID=$(jq '[.items[] | select(.status == "active")][0].family_id' "$T/caseload.json")
ENROLMENT_ID=$(jq '[.items[] | select(.status == "active")][0].id' "$T/caseload.json")
READ_PATH=/api/v1/families/$FAMILY_ID
CASELOAD_PATH=/api/v1/caseload
WRITE_PATH=/api/v1/enrolments/$ENROLMENT_ID/contacts
SIZE=$(curl -s -b "rede_session=$COOKIE" http://127.0.0.1:18601$READ_PATH | wc -c)
if [ -n "$BASELINE" ]; then
	wait_up http://127.0.0.1:18604/healthz
	curl -s -c "$T/cjb" -o "$T/loginb.json" -H 'Content-Type: application/json' \
		-d '{"username":"hjemmepaedagog","password":"rede-demo-2026"}' http://127.0.0.1:18604/api/v1/session
	BCOOKIE=$(awk '$6 == "rede_session" {print $7}' "$T/cjb")
	BCSRF=$(jq -r .csrf_token "$T/loginb.json")
	curl -s -b "rede_session=$BCOOKIE" -o "$T/caseloadb.json" http://127.0.0.1:18604$CASELOAD_PATH
	if cmp -s "$T/caseload.json" "$T/caseloadb.json"; then SAME=true; else SAME=false; fi
fi
CASELOAD_SIZE=$(wc -c < "$T/caseload.json")

# ---- the yardsticks: bare libmicrohttpd and nginx, same body size ----
"$T/hello" 18602 "${EVENT_THREADS:-$THREADS}" "$SIZE" >/dev/null & PIDS="$PIDS $!"
mkdir -p "$T/www"
head -c "$SIZE" /dev/zero | tr '\0' x > "$T/www/body.json"
cat > "$T/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $T; proxy_temp_path $T; fastcgi_temp_path $T; uwsgi_temp_path $T; scgi_temp_path $T;
  server { listen 127.0.0.1:18603; root $T/www; }
}
CONF
nginx -c "$T/nginx.conf" -e "$T/nginx-error.log" & PIDS="$PIDS $!"
wait_up http://127.0.0.1:18602/
wait_up http://127.0.0.1:18603/body.json

# wrk -> "rps p50_ms p99_ms"
measure() { # CONNS URL [wrk args]
	c=$1; url=$2; shift 2
	wrk -t2 -c"$c" -d"${SECS}s" --latency "$@" "$url" > "$T/wrk.out" 2>&1
	awk '
	function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	/Requests\/sec/ { rps = $2 }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/Non-2xx/ { bad = $NF }
	END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' "$T/wrk.out"
}

echo "measuring ${SECS}s each at $CONNS connections (body $SIZE bytes)..." >&2
set -- $(measure "$CONNS" http://127.0.0.1:18602/); H_RPS=$1 H_P50=$2 H_P99=$3
set -- $(measure "$CONNS" http://127.0.0.1:18603/body.json); N_RPS=$1 N_P50=$2 N_P99=$3
set -- $(measure "$CONNS" "http://127.0.0.1:18601$READ_PATH" -H "Cookie: rede_session=$COOKIE"); R_RPS=$1 R_P50=$2 R_P99=$3 R_BAD=$4
set -- $(measure "$CONNS" "http://127.0.0.1:18601$CASELOAD_PATH" -H "Cookie: rede_session=$COOKIE"); C_RPS=$1 C_P50=$2 C_P99=$3 C_BAD=$4
if [ -n "$BASELINE" ]; then
	set -- $(measure "$CONNS" "http://127.0.0.1:18604$READ_PATH" -H "Cookie: rede_session=$BCOOKIE"); BR_RPS=$1 BR_P50=$2 BR_P99=$3
	set -- $(measure "$CONNS" "http://127.0.0.1:18604$CASELOAD_PATH" -H "Cookie: rede_session=$BCOOKIE"); BC_RPS=$1 BC_P50=$2 BC_P99=$3
fi

TODAY=$(date +%Y-%m-%d)
write_lua() { # COOKIE CSRF
	cat <<LUA
-- a home session recorded on today's date in the bench user's course
request = function()
  return wrk.format("POST", "$WRITE_PATH", {["Content-Type"] = "application/json",
    ["Cookie"] = "rede_session=$1", ["X-CSRF-Token"] = "$2"},
    '{"happened_on":"$TODAY","minutes":60,"kind":"home_session","activities":["observation","guidance"],"stance":"beside","note":"Bench: rutiner gennemgået"}')
end
LUA
}
write_lua "$COOKIE" "$CSRF" > "$T/write.lua"
contacts_before=$(sqlite3 "$T/rede.db" 'SELECT count(*) FROM contact')
set -- $(measure "$WCONNS" "http://127.0.0.1:18601$WRITE_PATH" -s "$T/write.lua"); W_RPS=$1 W_P50=$2 W_P99=$3 W_BAD=$4
if [ -n "$BASELINE" ]; then
	write_lua "$BCOOKIE" "$BCSRF" > "$T/writeb.lua"
	set -- $(measure "$WCONNS" "http://127.0.0.1:18604$WRITE_PATH" -s "$T/writeb.lua"); BW_RPS=$1 BW_P50=$2 BW_P99=$3
fi
RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/$RPID/status)
RSS_NOW_KB=$(awk '/VmRSS/ {print $2}' /proc/$RPID/status)

contacts_written=$(( $(sqlite3 "$T/rede.db" 'SELECT count(*) FROM contact') - contacts_before ))
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "0" }'; }
PLANNER=$("$T/planner" 400 40)
PLANNER_BIG=$("$T/planner" 800 60)

LOAD_END=$(loadavg)
BASE_JSON=
if [ -n "$BASELINE" ]; then
	BASE_JSON=$(printf '"baseline": {"binary": "%s", "same_caseload_answer": %s,\n    "read": {"rps": %s, "p50_ms": %s, "p99_ms": %s},\n    "caseload": {"rps": %s, "p50_ms": %s, "p99_ms": %s},\n    "write": {"rps": %s, "p50_ms": %s, "p99_ms": %s}},' \
		"$BASELINE" "$SAME" "$BR_RPS" "$BR_P50" "$BR_P99" "$BC_RPS" "$BC_P50" "$BC_P99" "$BW_RPS" "$BW_P50" "$BW_P99")
fi
mkdir -p bench/results
OUT=bench/results/http-$(date -u +%Y%m%dT%H%M%SZ).json
cat > "$OUT" <<JSON
{
  "when": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cores": $(nproc), "kernel": "$(uname -r)"},
  "seconds": $SECS, "connections": $CONNS, "write_connections": $WCONNS, "threads": $THREADS,
  "event_threads": ${EVENT_THREADS:-$THREADS},
  "scale": "$SCALE", "demo_generation_ms": $gen_ms, "db_bytes": $db_bytes,
  "body_bytes": $SIZE,
  "bare_libmicrohttpd": {"rps": $H_RPS, "p50_ms": $H_P50, "p99_ms": $H_P99},
  "nginx_static": {"rps": $N_RPS, "p50_ms": $N_P50, "p99_ms": $N_P99},
  "rede_read": {"path": "GET $READ_PATH", "rps": $R_RPS, "p50_ms": $R_P50, "p99_ms": $R_P99, "non_2xx": $R_BAD,
                "ratio_to_bare": $(ratio "$R_RPS" "$H_RPS"), "ratio_to_nginx": $(ratio "$R_RPS" "$N_RPS")},
  "rede_caseload": {"path": "GET $CASELOAD_PATH", "courses": $CASELOAD_N, "body_bytes": $CASELOAD_SIZE,
                "rps": $C_RPS, "p50_ms": $C_P50, "p99_ms": $C_P99, "non_2xx": $C_BAD,
                "ratio_to_bare": $(ratio "$C_RPS" "$H_RPS")},
  "rede_write": {"path": "POST /api/v1/enrolments/{id}/contacts", "rps": $W_RPS, "p50_ms": $W_P50, "p99_ms": $W_P99,
                 "non_2xx": $W_BAD, "rows_written": $contacts_written},
  "rede_peak_rss_kib": $RSS_KB,
  "rede_rss_after_load_kib": $RSS_NOW_KB,
  "rede_startup_ms": $startup_ms,
  "load_avg_start": "$LOAD_START", "load_avg_end": "$LOAD_END",
  $BASE_JSON
  "cosp_planner": [$PLANNER, $PLANNER_BIG]
}
JSON
printf '\n%-44s %10s %9s %9s %8s\n' "what" "req/s" "p50 ms" "p99 ms" "ratio"
printf '%-44s %10s %9s %9s %8s\n' "bare libmicrohttpd ($SIZE B)" "$H_RPS" "$H_P50" "$H_P99" "1.00"
printf '%-44s %10s %9s %9s %8s\n' "nginx static file ($SIZE B)" "$N_RPS" "$N_P50" "$N_P99" "$(ratio "$N_RPS" "$H_RPS")"
printf '%-44s %10s %9s %9s %8s\n' "rede GET /api/v1/families/{id} (audited)" "$R_RPS" "$R_P50" "$R_P99" "$(ratio "$R_RPS" "$H_RPS")"
printf '%-44s %10s %9s %9s %8s\n' "rede GET /api/v1/caseload ($CASELOAD_N courses)" "$C_RPS" "$C_P50" "$C_P99" "$(ratio "$C_RPS" "$H_RPS")"
printf '%-44s %10s %9s %9s %8s\n' "rede POST .../contacts ($WCONNS conns, durable)" "$W_RPS" "$W_P50" "$W_P99" "-"
if [ -n "$BASELINE" ]; then
	printf '%-44s %10s %9s %9s %8s\n' "baseline GET /api/v1/families/{id}" "$BR_RPS" "$BR_P50" "$BR_P99" "$(ratio "$BR_RPS" "$H_RPS")"
	printf '%-44s %10s %9s %9s %8s\n' "baseline GET /api/v1/caseload" "$BC_RPS" "$BC_P50" "$BC_P99" "$(ratio "$BC_RPS" "$H_RPS")"
	printf '%-44s %10s %9s %9s %8s\n' "baseline POST .../contacts ($WCONNS conns)" "$BW_RPS" "$BW_P50" "$BW_P99" "-"
	printf 'caseload: this build / baseline = %s req/s; same answer bytes: %s\n' "$(ratio "$C_RPS" "$BC_RPS")" "$SAME"
fi
printf 'load average at start %s, at end %s\n' "$LOAD_START" "$LOAD_END"
printf '\nrede peak RSS %s KiB (includes one 64 MiB Argon2id login), after load %s KiB; start-up %s ms\n' "$RSS_KB" "$RSS_NOW_KB" "$startup_ms"
printf 'non-2xx answers: family %s, caseload %s, write %s (contacts written: %s)\n' "$R_BAD" "$C_BAD" "$W_BAD" "$contacts_written"
printf 'scale %s demo database: %s bytes, generated in %s ms\n' "$SCALE" "$db_bytes" "$gen_ms"
echo "COS-P planner: $PLANNER"
echo "COS-P planner: $PLANNER_BIG"
echo "written $OUT"
