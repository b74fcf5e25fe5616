/*
 * fgroups.c - family groups, members, goals, daily scores and status
 * meetings (see fgroups.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/fgroups.h"
#include "store/history.h"
#include "store/settings.h"

enum rede_err store_fgroup_params(struct store_conn *c, int64_t municipality_id,
				  struct core_fgroup_params *out)
{
	static const struct store_setting_key keys[] = {
		{"family_group.min_families", offsetof(struct core_fgroup_params, min_families)},
		{"family_group.max_families", offsetof(struct core_fgroup_params, max_families)},
		{"family_group.min_weeks", offsetof(struct core_fgroup_params, min_weeks)},
		{"family_group.max_weeks", offsetof(struct core_fgroup_params, max_weeks)},
		{"family_group.status_meeting_weeks",
		 offsetof(struct core_fgroup_params, status_meeting_weeks)},
		{"family_group.score_min", offsetof(struct core_fgroup_params, score_min)},
		{"family_group.score_max", offsetof(struct core_fgroup_params, score_max)},
	};

	memset(out, 0, sizeof(*out));
	return store_settings_load(c, municipality_id, keys, sizeof(keys) / sizeof(keys[0]), out);
}

/* ---- groups ---- */

static const struct store_col group_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct fgroup_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct fgroup_row, municipality_id),
	STORE_COL("unit_id", STORE_COL_INT0, struct fgroup_row, unit_id),
	STORE_COL("name", STORE_COL_TEXT, struct fgroup_row, name),
	STORE_COL("start_on", STORE_COL_TEXT, struct fgroup_row, start_on),
	STORE_COL("weeks", STORE_COL_INT, struct fgroup_row, weeks),
	STORE_COL("place", STORE_COL_TEXT, struct fgroup_row, place),
	STORE_COL("created_by", STORE_COL_INT0, struct fgroup_row, created_by),
	STORE_COL("version", STORE_COL_INT, struct fgroup_row, version),
};

static void group_from_row(struct store_stmt *st, struct fgroup_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, group_cols, STORE_NCOLS(group_cols), r);
}

/* The workers of rows[0 .. min(n, STORE_BATCH)), by user id. */
static enum rede_err load_workers(struct store_conn *c, struct fgroup_row *rows, size_t n)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT group_id, user_id FROM family_group_worker WHERE group_id IN "
		   "(" STORE_BATCH_PLACES ") ORDER BY group_id, user_id");
	int64_t ids[STORE_BATCH];
	size_t k = STORE_BATCH_IDS(ids, rows, n);
	enum rede_err err;

	for (size_t i = 0; i < k; i++)
		rows[i].nworkers = 0;
	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		long i = store_batch_find(ids, k, store_col_int(st, 0));

		if (i >= 0 && rows[i].nworkers < FGROUP_MAX_WORKERS)
			rows[i].worker_ids[rows[i].nworkers++] = store_col_int(st, 1);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

/* The members active on day (joined on or before it, not left by it) of
 * the groups ids[0 .. k), k <= STORE_BATCH, into active[]: one query for a
 * list's batch and for a single group (store_fgroup_active) alike. */
static enum rede_err load_active(struct store_conn *c, const int64_t *ids, size_t k,
				 const char *day, int64_t *active)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT group_id, count(*) FROM family_group_member WHERE group_id IN "
		"(" STORE_BATCH_PLACES ") AND joined_on <= ? AND (left_on IS NULL OR left_on > ?) "
		"GROUP BY group_id");
	enum rede_err err;

	memset(active, 0, k * sizeof(*active));
	store_bind_list(st, store_bind_batch(st, 1, ids, k),
			(const struct store_arg[]){STORE_TEXT(day), STORE_TEXT(day)}, 2);
	while ((err = store_step(st)) == REDE_ROW) {
		long i = store_batch_find(ids, k, store_col_int(st, 0));

		if (i >= 0)
			active[i] = store_col_int(st, 1);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_fgroup_insert(struct store_conn *c, struct fgroup_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO family_group (municipality_id, unit_id, name, start_on, weeks, place, "
		"created_by, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	enum rede_err err;

	r->version = 1;
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT0(r->unit_id),
		       STORE_TEXT(r->name), STORE_TEXT(r->start_on), STORE_INT(r->weeks),
		       STORE_TEXT0(r->place), STORE_INT0(r->created_by), STORE_INT(rede_now()));
	err = store_run_int(st, &r->id);
	for (size_t i = 0; !err && i < r->nworkers; i++) {
		st = store_prepare(c, "INSERT INTO family_group_worker (group_id, user_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->worker_ids[i]));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_fgroup_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct fgroup_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, group_cols, STORE_NCOLS(group_cols),
				     "FROM family_group WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		group_from_row(st, out);
	store_finish(st);
	if (!err)
		err = load_workers(c, out, 1);
	return err;
}

enum rede_err store_fgroup_each(struct store_conn *c, int64_t municipality_id, const char *day,
				int (*fn)(const struct fgroup_row *r, int64_t active, void *arg),
				void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, group_cols, STORE_NCOLS(group_cols),
		"FROM family_group WHERE municipality_id = ? ORDER BY start_on, id");
	struct fgroup_row *rows = NULL;
	int64_t active[STORE_BATCH];
	size_t n = 0, alloc = 0;
	bool stop = false;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		group_from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = err == REDE_DONE ? REDE_OK : err;
	for (size_t off = 0; off < n && !err && !stop; off += STORE_BATCH) {
		int64_t ids[STORE_BATCH];
		size_t k = STORE_BATCH_IDS(ids, rows + off, n - off);

		err = load_workers(c, rows + off, k);
		if (!err)
			err = load_active(c, ids, k, day, active);
		for (size_t i = 0; i < k && !err && !stop; i++)
			stop = fn(&rows[off + i], active[i], arg) != 0;
	}
	free(rows);
	return err;
}

enum rede_err store_fgroup_is_worker(struct store_conn *c, int64_t group_id, int64_t user_id,
				     bool *yes)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM family_group_worker WHERE group_id = ? AND user_id = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(group_id), STORE_INT(user_id));
	err = store_run_int(st, &n);
	*yes = !err && n > 0;
	return err;
}

