/*
 * cosp.c - COS-P courses, offers and attendance in the store (see cosp.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/cosp.h"
#include "store/history.h"
#include "store/settings.h"

static enum rede_err done_ok(enum rede_err err)
{
	return err == REDE_DONE ? REDE_OK : err;
}

/* ---- parameters ---- */

enum rede_err store_cosp_params(struct store_conn *c, int64_t municipality_id,
				struct core_cosp_params *out)
{
	static const struct store_setting_key keys[] = {
		{"cosp.sessions", offsetof(struct core_cosp_params, sessions)},
		{"cosp.capacity", offsetof(struct core_cosp_params, capacity)},
		{"cosp.completion_min_attended",
		 offsetof(struct core_cosp_params, completion_min_attended)},
		{"cosp.session_interval_days",
		 offsetof(struct core_cosp_params, session_interval_days)},
		{"cosp.max_facilitators", offsetof(struct core_cosp_params, max_facilitators)},
		{"cosp.rating_min", offsetof(struct core_cosp_params, rating_min)},
		{"cosp.rating_max", offsetof(struct core_cosp_params, rating_max)},
	};

	memset(out, 0, sizeof(*out));
	return store_settings_load(c, municipality_id, keys, sizeof(keys) / sizeof(keys[0]), out);
}

/* ---- competences ---- */

enum rede_err store_competence_add(struct store_conn *c, int64_t municipality_id,
				   struct competence_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO staff_competence (municipality_id, user_id, competence, obtained_on, "
		"note, recorded_by, created_at, name, provider, ended_on, hours, certificate, "
		"certificate_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");

	r->created_at = rede_now();
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(r->user_id),
		       STORE_TEXT(r->competence), STORE_TEXT(r->obtained_on), STORE_TEXT0(r->note),
		       STORE_INT0(r->recorded_by), STORE_INT(r->created_at), STORE_TEXT0(r->name),
		       STORE_TEXT0(r->provider), STORE_TEXT0(r->ended_on), STORE_INT0(r->hours),
		       STORE_TEXT0(r->certificate), STORE_TEXT0(r->certificate_ref));
	return store_run_int(st, &r->id);
}

static const struct store_col competence_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct competence_row, id),
	STORE_COL("user_id", STORE_COL_INT, struct competence_row, user_id),
	STORE_COL("competence", STORE_COL_TEXT, struct competence_row, competence),
	STORE_COL("obtained_on", STORE_COL_TEXT, struct competence_row, obtained_on),
	STORE_COL("note", STORE_COL_TEXT, struct competence_row, note),
	STORE_COL("recorded_by", STORE_COL_INT0, struct competence_row, recorded_by),
	STORE_COL("created_at", STORE_COL_INT, struct competence_row, created_at),
	STORE_COL("name", STORE_COL_TEXT, struct competence_row, name),
	STORE_COL("provider", STORE_COL_TEXT, struct competence_row, provider),
	STORE_COL("ended_on", STORE_COL_TEXT, struct competence_row, ended_on),
	STORE_COL("hours", STORE_COL_INT0, struct competence_row, hours),
	STORE_COL("certificate", STORE_COL_TEXT, struct competence_row, certificate),
	STORE_COL("certificate_ref", STORE_COL_TEXT, struct competence_row, certificate_ref),
};

enum rede_err store_competence_each(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				    int (*fn)(const struct competence_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, competence_cols, STORE_NCOLS(competence_cols),
		"FROM staff_competence WHERE municipality_id = ? AND (? = 0 OR user_id = ?) "
		"ORDER BY user_id, obtained_on, id");
	struct competence_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id), STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, competence_cols, STORE_NCOLS(competence_cols), &r);
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_competence_held(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				    const char *competence, const char *on_date, bool *held)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT count(*) FROM staff_competence WHERE municipality_id = ? AND user_id = ? "
		"AND competence = ? AND obtained_on <= ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id), STORE_TEXT(competence),
		       STORE_TEXT(on_date));
	err = store_run_int(st, &n);
	*held = !err && n > 0;
	return err;
}

/* ---- courses ---- */

