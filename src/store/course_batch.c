/*
 * course_batch.c - the facts a course list shows, read for COURSE_BATCH
 * courses per query (see course_batch.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"
#include "store/course_batch.h"

void course_extra_release(struct course_extra *x)
{
	free(x->family_name);
	for (size_t i = 0; i < x->nstaff; i++)
		free(x->staff_names[i]);
	free(x->rated);
	memset(x, 0, sizeof(*x));
}

/* One batch of a course list: the ids of rows[off .. off+k), taken once
 * and bound to every query of the batch (unused places get 0, which is no
 * id), and searched to place each answer row. */
struct batch {
	int64_t ids[COURSE_BATCH];
	size_t k;
	size_t off;
};

/* Bind the batch's ids from placeholder idx on; returns the next one. */
static int bind_ids(struct store_stmt *st, int idx, const struct batch *b)
{
	return store_bind_batch(st, idx, b->ids, b->k);
}

/* Index in the list's rows of enrolment id, or -1. */
static long find(const struct batch *b, int64_t id)
{
	long j = store_batch_find(b->ids, b->k, id);

	return j < 0 ? -1 : (long)b->off + j;
}

static int32_t date_or_none(const char *s)
{
	int32_t d;

	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

static enum rede_err done(enum rede_err err)
{
	return err == REDE_DONE ? REDE_OK : err;
}

/* The rows each query reads, by declared column lists (store.h): a
 * course id and one or two values of it. */
struct course_text {
	int64_t id;
	char *text; /* owned; NULL for NULL */
};
static const struct store_col name_cols[] = {
	STORE_COL("e.id", STORE_COL_INT, struct course_text, id),
	STORE_COL("f.name", STORE_COL_STR, struct course_text, text),
};

struct course_day {
	int64_t id;
	char day[STORE_DATE_SIZE]; /* "" for NULL */
};

struct staff_fact {
	int64_t enrolment_id;
	int64_t user_id;
	char *display_name; /* owned */
};
static const struct store_col staff_cols[] = {
	STORE_COL("s.enrolment_id", STORE_COL_INT, struct staff_fact, enrolment_id),
	STORE_COL("s.user_id", STORE_COL_INT, struct staff_fact, user_id),
	STORE_COL("u.display_name", STORE_COL_STR, struct staff_fact, display_name),
};

struct hours_fact {
	int64_t enrolment_id;
	char from_date[STORE_DATE_SIZE];
	int64_t minutes_per_week;
};
static const struct store_col hours_cols[] = {
	STORE_COL("enrolment_id", STORE_COL_INT, struct hours_fact, enrolment_id),
	STORE_COL("from_date", STORE_COL_TEXT, struct hours_fact, from_date),
	STORE_COL("minutes_per_week", STORE_COL_INT, struct hours_fact, minutes_per_week),
};

/* A goal: the day it was agreed and its newest rating on or before the
 * day ("" when none). */
struct goal_fact {
	int64_t enrolment_id;
	char agreed_on[STORE_DATE_SIZE];
	char rated_on[STORE_DATE_SIZE];
};
#define GOAL_RATED_ON                                                                              \
	"(SELECT r.rated_on FROM goal_rating r WHERE r.goal_id = g.id AND r.rated_on <= ? "        \
	"ORDER BY r.rated_on DESC LIMIT 1)"
static const struct store_col goal_cols[] = {
	STORE_COL("g.enrolment_id", STORE_COL_INT, struct goal_fact, enrolment_id),
	STORE_COL("g.agreed_on", STORE_COL_TEXT, struct goal_fact, agreed_on),
	STORE_COL(GOAL_RATED_ON, STORE_COL_TEXT, struct goal_fact, rated_on),
};

/* Add a staff member read by staff_cols to out (which takes the name). */
static void staff_add(struct course_extra *x, struct staff_fact *r)
{
	if (x && x->nstaff < ENROLMENT_MAX_STAFF) {
		x->staff_ids[x->nstaff] = r->user_id;
		x->staff_names[x->nstaff++] = r->display_name;
		r->display_name = NULL;
	}
	free(r->display_name);
	r->display_name = NULL;
}

/* Add a goal read by goal_cols: its newest rating, else the day agreed. */
static void goal_add(struct course_extra *x, const struct goal_fact *r)
{
	if (x->ngoals == x->rated_alloc) {
		x->rated_alloc = x->rated_alloc ? 2 * x->rated_alloc : 4;
		x->rated = xrealloc(x->rated, x->rated_alloc * sizeof(*x->rated));
	}
	x->rated[x->ngoals++] = date_or_none(r->rated_on[0] ? r->rated_on : r->agreed_on);
}

static enum rede_err names(struct store_conn *c, const struct batch *b, struct course_extra *out)
{
	struct store_stmt *st = store_prepare_select(
		c, name_cols, STORE_NCOLS(name_cols),
		"FROM enrolment e JOIN family f ON f.id = e.family_id WHERE e.id IN (" STORE_BATCH_PLACES
		")");
	struct course_text r = {0};
	enum rede_err err;

	bind_ids(st, 1, b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, name_cols, STORE_NCOLS(name_cols), &r);
		i = find(b, r.id);
		if (i >= 0 && !out[i].family_name) {
			out[i].family_name = r.text ? r.text : xstrdup("");
			r.text = NULL;
		}
	}
	store_finish(st);
	free(r.text);
	return done(err);
}

