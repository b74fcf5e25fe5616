/*
 * tenancy.c - municipalities and units (see tenancy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/tenancy.h"

enum rede_err store_municipality_add(struct store_conn *c, const char *code, const char *name,
				     int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO municipality (code, name, created_at) VALUES (?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_TEXT(code), STORE_TEXT(name), STORE_INT(rede_now()));
	return store_run_int(st, id);
}

static const struct store_col municipality_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct municipality_row, id),
	STORE_COL("code", STORE_COL_TEXT, struct municipality_row, code),
	STORE_COL("name", STORE_COL_TEXT, struct municipality_row, name),
};

static enum rede_err municipality_one(struct store_stmt *st, struct municipality_row *out)
{
	enum rede_err err = store_step_one(st);

	if (!err)
		store_read_row(st, municipality_cols, STORE_NCOLS(municipality_cols), out);
	store_finish(st);
	return err;
}

enum rede_err store_municipality_by_code(struct store_conn *c, const char *code,
					 struct municipality_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, municipality_cols, STORE_NCOLS(municipality_cols),
				     "FROM municipality WHERE code = ?");
	store_bind_all(st, STORE_TEXT(code));
	return municipality_one(st, out);
}

enum rede_err store_municipality_get(struct store_conn *c, int64_t id, struct municipality_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, municipality_cols, STORE_NCOLS(municipality_cols),
				     "FROM municipality WHERE id = ?");
	store_bind_all(st, STORE_INT(id));
	return municipality_one(st, out);
}

enum rede_err store_municipality_each(struct store_conn *c,
				      int (*fn)(const struct municipality_row *m, void *arg),
				      void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, municipality_cols, STORE_NCOLS(municipality_cols),
				     "FROM municipality ORDER BY code");
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct municipality_row m;

		store_read_row(st, municipality_cols, STORE_NCOLS(municipality_cols), &m);
		if (fn(&m, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_municipality_single(struct store_conn *c, struct municipality_row *out)
{
	int64_t n = 0;
	enum rede_err err =
		store_run_int(store_prepare(c, "SELECT count(*) FROM municipality"), &n);
	if (err)
		return err;
	if (n != 1)
		return REDE_E_NOTFOUND;
	return municipality_one(store_prepare(c, "SELECT id, code, name FROM municipality"), out);
}

enum rede_err store_unit_add(struct store_conn *c, int64_t municipality_id, const char *kind,
			     const char *name, int64_t *id)
{
	struct store_stmt *st = store_prepare(c, "INSERT INTO unit (municipality_id, kind, name, "
						 "created_at) VALUES (?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(kind), STORE_TEXT(name),
		       STORE_INT(rede_now()));
	return store_run_int(st, id);
}

static const struct store_col unit_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct unit_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct unit_row, municipality_id),
	STORE_COL("kind", STORE_COL_TEXT, struct unit_row, kind),
	STORE_COL("name", STORE_COL_TEXT, struct unit_row, name),
	STORE_COL("version", STORE_COL_INT, struct unit_row, version),
};

static void unit_from_row(struct store_stmt *st, struct unit_row *u)
{
	store_read_row(st, unit_cols, STORE_NCOLS(unit_cols), u);
}

enum rede_err store_unit_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct unit_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, unit_cols, STORE_NCOLS(unit_cols),
				     "FROM unit WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		unit_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_unit_each(struct store_conn *c, int64_t municipality_id,
			      int (*fn)(const struct unit_row *u, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, unit_cols, STORE_NCOLS(unit_cols),
				     "FROM unit WHERE municipality_id = ? ORDER BY name, id");
	struct unit_row u;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		unit_from_row(st, &u);
		if (fn(&u, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}
