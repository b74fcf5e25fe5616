#!/bin/sh
# run-demo.sh - the body of `make run`: create the demo database on first
# use (var/rede.db, SYNTHETIC data), bring an existing one up to date, and
# serve it on http://127.0.0.1:8080.
set -eu
DB=${REDE_DB:-var/rede.db}
LISTEN=${REDE_LISTEN:-127.0.0.1:8080}
if [ ! -f "$DB" ]; then
	build/rede init --db "$DB"
	build/rede demo --db "$DB"
else
	echo "using the existing database $DB"
	build/rede migrate --db "$DB"
	build/rede demo --db "$DB" --logins
fi
echo
echo "Rede is starting on http://$LISTEN  (stop with Ctrl-C)"
echo
exec build/rede serve --db "$DB" --listen "$LISTEN"
