/*
 * materials.c - the materials catalog and each health visitor's knowledge
 * and use of it (see materials.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/materials.h"

/* What store_material_staff_each reads: a catalog row and the user's
 * answer (the first MATERIAL_NCOLS columns, the catalog row, are all the
 * other functions read). */
struct material_read {
	struct material_row m;
	struct material_staff_row r;
};
#define MATERIAL_COL(expr, kind, field) STORE_COL(expr, kind, struct material_read, field)
static const struct store_col material_cols[] = {
	MATERIAL_COL("m.municipality_id", STORE_COL_INT, m.municipality_id),
	MATERIAL_COL("m.code", STORE_COL_TEXT, m.code),
	MATERIAL_COL("m.age_group", STORE_COL_TEXT, m.age_group),
	MATERIAL_COL("m.kind", STORE_COL_TEXT, m.kind),
	MATERIAL_COL("m.label", STORE_COL_STR, m.label),
	MATERIAL_COL("m.kept_by_family", STORE_COL_BOOL, m.kept_by_family),
	MATERIAL_COL("m.active", STORE_COL_BOOL, m.active),
	/* store_material_staff_each only; the subquery's two "?" come first */
	MATERIAL_COL("s.knows", STORE_COL_BOOL, r.knows),
	MATERIAL_COL("s.uses", STORE_COL_BOOL, r.uses),
	MATERIAL_COL("s.updated_at", STORE_COL_INT0, r.updated_at),
	MATERIAL_COL("(SELECT count(*) FROM hv_visit_material vm JOIN hv_visit v ON "
		     "v.id = vm.visit_id WHERE vm.material_code = m.code AND "
		     "v.municipality_id = ? AND v.health_visitor_id = ?)",
		     STORE_COL_INT, r.used_in_visits),
};
#define MATERIAL_NCOLS 7

void material_row_release(struct material_row *m)
{
	free(m->label);
	memset(m, 0, sizeof(*m));
}

/* The current row's catalog columns into m (released first). */
static void material_from_row(struct store_stmt *st, struct material_row *m)
{
	struct material_read x;

	memset(&x, 0, sizeof(x));
	store_read_row(st, material_cols, MATERIAL_NCOLS, &x);
	material_row_release(m);
	*m = x.m;
}

enum rede_err store_material_each(struct store_conn *c, int64_t municipality_id,
				  const char *age_group,
				  int (*fn)(const struct material_row *m, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, material_cols, MATERIAL_NCOLS,
		"FROM hv_material m WHERE (municipality_id = 0 OR "
		"municipality_id = ?) AND (CAST(? AS TEXT) IS NULL OR age_group = ?) "
		"ORDER BY age_group, municipality_id, code");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(age_group),
		       STORE_TEXT(age_group));
	while ((err = store_step(st)) == REDE_ROW) {
		struct material_row m;
		int stop;

		memset(&m, 0, sizeof(m));
		material_from_row(st, &m);
		stop = fn(&m, arg);
		material_row_release(&m);
		if (stop)
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_material_get(struct store_conn *c, int64_t municipality_id, const char *code,
				 struct material_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, material_cols, MATERIAL_NCOLS,
				     "FROM hv_material m WHERE code = ? AND "
				     "(municipality_id = 0 OR municipality_id = ?)");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(code), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		material_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_material_insert(struct store_conn *c, int64_t municipality_id,
				    struct material_row *m)
{
	struct material_row existing;
	struct store_stmt *st;
	enum rede_err err;

	memset(&existing, 0, sizeof(existing));
	err = store_material_get(c, municipality_id, m->code, &existing);
	material_row_release(&existing);
	if (err == REDE_OK)
		return REDE_E_CONFLICT;
	if (err != REDE_E_NOTFOUND)
		return err;
	m->municipality_id = municipality_id;
	st = store_prepare(c, "INSERT INTO hv_material (municipality_id, code, age_group, kind, "
			      "label, kept_by_family, active) VALUES (?, ?, ?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(m->code),
		       STORE_TEXT(m->age_group), STORE_TEXT(m->kind), STORE_TEXT(m->label),
		       STORE_INT(m->kept_by_family ? 1 : 0), STORE_INT(m->active ? 1 : 0));
	return store_run(st);
}

enum rede_err store_material_staff_each(struct store_conn *c, int64_t municipality_id,
					int64_t user_id,
					int (*fn)(const struct material_staff_row *r, void *arg),
					void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, material_cols, STORE_NCOLS(material_cols),
		"FROM hv_material m LEFT JOIN hv_material_staff s ON s.material_code = m.code "
		"AND s.user_id = ? WHERE m.municipality_id = 0 OR m.municipality_id = ? "
		"ORDER BY m.age_group, m.municipality_id, m.code");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id), STORE_INT(user_id),
		       STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct material_read x;
		int stop;

		memset(&x, 0, sizeof(x));
		store_read_row(st, material_cols, STORE_NCOLS(material_cols), &x);
		x.r.material = &x.m;
		stop = fn(&x.r, arg);
		material_row_release(&x.m);
		if (stop)
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_material_staff_set(struct store_conn *c, int64_t municipality_id,
				       int64_t user_id, const char *code, bool knows, bool uses)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO hv_material_staff (user_id, material_code, municipality_id, knows, "
		"uses, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, material_code) "
		"DO UPDATE SET knows = excluded.knows, uses = excluded.uses, "
		"updated_at = excluded.updated_at");

	store_bind_all(st, STORE_INT(user_id), STORE_TEXT(code), STORE_INT(municipality_id),
		       STORE_INT(knows ? 1 : 0), STORE_INT(uses ? 1 : 0), STORE_INT(rede_now()));
	return store_run(st);
}