static const struct store_col course_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct cosp_course_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct cosp_course_row, municipality_id),
	STORE_COL("unit_id", STORE_COL_INT0, struct cosp_course_row, unit_id),
	STORE_COL("name", STORE_COL_TEXT, struct cosp_course_row, name),
	STORE_COL("start_on", STORE_COL_TEXT, struct cosp_course_row, start_on),
	STORE_COL("time_slot", STORE_COL_TEXT, struct cosp_course_row, time_slot),
	STORE_COL("group_type", STORE_COL_TEXT, struct cosp_course_row, group_type),
	STORE_COL("place", STORE_COL_TEXT, struct cosp_course_row, place),
	STORE_COL("capacity", STORE_COL_INT, struct cosp_course_row, capacity),
	STORE_COL("childcare", STORE_COL_BOOL, struct cosp_course_row, childcare),
	STORE_COL("meal", STORE_COL_BOOL, struct cosp_course_row, meal),
	STORE_COL("cancelled_on", STORE_COL_TEXT, struct cosp_course_row, cancelled_on),
	STORE_COL("created_by", STORE_COL_INT0, struct cosp_course_row, created_by),
	STORE_COL("created_at", STORE_COL_INT, struct cosp_course_row, created_at),
	STORE_COL("version", STORE_COL_INT, struct cosp_course_row, version),
};

static void course_from_row(struct store_stmt *st, struct cosp_course_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, course_cols, STORE_NCOLS(course_cols), r);
}

static enum rede_err load_facilitators(struct store_conn *c, struct cosp_course_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT user_id FROM cosp_facilitator WHERE course_id = ? ORDER BY user_id");
	enum rede_err err;

	r->nfacilitators = 0;
	store_bind_all(st, STORE_INT(r->id));
	while ((err = store_step(st)) == REDE_ROW)
		if (r->nfacilitators < COSP_MAX_FACILITATORS)
			r->facilitator_ids[r->nfacilitators++] = store_col_int(st, 0);
	store_finish(st);
	return done_ok(err);
}

/* Keep the course's last session day (cosp_course.last_held_on, migration
 * 0035) after its sessions were written, in the caller's transaction: the
 * reports read it instead of the greatest day of the sessions. */
static enum rede_err last_held_on(struct store_conn *c, int64_t course_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"UPDATE cosp_course SET last_held_on = (SELECT max(s.held_on) FROM cosp_session s "
		"WHERE s.course_id = cosp_course.id) WHERE id = ?");

	store_bind_all(st, STORE_INT(course_id));
	return store_run(st);
}

enum rede_err store_cosp_course_insert(struct store_conn *c, struct cosp_course_row *r,
				       const int32_t *dates, int ndates)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO cosp_course (municipality_id, unit_id, name, start_on, time_slot, "
		   "group_type, place, capacity, childcare, meal, created_by, created_at, version) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	enum rede_err err;

	r->created_at = rede_now();
	r->version = 1;
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT0(r->unit_id),
		       STORE_TEXT(r->name), STORE_TEXT(r->start_on), STORE_TEXT(r->time_slot),
		       STORE_TEXT(r->group_type), STORE_TEXT0(r->place), STORE_INT(r->capacity),
		       STORE_INT(r->childcare), STORE_INT(r->meal), STORE_INT0(r->created_by),
		       STORE_INT(r->created_at));
	err = store_run_int(st, &r->id);
	for (size_t i = 0; !err && i < r->nfacilitators; i++) {
		st = store_prepare(c, "INSERT INTO cosp_facilitator (course_id, user_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->facilitator_ids[i]));
		err = store_run(st);
	}
	for (int i = 0; !err && i < ndates; i++) {
		char d[COSP_DATE];

		rede_date_format(dates[i], d);
		st = store_prepare(c, "INSERT INTO cosp_session (course_id, number, held_on, "
				      "created_at) VALUES (?, ?, ?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(i + 1), STORE_TEXT(d),
			       STORE_INT(r->created_at));
		err = store_run(st);
	}
	if (!err)
		err = last_held_on(c, r->id);
	return err;
}

enum rede_err store_cosp_course_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				    struct cosp_course_row *out)
{
	struct store_stmt *st = store_prepare_select(c, course_cols, STORE_NCOLS(course_cols),
						     "FROM cosp_course WHERE id = ? AND "
						     "municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		course_from_row(st, out);
	store_finish(st);
	if (!err)
		err = load_facilitators(c, out);
	return err;
}

enum rede_err store_cosp_course_each(struct store_conn *c, int64_t municipality_id,
				     const char *open_from,
				     int (*fn)(const struct cosp_course_row *r, void *arg),
				     void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, course_cols, STORE_NCOLS(course_cols),
		"FROM cosp_course WHERE municipality_id = ? AND "
		"(? = 0 OR (cancelled_on IS NULL AND start_on >= ?)) ORDER BY start_on, id");
	struct cosp_course_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(open_from ? 1 : 0),
		       STORE_TEXT(open_from ? open_from : ""));
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		course_from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = done_ok(err);
	for (size_t i = 0; i < n && !err; i++) {
		err = load_facilitators(c, &rows[i]);
		if (!err && fn(&rows[i], arg))
			break;
	}
	free(rows);
	return err;
}

