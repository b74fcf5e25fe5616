/*
 * materials.c - the materials catalog and each health visitor's knowledge
 * and use of it (see materials.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/materials.h"

#define MATERIAL_COLS "municipality_id, code, age_group, kind, label, kept_by_family, active"

void material_row_release(struct material_row *m)
{
	free(m->label);
	memset(m, 0, sizeof(*m));
}

static void material_from_row(struct store_stmt *st, int col, struct material_row *m)
{
	material_row_release(m);
	m->municipality_id = store_col_int(st, col);
	store_col_copy(st, col + 1, m->code, sizeof(m->code));
	store_col_copy(st, col + 2, m->age_group, sizeof(m->age_group));
	store_col_copy(st, col + 3, m->kind, sizeof(m->kind));
	m->label = xstrdup(store_col_text(st, col + 4));
	m->kept_by_family = store_col_int(st, col + 5) != 0;
	m->active = store_col_int(st, col + 6) != 0;
}

enum rede_err store_material_each(struct store_conn *c, int64_t municipality_id,
				  const char *age_group,
				  int (*fn)(const struct material_row *m, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT " MATERIAL_COLS " FROM hv_material WHERE (municipality_id = 0 OR "
		   "municipality_id = ?) AND (CAST(? AS TEXT) IS NULL OR age_group = ?) "
		   "ORDER BY age_group, municipality_id, code");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(age_group),
		       STORE_TEXT(age_group));
	while ((err = store_step(st)) == REDE_ROW) {
		struct material_row m;
		int stop;

		memset(&m, 0, sizeof(m));
		material_from_row(st, 0, &m);
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
		store_prepare(c, "SELECT " MATERIAL_COLS " FROM hv_material WHERE code = ? AND "
				 "(municipality_id = 0 OR municipality_id = ?)");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(code), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		material_from_row(st, 0, out);
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
	st = store_prepare(c, "INSERT INTO hv_material (" MATERIAL_COLS ") "
			      "VALUES (?, ?, ?, ?, ?, ?, ?)");
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
	struct store_stmt *st = store_prepare(
		c,
		"SELECT m.municipality_id, m.code, m.age_group, m.kind, m.label, "
		"m.kept_by_family, m.active, s.knows, s.uses, s.updated_at, "
		"(SELECT count(*) FROM hv_visit_material vm JOIN hv_visit v ON v.id = vm.visit_id "
		" WHERE vm.material_code = m.code AND v.municipality_id = ? AND "
		" v.health_visitor_id = ?) "
		"FROM hv_material m LEFT JOIN hv_material_staff s ON s.material_code = m.code "
		"AND s.user_id = ? WHERE m.municipality_id = 0 OR m.municipality_id = ? "
		"ORDER BY m.age_group, m.municipality_id, m.code");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id), STORE_INT(user_id),
		       STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct material_row m;
		struct material_staff_row r;
		int stop;

		memset(&m, 0, sizeof(m));
		material_from_row(st, 0, &m);
		r.material = &m;
		r.knows = !store_col_null(st, 7) && store_col_int(st, 7) != 0;
		r.uses = !store_col_null(st, 8) && store_col_int(st, 8) != 0;
		r.updated_at = store_col_null(st, 9) ? 0 : store_col_int(st, 9);
		r.used_in_visits = store_col_int(st, 10);
		stop = fn(&r, arg);
		material_row_release(&m);
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
