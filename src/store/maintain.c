/*
 * maintain.c - work on the database files outside any transaction (see
 * store_maintain in store.h): after a retention run, make sure deleted
 * personal data is gone from the files, not only from the tables.
 *
 * SQLite (secure_delete is on for every connection, so freed space is
 * zeroed): CHECKPOINT copies the WAL into the main file and truncates the
 * WAL to nothing, so the old versions of pages in it are gone; it waits
 * while readers still use older pages (the busy flag) and tries again.
 * VACUUM rebuilds the file from the live rows (also clearing free space
 * written before secure_delete was on) and then checkpoints.
 * PostgreSQL: VACUUM (FULL) rewrites every table without its dead row
 * versions (it locks each table while it works); CHECKPOINT is a no-op
 * (old WAL segments and backups age out under the server's own settings).
 */
#include <string.h>
#include <time.h>

#include "rede/store.h"
#include "rede/util.h"

#define CHECKPOINT_TRIES 100
#define CHECKPOINT_WAIT_MS 100

static enum rede_err checkpoint(struct store_conn *c, char **msg)
{
	for (int i = 0; i < CHECKPOINT_TRIES; i++) {
		struct store_stmt *st = store_prepare(c, "PRAGMA wal_checkpoint(TRUNCATE)");
		enum rede_err err = store_step_one(st);
		int64_t busy = err ? 1 : store_col_int(st, 0);
		struct timespec ts = {0, CHECKPOINT_WAIT_MS * 1000000L};

		store_finish(st);
		if (err && err != REDE_E_RETRY) {
			*msg = xasprintf("checkpoint failed: %s", rede_err_name(err));
			return err;
		}
		if (!busy)
			return REDE_OK;
		nanosleep(&ts, NULL);
	}
	*msg = xasprintf("the WAL could not be truncated: readers kept it in use for %d ms",
			 CHECKPOINT_TRIES * CHECKPOINT_WAIT_MS);
	return REDE_E_RETRY;
}

static enum rede_err run(struct store_conn *c, const char *sql, char **msg)
{
	enum rede_err err = store_run(store_prepare(c, sql));

	if (err)
		*msg = xasprintf("%s failed: %s", sql, rede_err_name(err));
	return err;
}

enum rede_err store_maintain(struct store *s, enum store_maintenance what, char **msg)
{
	struct store_conn *c = store_acquire(s);
	bool sqlite = !strcmp(store_conn_backend(c), "sqlite");
	enum rede_err err = REDE_OK;

	*msg = NULL;
	if (what == STORE_MAINT_VACUUM)
		err = run(c, sqlite ? "VACUUM" : "VACUUM (FULL)", msg);
	if (!err && sqlite)
		err = checkpoint(c, msg);
	store_release(s, c);
	return err;
}