static const struct store_col session_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct cosp_session_row, id),
	STORE_COL("course_id", STORE_COL_INT, struct cosp_session_row, course_id),
	STORE_COL("number", STORE_COL_INT, struct cosp_session_row, number),
	STORE_COL("held_on", STORE_COL_TEXT, struct cosp_session_row, held_on),
};

enum rede_err store_cosp_session_each(struct store_conn *c, int64_t course_id,
				      int (*fn)(const struct cosp_session_row *r, void *arg),
				      void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, session_cols, STORE_NCOLS(session_cols),
				     "FROM cosp_session WHERE course_id = ? ORDER BY number");
	struct cosp_session_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(course_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, session_cols, STORE_NCOLS(session_cols), &r);
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_cosp_session_get(struct store_conn *c, int64_t course_id, int64_t number,
				     struct cosp_session_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, session_cols, STORE_NCOLS(session_cols),
				     "FROM cosp_session WHERE course_id = ? AND number = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(course_id), STORE_INT(number));
	err = store_step_one(st);
	if (!err) {
		memset(out, 0, sizeof(*out));
		store_read_row(st, session_cols, STORE_NCOLS(session_cols), out);
	}
	store_finish(st);
	return err;
}

enum rede_err store_cosp_session_move(struct store_conn *c, int64_t course_id, int64_t number,
				      const char *held_on)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE cosp_session SET held_on = ? WHERE course_id = ? AND number = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(held_on), STORE_INT(course_id), STORE_INT(number));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_NOTFOUND;
	if (!err)
		err = last_held_on(c, course_id);
	return err;
}

enum rede_err store_cosp_course_taken(struct store_conn *c, int64_t course_id, int64_t *n)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM cosp_offer WHERE course_id = ? AND dropout_on IS NULL");

	store_bind_all(st, STORE_INT(course_id));
	return store_run_int(st, n);
}

enum rede_err store_cosp_is_facilitator(struct store_conn *c, int64_t course_id, int64_t user_id,
					bool *yes)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM cosp_facilitator WHERE course_id = ? AND user_id = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(course_id), STORE_INT(user_id));
	err = store_run_int(st, &n);
	*yes = !err && n > 0;
	return err;
}

/* ---- offers ---- */

static const struct store_col offer_cols[] = {
	STORE_COL("o.id", STORE_COL_INT, struct cosp_offer_row, id),
	STORE_COL("o.municipality_id", STORE_COL_INT, struct cosp_offer_row, municipality_id),
	STORE_COL("o.family_id", STORE_COL_INT, struct cosp_offer_row, family_id),
	STORE_COL("o.child_id", STORE_COL_INT, struct cosp_offer_row, child_id),
	STORE_COL("o.enrolment_id", STORE_COL_INT, struct cosp_offer_row, enrolment_id),
	STORE_COL("o.offered_on", STORE_COL_TEXT, struct cosp_offer_row, offered_on),
	STORE_COL("o.offered_by", STORE_COL_INT0, struct cosp_offer_row, offered_by),
	STORE_COL("o.channel", STORE_COL_TEXT, struct cosp_offer_row, channel),
	STORE_COL("o.status", STORE_COL_TEXT, struct cosp_offer_row, status),
	STORE_COL("o.answered_on", STORE_COL_TEXT, struct cosp_offer_row, answered_on),
	STORE_COL("o.decline_reason", STORE_COL_TEXT, struct cosp_offer_row, decline_reason),
	STORE_COL("o.slots", STORE_COL_TEXT, struct cosp_offer_row, slots),
	STORE_COL("o.types", STORE_COL_TEXT, struct cosp_offer_row, types),
	STORE_COL("o.course_id", STORE_COL_INT0, struct cosp_offer_row, course_id),
	STORE_COL("o.placed_on", STORE_COL_TEXT, struct cosp_offer_row, placed_on),
	STORE_COL("o.placement_note", STORE_COL_TEXT, struct cosp_offer_row, placement_note),
	STORE_COL("o.dropout_on", STORE_COL_TEXT, struct cosp_offer_row, dropout_on),
	STORE_COL("o.dropout_reason", STORE_COL_TEXT, struct cosp_offer_row, dropout_reason),
	STORE_COL("o.rating", STORE_COL_INT0, struct cosp_offer_row, rating),
	STORE_COL("o.rated_on", STORE_COL_TEXT, struct cosp_offer_row, rated_on),
	STORE_COL("o.created_at", STORE_COL_INT, struct cosp_offer_row, created_at),
	STORE_COL("o.version", STORE_COL_INT, struct cosp_offer_row, version),
};

