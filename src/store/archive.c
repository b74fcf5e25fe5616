/*
 * archive.c - reading an archive version's rows, and the records of
 * exports and deliveries (see archive.h). The catalogue is in
 * archive_tables.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core_retention.h"
#include "rede/util.h"
#include "store/archive.h"

/* "SELECT <root>, t.col1, ... <from> ORDER BY <order>" */
static char *rows_sql(const struct archive_table *t)
{
	struct buf b;
	int n = archive_table_ncols(t);

	buf_init(&b, 0);
	buf_printf(&b, "SELECT %s", t->root_sql);
	for (int i = 0; i < n; i++)
		buf_printf(&b, ", t.%s", t->cols[i].type == AT_CPR ? "cpr_box" : t->cols[i].name);
	buf_printf(&b, " %s ORDER BY %s", t->from_sql, t->order_sql);
	return buf_detach(&b, NULL);
}

enum rede_err store_archive_rows(struct store_conn *c, const struct archive_table *t,
				 int64_t municipality_id, archive_row_fn fn, void *arg)
{
	const char *values[ARCHIVE_MAX_COLS];
	char *sql = rows_sql(t);
	struct store_stmt *st = store_prepare(c, sql);
	int n = archive_table_ncols(t);
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		/* by index by design: any archived table's columns (no
		 * declared list fits every table; issue 16 item 4) */
		for (int i = 0; i < n; i++)
			values[i] = store_col_null(st, i + 1) ? NULL : store_col_text(st, i + 1);
		if (fn(arg, store_col_int(st, 0), values)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	free(sql);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_archive_first_day(struct store_conn *c, int64_t municipality_id, char out[11])
{
	static const char *const sql[] = {
		"SELECT MIN(referred_on) FROM referral WHERE municipality_id = ?",
		"SELECT MIN(start_on) FROM enrolment WHERE municipality_id = ?",
		"SELECT MIN(offered_on) FROM hv_offer WHERE municipality_id = ?",
		"SELECT MIN(held_on) FROM handover WHERE municipality_id = ?",
	};
	enum rede_err err = REDE_OK;

	out[0] = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]) && !err; i++) {
		struct store_stmt *st = store_prepare(c, sql[i]);
		const char *d;

		store_bind_all(st, STORE_INT(municipality_id));
		err = store_step_one(st);
		if (!err && (d = store_col_text(st, 0)) && strlen(d) == 10 &&
		    (!out[0] || strcmp(d, out) < 0))
			memcpy(out, d, 11);
		store_finish(st);
		if (err == REDE_E_NOTFOUND)
			err = REDE_OK;
	}
	return err;
}

enum rede_err store_archive_export_add(struct store_conn *c, struct archive_export_row *e)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO archive_export (municipality_id, through_on, avid, table_count, "
		   "row_count, file_index_md5, made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		   "RETURNING id");

	store_bind_all(st, STORE_INT(e->municipality_id), STORE_TEXT(e->through_on),
		       STORE_TEXT(e->avid), STORE_INT(e->table_count), STORE_INT(e->row_count),
		       STORE_TEXT(e->file_index_md5), STORE_INT(e->made_at),
		       STORE_TEXT(e->made_by));
	return store_run_int(st, &e->id);
}

#define EXPORT_COL(expr, kind, field) STORE_COL(expr, kind, struct archive_export_row, field)
static const struct store_col export_cols[] = {
	EXPORT_COL("id", STORE_COL_INT, id),
	EXPORT_COL("municipality_id", STORE_COL_INT, municipality_id),
	EXPORT_COL("through_on", STORE_COL_TEXT, through_on),
	EXPORT_COL("avid", STORE_COL_TEXT, avid),
	EXPORT_COL("table_count", STORE_COL_INT, table_count),
	EXPORT_COL("row_count", STORE_COL_INT, row_count),
	EXPORT_COL("file_index_md5", STORE_COL_TEXT, file_index_md5),
	EXPORT_COL("made_at", STORE_COL_INT, made_at),
	EXPORT_COL("made_by", STORE_COL_TEXT, made_by),
};
#define NEXPORT_COLS (sizeof(export_cols) / sizeof(export_cols[0]))

enum rede_err store_archive_export_find(struct store_conn *c, int64_t municipality_id,
					const char *through_on, struct archive_export_row *out)
{
	struct store_stmt *st = store_prepare_select(
		c, export_cols, NEXPORT_COLS,
		"FROM archive_export WHERE municipality_id = ? AND through_on = ? "
		"ORDER BY id DESC LIMIT 1");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(through_on));
	err = store_step_one(st);
	if (!err)
		store_read_row(st, export_cols, NEXPORT_COLS, out);
	store_finish(st);
	return err;
}

