/*
 * copy.c - copying a database table by table, rows verbatim with their ids
 * (rede copy, src/cli/cmd_copy.c): the generic SELECT * / INSERT of every
 * table of store/tables.h, batched, on the two backends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/copy.h"

int64_t store_copy_count(struct store_conn *c, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	int64_t n = -1;
	struct store_stmt *st = store_prepare(c, sql);

	if (store_run_int(st, &n) != REDE_OK)
		n = -1;
	free(sql);
	return n;
}

/* Rows per INSERT: as many as keep the statement under 999 values (the
 * oldest SQLite limit), at most 200. One round trip per batch instead of
 * per row is what makes copying to PostgreSQL fast. */
#define BATCH_VALUES 999
#define BATCH_ROWS 200

/* Build "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)..." for rows rows of
 * the source statement's columns. */
static char *insert_sql(const char *table, struct store_stmt *src, int rows)
{
	struct buf b;
	int n = store_col_count(src);

	buf_init(&b, 0);
	buf_printf(&b, "INSERT INTO %s (", table);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", store_col_name(src, i));
	buf_adds(&b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		buf_adds(&b, r ? ", (" : "(");
		for (int i = 0; i < n; i++)
			buf_adds(&b, i ? ", ?" : "?");
		buf_adds(&b, ")");
	}
	return buf_detach(&b, NULL);
}

/* A batch of source rows as text values (NULL = SQL NULL), owned here. */
struct batch {
	char **v;
	int ncols, cap_rows, rows;
	char *full_sql;     /* the INSERT for a full batch, built once */
};

static enum rede_err batch_flush(struct store_conn *dst, const char *table,
				 struct store_stmt *src, struct batch *b)
{
	char *partial = NULL;
	struct store_stmt *ins;
	enum rede_err err;

	if (!b->rows)
		return REDE_OK;
	if (b->rows == b->cap_rows) {
		if (!b->full_sql)
			b->full_sql = insert_sql(table, src, b->cap_rows);
		ins = store_prepare(dst, b->full_sql);
	} else {
		partial = insert_sql(table, src, b->rows);
		ins = store_prepare(dst, partial);
	}
	for (int i = 0; i < b->rows * b->ncols; i++)
		store_bind_text(ins, i + 1, b->v[i]);
	err = store_run(ins);
	for (int i = 0; i < b->rows * b->ncols; i++) {
		free(b->v[i]);
		b->v[i] = NULL;
	}
	b->rows = 0;
	free(partial);
	return err;
}

enum rede_err store_copy_table(struct store_conn *src, struct store_conn *dst,
			       const struct store_table *t, int64_t *done, int64_t total,
			       void (*progress)(int64_t done, int64_t total, const char *table))
{
	char *select = xasprintf("SELECT * FROM %s ORDER BY 1", t->name);
	struct store_stmt *st = store_prepare(src, select);
	struct batch b = {0};
	enum rede_err err = store_begin(dst, STORE_TX_WRITE);

	if (err)
		goto out;
	if (t->seeded) {
		char *del = xasprintf("DELETE FROM %s", t->name);
		err = store_run(store_prepare(dst, del));
		free(del);
		if (err)
			goto rollback;
	}
	while ((err = store_step(st)) == REDE_ROW) {
		if (!b.v) {
			b.ncols = store_col_count(st);
			b.cap_rows = BATCH_VALUES / (b.ncols ? b.ncols : 1);
			if (b.cap_rows > BATCH_ROWS)
				b.cap_rows = BATCH_ROWS;
			if (b.cap_rows < 1)
				b.cap_rows = 1;
			b.v = xcalloc((size_t)b.cap_rows * (size_t)b.ncols, sizeof(*b.v));
		}
		for (int i = 0; i < b.ncols; i++)
			b.v[b.rows * b.ncols + i] =
				store_col_null(st, i) ? NULL : xstrdup(store_col_text(st, i));
		if (++b.rows == b.cap_rows && (err = batch_flush(dst, t->name, st, &b)))
			goto rollback;
		if (++*done % 1000 == 0 && progress)
			progress(*done, total, t->name);
	}
	if (err != REDE_DONE)
		goto rollback;
	if ((err = batch_flush(dst, t->name, st, &b)))
		goto rollback;
	if (t->auto_id) {
		err = store_ids_follow(dst, t->name);
		if (err)
			goto rollback;
	}
	err = store_commit(dst);
	goto out;
rollback:
	store_rollback(dst);
out:
	store_finish(st);
	if (b.v)
		for (int i = 0; i < b.rows * b.ncols; i++)
			free(b.v[i]);
	free(b.v);
	free(b.full_sql);
	free(select);
	return err;
}

