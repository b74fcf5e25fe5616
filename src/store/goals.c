/*
 * goals.c - course goals and their ratings in the store (see goals.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/goals.h"

#define GOAL_COLS                                                                                  \
	"g.id, g.enrolment_id, g.theme, g.focus_area, g.text, g.baseline, g.target, g.agreed_on, " \
	"g.attainment, g.created_at, g.version"

void goal_row_init(struct goal_row *g)
{
	memset(g, 0, sizeof(*g));
}

void goal_row_release(struct goal_row *g)
{
	free(g->text);
	goal_row_init(g);
}

static void copy_col(struct store_stmt *st, int col, char *dst, size_t n)
{
	const char *s = store_col_text(st, col);

	snprintf(dst, n, "%s", s ? s : "");
}

static void goal_from_row(struct store_stmt *st, struct goal_row *g)
{
	goal_row_release(g);
	g->id = store_col_int(st, 0);
	g->enrolment_id = store_col_int(st, 1);
	g->theme = store_col_int(st, 2);
	copy_col(st, 3, g->focus_area, sizeof(g->focus_area));
	g->text = xstrdup(store_col_text(st, 4));
	g->baseline = store_col_int(st, 5);
	g->target = store_col_int(st, 6);
	copy_col(st, 7, g->agreed_on, sizeof(g->agreed_on));
	copy_col(st, 8, g->attainment, sizeof(g->attainment));
	g->created_at = store_col_int(st, 9);
	g->version = store_col_int(st, 10);
}

enum rede_err store_goal_insert(struct store_conn *c, struct goal_row *g)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO goal (enrolment_id, theme, focus_area, text, baseline, target, "
		"agreed_on, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");

	g->created_at = rede_now();
	g->version = 1;
	store_bind_all(st, STORE_INT(g->enrolment_id), STORE_INT(g->theme),
		       STORE_TEXT(g->focus_area), STORE_TEXT(g->text), STORE_INT(g->baseline),
		       STORE_INT(g->target), STORE_TEXT(g->agreed_on), STORE_INT(g->created_at));
	return store_run_int(st, &g->id);
}

enum rede_err store_goal_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct goal_row *out)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT " GOAL_COLS " FROM goal g JOIN enrolment e ON e.id = g.enrolment_id "
		   "WHERE g.id = ? AND e.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step(st);
	if (err == REDE_ROW) {
		goal_from_row(st, out);
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_NOTFOUND;
	}
	store_finish(st);
	return err;
}

enum rede_err store_goal_update(struct store_conn *c, struct goal_row *g)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE goal SET theme = ?, focus_area = ?, text = ?, baseline = ?, target = ?, "
		   "agreed_on = ?, attainment = ?, version = version + 1 "
		   "WHERE id = ? AND version = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(g->theme), STORE_TEXT(g->focus_area), STORE_TEXT(g->text),
		       STORE_INT(g->baseline), STORE_INT(g->target), STORE_TEXT(g->agreed_on),
		       STORE_TEXT(g->attainment[0] ? g->attainment : NULL), STORE_INT(g->id),
		       STORE_INT(g->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	g->version++;
	return REDE_OK;
}

enum rede_err store_goal_each(struct store_conn *c, int64_t enrolment_id,
			      int (*fn)(struct store_conn *c, const struct goal_row *g, void *arg),
			      void *arg)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT " GOAL_COLS " FROM goal g WHERE g.enrolment_id = ? ORDER BY g.id");
	struct goal_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	/* Collect first: fn may read ratings with a second statement. */
	store_bind_all(st, STORE_INT(enrolment_id));
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		goal_row_init(&rows[n]);
		goal_from_row(st, &rows[n]);
		n++;
	}
	store_finish(st);
	if (err == REDE_DONE) {
		err = REDE_OK;
		for (size_t i = 0; i < n; i++)
			if (fn(c, &rows[i], arg))
				break;
	}
	for (size_t i = 0; i < n; i++)
		goal_row_release(&rows[i]);
	free(rows);
	return err;
}

enum rede_err store_rating_insert(struct store_conn *c, struct rating_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO goal_rating (goal_id, rated_on, value, rated_by_kind, recorded_by, "
		   "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");

	r->created_at = rede_now();
	store_bind_all(st, STORE_INT(r->goal_id), STORE_TEXT(r->rated_on), STORE_INT(r->value),
		       STORE_TEXT(r->by), STORE_INT0(r->recorded_by), STORE_INT(r->created_at));
	return store_run_int(st, &r->id);
}

enum rede_err store_rating_each(struct store_conn *c, int64_t goal_id,
				int (*fn)(const struct rating_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT id, goal_id, rated_on, value, rated_by_kind, recorded_by, created_at "
		   "FROM goal_rating WHERE goal_id = ? ORDER BY rated_on, id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(goal_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct rating_row r;

		r.id = store_col_int(st, 0);
		r.goal_id = store_col_int(st, 1);
		copy_col(st, 2, r.rated_on, sizeof(r.rated_on));
		r.value = store_col_int(st, 3);
		copy_col(st, 4, r.by, sizeof(r.by));
		r.recorded_by = store_col_null(st, 5) ? 0 : store_col_int(st, 5);
		r.created_at = store_col_int(st, 6);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}