static void offer_from_row(struct store_stmt *st, struct cosp_offer_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, offer_cols, STORE_NCOLS(offer_cols), r);
}

/* The ties of rows[0 .. min(n, STORE_BATCH)): both kinds in one query,
 * each row (offer, kind 0 institution / 1 acquaintance, tied id) in the
 * order of the tied ids. */
static enum rede_err load_ties(struct store_conn *c, struct cosp_offer_row *rows, size_t n)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT offer_id, 0, unit_id FROM cosp_offer_institution WHERE offer_id IN "
		   "(" STORE_BATCH_PLACES ") UNION ALL SELECT offer_id, 1, family_id FROM "
		   "cosp_offer_acquaintance WHERE offer_id IN (" STORE_BATCH_PLACES ") "
		   "ORDER BY 1, 2, 3");
	int64_t ids[STORE_BATCH];
	size_t k = STORE_BATCH_IDS(ids, rows, n);
	enum rede_err err;

	for (size_t i = 0; i < k; i++)
		rows[i].ninstitutions = rows[i].nacquaintances = 0;
	store_bind_batch(st, store_bind_batch(st, 1, ids, k), ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		long i = store_batch_find(ids, k, store_col_int(st, 0));
		struct cosp_offer_row *r = i < 0 ? NULL : &rows[i];

		if (r && store_col_int(st, 1) == 0 && r->ninstitutions < COSP_MAX_TIES)
			r->institution_ids[r->ninstitutions++] = store_col_int(st, 2);
		else if (r && store_col_int(st, 1) == 1 && r->nacquaintances < COSP_MAX_TIES)
			r->acquaintance_ids[r->nacquaintances++] = store_col_int(st, 2);
	}
	store_finish(st);
	return done_ok(err);
}