enum rede_err store_fgroup_active(struct store_conn *c, int64_t group_id, const char *day,
				  int64_t *n)
{
	return load_active(c, &group_id, 1, day, n);
}

/* ---- members ---- */

#define MEMBER_FROM "family_group_member m JOIN family_group g ON g.id = m.group_id "

static const struct store_col member_cols[] = {
	STORE_COL("m.id", STORE_COL_INT, struct fgroup_member_row, id),
	STORE_COL("m.group_id", STORE_COL_INT, struct fgroup_member_row, group_id),
	STORE_COL("g.municipality_id", STORE_COL_INT, struct fgroup_member_row, municipality_id),
	STORE_COL("m.family_id", STORE_COL_INT, struct fgroup_member_row, family_id),
	STORE_COL("m.child_id", STORE_COL_INT, struct fgroup_member_row, child_id),
	STORE_COL("m.enrolment_id", STORE_COL_INT, struct fgroup_member_row, enrolment_id),
	STORE_COL("m.daycare_unit_id", STORE_COL_INT, struct fgroup_member_row, daycare_unit_id),
	STORE_COL("m.joined_on", STORE_COL_TEXT, struct fgroup_member_row, joined_on),
	STORE_COL("m.start_meeting_on", STORE_COL_TEXT, struct fgroup_member_row, start_meeting_on),
	STORE_COL("m.start_participants", STORE_COL_TEXT, struct fgroup_member_row,
		  start_participants),
	STORE_COL("m.left_on", STORE_COL_TEXT, struct fgroup_member_row, left_on),
	STORE_COL("m.left_reason", STORE_COL_TEXT, struct fgroup_member_row, left_reason),
	STORE_COL("m.version", STORE_COL_INT, struct fgroup_member_row, version),
};

static void member_from_row(struct store_stmt *st, struct fgroup_member_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, member_cols, STORE_NCOLS(member_cols), r);
}

enum rede_err store_fgroup_member_insert(struct store_conn *c, struct fgroup_member_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO enrolment (municipality_id, family_id, child_id, programme, status, "
		"unit_id, start_on, created_at, version) SELECT g.municipality_id, ?, ?, ?, "
		"'active', g.unit_id, ?, ?, 1 FROM family_group g WHERE g.id = ? RETURNING id");
	int64_t now = rede_now();
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->family_id), STORE_INT(r->child_id),
		       STORE_TEXT(PROGRAMME_FAMILY_GROUP), STORE_TEXT(r->joined_on), STORE_INT(now),
		       STORE_INT(r->group_id));
	err = store_run_int(st, &r->enrolment_id);
	if (!err)
		err = store_enrolment_state_add(c, r->enrolment_id, "active", r->joined_on);
	if (!err) {
		st = store_prepare(c,
				   "INSERT INTO enrolment_staff (enrolment_id, user_id) "
				   "SELECT ?, user_id FROM family_group_worker WHERE group_id = ?");
		store_bind_all(st, STORE_INT(r->enrolment_id), STORE_INT(r->group_id));
		err = store_run(st);
	}
	if (err)
		return err;
	r->version = 1;
	st = store_prepare(c, "INSERT INTO family_group_member (group_id, family_id, child_id, "
			      "enrolment_id, daycare_unit_id, joined_on, created_at, version) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	store_bind_all(st, STORE_INT(r->group_id), STORE_INT(r->family_id), STORE_INT(r->child_id),
		       STORE_INT(r->enrolment_id), STORE_INT(r->daycare_unit_id),
		       STORE_TEXT(r->joined_on), STORE_INT(now));
	return store_run_int(st, &r->id);
}

