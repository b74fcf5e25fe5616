#!/bin/sh
# pgbackrest_pitr.sh - the PostgreSQL backup of docs/OPERATIONS.md, tried for
# real: a throw-away PostgreSQL cluster with WAL archiving to a pgBackRest
# repository, a full backup, Rede writes before and after a noted moment,
# and a point-in-time restore to that moment. Passes when the restored
# database has exactly the writes made before the moment and
# `rede audit verify` proves its audit chain.
#
# Needs pgbackrest and the PostgreSQL server binaries (Debian packages
# pgbackrest, postgresql). Run as root, the cluster runs as the postgres user
# (as on a Debian server); otherwise as the calling user. Takes ~30 s.
# Usage: sh tests/ops/pgbackrest_pitr.sh [path to rede]
set -eu
REDE=${1:-${REDE_BIN:-build/asan/rede}}
REDE=$(cd "$(dirname "$REDE")" && pwd)/$(basename "$REDE")
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if ! command -v pgbackrest >/dev/null 2>&1 || [ -z "$PGBIN" ]; then
	echo "SKIPPED: pgbackrest or the PostgreSQL server binaries are not installed"
	exit 0
fi

T=$(mktemp -d /tmp/rede-pitr-XXXXXX)
PORT=$((20000 + $$ % 20000))
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$T"
	as_pg() { runuser -u postgres -- "$@"; }
fi
cleanup() {
	as_pg "$PGBIN/pg_ctl" -D "$T/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$T"
}
trap cleanup EXIT

CONF=$T/pgbackrest.conf
as_pg sh -c "cat > '$CONF'" <<EOF
[global]
repo1-path=$T/repo
repo1-retention-full=2
log-path=$T/log
lock-path=$T/lock
spool-path=$T/spool
log-level-console=warn
start-fast=y
compress-type=none
process-max=2

[rede]
pg1-path=$T/data
pg1-port=$PORT
pg1-socket-path=$T
EOF
as_pg mkdir -p "$T/repo" "$T/log" "$T/lock" "$T/spool"

as_pg "$PGBIN/initdb" -D "$T/data" -U postgres --auth=trust >/dev/null
as_pg sh -c "cat >> '$T/data/postgresql.conf'" <<EOF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$T'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$CONF --stanza=rede archive-push %p'
max_wal_senders = 3
EOF
as_pg "$PGBIN/pg_ctl" -D "$T/data" -l "$T/log/postgres.log" -w start >/dev/null
PSQL="$PGBIN/psql -h $T -p $PORT -U postgres -Atq"
as_pg $PSQL -d postgres -c "CREATE DATABASE rede" >/dev/null
URL="postgresql:///rede?host=$T&port=$PORT&user=postgres"

as_pg pgbackrest --config="$CONF" --stanza=rede stanza-create
as_pg pgbackrest --config="$CONF" --stanza=rede check

KEY=$T/rede.key
# every rede command finds the key file, and the audit key file beside it
export REDE_KEY_FILE="$KEY"
"$REDE" init --db "$URL" --key "$KEY" --municipality 0101 --name "Før Kommune" 2>/dev/null
as_pg pgbackrest --config="$CONF" --stanza=rede --type=full backup

# A write after the full backup that recovery must replay from the archive,
# then the moment to return to, then a write that must not come back.
"$REDE" municipality add --db "$URL" --code 0202 --name "Efter backup" >/dev/null
sleep 1
MOMENT=$(as_pg $PSQL -d rede -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
sleep 1
"$REDE" municipality add --db "$URL" --code 0303 --name "For sent" >/dev/null
as_pg $PSQL -d rede -c "SELECT pg_switch_wal()" >/dev/null
as_pg pgbackrest --config="$CONF" --stanza=rede check   # waits until the WAL is archived

as_pg "$PGBIN/pg_ctl" -D "$T/data" -m fast -w stop >/dev/null
as_pg pgbackrest --config="$CONF" --stanza=rede --delta --type=time "--target=$MOMENT" \
	--target-action=promote restore
as_pg "$PGBIN/pg_ctl" -D "$T/data" -l "$T/log/postgres.log" -w start >/dev/null
i=0
while [ "$(as_pg $PSQL -d postgres -c 'SELECT pg_is_in_recovery()')" = t ] && [ $i -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done

codes=$(as_pg $PSQL -d rede -c "SELECT string_agg(code, ',' ORDER BY code) FROM municipality")
if [ "$codes" != "0101,0202" ]; then
	echo "FAIL: after recovery to $MOMENT the municipalities are '$codes', expected 0101,0202" >&2
	exit 1
fi
"$REDE" audit verify --db "$URL" --key "$KEY"
echo "ok: pgBackRest point-in-time recovery to $MOMENT restored 0101,0202 (not 0303); audit chain intact"