static enum rede_err save_ties(struct store_conn *c, const struct cosp_offer_row *r)
{
	struct store_stmt *st =
		store_prepare(c, "DELETE FROM cosp_offer_institution WHERE offer_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->id));
	err = store_run(st);
	if (!err) {
		st = store_prepare(c, "DELETE FROM cosp_offer_acquaintance WHERE offer_id = ?");
		store_bind_all(st, STORE_INT(r->id));
		err = store_run(st);
	}
	for (size_t i = 0; !err && i < r->ninstitutions; i++) {
		st = store_prepare(c, "INSERT INTO cosp_offer_institution (offer_id, unit_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->institution_ids[i]));
		err = store_run(st);
	}
	for (size_t i = 0; !err && i < r->nacquaintances; i++) {
		st = store_prepare(c, "INSERT INTO cosp_offer_acquaintance (offer_id, family_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->acquaintance_ids[i]));
		err = store_run(st);
	}
	return err;
}

static enum rede_err add_staff(struct store_conn *c, int64_t enrolment_id, int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO enrolment_staff (enrolment_id, user_id) VALUES (?, ?) "
		   "ON CONFLICT (enrolment_id, user_id) DO NOTHING");

	store_bind_all(st, STORE_INT(enrolment_id), STORE_INT(user_id));
	return store_run(st);
}

/* Record in the offer's history (store/history.h) what changed from was
 * (NULL: a new offer) to r: the answer, a placement, a dropout, a rating. */
static enum rede_err record_changes(struct store_conn *c, const struct cosp_offer_row *was,
				    const struct cosp_offer_row *r)
{
	static const struct cosp_offer_row none;
	enum rede_err err = REDE_OK;

	if (!was)
		was = &none;
	if (strcmp(was->status, r->status) &&
	    (!strcmp(r->status, "accepted") || !strcmp(r->status, "declined")))
		err = store_cosp_offer_state_add(c, r->id, r->status, r->answered_on, 0, 0);
	if (!err && r->course_id && r->course_id != was->course_id)
		err = store_cosp_offer_state_add(c, r->id, "placed",
						 r->placed_on[0] ? r->placed_on : r->answered_on,
						 r->course_id, 0);
	if (!err && r->dropout_on[0] && strcmp(was->dropout_on, r->dropout_on))
		err = store_cosp_offer_state_add(c, r->id, "dropped_out", r->dropout_on, 0, 0);
	if (!err && r->rating && (r->rating != was->rating || strcmp(was->rated_on, r->rated_on)))
		err = store_cosp_offer_state_add(c, r->id, "rated", r->rated_on, 0, r->rating);
	return err;
}

enum rede_err store_cosp_offer_insert(struct store_conn *c, struct cosp_offer_row *r,
				      int64_t staff_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO enrolment (municipality_id, family_id, child_id, programme, status, "
		"created_at, version) VALUES (?, ?, ?, ?, 'planned', ?, 1) RETURNING id");
	enum rede_err err;

	r->created_at = rede_now();
	r->version = 1;
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->family_id),
		       STORE_INT(r->child_id), STORE_TEXT(PROGRAMME_COSP),
		       STORE_INT(r->created_at));
	err = store_run_int(st, &r->enrolment_id);
	if (!err && staff_id)
		err = add_staff(c, r->enrolment_id, staff_id);
	if (err)
		return err;
	st = store_prepare(
		c, "INSERT INTO cosp_offer (municipality_id, family_id, child_id, enrolment_id, "
		   "offered_on, offered_by, channel, status, slots, types, created_at, version) "
		   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->family_id),
		       STORE_INT(r->child_id), STORE_INT(r->enrolment_id),
		       STORE_TEXT(r->offered_on), STORE_INT0(r->offered_by),
		       STORE_TEXT0(r->channel), STORE_TEXT(r->status), STORE_TEXT(r->slots),
		       STORE_TEXT(r->types), STORE_INT(r->created_at));
	err = store_run_int(st, &r->id);
	if (!err)
		err = save_ties(c, r);
	if (!err)
		err = store_enrolment_state_add(c, r->enrolment_id, "planned", r->offered_on);
	if (!err)
		err = record_changes(c, NULL, r);
	return err;
}

enum rede_err store_cosp_offer_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				   struct cosp_offer_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, offer_cols, STORE_NCOLS(offer_cols),
				     "FROM cosp_offer o WHERE o.id = ? AND o.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		offer_from_row(st, out);
	store_finish(st);
	if (!err)
		err = load_ties(c, out, 1);
	return err;
}

/* The enrolment follows the offer: closed when declined or dropped out,
 * active in the course's unit with its facilitators when placed. */
static enum rede_err sync_enrolment(struct store_conn *c, const struct cosp_offer_row *r)
{
	struct store_stmt *st;
	enum rede_err err = REDE_OK;
	const char *closed = NULL;