enum rede_err store_fgroup_member_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				      struct fgroup_member_row *out)
{
	struct store_stmt *st = store_prepare_select(c, member_cols, STORE_NCOLS(member_cols),
						     "FROM " MEMBER_FROM
						     "WHERE m.id = ? AND g.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		member_from_row(st, out);
	store_finish(st);
	return err;
}

static enum rede_err member_rows(struct store_stmt *st,
				 int (*fn)(const struct fgroup_member_row *r, void *arg), void *arg)
{
	struct fgroup_member_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	/* Collect first: fn may read goals and scores with other statements. */
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		member_from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = err == REDE_DONE ? REDE_OK : err;
	for (size_t i = 0; i < n && !err; i++)
		if (fn(&rows[i], arg))
			break;
	free(rows);
	return err;
}

enum rede_err store_fgroup_member_each(struct store_conn *c, int64_t group_id,
				       const struct access_who *who,
				       int (*fn)(const struct fgroup_member_row *r, void *arg),
				       void *arg)
{
	char *rest = xasprintf("FROM " MEMBER_FROM
			       "JOIN family f ON f.id = m.family_id WHERE m.group_id = ? AND %s "
			       "ORDER BY m.joined_on, m.id",
			       store_access_family_list_sql(who));
	struct store_stmt *st =
		store_prepare_select(c, member_cols, STORE_NCOLS(member_cols), rest);
	enum rede_err err;

	store_bind_all(st, STORE_INT(group_id));
	store_access_family_list_bind(st, 2, who);
	err = member_rows(st, fn, arg);
	free(rest);
	return err;
}

enum rede_err store_fgroup_member_update(struct store_conn *c, struct fgroup_member_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"UPDATE family_group_member SET start_meeting_on = ?, start_participants = ?, "
		"left_on = ?, left_reason = ?, version = version + 1 WHERE id = ? AND version = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT0(r->start_meeting_on), STORE_TEXT0(r->start_participants),
		       STORE_TEXT0(r->left_on), STORE_TEXT0(r->left_reason), STORE_INT(r->id),
		       STORE_INT(r->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	r->version++;
	if (!r->left_on[0])
		return REDE_OK;
	st = store_prepare(c, "UPDATE enrolment SET status = 'closed', closed_on = ?, "
			      "version = version + 1 WHERE id = ? AND status <> 'closed'");
	store_bind_all(st, STORE_TEXT(r->left_on), STORE_INT(r->enrolment_id));
	err = store_run(st);
	if (!err)
		err = store_enrolment_state_add(c, r->enrolment_id, "closed", r->left_on);
	return err;
}

/* ---- goals, scores, status meetings ---- */

enum rede_err store_fgroup_goal_add(struct store_conn *c, struct fgroup_goal_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO family_group_goal (member_id, text, agreed_on, created_at) "
		   "VALUES (?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(r->member_id), STORE_TEXT(r->text), STORE_TEXT(r->agreed_on),
		       STORE_INT(rede_now()));
	return store_run_int(st, &r->id);
}

static const struct store_col goal_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct fgroup_goal_row, id),
	STORE_COL("member_id", STORE_COL_INT, struct fgroup_goal_row, member_id),
	STORE_COL("text", STORE_COL_TEXT, struct fgroup_goal_row, text),
	STORE_COL("agreed_on", STORE_COL_TEXT, struct fgroup_goal_row, agreed_on),
};

static void goal_from_row(struct store_stmt *st, struct fgroup_goal_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, goal_cols, STORE_NCOLS(goal_cols), r);
}

enum rede_err store_fgroup_goal_get(struct store_conn *c, int64_t id, struct fgroup_goal_row *out)
{
	struct store_stmt *st = store_prepare_select(c, goal_cols, STORE_NCOLS(goal_cols),
						     "FROM family_group_goal WHERE id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id));
	err = store_step_one(st);
	if (!err)
		goal_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_fgroup_goal_each(struct store_conn *c, int64_t member_id,
				     int (*fn)(const struct fgroup_goal_row *r, void *arg),
				     void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, goal_cols, STORE_NCOLS(goal_cols),
				     "FROM family_group_goal WHERE member_id = ? ORDER BY id");
	struct fgroup_goal_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(member_id));
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		goal_from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = err == REDE_DONE ? REDE_OK : err;
	for (size_t i = 0; i < n && !err; i++)
		if (fn(&rows[i], arg))
			break;
	free(rows);
	return err;
}