static enum rede_err staff(struct store_conn *c, const struct batch *b, struct course_extra *out)
{
	struct store_stmt *st =
		store_prepare_select(c, staff_cols, STORE_NCOLS(staff_cols),
				     "FROM enrolment_staff s JOIN app_user u ON u.id = s.user_id "
				     "WHERE s.enrolment_id IN (" STORE_BATCH_PLACES
				     ") ORDER BY s.enrolment_id, s.user_id");
	struct staff_fact r = {0};
	enum rede_err err;

	bind_ids(st, 1, b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, staff_cols, STORE_NCOLS(staff_cols), &r);
		i = find(b, r.enrolment_id);
		staff_add(i >= 0 ? &out[i] : NULL, &r);
	}
	store_finish(st);
	return done(err);
}

/* Oldest first: the last row on or before the day is the one in force;
 * when all lie ahead, the first (as the single-course answer had it). */
static enum rede_err hours(struct store_conn *c, const struct batch *b, const char *day,
			   struct course_extra *out)
{
	struct store_stmt *st = store_prepare_select(
		c, hours_cols, STORE_NCOLS(hours_cols),
		"FROM enrolment_hours WHERE enrolment_id IN (" STORE_BATCH_PLACES ") "
		"ORDER BY enrolment_id, from_date, id");
	struct hours_fact r;
	enum rede_err err;

	bind_ids(st, 1, b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, hours_cols, STORE_NCOLS(hours_cols), &r);
		i = find(b, r.enrolment_id);
		if (i >= 0 && (strcmp(r.from_date, day) <= 0 || out[i].minutes_current < 0))
			out[i].minutes_current = r.minutes_per_week;
	}
	store_finish(st);
	return done(err);
}

static enum rede_err last_contacts(struct store_conn *c, const struct batch *b, const char *day,
				   struct course_extra *out)
{
	static const struct store_col cols[] = {
		STORE_COL("e.id", STORE_COL_INT, struct course_day, id),
		STORE_COL("(SELECT k.happened_on FROM contact k WHERE k.enrolment_id = e.id "
			  "AND k.happened_on <= ? AND k.kind NOT IN ('cancelled', 'no_show') "
			  "ORDER BY k.happened_on DESC LIMIT 1)",
			  STORE_COL_TEXT, struct course_day, day),
	};
	struct store_stmt *st = store_prepare_select(
		c, cols, 2, "FROM enrolment e WHERE e.id IN (" STORE_BATCH_PLACES ")");
	struct course_day r;
	enum rede_err err;