	if (!strcmp(r->status, "declined"))
		closed = r->answered_on;
	else if (r->dropout_on[0])
		closed = r->dropout_on;
	if (closed) {
		st = store_prepare(c, "UPDATE enrolment SET status = 'closed', closed_on = ?, "
				      "version = version + 1 WHERE id = ? AND status <> 'closed'");
		store_bind_all(st, STORE_TEXT(closed), STORE_INT(r->enrolment_id));
		err = store_run(st);
		if (!err && r->course_id)
			err = store_enrolment_state_add(c, r->enrolment_id, "active",
							r->placed_on[0] ? r->placed_on
									: r->answered_on);
		if (!err)
			err = store_enrolment_state_add(c, r->enrolment_id, "closed", closed);
		return err;
	}
	if (!r->course_id)
		return REDE_OK;
	st = store_prepare(c,
			   "UPDATE enrolment SET status = 'active', start_on = ?, unit_id = "
			   "(SELECT unit_id FROM cosp_course WHERE id = ?), version = version + 1 "
			   "WHERE id = ? AND status = 'planned'");
	store_bind_all(st, STORE_TEXT0(r->placed_on), STORE_INT(r->course_id),
		       STORE_INT(r->enrolment_id));
	err = store_run(st);
	if (!err)
		err = store_enrolment_state_add(c, r->enrolment_id, "active",
						r->placed_on[0] ? r->placed_on : r->answered_on);
	if (!err) {
		st = store_prepare(c, "INSERT INTO enrolment_staff (enrolment_id, user_id) "
				      "SELECT ?, user_id FROM cosp_facilitator WHERE course_id = ? "
				      "ON CONFLICT (enrolment_id, user_id) DO NOTHING");
		store_bind_all(st, STORE_INT(r->enrolment_id), STORE_INT(r->course_id));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_cosp_offer_update(struct store_conn *c, struct cosp_offer_row *r)
{
	struct cosp_offer_row was;
	struct store_stmt *st = store_prepare_select(c, offer_cols, STORE_NCOLS(offer_cols),
						     "FROM cosp_offer o WHERE o.id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->id));
	err = store_step_one(st);
	if (!err)
		offer_from_row(st, &was);
	store_finish(st);
	if (err == REDE_E_NOTFOUND)
		return REDE_E_CONFLICT;
	if (err)
		return err;
	st = store_prepare(
		c,
		"UPDATE cosp_offer SET channel = ?, status = ?, answered_on = ?, "
		"decline_reason = ?, slots = ?, types = ?, course_id = ?, placed_on = ?, "
		"placement_note = ?, dropout_on = ?, dropout_reason = ?, rating = ?, rated_on = ?, "
		"version = version + 1 WHERE id = ? AND municipality_id = ? AND version = ?");

	store_bind_all(st, STORE_TEXT0(r->channel), STORE_TEXT(r->status),
		       STORE_TEXT0(r->answered_on), STORE_TEXT0(r->decline_reason),
		       STORE_TEXT(r->slots), STORE_TEXT(r->types), STORE_INT0(r->course_id),
		       STORE_TEXT0(r->placed_on), STORE_TEXT0(r->placement_note),
		       STORE_TEXT0(r->dropout_on), STORE_TEXT0(r->dropout_reason),
		       STORE_INT0(r->rating), STORE_TEXT0(r->rated_on), STORE_INT(r->id),
		       STORE_INT(r->municipality_id), STORE_INT(r->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	r->version++;
	err = save_ties(c, r);
	if (!err)
		err = sync_enrolment(c, r);
	if (!err)
		err = record_changes(c, &was, r);
	return err;
}

enum rede_err store_cosp_offer_each(struct store_conn *c, int64_t municipality_id,
				    const struct access_who *who,
				    const struct cosp_offer_filter *flt,
				    int (*fn)(const struct cosp_offer_row *r,
					      const struct cosp_offer_facts *x, void *arg),
				    void *arg)
{
	char *rest = xasprintf(
		"FROM cosp_offer o JOIN family f ON f.id = o.family_id "
		"WHERE o.municipality_id = ? AND (? = 0 OR o.status = ?) AND (? = 0 OR "
		"o.course_id = ?) AND (? = 0 OR (o.status = 'accepted' AND o.course_id IS NULL AND "
		"o.dropout_on IS NULL)) AND %s ORDER BY o.id",
		who ? store_access_family_list_sql(who) : "1 = 1");
	struct store_stmt *st = store_prepare_select(c, offer_cols, STORE_NCOLS(offer_cols), rest);
	struct cosp_offer_row *rows = NULL;
	struct cosp_offer_facts facts[STORE_BATCH];
	size_t n = 0, alloc = 0;
	bool stop = false;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(flt->status ? 1 : 0),
		       STORE_TEXT(flt->status ? flt->status : ""), STORE_INT(flt->course_id),
		       STORE_INT(flt->course_id), STORE_INT(flt->unplaced ? 1 : 0));
	if (who)
		store_access_family_list_bind(st, 7, who);
	/* Collect first: the ties and facts are read by further statements. */
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		offer_from_row(st, &rows[n++]);
	}
	store_finish(st);
	free(rest);
	err = done_ok(err);
	for (size_t off = 0; off < n && !err && !stop; off += STORE_BATCH) {
		size_t k = n - off < STORE_BATCH ? n - off : STORE_BATCH;

		err = load_ties(c, rows + off, k);
		if (!err && flt->facts)
			err = store_cosp_offer_facts(c, rows + off, k, facts);
		for (size_t i = 0; i < k && !err && !stop; i++)
			stop = fn(&rows[off + i], flt->facts ? &facts[i] : NULL, arg) != 0;
		for (size_t i = 0; flt->facts && i < k; i++)
			cosp_offer_facts_release(&facts[i]);
	}
	free(rows);
	return err;
}

/* ---- an offer's facts ---- */

void cosp_offer_facts_release(struct cosp_offer_facts *x)
{
	free(x->family_name);
	free(x->marks);
	memset(x, 0, sizeof(*x));
}

/* The family's name and the course's last session day (kept on the
 * course, migration 0035) of an offer. */
struct offer_named {
	int64_t id;
	char *family_name;
	char last_session_on[COSP_DATE];
};
static const struct store_col named_cols[] = {
	STORE_COL("o.id", STORE_COL_INT, struct offer_named, id),
	STORE_COL("f.name", STORE_COL_STR, struct offer_named, family_name),
	STORE_COL("(SELECT cc.last_held_on FROM cosp_course cc WHERE cc.id = o.course_id)",
		  STORE_COL_TEXT, struct offer_named, last_session_on),
};

/* One attendance record of an offer. */
struct offer_mark {
	int64_t offer_id;
	int64_t session;
	bool attended;
};
static const struct store_col mark_cols[] = {
	STORE_COL("a.offer_id", STORE_COL_INT, struct offer_mark, offer_id),
	STORE_COL("s.number", STORE_COL_INT, struct offer_mark, session),
	STORE_COL("a.attended", STORE_COL_BOOL, struct offer_mark, attended),
};

static enum rede_err load_named(struct store_conn *c, size_t k, const int64_t *ids,
				struct cosp_offer_facts *out)
{
	struct store_stmt *st =
		store_prepare_select(c, named_cols, STORE_NCOLS(named_cols),
				     "FROM cosp_offer o JOIN family f ON f.id = o.family_id "
				     "WHERE o.id IN (" STORE_BATCH_PLACES ")");
	enum rede_err err;

	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		struct offer_named r = {0};
		long i;

		store_read_row(st, named_cols, STORE_NCOLS(named_cols), &r);
		i = store_batch_find(ids, k, r.id);
		if (i < 0) {
			free(r.family_name);
			continue;
		}
		free(out[i].family_name);
		out[i].family_name = r.family_name;
		memcpy(out[i].last_session_on, r.last_session_on, sizeof(r.last_session_on));
	}
	store_finish(st);
	return done_ok(err);
}

static enum rede_err load_marks(struct store_conn *c, size_t k, const int64_t *ids,
				struct cosp_offer_facts *out)
{
	struct store_stmt *st = store_prepare_select(
		c, mark_cols, STORE_NCOLS(mark_cols),
		"FROM cosp_attendance a JOIN cosp_session s ON s.id = a.session_id "
		"WHERE a.offer_id IN (" STORE_BATCH_PLACES ") ORDER BY a.offer_id, s.number, s.id");
	enum rede_err err;

	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		struct offer_mark r;
		struct cosp_offer_facts *x;
		long i;

		store_read_row(st, mark_cols, STORE_NCOLS(mark_cols), &r);
		i = store_batch_find(ids, k, r.offer_id);
		if (i < 0)
			continue;
		x = &out[i];
		x->marks = xrealloc(x->marks, (x->nmarks + 1) * sizeof(*x->marks));
		x->marks[x->nmarks].session = r.session;
		x->marks[x->nmarks++].attended = r.attended;
		x->attended += r.attended;
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_cosp_offer_facts(struct store_conn *c, const struct cosp_offer_row *rows,
				     size_t n, struct cosp_offer_facts *out)
{
	enum rede_err err = REDE_OK;

	memset(out, 0, n * sizeof(*out));
	for (size_t off = 0; off < n && !err; off += STORE_BATCH) {
		int64_t ids[STORE_BATCH];
		size_t k = STORE_BATCH_IDS(ids, rows + off, n - off);

		err = load_named(c, k, ids, out + off);
		if (!err)
			err = load_marks(c, k, ids, out + off);
	}
	return err;
}

/* ---- attendance ---- */

enum rede_err store_cosp_attendance_set(struct store_conn *c, int64_t session_id, int64_t offer_id,
					bool attended, int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO cosp_attendance (session_id, offer_id, attended, recorded_by, "
		"created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, offer_id) DO UPDATE "
		"SET attended = excluded.attended, recorded_by = excluded.recorded_by, "
		"created_at = excluded.created_at");

	store_bind_all(st, STORE_INT(session_id), STORE_INT(offer_id), STORE_INT(attended ? 1 : 0),
		       STORE_INT0(user_id), STORE_INT(rede_now()));
	return store_run(st);
}
