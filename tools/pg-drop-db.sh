#!/bin/sh
# pg-drop-db.sh BASE_URL DB_URL - drop a database made by pg-fresh-db.sh.
# WITH (FORCE) ends the test's own connections left open; it refuses when
# another role's process is in the database - an autovacuum worker that
# started on the test's fresh rows (seen: "must be a member of the role
# whose process is being terminated"). A plain DROP then asks autovacuum to
# stop and waits for it, so it is the second try.
set -eu
base=$1
name=${2##*/}
case "$name" in rede_t_*) ;; *) echo "refusing to drop $name" >&2; exit 1 ;; esac
psql="$(dirname "$0")/psql.sh"
sh "$psql" "$base" -Atqc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 && exit 0
sleep 1
sh "$psql" "$base" -Atqc "DROP DATABASE IF EXISTS $name" >/dev/null
