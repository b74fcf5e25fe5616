#!/bin/sh
# pg-fresh-db.sh BASE_URL - create an empty database for one test run with
# the role of BASE_URL (it needs CREATEDB) and print its URL.
set -eu
base=$1
name="rede_t_$(date +%s)_$$_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
sh "$(dirname "$0")/psql.sh" "$base" -Atqc "CREATE DATABASE $name" >/dev/null
echo "${base%/*}/$name"