enum rede_err store_archive_export_count(struct store_conn *c, int64_t municipality_id, int64_t *n)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT count(*) FROM archive_export WHERE municipality_id = ?");

	store_bind_all(st, STORE_INT(municipality_id));
	return store_run_int(st, n);
}

enum rede_err store_archive_last_avid(struct store_conn *c, int64_t municipality_id, char out[40])
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT x.avid FROM archive_delivery d JOIN archive_export x ON x.id = d.export_id "
		"WHERE d.municipality_id = ? ORDER BY d.id DESC LIMIT 1");
	enum rede_err err;

	out[0] = 0;
	store_bind_all(st, STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		store_col_copy(st, 0, out, 40);
	store_finish(st);
	return err == REDE_E_NOTFOUND ? REDE_OK : err;
}

enum rede_err store_archive_delivery_add(struct store_conn *c, const struct archive_export_row *e,
					 const char *reference, const char *by, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO archive_delivery (municipality_id, export_id, through_on, reference, "
		"recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(e->municipality_id), STORE_INT(e->id),
		       STORE_TEXT(e->through_on), STORE_TEXT(reference), STORE_INT(rede_now()),
		       STORE_TEXT(by));
	return store_run_int(st, id);
}

enum rede_err store_archive_covered_through(struct store_conn *c, int64_t municipality_id,
					    char out[11])
{
	struct store_stmt *st = store_prepare(
		c, "SELECT MAX(through_on) FROM archive_delivery WHERE municipality_id = ?");
	enum rede_err err;

	out[0] = 0;
	store_bind_all(st, STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		store_col_copy(st, 0, out, 11);
	store_finish(st);
	return err == REDE_E_NOTFOUND ? REDE_OK : err;
}

/* A line of the history: an export or a delivery. The texts are the
 * statement's: valid until the next step. */
struct history_row {
	const char *kind, *through_on, *text;
	int64_t id, at;
};
#define HISTORY_COL(expr, kind, field) STORE_COL(expr, kind, struct history_row, field)
/* The deliveries' SELECT after UNION ALL lists the same columns in this order. */
static const struct store_col history_cols[] = {
	HISTORY_COL("'export'", STORE_COL_CSTR, kind),
	HISTORY_COL("id", STORE_COL_INT, id),
	HISTORY_COL("through_on", STORE_COL_CSTR, through_on),
	HISTORY_COL("avid", STORE_COL_CSTR, text),
	HISTORY_COL("made_at", STORE_COL_INT, at),
};
#define NHISTORY_COLS (sizeof(history_cols) / sizeof(history_cols[0]))

enum rede_err store_archive_history(struct store_conn *c, int64_t municipality_id,
				    void (*fn)(void *arg, const char *kind, int64_t id,
					       const char *through_on, const char *text,
					       int64_t at),
				    void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, history_cols, NHISTORY_COLS,
		"FROM archive_export "
		"WHERE municipality_id = ? UNION ALL "
		"SELECT 'delivery', id, through_on, reference, recorded_at FROM archive_delivery "
		"WHERE municipality_id = ? ORDER BY 5, 1, 2");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct history_row r;

		store_read_row(st, history_cols, NHISTORY_COLS, &r);
		fn(arg, r.kind, r.id, r.through_on, r.text, r.at);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

/* A delivery's date (borrowed, parsed after the read) and its export's time. */
struct cover_row {
	const char *through_on;
	int64_t made_at;
};
static const struct store_col cover_cols[] = {
	STORE_COL("d.through_on", STORE_COL_CSTR, struct cover_row, through_on),
	STORE_COL("x.made_at", STORE_COL_INT, struct cover_row, made_at),
};
#define NCOVER_COLS (sizeof(cover_cols) / sizeof(cover_cols[0]))

enum rede_err store_archive_covers(struct store_conn *c, int64_t municipality_id,
				   struct core_archive_cover **out, int *n)
{
	struct store_stmt *st = store_prepare_select(
		c, cover_cols, NCOVER_COLS,
		"FROM archive_delivery d JOIN archive_export x ON "
		"x.id = d.export_id WHERE d.municipality_id = ? ORDER BY d.id");
	enum rede_err err;

	*out = NULL;
	*n = 0;
	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct cover_row r;
		int32_t d;

		store_read_row(st, cover_cols, NCOVER_COLS, &r);
		if (!rede_date_parse(r.through_on, &d))
			continue;
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof(**out));
		(*out)[*n].through = d;
		(*out)[*n].exported_at = r.made_at;
		(*n)++;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}
