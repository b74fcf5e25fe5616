#!/bin/sh
# pg-standby.sh [setup|start|stop|pause|resume|url] - a streaming standby of
# the test cluster (tools/pg-test-setup.sh) on 127.0.0.1:5433, for the read
# replica tests (tests/api/replica.test.mjs, issue 22). Run as root (CI) or
# with sudo; the server runs as the postgres OS user.
#
#   setup   (default) a replication role on the primary, `pg_basebackup -R`
#           into a data directory of its own, started; idempotent: a running
#           standby is left alone, a stopped one started, one that cannot
#           start (or catch up) made again
#   start / stop      the standby (the tests stop it mid-run)
#   pause / resume    its WAL replay (the tests make it lag)
#   url     the standby's URL of the test database
# Prints the standby's URL of rede_test (setup, url).
set -eu
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
bin=/usr/lib/postgresql/$ver/bin
port=5433
data=/var/lib/postgresql/rede-standby
log=/var/lib/postgresql/rede-standby.log
url="postgres://rede_test:rede_test@127.0.0.1:$port/rede_test"

as_pg() {
	if [ -z "$SUDO" ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
running() { as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
start() {
	running || as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null
	for i in $(seq 1 30); do
		pg_isready -h 127.0.0.1 -p $port -q && return 0
		sleep 1
	done
	return 1
}
standby_psql() { as_pg psql -h /var/run/postgresql -p $port -Atq -d postgres "$@"; }

make_standby() {
	as_pg psql -Atq -c "SELECT 1" >/dev/null # the primary answers
	if ! as_pg psql -Atq -c "SELECT 1 FROM pg_roles WHERE rolname = 'rede_replica'" | grep -q 1; then
		as_pg psql -Atq -c "CREATE ROLE rede_replica REPLICATION LOGIN PASSWORD 'rede_replica'"
	fi
	as_pg "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
	rm -rf "$data"
	as_pg env PGPASSWORD=rede_replica "$bin/pg_basebackup" -h 127.0.0.1 -p 5432 -U rede_replica \
		-D "$data" -R -X stream -c fast
	# Debian keeps the primary's configuration in /etc: the standby gets
	# its own, small one (the primary's pg_hba rules)
	as_pg cp "/etc/postgresql/$ver/main/pg_hba.conf" "$data/pg_hba.conf"
	as_pg touch "$data/pg_ident.conf"
	as_pg sh -c "cat > '$data/postgresql.conf'" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
max_connections = 100
shared_buffers = 32MB
max_standby_streaming_delay = 30s
EOF
}

case "${1:-setup}" in
setup)
	if ! as_pg test -f "$data/standby.signal"; then
		make_standby
	fi
	if ! start; then
		echo "pg-standby: the standby did not start; making it again" >&2
		make_standby
		start
	fi
	# streaming, not just running: a database made on the primary now
	# is on the standby within seconds
	ok=""
	for i in $(seq 1 30); do
		if [ "$(standby_psql -c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = streaming ]; then
			ok=1
			break
		fi
		sleep 1
	done
	if [ -z "$ok" ]; then
		echo "pg-standby: the standby does not stream (WAL gone?); making it again" >&2
		make_standby
		start
	fi
	# a test that stopped half-way may have left replay paused
	standby_psql -c "SELECT pg_wal_replay_resume()" >/dev/null
	echo "$url"
	;;
start) start ;;
stop) as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null ;;
pause) standby_psql -c "SELECT pg_wal_replay_pause()" >/dev/null ;;
resume) standby_psql -c "SELECT pg_wal_replay_resume()" >/dev/null ;;
url) echo "$url" ;;
*) echo "usage: pg-standby.sh [setup|start|stop|pause|resume|url]" >&2; exit 2 ;;
esac
