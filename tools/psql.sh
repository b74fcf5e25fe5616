#!/bin/sh
# psql.sh ARGS... - run PostgreSQL's psql client itself. On Debian `psql`
# is postgresql-common's Perl wrapper, which costs ~80 ms a call before the
# real client starts; the tests call psql often (tests/api/harness.mjs,
# pg-fresh-db.sh, pg-drop-db.sh). The newest installed version's client, else the
# psql on the PATH.
for bin in $(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -t/ -k5,5nr); do
	exec "$bin" "$@"
done
exec psql "$@"