	/* Newest first through contact(enrolment_id, happened_on), stopping at
	 * the first contact that took place: max() with the kind filter read
	 * every contact of the course. */
	bind_ids(st, store_bind_all(st, STORE_TEXT(day)), b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, cols, 2, &r);
		i = find(b, r.id);
		if (i >= 0)
			out[i].last_contact = date_or_none(r.day);
	}
	store_finish(st);
	return done(err);
}

/* The newest faglig sparring that discussed each course (issue 23). */
static enum rede_err last_discussed(struct store_conn *c, const struct batch *b,
				    struct course_extra *out)
{
	static const struct store_col cols[] = {
		STORE_COL("k.enrolment_id", STORE_COL_INT, struct course_day, id),
		STORE_COL("max(s.held_on)", STORE_COL_TEXT, struct course_day, day),
	};
	struct store_stmt *st = store_prepare_select(
		c, cols, 2,
		"FROM sparring_case k JOIN sparring_session s ON s.id = k.session_id "
		"WHERE k.enrolment_id IN (" STORE_BATCH_PLACES ") GROUP BY k.enrolment_id");
	struct course_day r;
	enum rede_err err;

	bind_ids(st, 1, b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, cols, 2, &r);
		i = find(b, r.id);
		if (i >= 0)
			out[i].last_discussed = date_or_none(r.day);
	}
	store_finish(st);
	return done(err);
}

/* Per goal: its newest rating on or before the day, else the day it was
 * agreed. */
static enum rede_err goals_rated(struct store_conn *c, const struct batch *b, const char *day,
				 struct course_extra *out)
{
	struct store_stmt *st =
		store_prepare_select(c, goal_cols, STORE_NCOLS(goal_cols),
				     "FROM goal g WHERE g.enrolment_id IN (" STORE_BATCH_PLACES
				     ") ORDER BY g.enrolment_id, g.id");
	struct goal_fact r;
	enum rede_err err;

	bind_ids(st, store_bind_all(st, STORE_TEXT(day)), b);
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, goal_cols, STORE_NCOLS(goal_cols), &r);
		i = find(b, r.enrolment_id);
		if (i >= 0)
			goal_add(&out[i], &r);
	}
	store_finish(st);
	return done(err);
}

/* Network meetings dated after the day (planned), counted once per date,
 * for which no share_daycare consent of the family is in force on that
 * date. */
static enum rede_err meetings(struct store_conn *c, const struct batch *b, const char *day,
			      struct course_extra *out)
{
	static const struct store_col cols[] = {
		STORE_COL("m.enrolment_id", STORE_COL_INT, struct course_day, id),
		STORE_COL("m.happened_on", STORE_COL_TEXT, struct course_day, day),
	};
	struct course_day r;
	struct store_stmt *st = store_prepare_select(
		c, cols, 2,
		"FROM contact m "
		"WHERE m.enrolment_id IN (" STORE_BATCH_PLACES
		") AND m.kind = 'network_meeting' AND "
		"m.happened_on > ? AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN consent k "
		"ON k.family_id = e.family_id WHERE e.id = m.enrolment_id AND k.purpose = ? AND "
		"k.given_on <= m.happened_on AND (k.withdrawn_on IS NULL OR "
		"k.withdrawn_on > m.happened_on)) "
		"GROUP BY m.enrolment_id, m.happened_on"); /* once per date */
	const struct store_arg rest[] = {STORE_TEXT(day), STORE_TEXT(CONSENT_SHARE_DAYCARE)};
	enum rede_err err;

	store_bind_list(st, bind_ids(st, 1, b), rest, sizeof(rest) / sizeof(rest[0]));
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, cols, 2, &r);
		i = find(b, r.id);
		if (i >= 0)
			out[i].meetings_without_consent++;
	}
	store_finish(st);
	return done(err);
}

