/*
 * sparring.c - sparring sessions, themes and the figures read from them
 * in the store (see sparring.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/sparring.h"

static enum rede_err done_ok(enum rede_err err)
{
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_sparring_params(struct store_conn *c, int64_t municipality_id,
				    struct core_sparring_params *out)
{
	static const struct store_setting_key keys[] = {
		{"sparring.target_minutes", offsetof(struct core_sparring_params, target_minutes)},
		{"sparring.target_period_days",
		 offsetof(struct core_sparring_params, target_period_days)},
		{"sparring.flag_weeks", offsetof(struct core_sparring_params, flag_weeks)},
		{"sparring.case_prompt_weeks",
		 offsetof(struct core_sparring_params, case_prompt_weeks)},
		{"sparring.regular_percent",
		 offsetof(struct core_sparring_params, regular_percent)},
	};

	memset(out, 0, sizeof(*out));
	return store_settings_load(c, municipality_id, keys, sizeof(keys) / sizeof(keys[0]), out);
}

enum rede_err store_training_refresher_months(struct store_conn *c, int64_t municipality_id,
					      const char *kind, int64_t *months)
{
	char key[80];
	enum rede_err err;

	snprintf(key, sizeof(key), "training.refresher_months.%s", kind);
	err = store_setting_int(c, municipality_id, key, months);
	if (err == REDE_E_NOTFOUND) {
		*months = 0;
		return REDE_OK;
	}
	return err;
}

/* ---- themes ---- */

static const struct store_col theme_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct sparring_theme_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct sparring_theme_row, municipality_id),
	STORE_COL("name", STORE_COL_TEXT, struct sparring_theme_row, name),
	STORE_COL("CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL,
		  struct sparring_theme_row, retired),
};

static void theme_from_row(struct store_stmt *st, struct sparring_theme_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, theme_cols, STORE_NCOLS(theme_cols), r);
}

enum rede_err store_sparring_theme_each(struct store_conn *c, int64_t municipality_id,
					bool include_retired,
					int (*fn)(const struct sparring_theme_row *r, void *arg),
					void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, theme_cols, STORE_NCOLS(theme_cols),
		"FROM sparring_theme WHERE municipality_id IN (0, ?) AND (? = 1 OR retired_at IS "
		"NULL) ORDER BY name, id");
	struct sparring_theme_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(include_retired ? 1 : 0));
	while ((err = store_step(st)) == REDE_ROW) {
		theme_from_row(st, &r);
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_sparring_theme_add(struct store_conn *c, int64_t municipality_id,
				       struct sparring_theme_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT count(*) FROM sparring_theme WHERE municipality_id IN (0, ?) AND name = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(r->name));
	err = store_run_int(st, &n);
	if (err)
		return err;
	if (n > 0)
		return REDE_E_CONFLICT;
	st = store_prepare(c, "INSERT INTO sparring_theme (municipality_id, name, created_at) "
			      "VALUES (?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(r->name), STORE_INT(rede_now()));
	r->municipality_id = municipality_id;
	r->retired = false;
	return store_run_int(st, &r->id);
}

enum rede_err store_sparring_theme_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				       struct sparring_theme_row *out)
{
	struct store_stmt *st = store_prepare_select(
		c, theme_cols, STORE_NCOLS(theme_cols),
		"FROM sparring_theme WHERE id = ? AND municipality_id IN (0, ?)");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		theme_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_sparring_theme_retire(struct store_conn *c, int64_t municipality_id, int64_t id,
					  bool retired)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE sparring_theme SET retired_at = ? WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, retired ? STORE_INT(rede_now()) : STORE_TEXT(NULL), STORE_INT(id),
		       STORE_INT(municipality_id));
	err = store_run(st);
	if (!err && store_changes(c) == 0)
		err = REDE_E_NOTFOUND;
	return err;
}

/* ---- sessions ---- */

