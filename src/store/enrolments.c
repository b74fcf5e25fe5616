/*
 * enrolments.c - home-pedagogue courses in the store (see enrolments.h):
 * the enrolment row and its staff, weekly hours, lists through the access
 * rule, the closure, and the facts behind the caseload alerts.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"
#include "store/caseload_facts.h"
#include "store/enrolments.h"
#include "store/families.h"
#include "store/history.h"
#include "store/settings.h"

const struct store_col store_enrolment_cols[] = {
	STORE_COL("e.id", STORE_COL_INT, struct enrolment_row, id),
	STORE_COL("e.municipality_id", STORE_COL_INT, struct enrolment_row, municipality_id),
	STORE_COL("e.family_id", STORE_COL_INT, struct enrolment_row, family_id),
	STORE_COL("e.child_id", STORE_COL_INT, struct enrolment_row, child_id),
	STORE_COL("e.referral_id", STORE_COL_INT0, struct enrolment_row, referral_id),
	STORE_COL("e.unit_id", STORE_COL_INT0, struct enrolment_row, unit_id),
	STORE_COL("e.status", STORE_COL_TEXT, struct enrolment_row, status),
	STORE_COL("e.legal_frame", STORE_COL_TEXT, struct enrolment_row, legal_frame),
	STORE_COL("e.start_meeting_on", STORE_COL_TEXT, struct enrolment_row, start_meeting_on),
	STORE_COL("e.start_on", STORE_COL_TEXT, struct enrolment_row, start_on),
	STORE_COL("e.planned_end_on", STORE_COL_TEXT, struct enrolment_row, planned_end_on),
	STORE_COL("e.extension_until", STORE_COL_TEXT, struct enrolment_row, extension_until),
	STORE_COL("e.extension_reason", STORE_COL_STR, struct enrolment_row, extension_reason),
	STORE_COL("e.extension_decided_by", STORE_COL_INT0, struct enrolment_row,
		  extension_decided_by),
	STORE_COL("e.closed_on", STORE_COL_TEXT, struct enrolment_row, closed_on),
	STORE_COL("e.created_at", STORE_COL_INT, struct enrolment_row, created_at),
	STORE_COL("e.version", STORE_COL_INT, struct enrolment_row, version),
	STORE_COL("e.extension_decided_at", STORE_COL_INT0, struct enrolment_row,
		  extension_decided_at),
};
_Static_assert(STORE_NCOLS(store_enrolment_cols) == STORE_ENROLMENT_NCOLS,
	       "STORE_ENROLMENT_NCOLS counts store_enrolment_cols");

static const struct store_col hours_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct hours_row, id),
	STORE_COL("from_date", STORE_COL_TEXT, struct hours_row, from_date),
	STORE_COL("minutes_per_week", STORE_COL_INT, struct hours_row, minutes_per_week),
	STORE_COL("set_by", STORE_COL_INT0, struct hours_row, set_by),
};

_Static_assert(EVAL_QUESTION__COUNT == 5, "closure_cols lists five evaluations");
static const struct store_col closure_cols[] = {
	STORE_COL("closed_on", STORE_COL_TEXT, struct closure_row, closed_on),
	STORE_COL("reason", STORE_COL_TEXT, struct closure_row, reason),
	STORE_COL("other_intervention", STORE_COL_STR, struct closure_row, other_intervention),
	STORE_COL("handover_on", STORE_COL_TEXT, struct closure_row, handover_on),
	STORE_COL("onward_referral", STORE_COL_STR, struct closure_row, onward_referral),
	/* -1 = not asked; 0 is an answer */
	STORE_COL("eval_parenting", STORE_COL_INTM1, struct closure_row, eval[0]),
	STORE_COL("eval_learning_environment", STORE_COL_INTM1, struct closure_row, eval[1]),
	STORE_COL("eval_child_development", STORE_COL_INTM1, struct closure_row, eval[2]),
	STORE_COL("eval_daycare_cooperation", STORE_COL_INTM1, struct closure_row, eval[3]),
	STORE_COL("eval_good_parent", STORE_COL_INTM1, struct closure_row, eval[4]),
	STORE_COL("recorded_by", STORE_COL_INT0, struct closure_row, recorded_by),
	STORE_COL("created_at", STORE_COL_INT, struct closure_row, created_at),
};

/* A staff member of one of a batch of courses. */
struct staff_pair {
	int64_t enrolment_id;
	int64_t user_id;
};
static const struct store_col staff_pair_cols[] = {
	STORE_COL("enrolment_id", STORE_COL_INT, struct staff_pair, enrolment_id),
	STORE_COL("user_id", STORE_COL_INT, struct staff_pair, user_id),
};