enum rede_err store_course_extras(struct store_conn *c, const struct enrolment_row *rows, size_t n,
				  int32_t day, struct course_extra *out)
{
	char today[STORE_DATE_SIZE];
	enum rede_err err = REDE_OK;

	rede_date_format(day, today);
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].minutes_current = -1;
		out[i].last_contact = CORE_NO_DATE;
		out[i].last_discussed = CORE_NO_DATE;
	}
	for (size_t off = 0; off < n && !err; off += COURSE_BATCH) {
		struct batch b = {.off = off};

		b.k = STORE_BATCH_IDS(b.ids, rows + off, n - off);
		err = names(c, &b, out);
		if (!err)
			err = staff(c, &b, out);
		if (!err)
			err = hours(c, &b, today, out);
		if (!err)
			err = last_contacts(c, &b, today, out);
		if (!err)
			err = goals_rated(c, &b, today, out);
		if (!err)
			err = meetings(c, &b, today, out);
		if (!err)
			err = last_discussed(c, &b, out);
	}
	for (size_t i = 0; i < n && !err; i++)
		if (!out[i].family_name)
			err = REDE_E_NOTFOUND; /* an enrolment always has its family */
	return err;
}

void course_extra_facts(const struct enrolment_row *e, const struct course_extra *x,
			struct core_course_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->status = (enum core_course_status)core_course_name_index(
		core_course_status_names, COURSE_STATUS__COUNT, e->status);
	f->start = date_or_none(e->start_on);
	f->extension_until = date_or_none(e->extension_until);
	f->last_contact = x->last_contact;
	f->goal_last_rated = x->rated;
	f->ngoals = x->ngoals;
	f->planned_meetings_without_consent = x->meetings_without_consent;
	f->last_discussed = x->last_discussed;
}

/* ---- the caseload (store_caseload) ---- */

/* The caller's open assigned courses with the facts that are one value per
 * course (family name, last contact, weekly minutes in force, planned
 * network meetings without consent) as correlated subqueries: the same
 * conditions as names(), last_contacts(), hours() and meetings() above,
 * and the same rows as store_enrolment_list(mine, open_only). Driven by
 * caseload_open (migration 0028, kept on write): the caller's open
 * assignments only, where enrolment_staff(user_id) led to every course the
 * caller was ever assigned to (194 lookups for 16 open courses in the demo,
 * half of the caseload's SQL). The status, programme and municipality are
 * still checked on the course itself. CROSS JOIN keeps SQLite from
 * starting at enrolment_status. The access filter follows. */
static const char caseload_sql[] =
	"SELECT " STORE_ENROLMENT_COLS ", f.name, "
	"(SELECT k.happened_on FROM contact k WHERE k.enrolment_id = e.id "
	"AND k.happened_on <= ? AND k.kind NOT IN ('cancelled', 'no_show') "
	"ORDER BY k.happened_on DESC LIMIT 1), "
	/* the last hours row on or before the day, else the first */
	"COALESCE((SELECT h.minutes_per_week FROM enrolment_hours h WHERE h.enrolment_id = e.id "
	"AND h.from_date <= ? ORDER BY h.from_date DESC, h.id DESC LIMIT 1), "
	"(SELECT h.minutes_per_week FROM enrolment_hours h WHERE h.enrolment_id = e.id "
	"ORDER BY h.from_date, h.id LIMIT 1)), "
	"(SELECT count(DISTINCT m.happened_on) FROM contact m WHERE m.enrolment_id = e.id AND "
	"m.kind = 'network_meeting' AND m.happened_on > ? AND NOT EXISTS (SELECT 1 FROM consent k "
	"WHERE k.family_id = e.family_id AND k.purpose = ? AND k.given_on <= m.happened_on AND "
	"(k.withdrawn_on IS NULL OR k.withdrawn_on > m.happened_on))), "
	"(SELECT max(sp.held_on) FROM sparring_case sk JOIN sparring_session sp ON "
	"sp.id = sk.session_id WHERE sk.enrolment_id = e.id) "
	"FROM caseload_open a CROSS JOIN enrolment e JOIN family f ON f.id = e.family_id "
	"WHERE a.user_id = ? AND e.id = a.enrolment_id AND e.municipality_id = ? AND "
	"e.programme = ? AND e.status IN ('planned', 'active') AND ";

