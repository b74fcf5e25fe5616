/*
 * migrate.c - bringing a database's schema up to date: each embedded
 * migration (src/store/sql/NNNN_*.sql) the database has not had - also one
 * numbered below its highest, since branches land in any order - runs in
 * its own write transaction, its SQL in the backend's dialect, then its
 * data step (migrate_data.c), then its schema_version row.
 *
 * Apart from store.c so the store's core (connections, statements,
 * transactions) depends on none of the query files a data step uses.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "rede/store.h"
#include "rede/util.h"
#include "store/backend.h"

struct migrate_arg {
	const struct store_migration *m;
	char **msg;
	bool had; /* applied already (a migration below the highest may not be) */
};

static enum rede_err applied_int(struct store_conn *c, int version, int64_t *n)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT count(*) FROM schema_version WHERE version = ?");

	store_bind_all(st, STORE_INT(version));
	return store_run_int(st, n);
}

static enum rede_err migrate_body(struct store_conn *c, void *p)
{
	struct migrate_arg *a = p;
	enum rede_err err;
	struct store_stmt *st;
	int64_t n = 0;

	/* in the same write transaction as the migration: two migrating at
	 * once cannot both apply it */
	err = applied_int(c, a->m->version, &n);
	if (err || n > 0) {
		a->had = n > 0;
		return err;
	}
	err = store_exec_migration_sql(c, a->m->sql);
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
	store_bind_all(st, STORE_INT(a->m->version), STORE_TEXT(a->m->name), STORE_INT(rede_now()));
	return store_run(st);
}

struct pending_arg {
	int n;
};

static enum rede_err pending_body(struct store_conn *c, void *p)
{
	struct pending_arg *a = p;
	enum rede_err err = REDE_OK;

	a->n = 0;
	for (int i = 0; i < store_migrations_count && !err; i++) {
		int64_t n = 0;

		err = applied_int(c, store_migrations[i].version, &n);
		if (!err && n == 0)
			a->n++;
	}
	return err;
}

struct applied_arg {
	int version;
	int64_t n;
};

static enum rede_err applied_body(struct store_conn *c, void *p)
{
	struct applied_arg *a = p;

	return applied_int(c, a->version, &a->n);
}

bool store_migration_applied(struct store *s, int version)
{
	struct applied_arg a = {version, 0};

	return store_schema_version(s) > 0 &&
	       store_tx_run(s, STORE_TX_READ, applied_body, &a) == REDE_OK && a.n > 0;
}

int store_migrations_pending(struct store *s)
{
	struct pending_arg a = {0};

	if (store_schema_version(s) < 0 ||
	    store_tx_run(s, STORE_TX_READ, pending_body, &a) != REDE_OK)
		return -1;
	return a.n;
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
		struct migrate_arg a = {&store_migrations[i], msg, false};

		err = store_tx_run(s, STORE_TX_WRITE, migrate_body, &a);
		if (err)
			break;
		if (a.had)
			continue;
		log_info("applied migration %04d_%s", store_migrations[i].version,
			 store_migrations[i].name);
		n++;
	}
	if (applied)
		*applied = n;
	return err;
}
