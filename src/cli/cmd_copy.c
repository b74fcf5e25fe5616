/*
 * cmd_copy.c - `rede copy --from SRC --to DST`: move a whole installation
 * from one database to another, typically from the embedded SQLite file to
 * PostgreSQL when a municipality outgrows it.
 *
 * Rows are copied verbatim, ids included, so the audit chain (whose hashes
 * cover the ids) still verifies on the destination. The source is read in
 * one read transaction (a consistent snapshot); each table is written in
 * one transaction on the destination, which must be empty (it is migrated
 * to the current schema first). At the end every table's row count is
 * compared and the destination's audit chain is verified.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/tables.h"

static const char copy_help[] =
	"usage: rede copy --from SRC --to DST\n"
	"\n"
	"Copy all data (with its audit chain) from one database to another, e.g.\n"
	"  rede copy --from sqlite:var/rede.db --to postgres://rede@db/rede\n"
	"The destination must be empty; it is migrated first. The CPR key file\n"
	"stays the same: give the new installation the same key file.\n";

static int64_t table_count(struct store_conn *c, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	int64_t n = -1;
	struct store_stmt *st = store_prepare(c, sql);

	if (store_run_int(st, &n) != REDE_OK)
		n = -1;
	free(sql);
	return n;
}

static void progress(int64_t done, int64_t total, const char *table)
{
	int width = 30, fill;

	if (!isatty(STDERR_FILENO) || total <= 0)
		return;
	fill = (int)(done * width / total);
	fprintf(stderr, "\r[%.*s%*s] %3d%% %-24s", fill, "##############################",
		width - fill, "", (int)(done * 100 / total), table);
	fflush(stderr);
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

static enum rede_err copy_table(struct store_conn *src, struct store_conn *dst,
				const struct store_table *t, int64_t *done, int64_t total)
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
		if (++*done % 1000 == 0)
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

int cmd_copy(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common from, to;
	struct store *s = NULL, *d = NULL;
	struct store_conn *sc = NULL, *dc = NULL;
	struct store_audit_report r;
	int64_t total = 0, done = 0, *counts = NULL;
	char *msg = NULL;
	int ch, rc = 1, applied;
	enum rede_err err;

	cli_common_init(&from);
	cli_common_init(&to);
	from.db = to.db = NULL;
	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'f': from.db = optarg; break;
		case 't': to.db = optarg; break;
		case 'h': return cli_usage(copy_help, true);
		default: return cli_usage(copy_help, false);
		}
	}
	if (optind != argc || !from.db || !to.db)
		return cli_usage(copy_help, false);
	counts = xcalloc((size_t)store_tables_count, sizeof(*counts));
	s = cli_open(&from, false);
	if (!s)
		goto out;
	d = store_open(to.db, 1, &msg);
	if (!d) {
		fprintf(stderr, "rede: cannot open %s: %s\n", to.db, msg ? msg : "unknown error");
		goto out;
	}
	/* the copied chain is verified with the source's audit key */
	if (!cli_audit_key_load(&from, d, false))
		goto out;
	if (store_migrate(d, &applied, &msg) != REDE_OK) {
		fprintf(stderr, "rede: cannot migrate the destination: %s\n", msg ? msg : "");
		goto out;
	}
	sc = store_acquire(s);
	dc = store_acquire(d);
	if (table_count(dc, "municipality") != 0 || table_count(dc, "audit_log") != 0) {
		fprintf(stderr, "rede: the destination already holds data; copy needs an empty "
				"database\n");
		goto out;
	}
	err = store_begin(sc, STORE_TX_READ);
	if (err)
		goto out;
	for (int i = 0; i < store_tables_count; i++) {
		counts[i] = table_count(sc, store_tables[i].name);
		if (counts[i] < 0) {
			fprintf(stderr, "rede: cannot read table %s\n", store_tables[i].name);
			goto out;
		}
		total += counts[i];
	}
	for (int i = 0; i < store_tables_count; i++) {
		err = copy_table(sc, dc, &store_tables[i], &done, total);
		if (err) {
			fprintf(stderr, "\nrede: copying %s failed: %s (the destination may be "
					"partly filled; drop and recreate it)\n",
				store_tables[i].name, rede_err_name(err));
			goto out;
		}
	}
	progress(total, total, "done");
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	store_rollback(sc);
	for (int i = 0; i < store_tables_count; i++) {
		int64_t n = table_count(dc, store_tables[i].name);
		if (n != counts[i]) {
			fprintf(stderr, "rede: verification failed: %s has %lld rows, expected "
					"%lld\n",
				store_tables[i].name, (long long)n, (long long)counts[i]);
			goto out;
		}
	}
	store_release(d, dc);
	dc = NULL;
	if (store_audit_verify(d, &r) != REDE_OK || r.first_bad_id) {
		fprintf(stderr, "rede: the copied audit chain does not verify (entry %lld)\n",
			(long long)r.first_bad_id);
		goto out;
	}
	printf("copied %lld rows in %d tables; counts verified; audit chain intact "
	       "(%lld entries)\n",
	       (long long)total, store_tables_count, (long long)r.checked);
	rc = 0;
out:
	free(msg);
	free(counts);
	if (sc)
		store_release(s, sc);
	if (dc)
		store_release(d, dc);
	if (s)
		store_close(s);
	if (d)
		store_close(d);
	return rc;
}