/* caseload_sql with the access filter, made once for the filter text
 * store_access_family_filter_sql gives today (the same text for every
 * caller, only its parameters differ): building the 3 kB statement for
 * every request cost a copy and a longer lookup in the statement cache.
 * Should the filter ever be another text for some caller, that caller's
 * statement is built as before. */
static pthread_once_t caseload_once = PTHREAD_ONCE_INIT;
static const char *caseload_filter;
static char *caseload_full_sql;
/* staff_cols and goal_cols driven by caseload_open, also made once */
static char *caseload_staff_sql, *caseload_goals_sql;

static void caseload_sql_make(void)
{
	caseload_filter = store_access_family_filter_sql(NULL);
	caseload_full_sql = xasprintf("%s%s ORDER BY e.id DESC", caseload_sql, caseload_filter);
	caseload_staff_sql = store_select_sql(
		staff_cols, STORE_NCOLS(staff_cols),
		"FROM caseload_open a CROSS JOIN enrolment_staff s JOIN app_user u ON "
		"u.id = s.user_id WHERE a.user_id = ? AND s.enrolment_id = a.enrolment_id "
		"ORDER BY s.enrolment_id, s.user_id");
	caseload_goals_sql =
		store_select_sql(goal_cols, STORE_NCOLS(goal_cols),
				 "FROM caseload_open a CROSS JOIN goal g "
				 "WHERE a.user_id = ? AND g.enrolment_id = a.enrolment_id "
				 "ORDER BY g.enrolment_id, g.id");
}

static enum rede_err caseload_rows(struct store_conn *c, const struct access_who *who,
				   const char *day, struct enrolment_row **rows,
				   struct course_extra **extras, size_t *count)
{
	const char *filter = store_access_family_filter_sql(who);
	char *own = NULL;
	struct store_stmt *st;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	pthread_once(&caseload_once, caseload_sql_make);
	if (filter != caseload_filter)
		own = xasprintf("%s%s ORDER BY e.id DESC", caseload_sql, filter);
	st = store_prepare(c, own ? own : caseload_full_sql);
	store_access_family_filter_bind(
		st,
		store_bind_all(st, STORE_TEXT(day), STORE_TEXT(day), STORE_TEXT(day),
			       STORE_TEXT(CONSENT_SHARE_DAYCARE), STORE_INT(who->user_id),
			       STORE_INT(who->municipality_id),
			       STORE_TEXT(PROGRAMME_HOME_PEDAGOGUE)),
		who);
	while ((err = store_step(st)) == REDE_ROW) {
		struct enrolment_row *e;
		struct course_extra *x;
		const int N = STORE_ENROLMENT_NCOLS; /* the facts follow the row */

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			*rows = xrealloc(*rows, alloc * sizeof(**rows));
			*extras = xrealloc(*extras, alloc * sizeof(**extras));
		}
		e = &(*rows)[n];
		x = &(*extras)[n];
		enrolment_row_init(e);
		memset(x, 0, sizeof(*x));
		n++;
		store_enrolment_from_row(st, e);
		x->family_name = xstrdup(store_col_text(st, N + 0));
		x->last_contact = date_or_none(store_col_text(st, N + 1));
		x->minutes_current = store_col_null(st, N + 2) ? -1 : store_col_int(st, N + 2);
		x->meetings_without_consent = (int)store_col_int(st, N + 3);
		x->last_discussed = date_or_none(store_col_text(st, N + 4));
	}
	store_finish(st);
	free(own);
	*count = n;
	return done(err);
}

