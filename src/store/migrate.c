/*
 * migrate.c - bringing a database's schema up to date: each embedded
 * migration (src/store/sql/NNNN_*.sql) newer than the database's version
 * runs in its own write transaction, its SQL in the backend's dialect,
 * then its data step (migrate_data.c), then its schema_version row.
 *
 * Apart from store.c so the store's core (connections, statements,
 * transactions) depends on none of the query files a data step uses.
 */
#include <stdlib.h>

#include "rede/store.h"
#include "rede/util.h"
#include "store/backend.h"

struct migrate_arg {
	const struct store_migration *m;
	char **msg;
};

static enum rede_err migrate_body(struct store_conn *c, void *p)
{
	struct migrate_arg *a = p;
	enum rede_err err = store_exec_migration_sql(c, a->m->sql);
	struct store_stmt *st;

	if (!err)
		err = store_migration_data_step(c, a->m->version);
	if (err) {
		if (a->msg && !*a->msg)
			*a->msg = xasprintf("migration %04d_%s: %s", a->m->version, a->m->name,
					    store_conn_errmsg(c));
		return err;
	}
	st = store_prepare(c, "INSERT INTO schema_version (version, name, applied_at) "
			      "VALUES (?, ?, ?)");
	store_bind_int(st, 1, a->m->version);
	store_bind_text(st, 2, a->m->name);
	store_bind_int(st, 3, rede_now());
	return store_run(st);
}

enum rede_err store_migrate(struct store *s, int *applied, char **msg)
{
	int have = store_schema_version(s), n = 0;
	enum rede_err err = REDE_OK;

	if (have < 0) {
		if (msg)
			*msg = xasprintf("cannot read the schema version");
		return REDE_E_STORE;
	}
	for (int i = 0; i < store_migrations_count; i++) {
		struct migrate_arg a = {&store_migrations[i], msg};

		if (store_migrations[i].version <= have)
			continue;
		err = store_tx_run(s, STORE_TX_WRITE, migrate_body, &a);
		if (err)
			break;
		log_info("applied migration %04d_%s", store_migrations[i].version,
			 store_migrations[i].name);
		n++;
	}
	if (applied)
		*applied = n;
	return err;
}
