#!/bin/sh
# pg-test-setup.sh - make a PostgreSQL server answer on 127.0.0.1:5432 with
# the test role rede_test (LOGIN CREATEDB, not a superuser) and database
# rede_test. Idempotent; run as root (CI) or with sudo.
set -eu
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$ver" ]; then
	echo "PostgreSQL server is not installed (apt-get install postgresql)" >&2
	exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
	$SUDO pg_createcluster "$ver" main >/dev/null
fi
$SUDO pg_ctlcluster "$ver" main start 2>/dev/null || true
for i in $(seq 1 30); do
	pg_isready -h 127.0.0.1 -p 5432 -q && break
	sleep 1
done
psql_admin() { $SUDO -u postgres psql -Atq "$@" 2>/dev/null || runuser -u postgres -- psql -Atq "$@"; }
if [ -z "$SUDO" ]; then psql_admin() { runuser -u postgres -- psql -Atq "$@"; }; fi
# plain SQL only (no PL/pgSQL): the server may not have loaded its libraries yet
if ! psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'rede_test'" | grep -q 1; then
	psql_admin -c "CREATE ROLE rede_test LOGIN CREATEDB PASSWORD 'rede_test'"
fi
if ! psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'rede_test'" | grep -q 1; then
	psql_admin -c "CREATE DATABASE rede_test OWNER rede_test"
fi
replica=$(sh "$(dirname "$0")/pg-standby.sh" setup)
echo "standby: $replica" >&2
echo "postgres://rede_test:rede_test@127.0.0.1:5432/rede_test"
