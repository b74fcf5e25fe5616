/*
 * goals.c - course goals and their ratings in the store (see goals.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/goals.h"

static const struct store_col goal_cols[] = {
	STORE_COL("g.id", STORE_COL_INT, struct goal_row, id),
	STORE_COL("g.enrolment_id", STORE_COL_INT, struct goal_row, enrolment_id),
	STORE_COL("g.theme", STORE_COL_INT, struct goal_row, theme),
	STORE_COL("g.focus_area", STORE_COL_TEXT, struct goal_row, focus_area),
	STORE_COL("g.text", STORE_COL_STR, struct goal_row, text),
	STORE_COL("g.baseline", STORE_COL_INT, struct goal_row, baseline),
	STORE_COL("g.target", STORE_COL_INT, struct goal_row, target),
	STORE_COL("g.agreed_on", STORE_COL_TEXT, struct goal_row, agreed_on),
	STORE_COL("g.attainment", STORE_COL_TEXT, struct goal_row, attainment),
	STORE_COL("g.created_at", STORE_COL_INT, struct goal_row, created_at),
	STORE_COL("g.version", STORE_COL_INT, struct goal_row, version),
};

void goal_row_init(struct goal_row *g)
{
	memset(g, 0, sizeof(*g));
}

void goal_row_release(struct goal_row *g)
{
	free(g->text);
	goal_row_init(g);
}

static void goal_from_row(struct store_stmt *st, struct goal_row *g)
{
	goal_row_release(g);
	store_read_row(st, goal_cols, STORE_NCOLS(goal_cols), g);
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
	struct store_stmt *st =
		store_prepare_select(c, goal_cols, STORE_NCOLS(goal_cols),
				     "FROM goal g JOIN enrolment e ON e.id = g.enrolment_id "
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
	struct store_stmt *st =
		store_prepare_select(c, goal_cols, STORE_NCOLS(goal_cols),
				     "FROM goal g WHERE g.enrolment_id = ? ORDER BY g.id");
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

static const struct store_col rating_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct rating_row, id),
	STORE_COL("goal_id", STORE_COL_INT, struct rating_row, goal_id),
	STORE_COL("rated_on", STORE_COL_TEXT, struct rating_row, rated_on),
	STORE_COL("value", STORE_COL_INT, struct rating_row, value),
	STORE_COL("rated_by_kind", STORE_COL_TEXT, struct rating_row, by),
	STORE_COL("recorded_by", STORE_COL_INT0, struct rating_row, recorded_by),
	STORE_COL("created_at", STORE_COL_INT, struct rating_row, created_at),
};

enum rede_err store_rating_each(struct store_conn *c, int64_t goal_id,
				int (*fn)(const struct rating_row *r, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, rating_cols, STORE_NCOLS(rating_cols),
				     "FROM goal_rating WHERE goal_id = ? ORDER BY rated_on, id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(goal_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct rating_row r;

		store_read_row(st, rating_cols, STORE_NCOLS(rating_cols), &r);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}