enum rede_err store_sparring_insert(struct store_conn *c, struct sparring_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO sparring_session (municipality_id, held_on, minutes, form, led_by, "
		   "led_by_name, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		   "RETURNING id");
	enum rede_err err;

	r->created_at = rede_now();
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_TEXT(r->held_on),
		       STORE_INT(r->minutes), STORE_TEXT(r->form), STORE_INT0(r->led_by),
		       STORE_TEXT0(r->led_by_name), STORE_TEXT0(r->note), STORE_INT(r->recorded_by),
		       STORE_INT(r->created_at));
	err = store_run_int(st, &r->id);
	for (size_t i = 0; !err && i < r->nparticipants; i++) {
		st = store_prepare(c, "INSERT INTO sparring_participant (session_id, user_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->participants[i]));
		err = store_run(st);
	}
	for (size_t i = 0; !err && i < r->nthemes; i++) {
		st = store_prepare(c, "INSERT INTO sparring_session_theme (session_id, theme_id) "
				      "VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->themes[i]));
		err = store_run(st);
	}
	for (size_t i = 0; !err && i < r->ncases; i++) {
		st = store_prepare(c, "INSERT INTO sparring_case (session_id, enrolment_id, note) "
				      "VALUES (?, ?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_INT(r->cases[i].enrolment_id),
			       STORE_TEXT0(r->cases[i].note));
		err = store_run(st);
	}
	return err;
}

#define SESSION_COL(expr, kind, field) STORE_COL(expr, kind, struct sparring_row, field)
static const struct store_col session_cols[] = {
	SESSION_COL("id", STORE_COL_INT, id),
	SESSION_COL("municipality_id", STORE_COL_INT, municipality_id),
	SESSION_COL("held_on", STORE_COL_TEXT, held_on),
	SESSION_COL("minutes", STORE_COL_INT, minutes),
	SESSION_COL("form", STORE_COL_TEXT, form),
	SESSION_COL("led_by", STORE_COL_INT0, led_by),
	SESSION_COL("led_by_name", STORE_COL_TEXT, led_by_name),
	SESSION_COL("note", STORE_COL_TEXT, note),
	SESSION_COL("recorded_by", STORE_COL_INT, recorded_by),
	SESSION_COL("created_at", STORE_COL_INT, created_at),
};
#define NSESSION_COLS (sizeof(session_cols) / sizeof(session_cols[0]))

static const struct store_col case_cols[] = {
	STORE_COL("enrolment_id", STORE_COL_INT, struct sparring_case_row, enrolment_id),
	STORE_COL("note", STORE_COL_TEXT, struct sparring_case_row, note),
};
#define NCASE_COLS (sizeof(case_cols) / sizeof(case_cols[0]))

enum rede_err store_sparring_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct sparring_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, session_cols, NSESSION_COLS,
				     "FROM sparring_session WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		store_read_row(st, session_cols, NSESSION_COLS, out);
	store_finish(st);
	if (err)
		return err;
	st = store_prepare(c, "SELECT user_id FROM sparring_participant WHERE session_id = ? "
			      "ORDER BY user_id");
	store_bind_all(st, STORE_INT(id));
	while ((err = store_step(st)) == REDE_ROW && out->nparticipants < SPARRING_MAX_PARTICIPANTS)
		out->participants[out->nparticipants++] = store_col_int(st, 0);
	store_finish(st);
	if ((err = done_ok(err == REDE_ROW ? REDE_DONE : err)))
		return err;
	st = store_prepare(c, "SELECT theme_id FROM sparring_session_theme WHERE session_id = ? "
			      "ORDER BY theme_id");
	store_bind_all(st, STORE_INT(id));
	while ((err = store_step(st)) == REDE_ROW && out->nthemes < SPARRING_MAX_THEMES)
		out->themes[out->nthemes++] = store_col_int(st, 0);
	store_finish(st);
	if ((err = done_ok(err == REDE_ROW ? REDE_DONE : err)))
		return err;
	st = store_prepare_select(c, case_cols, NCASE_COLS,
				  "FROM sparring_case WHERE session_id = ? ORDER BY enrolment_id");
	store_bind_all(st, STORE_INT(id));
	while ((err = store_step(st)) == REDE_ROW && out->ncases < SPARRING_MAX_CASES)
		store_read_row(st, case_cols, NCASE_COLS, &out->cases[out->ncases++]);
	store_finish(st);
	return done_ok(err == REDE_ROW ? REDE_DONE : err);
}

/* Who sees a session. Parameters: municipality, user (recorder), user
 * (leader), user (participant), leader flag, user (leader of a
 * participant's unit). */
#define VISIBLE                                                                                    \
	"s.municipality_id = ? AND (s.recorded_by = ? OR s.led_by = ?"                             \
	" OR EXISTS (SELECT 1 FROM sparring_participant p WHERE p.session_id = s.id"               \
	"            AND p.user_id = ?)"                                                           \
	" OR (? = 1 AND EXISTS (SELECT 1 FROM sparring_participant p"                              \
	"            JOIN unit_member m ON m.user_id = p.user_id"                                  \
	"            JOIN unit_member l ON l.unit_id = m.unit_id"                                  \
	"            WHERE p.session_id = s.id AND l.user_id = ?)))"

static int bind_visible(struct store_stmt *st, int i, const struct access_who *who)
{
	bool leader = (who->roles & ROLE_BIT(ROLE_LEADER)) != 0;
	const struct store_arg args[] = {STORE_INT(who->municipality_id), STORE_INT(who->user_id),
					 STORE_INT(who->user_id),         STORE_INT(who->user_id),
					 STORE_INT(leader ? 1 : 0),       STORE_INT(who->user_id)};

	return store_bind_list(st, i, args, sizeof(args) / sizeof(args[0]));
}

enum rede_err store_sparring_visible(struct store_conn *c, const struct access_who *who, int64_t id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM sparring_session s WHERE s.id = ? AND " VISIBLE);
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(id));
	bind_visible(st, 2, who);
	err = store_run_int(st, &n);
	if (err)
		return err;
	return n > 0 ? REDE_OK : REDE_E_NOTFOUND;
}

