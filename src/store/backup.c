/*
 * backup.c - the database side of backups (see backup.h): SQLite's online
 * backup API for a consistent copy of a live file, its integrity check,
 * and the census a manifest records.
 *
 * Why the backup API and not a file copy: a live WAL database is the main
 * file plus the -wal file, changing under the copier; a `cp` can catch a
 * half-written page or miss committed frames. sqlite3_backup_step(-1)
 * copies every page inside one read transaction of the source, so the
 * copy is exactly the database as of the moment it began, and the server's
 * writers are never blocked (WAL lets them commit beside the reader).
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rede/util.h"
#include "store/backup.h"
#include "store/tables.h"

#define BACKUP_BUSY_MS 30000

enum rede_err store_sqlite_backup(const char *src_path, const char *dst_path, char **msg)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b = NULL;
	enum rede_err err = REDE_E_STORE;
	int fd, rc;

	*msg = NULL;
	/* The copy holds personal data: 0600 from its first moment, and never
	 * over an existing file. */
	fd = open(dst_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*msg = xasprintf("%s: %s", dst_path, strerror(errno));
		return REDE_E_STORE;
	}
	close(fd);
	/* Read-write without CREATE: a WAL database may need its -shm made;
	 * nothing is written. */
	rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		*msg = xasprintf("%s: %s", src_path, src ? sqlite3_errmsg(src) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(src, BACKUP_BUSY_MS);
	rc = sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		*msg = xasprintf("%s: %s", dst_path, dst ? sqlite3_errmsg(dst) : "cannot open");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		*msg = xasprintf("backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* -1: all pages in one step, i.e. one read transaction on the source. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_OK);
	sqlite3_backup_finish(b);
	b = NULL;
	if (rc != SQLITE_DONE) {
		*msg = xasprintf("backup: %s", sqlite3_errstr(rc));
		goto out;
	}
	/* One self-contained file: no -wal beside it. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		*msg = xasprintf("backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	err = REDE_OK;
out:
	if (b)
		sqlite3_backup_finish(b);
	if (dst && sqlite3_close(dst) != SQLITE_OK && !err) {
		*msg = xasprintf("backup: cannot close the copy");
		err = REDE_E_STORE;
	}
	sqlite3_close(src);
	if (err)
		unlink(dst_path);
	return err;
}

enum rede_err store_sqlite_integrity(const char *path, char **msg)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum rede_err err = REDE_E_STORE;
	const char *verdict;

	*msg = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		*msg = xasprintf("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		*msg = xasprintf("integrity check: %s", sqlite3_errmsg(db));
		goto out;
	}
	verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok")) {
		*msg = xasprintf("integrity check: %s", verdict ? verdict : "no answer");
		goto out;
	}
	err = REDE_OK;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return err;
}

static int64_t one_int(sqlite3 *db, const char *sql, bool *ok)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		*ok = false;
	sqlite3_finalize(st);
	return v;
}

enum rede_err store_sqlite_census(const char *path, struct store_census *out, char **msg)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum rede_err err = REDE_E_STORE;
	bool ok = true;

	*msg = NULL;
	memset(out, 0, sizeof(*out));
	out->ntables = store_tables_count;
	out->counts = xcalloc((size_t)store_tables_count, sizeof(*out->counts));
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		*msg = xasprintf("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	out->schema_version =
		(int)one_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &ok);
	if (sqlite3_prepare_v2(db, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", -1,
			       &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	out->audit_last_id = sqlite3_column_int64(st, 0);
	snprintf(out->audit_last_hash, sizeof(out->audit_last_hash), "%s",
		 (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	st = NULL;
	for (int i = 0; i < store_tables_count && ok; i++) {
		char *sql = xasprintf("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
				      "AND name = '%s'",
				      store_tables[i].name);
		bool present = one_int(db, sql, &ok) == 1;

		free(sql);
		out->counts[i] = -1;
		if (present) {
			sql = xasprintf("SELECT count(*) FROM %s", store_tables[i].name);
			out->counts[i] = one_int(db, sql, &ok);
			free(sql);
		}
	}
	if (!ok)
		goto fail;
	err = REDE_OK;
	goto out;
fail:
	*msg = xasprintf("%s: %s", path, sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return err;
}

void store_census_release(struct store_census *c)
{
	free(c->counts);
	c->counts = NULL;
}
