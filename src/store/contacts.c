/*
 * contacts.c - course contacts and the goals worked on in them (see
 * contacts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/contacts.h"

void contact_row_init(struct contact_row *r)
{
	memset(r, 0, sizeof(*r));
}

void contact_row_release(struct contact_row *r)
{
	free(r->note);
	contact_row_init(r);
}

static const struct store_col contact_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct contact_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct contact_row, municipality_id),
	STORE_COL("enrolment_id", STORE_COL_INT, struct contact_row, enrolment_id),
	STORE_COL("happened_on", STORE_COL_TEXT, struct contact_row, happened_on),
	STORE_COL("minutes", STORE_COL_INT, struct contact_row, minutes),
	STORE_COL("kind", STORE_COL_TEXT, struct contact_row, kind),
	STORE_COL("activities", STORE_COL_TEXT, struct contact_row, activities),
	STORE_COL("stance", STORE_COL_TEXT, struct contact_row, stance),
	STORE_COL("note", STORE_COL_STR, struct contact_row, note),
	STORE_COL("shared_with_daycare", STORE_COL_BOOL, struct contact_row, shared_with_daycare),
	STORE_COL("recorded_by", STORE_COL_INT0, struct contact_row, recorded_by),
	STORE_COL("created_at", STORE_COL_INT, struct contact_row, created_at),
	STORE_COL("recorded_at", STORE_COL_INT0, struct contact_row, recorded_at),
};

/* Add the contact to its course's running totals (contact_effort, migration
 * 0006, and a closed course's held minutes, 0035), in the caller's
 * transaction: the reports read these instead of summing every contact. */
static enum rede_err add_effort(struct store_conn *c, const struct contact_row *r)
{
	bool held = strcmp(r->kind, "cancelled") && strcmp(r->kind, "no_show");
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO contact_effort (enrolment_id, user_key, municipality_id, contacts, "
		   "minutes, held_minutes) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (enrolment_id, "
		   "user_key) DO UPDATE SET contacts = contact_effort.contacts + 1, minutes = "
		   "contact_effort.minutes + excluded.minutes, held_minutes = "
		   "contact_effort.held_minutes + excluded.held_minutes");

	enum rede_err err;

	store_bind_all(st, STORE_INT(r->enrolment_id), STORE_INT(r->recorded_by),
		       STORE_INT(r->municipality_id), STORE_INT(r->minutes),
		       STORE_INT(held ? r->minutes : 0));
	err = store_run(st);
	if (!err && held && r->minutes) {
		/* a contact on a closed course: its closure's total (0035). The
		 * API refuses contacts on a closed course and the demo writes them
		 * before the closure, so this is 0 rows today; it is here, where
		 * the totals are kept, so that no writer can let the two drift
		 * (tests/store/test_courses.c records one). */
		st = store_prepare(c, "UPDATE closure SET held_minutes = held_minutes + ? WHERE "
				      "enrolment_id = ?");
		store_bind_all(st, STORE_INT(r->minutes), STORE_INT(r->enrolment_id));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_contact_insert(struct store_conn *c, struct contact_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO contact (municipality_id, enrolment_id, happened_on, minutes, kind, "
		"activities, stance, note, shared_with_daycare, recorded_by, created_at, "
		"recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	enum rede_err err;

	r->created_at = rede_now();
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->enrolment_id),
		       STORE_TEXT(r->happened_on), STORE_INT(r->minutes), STORE_TEXT(r->kind),
		       STORE_TEXT(r->activities), STORE_TEXT0(r->stance), STORE_TEXT(r->note),
		       STORE_INT(r->shared_with_daycare ? 1 : 0), STORE_INT0(r->recorded_by),
		       STORE_INT(r->created_at), STORE_INT0(r->recorded_at));
	err = store_run_int(st, &r->id);
	if (!err)
		err = add_effort(c, r);
	for (size_t i = 0; !err && i < r->ngoals; i++) {
		st = store_prepare(c,
				   "INSERT INTO contact_goal (contact_id, goal_id) VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->goal_ids[i]));
		err = store_run(st);
	}
	return err;
}

static enum rede_err load_goals(struct store_conn *c, struct contact_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT goal_id FROM contact_goal WHERE contact_id = ? ORDER BY goal_id");
	enum rede_err err;

	r->ngoals = 0;
	store_bind_all(st, STORE_INT(r->id));
	while ((err = store_step(st)) == REDE_ROW)
		if (r->ngoals < CONTACT_MAX_GOALS)
			r->goal_ids[r->ngoals++] = store_col_int(st, 0);
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_contact_each(struct store_conn *c, int64_t enrolment_id,
				 int (*fn)(const struct contact_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(c, contact_cols, STORE_NCOLS(contact_cols),
						     "FROM contact WHERE enrolment_id = ? "
						     "ORDER BY happened_on DESC, id DESC");
	struct contact_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	/* Collect first: the goals are read with a second statement. */
	store_bind_all(st, STORE_INT(enrolment_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct contact_row *r;

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		r = &rows[n++];
		contact_row_init(r);
		store_read_row(st, contact_cols, STORE_NCOLS(contact_cols), r);
	}
	store_finish(st);
	if (err != REDE_DONE)
		goto out;
	err = REDE_OK;
	for (size_t i = 0; i < n && !err; i++) {
		err = load_goals(c, &rows[i]);
		if (!err && fn(&rows[i], arg))
			break;
	}
out:
	for (size_t i = 0; i < n; i++)
		contact_row_release(&rows[i]);
	free(rows);
	return err;
}