enum rede_err store_sparring_ids(struct store_conn *c, const struct access_who *who,
				 const char *from, const char *to, int64_t user_id, int64_t *ids,
				 size_t max, size_t *n)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT s.id FROM sparring_session s WHERE " VISIBLE
		   " AND (? = '' OR s.held_on >= ?) AND (? = '' OR s.held_on <= ?)"
		   " AND (? = 0 OR s.led_by = ? OR EXISTS (SELECT 1 FROM sparring_participant q"
		   "      WHERE q.session_id = s.id AND q.user_id = ?))"
		   " ORDER BY s.held_on DESC, s.id DESC");
	const struct store_arg args[] = {STORE_TEXT(from),  STORE_TEXT(from),   STORE_TEXT(to),
					 STORE_TEXT(to),    STORE_INT(user_id), STORE_INT(user_id),
					 STORE_INT(user_id)};
	enum rede_err err;

	/* the VISIBLE parameters come first, then this statement's own */
	store_bind_list(st, bind_visible(st, 1, who), args, sizeof(args) / sizeof(args[0]));
	*n = 0;
	while ((err = store_step(st)) == REDE_ROW && *n < max)
		ids[(*n)++] = store_col_int(st, 0);
	store_finish(st);
	return done_ok(err == REDE_ROW ? REDE_DONE : err);
}

/* ---- figures ---- */

#define STAFF_COL(expr, kind, field) STORE_COL(expr, kind, struct sparring_staff_row, field)
static const struct store_col staff_cols[] = {
	STAFF_COL("u.id", STORE_COL_INT, user_id),
	STAFF_COL("u.display_name", STORE_COL_TEXT, display_name),
	STAFF_COL("u.roles", STORE_COL_INT, roles),
	STAFF_COL("u.created_at", STORE_COL_INT, created_at),
};
#define NSTAFF_COLS (sizeof(staff_cols) / sizeof(staff_cols[0]))

/* "SELECT <staff_cols> <rest>" prepared; rest names app_user u */
static struct store_stmt *staff_select(struct store_conn *c, const char *rest)
{
	return store_prepare_select(c, staff_cols, NSTAFF_COLS, rest);
}