void enrolment_row_init(struct enrolment_row *e)
{
	memset(e, 0, sizeof(*e));
}

void enrolment_row_release(struct enrolment_row *e)
{
	free(e->extension_reason);
	enrolment_row_init(e);
}

/* Copy a nullable text column into a fixed field ("" for NULL). */
/* One query for all six (every course request reads them): the defaults
 * (municipality 0) sort first, the municipality's own rows override. */
enum rede_err store_course_params(struct store_conn *c, int64_t municipality_id,
				  struct core_course_params *out)
{
	static const struct store_setting_key keys[] = {
		{"home_pedagogue.max_weeks", offsetof(struct core_course_params, max_weeks)},
		{"home_pedagogue.warning_week", offsetof(struct core_course_params, warning_week)},
		{"home_pedagogue.rating_min", offsetof(struct core_course_params, rating_min)},
		{"home_pedagogue.rating_max", offsetof(struct core_course_params, rating_max)},
		{"caseload.no_contact_days", offsetof(struct core_course_params, no_contact_days)},
		{"caseload.goal_unrated_days",
		 offsetof(struct core_course_params, goal_unrated_days)},
		{"sparring.case_prompt_weeks",
		 offsetof(struct core_course_params, sparring_prompt_weeks)},
	};

	memset(out, 0, sizeof(*out));
	return store_settings_load(c, municipality_id, keys, sizeof(keys) / sizeof(keys[0]), out);
}

enum rede_err store_staff_eligible(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				   bool *ok)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT roles FROM app_user WHERE id = ? AND municipality_id = ? AND "
		   "disabled_at IS NULL");
	int64_t roles = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id), STORE_INT(municipality_id));
	err = store_run_int(st, &roles);
	*ok = false;
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (err)
		return err;
	*ok = (roles & ROLE_BIT(ROLE_HOME_PEDAGOGUE)) != 0;
	return REDE_OK;
}

enum rede_err store_enrolment_is_staff(struct store_conn *c, int64_t enrolment_id, int64_t user_id,
				       bool *yes)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM enrolment_staff WHERE enrolment_id = ? AND user_id = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(enrolment_id), STORE_INT(user_id));
	err = store_run_int(st, &n);
	*yes = n > 0;
	return err;
}

enum rede_err store_enrolment_by_referral(struct store_conn *c, int64_t municipality_id,
					  int64_t referral_id, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT id FROM enrolment WHERE referral_id = ? AND municipality_id = ?");

	store_bind_all(st, STORE_INT(referral_id), STORE_INT(municipality_id));
	return store_run_int(st, id);
}