enum rede_err store_fgroup_score_put(struct store_conn *c, const struct fgroup_score_row *r,
				     int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO daycare_score (goal_id, scored_on, score, did, recorded_by, "
		"created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (goal_id, scored_on) DO UPDATE "
		"SET score = excluded.score, did = excluded.did, recorded_by = excluded.recorded_by, "
		"created_at = excluded.created_at");

	store_bind_all(st, STORE_INT(r->goal_id), STORE_TEXT(r->scored_on), STORE_INT(r->score),
		       STORE_TEXT0(r->did), STORE_INT0(user_id), STORE_INT(rede_now()));
	return store_run(st);
}

static const struct store_col score_cols[] = {
	STORE_COL("goal_id", STORE_COL_INT, struct fgroup_score_row, goal_id),
	STORE_COL("scored_on", STORE_COL_TEXT, struct fgroup_score_row, scored_on),
	STORE_COL("score", STORE_COL_INT, struct fgroup_score_row, score),
	STORE_COL("did", STORE_COL_TEXT, struct fgroup_score_row, did),
};

enum rede_err store_fgroup_score_each(struct store_conn *c, int64_t goal_id,
				      int (*fn)(const struct fgroup_score_row *r, void *arg),
				      void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, score_cols, STORE_NCOLS(score_cols),
				     "FROM daycare_score WHERE goal_id = ? ORDER BY scored_on");
	struct fgroup_score_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(goal_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, score_cols, STORE_NCOLS(score_cols), &r);
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_fgroup_status_add(struct store_conn *c, struct fgroup_status_row *r,
				      int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO status_meeting (member_id, held_on, note, recorded_by, created_at) "
		   "VALUES (?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(r->member_id), STORE_TEXT(r->held_on), STORE_TEXT0(r->note),
		       STORE_INT0(user_id), STORE_INT(rede_now()));
	return store_run_int(st, &r->id);
}

static const struct store_col status_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct fgroup_status_row, id),
	STORE_COL("member_id", STORE_COL_INT, struct fgroup_status_row, member_id),
	STORE_COL("held_on", STORE_COL_TEXT, struct fgroup_status_row, held_on),
	STORE_COL("note", STORE_COL_TEXT, struct fgroup_status_row, note),
};

enum rede_err store_fgroup_status_each(struct store_conn *c, int64_t member_id,
				       int (*fn)(const struct fgroup_status_row *r, void *arg),
				       void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, status_cols, STORE_NCOLS(status_cols),
		"FROM status_meeting WHERE member_id = ? ORDER BY held_on, id");
	struct fgroup_status_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(member_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, status_cols, STORE_NCOLS(status_cols), &r);
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

/* ---- the daycare's way in ---- */

#define DAYCARE_MEMBER_RULE                                                                        \
	"g.municipality_id = ? AND m.start_meeting_on IS NOT NULL AND m.left_on IS NULL AND "      \
	"EXISTS (SELECT 1 FROM unit_member u WHERE u.unit_id = m.daycare_unit_id AND "             \
	"u.user_id = ?) AND EXISTS (SELECT 1 FROM consent k WHERE k.family_id = m.family_id AND "  \
	"k.purpose = 'share_daycare' AND k.given_on <= ? AND (k.withdrawn_on IS NULL OR "          \
	"k.withdrawn_on > ?))"

enum rede_err store_fgroup_daycare_each(struct store_conn *c, int64_t municipality_id,
					int64_t user_id, const char *day,
					int (*fn)(const struct fgroup_member_row *r, void *arg),
					void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, member_cols, STORE_NCOLS(member_cols),
				     "FROM " MEMBER_FROM "WHERE " DAYCARE_MEMBER_RULE
				     " ORDER BY m.daycare_unit_id, m.id");

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(user_id), STORE_TEXT(day),
		       STORE_TEXT(day));
	return member_rows(st, fn, arg);
}

enum rede_err store_fgroup_daycare_member(struct store_conn *c, int64_t municipality_id,
					  int64_t user_id, const char *day, int64_t member_id)
{
	struct store_stmt *st = store_prepare(c, "SELECT count(*) FROM " MEMBER_FROM
						 "WHERE m.id = ? AND " DAYCARE_MEMBER_RULE);
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(member_id), STORE_INT(municipality_id), STORE_INT(user_id),
		       STORE_TEXT(day), STORE_TEXT(day));
	err = store_run_int(st, &n);
	if (!err && !n)
		err = REDE_E_NOTFOUND;
	return err;
}
