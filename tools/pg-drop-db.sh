#!/bin/sh
# pg-drop-db.sh BASE_URL DB_URL - drop a database made by pg-fresh-db.sh.
set -eu
base=$1
name=${2##*/}
case "$name" in rede_t_*) ;; *) echo "refusing to drop $name" >&2; exit 1 ;; esac
sh "$(dirname "$0")/psql.sh" "$base" -Atqc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