/* Index of enrolment id among rows[0 .. n), which are in descending id
 * order (the caseload's ORDER BY), or -1. */
static long find_desc(const struct enrolment_row *rows, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].id == id)
			return (long)mid;
		if (rows[mid].id > id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The staff of the caller's open courses (as staff() above), driven by
 * caseload_open: a 64-id IN list cost one index probe per place, used or
 * not (48 of 64 for a caseload of 16). Rows of courses the caseload did
 * not answer (the access filter) are passed over. */
static enum rede_err caseload_staff(struct store_conn *c, int64_t user_id,
				    const struct enrolment_row *rows, size_t n,
				    struct course_extra *out)
{
	struct store_stmt *st;
	struct staff_fact r = {0};
	enum rede_err err;

	pthread_once(&caseload_once, caseload_sql_make);
	st = store_prepare(c, caseload_staff_sql);
	store_bind_all(st, STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, staff_cols, STORE_NCOLS(staff_cols), &r);
		i = find_desc(rows, n, r.enrolment_id);
		staff_add(i >= 0 ? &out[i] : NULL, &r);
	}
	store_finish(st);
	return done(err);
}

/* The goals of the caller's open courses with their newest rating on or
 * before the day (as goals_rated() above), driven by caseload_open. */
static enum rede_err caseload_goals(struct store_conn *c, int64_t user_id, const char *day,
				    const struct enrolment_row *rows, size_t n,
				    struct course_extra *out)
{
	struct store_stmt *st;
	struct goal_fact r;
	enum rede_err err;

	pthread_once(&caseload_once, caseload_sql_make);
	st = store_prepare(c, caseload_goals_sql);
	store_bind_all(st, STORE_TEXT(day), STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW) {
		long i;

		store_read_row(st, goal_cols, STORE_NCOLS(goal_cols), &r);
		i = find_desc(rows, n, r.enrolment_id);
		if (i >= 0)
			goal_add(&out[i], &r);
	}
	store_finish(st);
	return done(err);
}

enum rede_err store_caseload(struct store_conn *c, const struct access_who *who, int32_t day,
			     struct enrolment_row **rows, struct course_extra **extras, size_t *n)
{
	char today[STORE_DATE_SIZE];
	enum rede_err err;

	*rows = NULL;
	*extras = NULL;
	*n = 0;
	rede_date_format(day, today);
	err = caseload_rows(c, who, today, rows, extras, n);
	/* The facts with many rows per course, driven by the caller's open
	 * assignments again (caseload_open holds only open courses). */
	if (!err && *n)
		err = caseload_staff(c, who->user_id, *rows, *n, *extras);
	if (!err && *n)
		err = caseload_goals(c, who->user_id, today, *rows, *n, *extras);
	for (size_t i = 0; i < *n && !err; i++) {
		struct enrolment_row *e = &(*rows)[i];

		e->nstaff = (*extras)[i].nstaff;
		memcpy(e->staff_ids, (*extras)[i].staff_ids, sizeof(e->staff_ids));
	}
	return err;
}

void store_caseload_free(struct enrolment_row *rows, struct course_extra *extras, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enrolment_row_release(&rows[i]);
		course_extra_release(&extras[i]);
	}
	free(rows);
	free(extras);
}

/* ---- caseload facts ---- */

/* One course's facts through the batch reader (course_batch.c), so a
 * single course and a list can never disagree. */
enum rede_err store_course_facts(struct store_conn *c, const struct enrolment_row *e, int32_t day,
				 struct core_course_facts *f, int32_t **rated)
{
	struct course_extra x;
	enum rede_err err = store_course_extras(c, e, 1, day, &x);

	*rated = NULL;
	memset(f, 0, sizeof(*f));
	if (!err) {
		course_extra_facts(e, &x, f);
		*rated = x.rated;
		f->goal_last_rated = x.rated;
		x.rated = NULL;
	}
	course_extra_release(&x);
	return err;
}