enum rede_err store_sparring_unit_staff(struct store_conn *c, int64_t municipality_id,
					int64_t unit_id, int64_t roles,
					int (*fn)(const struct sparring_staff_row *r, void *arg),
					void *arg)
{
	struct store_stmt *st = staff_select(
		c, "FROM app_user u JOIN unit_member m ON m.user_id = u.id WHERE m.unit_id = ? AND "
		   "u.municipality_id = ? AND u.disabled_at IS NULL AND u.is_service = 0 "
		   "ORDER BY u.display_name, u.id");
	struct sparring_staff_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(unit_id), STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, staff_cols, NSTAFF_COLS, &r);
		if (!(r.roles & roles))
			continue;
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_sparring_colleagues(struct store_conn *c, int64_t municipality_id,
					int (*fn)(const struct sparring_staff_row *r, void *arg),
					void *arg)
{
	struct store_stmt *st = staff_select(c, "FROM app_user u WHERE u.municipality_id = ? AND "
						"u.disabled_at IS NULL AND u.is_service = 0 "
						"ORDER BY u.display_name, u.id");
	int64_t staff = ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR) |
			ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER);
	struct sparring_staff_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		memset(&r, 0, sizeof(r));
		store_read_row(st, staff_cols, NSTAFF_COLS, &r);
		if (!(r.roles & staff))
			continue;
		if (fn(&r, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

/* A unit the user belongs to (its name is the statement's text). */
struct member_unit_read {
	int64_t id;
	const char *name;
};
static const struct store_col member_unit_cols[] = {
	STORE_COL("u.id", STORE_COL_INT, struct member_unit_read, id),
	STORE_COL("u.name", STORE_COL_CSTR, struct member_unit_read, name),
};

enum rede_err store_sparring_member_units(struct store_conn *c, int64_t user_id,
					  int (*fn)(int64_t unit_id, const char *name, void *arg),
					  void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, member_unit_cols, STORE_NCOLS(member_unit_cols),
				     "FROM unit u JOIN unit_member m ON m.unit_id = u.id WHERE "
				     "m.user_id = ? ORDER BY u.name, u.id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct member_unit_read r;

		store_read_row(st, member_unit_cols, STORE_NCOLS(member_unit_cols), &r);
		if (fn(r.id, r.name, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return done_ok(err);
}

enum rede_err store_sparring_staff_courses(struct store_conn *c, int64_t user_id, int64_t *ids,
					   size_t max, size_t *n)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT e.id FROM enrolment e JOIN enrolment_staff s ON s.enrolment_id = e.id "
		   "WHERE s.user_id = ? AND e.status IN ('planned', 'active') ORDER BY e.id DESC");
	enum rede_err err;

	*n = 0;
	store_bind_all(st, STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW && *n < max)
		ids[(*n)++] = store_col_int(st, 0);
	store_finish(st);
	return done_ok(err == REDE_ROW ? REDE_DONE : err);
}

enum rede_err store_sparring_unit_member(struct store_conn *c, int64_t user_id, int64_t unit_id,
					 bool *yes)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM unit_member WHERE user_id = ? AND unit_id = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id), STORE_INT(unit_id));
	err = store_run_int(st, &n);
	*yes = !err && n > 0;
	return err;
}

/* A user's sparring sessions in a period and their minutes. */
struct user_minutes_read {
	int64_t sessions, minutes;
};
static const struct store_col user_minutes_cols[] = {
	STORE_COL("count(*)", STORE_COL_INT, struct user_minutes_read, sessions),
	STORE_COL("COALESCE(sum(s.minutes), 0)", STORE_COL_INT, struct user_minutes_read, minutes),
};

enum rede_err store_sparring_user_minutes(struct store_conn *c, int64_t user_id, const char *from,
					  const char *to, int64_t *sessions, int64_t *minutes)
{
	struct store_stmt *st = store_prepare_select(
		c, user_minutes_cols, STORE_NCOLS(user_minutes_cols),
		"FROM sparring_session s "
		"JOIN sparring_participant p ON p.session_id = s.id WHERE p.user_id = ? AND "
		"s.held_on >= ? AND s.held_on <= ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id), STORE_TEXT(from), STORE_TEXT(to));
	*sessions = *minutes = 0;
	err = store_step_one(st);
	if (!err) {
		struct user_minutes_read r;

		store_read_row(st, user_minutes_cols, STORE_NCOLS(user_minutes_cols), &r);
		*sessions = r.sessions;
		*minutes = r.minutes;
	}
	store_finish(st);
	return err;
}

static enum rede_err max_date(struct store_stmt *st, char last[11])
{
	enum rede_err err = store_step_one(st);

	last[0] = 0;
	if (!err)
		store_col_copy(st, 0, last, 11);
	store_finish(st);
	return err == REDE_E_NOTFOUND ? REDE_OK : err;
}

enum rede_err store_sparring_user_last(struct store_conn *c, int64_t user_id, const char *upto,
				       char last[11])
{
	struct store_stmt *st = store_prepare(
		c, "SELECT max(s.held_on) FROM sparring_session s JOIN sparring_participant p ON "
		   "p.session_id = s.id WHERE p.user_id = ? AND s.held_on <= ?");

	store_bind_all(st, STORE_INT(user_id), STORE_TEXT(upto));
	return max_date(st, last);
}

enum rede_err store_sparring_case_last(struct store_conn *c, int64_t enrolment_id, char last[11])
{
	struct store_stmt *st = store_prepare(
		c, "SELECT max(s.held_on) FROM sparring_session s JOIN sparring_case k ON "
		   "k.session_id = s.id WHERE k.enrolment_id = ?");

	store_bind_all(st, STORE_INT(enrolment_id));
	return max_date(st, last);
}