static enum rede_err load_staff(struct store_conn *c, struct enrolment_row *e)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT user_id FROM enrolment_staff WHERE enrolment_id = ? ORDER BY user_id");
	enum rede_err err;

	e->nstaff = 0;
	store_bind_all(st, STORE_INT(e->id));
	while ((err = store_step(st)) == REDE_ROW)
		if (e->nstaff < ENROLMENT_MAX_STAFF)
			e->staff_ids[e->nstaff++] = store_col_int(st, 0);
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static enum rede_err save_staff(struct store_conn *c, const struct enrolment_row *e)
{
	struct store_stmt *st =
		store_prepare(c, "DELETE FROM enrolment_staff WHERE enrolment_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(e->id));
	err = store_run(st);
	for (size_t i = 0; !err && i < e->nstaff; i++) {
		st = store_prepare(c, "INSERT INTO enrolment_staff (enrolment_id, user_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(e->id), STORE_INT(e->staff_ids[i]));
		err = store_run(st);
	}
	if (!err) /* the caseload's open assignments (caseload_facts.h) */
		err = store_caseload_open_refresh(c, e->id);
	return err;
}

void store_enrolment_from_row(struct store_stmt *st, struct enrolment_row *e)
{
	enrolment_row_release(e);
	store_read_row(st, store_enrolment_cols, STORE_ENROLMENT_NCOLS, e);
}

/* Record e's status in the course history (store/history.h): active from
 * the day the start meeting was held (start_on when there is none),
 * closed on closed_on. */
static enum rede_err record_status(struct store_conn *c, const struct enrolment_row *e)
{
	if (!strcmp(e->status, "active"))
		return store_enrolment_state_add(c, e->id, "active",
						 e->start_meeting_on[0] ? e->start_meeting_on
									: e->start_on);
	if (!strcmp(e->status, "closed"))
		return store_enrolment_state_add(c, e->id, "closed", e->closed_on);
	return REDE_OK;
}

/* A home-pedagogue course is planned from the day its referral was
 * accepted: the referral's newest decision (a decided referral takes no
 * further one). Without a decision date, from its start date. */
static enum rede_err record_planned(struct store_conn *c, const struct enrolment_row *e)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT last_decided_on FROM referral WHERE id = ?");
	char on[STORE_DATE_SIZE] = "";
	enum rede_err err;

	store_bind_all(st, STORE_INT(e->referral_id));
	err = store_step_one(st);
	if (!err && !store_col_null(st, 0))
		snprintf(on, sizeof(on), "%s", store_col_text(st, 0));
	store_finish(st);
	if (err && err != REDE_E_NOTFOUND)
		return err;
	if (!on[0])
		snprintf(on, sizeof(on), "%s", e->start_on);
	return store_enrolment_state_add(c, e->id, "planned", on);
}

enum rede_err store_enrolment_insert(struct store_conn *c, struct enrolment_row *e,
				     const char *hours_from, int64_t minutes_per_week,
				     int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO enrolment (municipality_id, family_id, child_id, programme, "
		   "referral_id, unit_id, status, legal_frame, start_meeting_on, start_on, "
		   "planned_end_on, created_at, version) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	enum rede_err err;
	int64_t hid;

	e->created_at = rede_now();
	e->version = 1;
	store_bind_all(st, STORE_INT(e->municipality_id), STORE_INT(e->family_id),
		       STORE_INT(e->child_id), STORE_TEXT(PROGRAMME_HOME_PEDAGOGUE),
		       STORE_INT0(e->referral_id), STORE_INT0(e->unit_id), STORE_TEXT(e->status),
		       STORE_TEXT0(e->legal_frame), STORE_TEXT0(e->start_meeting_on),
		       STORE_TEXT0(e->start_on), STORE_TEXT0(e->planned_end_on),
		       STORE_INT(e->created_at));
	err = store_run_int(st, &e->id);
	if (!err)
		err = save_staff(c, e);
	if (!err)
		err = store_hours_add(c, e->id, hours_from, minutes_per_week, user_id, &hid);
	if (!err)
		err = record_planned(c, e);
	if (!err)
		err = record_status(c, e);
	return err;
}

enum rede_err store_enrolment_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				  struct enrolment_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, store_enrolment_cols, STORE_ENROLMENT_NCOLS,
				     "FROM enrolment e WHERE e.id = ? AND e.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step(st);
	if (err == REDE_ROW) {
		store_enrolment_from_row(st, out);
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_NOTFOUND;
	}
	store_finish(st);
	if (!err)
		err = load_staff(c, out);
	return err;
}

enum rede_err store_enrolment_update(struct store_conn *c, struct enrolment_row *e)
{
	struct store_stmt *st = store_prepare(c, "SELECT status FROM enrolment WHERE id = ?");
	char was[sizeof(e->status)] = "";
	enum rede_err err;

	store_bind_all(st, STORE_INT(e->id));
	err = store_step_one(st);
	if (!err)
		snprintf(was, sizeof(was), "%s", store_col_text(st, 0));
	store_finish(st);
	if (err && err != REDE_E_NOTFOUND)
		return err;
	st = store_prepare(
		c, "UPDATE enrolment SET status = ?, legal_frame = ?, unit_id = ?, "
		   "start_meeting_on = ?, start_on = ?, planned_end_on = ?, extension_until = ?, "
		   "extension_reason = ?, extension_decided_by = ?, extension_decided_at = ?, "
		   "closed_on = ?, version = version + 1 "
		   "WHERE id = ? AND municipality_id = ? AND version = ?");

	store_bind_all(st, STORE_TEXT(e->status), STORE_TEXT0(e->legal_frame),
		       STORE_INT0(e->unit_id), STORE_TEXT0(e->start_meeting_on),
		       STORE_TEXT0(e->start_on), STORE_TEXT0(e->planned_end_on),
		       STORE_TEXT0(e->extension_until), STORE_TEXT(e->extension_reason),
		       STORE_INT0(e->extension_decided_by), STORE_INT0(e->extension_decided_at),
		       STORE_TEXT0(e->closed_on), STORE_INT(e->id), STORE_INT(e->municipality_id),
		       STORE_INT(e->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	e->version++;
	err = save_staff(c, e);
	if (!err && strcmp(was, e->status))
		err = record_status(c, e);
	return err;
}

/* The list query is written so an index drives it: a caller's own
 * courses come from enrolment_staff by user, the rest from enrolment_status
 * (municipality, programme, status); a "(? = 0 OR ...)" switch would have
 * made it scan every course of the municipality. */
enum rede_err store_enrolment_list(struct store_conn *c, const struct access_who *who, bool mine,
				   bool open_only, const char *status, struct enrolment_row **out,
				   size_t *count)
{
	return store_enrolment_page(c, who, mine, open_only, status, 0, 0, out, count);
}

/* A page is a keyset: "e.id < before" in the same id order, so a page
 * costs the same however deep it is and rows added or closed meanwhile
 * never shift a course onto two pages or none. */
enum rede_err store_enrolment_page(struct store_conn *c, const struct access_who *who, bool mine,
				   bool open_only, const char *status, int64_t before_id, int limit,
				   struct enrolment_row **out, size_t *count)
{
	char *rest = xasprintf(
		"FROM enrolment e JOIN family f ON f.id = e.family_id "
		"WHERE %s e.municipality_id = ? AND e.programme = ? %s %s %s AND %s "
		"ORDER BY e.id DESC%s",
		mine ? "e.id IN (SELECT s.enrolment_id FROM enrolment_staff s WHERE s.user_id = ?) "
		       "AND"
		     : "",
		open_only ? "AND e.status IN ('planned', 'active')" : "",
		status ? "AND e.status = ?" : "", before_id > 0 ? "AND e.id < ?" : "",
		store_access_family_list_sql(who), limit > 0 ? " LIMIT ?" : "");
	struct store_stmt *st =
		store_prepare_select(c, store_enrolment_cols, STORE_ENROLMENT_NCOLS, rest);
	struct enrolment_row *rows = NULL;
	size_t n = 0, alloc = 0;
	int idx = 1;
	enum rede_err err;

	/* positional: which filters are in the SQL varies with the call */
	if (mine)
		store_bind_int(st, idx++, who->user_id);
	store_bind_int(st, idx++, who->municipality_id);
	store_bind_text(st, idx++, PROGRAMME_HOME_PEDAGOGUE);
	if (status)
		store_bind_text(st, idx++, status);
	if (before_id > 0)
		store_bind_int(st, idx++, before_id);
	idx = store_access_family_list_bind(st, idx, who);
	if (limit > 0)
		store_bind_int(st, idx, limit);
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		enrolment_row_init(&rows[n]);
		store_enrolment_from_row(st, &rows[n]);
		n++;
	}
	store_finish(st);
	free(rest);
	err = err == REDE_DONE ? store_enrolment_staff_batch(c, rows, n) : err;
	if (err) {
		store_enrolment_list_free(rows, n);
		rows = NULL;
		n = 0;
	}
	*out = rows;
	*count = n;
	return err;
}

void store_enrolment_list_free(struct enrolment_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		enrolment_row_release(&rows[i]);
	free(rows);
}

enum rede_err store_enrolment_each(
	struct store_conn *c, const struct access_who *who, bool mine, bool open_only,
	int (*fn)(struct store_conn *c, const struct enrolment_row *e, void *arg), void *arg)
{
	struct enrolment_row *rows;
	size_t n;
	enum rede_err err = store_enrolment_list(c, who, mine, open_only, NULL, &rows, &n);

	for (size_t i = 0; i < n && !err; i++)
		if (fn(c, &rows[i], arg))
			break;
	store_enrolment_list_free(rows, n);
	return err;
}

static enum rede_err text_one(struct store_conn *c, const char *sql, int64_t id, char **out)
{
	struct store_stmt *st = store_prepare(c, sql);
	enum rede_err err;

	*out = NULL;
	store_bind_all(st, STORE_INT(id));
	err = store_step(st);
	if (err == REDE_ROW) {
		*out = xstrdup(store_col_text(st, 0));
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_NOTFOUND;
	}
	store_finish(st);
	return err;
}

enum rede_err store_enrolment_family_name(struct store_conn *c, int64_t family_id, char **name)
{
	return text_one(c, "SELECT name FROM family WHERE id = ?", family_id, name);
}

/* ---- weekly hours ---- */

enum rede_err store_hours_add(struct store_conn *c, int64_t enrolment_id, const char *from_date,
			      int64_t minutes_per_week, int64_t user_id, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO enrolment_hours (enrolment_id, from_date, minutes_per_week, "
		   "set_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(enrolment_id), STORE_TEXT(from_date),
		       STORE_INT(minutes_per_week), STORE_INT0(user_id), STORE_INT(rede_now()));
	return store_run_int(st, id);
}

enum rede_err store_hours_each(struct store_conn *c, int64_t enrolment_id,
			       int (*fn)(const struct hours_row *h, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, hours_cols, STORE_NCOLS(hours_cols),
		"FROM enrolment_hours WHERE enrolment_id = ? ORDER BY from_date, id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(enrolment_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct hours_row h;

		store_read_row(st, hours_cols, STORE_NCOLS(hours_cols), &h);
		if (fn(&h, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* ---- closure ---- */

void closure_row_init(struct closure_row *r)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < EVAL_QUESTION__COUNT; i++)
		r->eval[i] = -1;
}

void closure_row_release(struct closure_row *r)
{
	free(r->other_intervention);
	free(r->onward_referral);
	closure_row_init(r);
}

enum rede_err store_closure_insert(struct store_conn *c, struct closure_row *r)
{
	enum rede_err err;
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO closure (enrolment_id, closed_on, reason, other_intervention, "
		"handover_on, onward_referral, eval_parenting, eval_learning_environment, "
		"eval_child_development, eval_daycare_cooperation, eval_good_parent, "
		"recorded_by, created_at, municipality_id, programme, held_minutes) SELECT ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, e.municipality_id, e.programme, (SELECT "
		"COALESCE(sum(ef.held_minutes), 0) FROM contact_effort ef WHERE ef.enrolment_id = "
		"e.id) FROM enrolment e WHERE e.id = ?");

	r->created_at = rede_now();
	struct store_arg args[6 + EVAL_QUESTION__COUNT + 3] = {
		STORE_INT(r->enrolment_id),  STORE_TEXT(r->closed_on),
		STORE_TEXT(r->reason),       STORE_TEXT(r->other_intervention),
		STORE_TEXT0(r->handover_on), STORE_TEXT(r->onward_referral)};
	size_t n = 6;

	/* the evaluations: -1 (unanswered) binds NULL, 0 is an answer */
	for (int i = 0; i < EVAL_QUESTION__COUNT; i++)
		args[n++] = r->eval[i] < 0 ? STORE_TEXT(NULL) : STORE_INT(r->eval[i]);
	args[n++] = STORE_INT0(r->recorded_by);
	args[n++] = STORE_INT(r->created_at);
	/* the course's municipality (0018), programme and minutes held so far
	 * (0035), kept on the row for the reports */
	args[n++] = STORE_INT(r->enrolment_id);
	store_bind_list(st, 1, args, n);
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_NOTFOUND; /* no such course: nothing was written */
	return err;
}

enum rede_err store_closure_get(struct store_conn *c, int64_t enrolment_id, struct closure_row *out)
{
	struct store_stmt *st = store_prepare_select(c, closure_cols, STORE_NCOLS(closure_cols),
						     "FROM closure WHERE enrolment_id = ?");
	enum rede_err err;

	closure_row_release(out);
	store_bind_all(st, STORE_INT(enrolment_id));
	err = store_step(st);
	if (err == REDE_ROW) {
		out->enrolment_id = enrolment_id;
		store_read_row(st, closure_cols, STORE_NCOLS(closure_cols), out);
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_NOTFOUND;
	}
	store_finish(st);
	return err;
}

/* ---- staff of many courses (a list) ---- */

enum rede_err store_enrolment_staff_batch(struct store_conn *c, struct enrolment_row *rows,
					  size_t n)
{
	enum rede_err err = REDE_OK;

	for (size_t i = 0; i < n; i++)
		rows[i].nstaff = 0;
	for (size_t off = 0; off < n && !err; off += ENROLMENT_BATCH) {
		struct store_stmt *st = store_prepare_select(
			c, staff_pair_cols, STORE_NCOLS(staff_pair_cols),
			"FROM enrolment_staff WHERE enrolment_id IN (" STORE_BATCH_PLACES ") "
			"ORDER BY enrolment_id, user_id");
		struct staff_pair p;
		int64_t ids[ENROLMENT_BATCH];

		store_bind_batch(st, 1, ids, STORE_BATCH_IDS(ids, rows + off, n - off));
		while ((err = store_step(st)) == REDE_ROW) {
			long i;

			store_read_row(st, staff_pair_cols, STORE_NCOLS(staff_pair_cols), &p);
			i = store_batch_find(ids, n - off, p.enrolment_id);
			if (i >= 0 && rows[off + i].nstaff < ENROLMENT_MAX_STAFF)
				rows[off + i].staff_ids[rows[off + i].nstaff++] = p.user_id;
		}
		store_finish(st);
		err = err == REDE_DONE ? REDE_OK : err;
	}
	return err;
}
