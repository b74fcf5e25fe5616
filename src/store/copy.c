/*
 * copy.c - copying a database table by table, rows verbatim with their ids
 * (rede copy, src/cli/cmd_copy.c): SELECT * of every table of
 * store/tables.h into the destination's bulk load where it has one
 * (PostgreSQL's COPY FROM STDIN), else batched INSERTs; and the
 * destination's secondary indexes (and on PostgreSQL its foreign keys)
 * dropped before and built after the data: building an index once and
 * checking a foreign key with one join is far cheaper than row by row.
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
	char *full_sql; /* the INSERT for a full batch, built once */
};

static enum rede_err batch_flush(struct store_conn *dst, const char *table, struct store_stmt *src,
				 struct batch *b)
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
	for (int i = 0; i < b->rows * b->ncols; i++) /* rows x columns of any table */
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

/* The rows of st (stepped here) into dst's bulk load; on an error the
 * load is abandoned and the caller rolls back. */
static enum rede_err copy_bulk(struct store_stmt *st, struct store_conn *dst,
			       const struct store_table *t, int64_t *done, int64_t total,
			       void (*progress)(int64_t done, int64_t total, const char *table))
{
	const char **v = NULL;
	int n = 0;
	bool begun = false;
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		if (!begun) {
			n = store_col_count(st);
			v = xcalloc(n ? (size_t)n : 1, sizeof(*v));
			for (int i = 0; i < n; i++)
				v[i] = store_col_name(st, i);
			if ((err = store_bulk_begin(dst, t->name, v, n)))
				goto out;
			begun = true;
		}
		/* by index by design: any table's columns, copied as text */
		for (int i = 0; i < n; i++)
			v[i] = store_col_null(st, i) ? NULL : store_col_text(st, i);
		if ((err = store_bulk_row(dst, v, n)))
			goto out;
		if (++*done % 1000 == 0 && progress)
			progress(*done, total, t->name);
	}
	if (err == REDE_DONE)
		err = REDE_OK;
out:
	if (begun) {
		enum rede_err end = store_bulk_end(dst, !err);
		if (!err)
			err = end;
	}
	free(v);
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
	if (store_bulk_available(dst)) {
		err = copy_bulk(st, dst, t, done, total, progress);
		if (err)
			goto rollback;
		goto follow;
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
		/* by index by design, as above: any table's columns */
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
follow:
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

/* What is set aside, as (drop, build) statement pairs in drop order:
 * on PostgreSQL the foreign keys (checked row by row by a trigger during a
 * load, and by one join when added back), then the indexes not behind a
 * constraint (primary key, unique); on SQLite the indexes written in a
 * migration (sql not NULL; its foreign keys cannot be dropped). */
struct aside_row {
	struct store_copy_index ix; /* the drop and build statements */
	int64_t rank;               /* the sort keys */
	const char *key;
};
#define ASIDE_COL(expr, kind, field) STORE_COL(expr, kind, struct aside_row, field)
static const struct store_col pg_aside_cols[] = {
	ASIDE_COL("'ALTER TABLE ' || k.conrelid::regclass || ' DROP CONSTRAINT ' || "
		  "quote_ident(k.conname)",
		  STORE_COL_STR, ix.name),
	ASIDE_COL("'ALTER TABLE ' || k.conrelid::regclass || ' ADD CONSTRAINT ' || "
		  "quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)",
		  STORE_COL_STR, ix.sql),
	ASIDE_COL("0", STORE_COL_INT, rank),
	ASIDE_COL("k.conname", STORE_COL_CSTR, key),
};
/* The indexes' SELECT after UNION ALL lists the same columns in this order. */
static const char pg_aside_rest[] =
	"FROM "
	"pg_constraint k WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace "
	"UNION ALL SELECT 'DROP INDEX ' || quote_ident(i.indexname), i.indexdef, 1, i.indexname "
	"FROM pg_indexes i WHERE i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM "
	"pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass) "
	"ORDER BY 3, 4";
static const struct store_col sqlite_aside_cols[] = {
	ASIDE_COL("'DROP INDEX ' || name", STORE_COL_STR, ix.name),
	ASIDE_COL("sql", STORE_COL_STR, ix.sql),
	ASIDE_COL("1", STORE_COL_INT, rank),
	ASIDE_COL("name", STORE_COL_CSTR, key),
};
static const char sqlite_aside_rest[] =
	"FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";
_Static_assert(sizeof(pg_aside_cols) == sizeof(sqlite_aside_cols),
	       "both backends list the same columns");

enum rede_err store_copy_indexes_drop(struct store_conn *c, struct store_copy_index **out, int *n)
{
	bool pg = !strcmp(store_conn_backend(c), "postgres");
	const struct store_col *cols = pg ? pg_aside_cols : sqlite_aside_cols;
	struct store_stmt *st = store_prepare_select(c, cols, STORE_NCOLS(pg_aside_cols),
						     pg ? pg_aside_rest : sqlite_aside_rest);
	struct store_copy_index *ix = NULL;
	int k = 0;
	enum rede_err err = store_begin(c, STORE_TX_WRITE);

	*out = NULL;
	*n = 0;
	if (err) {
		store_finish(st);
		return err;
	}
	while ((err = store_step(st)) == REDE_ROW) {
		struct aside_row r = {0};

		store_read_row(st, cols, STORE_NCOLS(pg_aside_cols), &r);
		ix = xrealloc(ix, (size_t)(k + 1) * sizeof(*ix));
		ix[k++] = r.ix;
	}
	store_finish(st);
	if (err != REDE_DONE)
		goto fail;
	err = REDE_OK;
	for (int i = 0; i < k && !err; i++)
		err = store_run(store_prepare(c, ix[i].name));
	if (err || (err = store_commit(c)))
		goto fail;
	*out = ix;
	*n = k;
	return REDE_OK;
fail:
	store_rollback(c);
	store_copy_indexes_free(ix, k);
	return err;
}

enum rede_err store_copy_indexes_build(struct store_conn *c, const struct store_copy_index *ix,
				       int n)
{
	bool pg = !strcmp(store_conn_backend(c), "postgres");
	enum rede_err err = store_begin(c, STORE_TX_WRITE);

	/* in the reverse order: indexes, then the foreign keys */
	for (int i = n - 1; i >= 0 && !err; i--)
		err = store_run(store_prepare(c, ix[i].sql));
	/* the planner's statistics of the new data (PostgreSQL's autovacuum
	 * would get to it later; the first reports should not wait); Rede's
	 * tables only - the catalogs are not its to analyse */
	for (int i = 0; pg && i < store_tables_count && !err; i++) {
		char *sql = xasprintf("ANALYZE %s", store_tables[i].name);
		err = store_run(store_prepare(c, sql));
		free(sql);
	}
	if (err) {
		store_rollback(c);
		return err;
	}
	return store_commit(c);
}

void store_copy_indexes_free(struct store_copy_index *ix, int n)
{
	for (int i = 0; i < n; i++) {
		free(ix[i].name);
		free(ix[i].sql);
	}
	free(ix);
}
