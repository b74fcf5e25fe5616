/*
 * typology.c - questions, practices, assessments and Rede's own evidence
 * for the typology for promising practice (see typology.h).
 *
 * Evidence (DOMAIN §1.7: "Rede exists to make any practice that uses it
 * score full marks on monitoring and economy"): for a practice run in
 * Rede, the monitoring questions are answered from the goal ratings (or
 * the daycare's daily scores), the programme's fixed scale, the records
 * themselves, the report that aggregates them and the audit log showing
 * that report was made; the economy questions from the staff time and
 * hourly costs, the results they bought and the alternative intervention
 * the municipality compares with. Each answer says what was found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/settings.h"
#include "store/sparring.h"
#include "store/typology.h"

/* ---- questions ---- */

/* A question as stored (element and evidence are names, parsed after the
 * read) and, in store_answer_each after its QUESTION_NCOLS columns, the
 * answer. The texts are the statement's: valid until the next step. */
struct question_read {
	struct typology_question q;
	const char *element, *evidence;
	struct typology_answer a;
};
#define QUESTION_COL(expr, kind, field) STORE_COL(expr, kind, struct question_read, field)
static const struct store_col question_cols[] = {
	QUESTION_COL("q.id", STORE_COL_INT, q.id),
	QUESTION_COL("q.municipality_id", STORE_COL_INT, q.municipality_id),
	QUESTION_COL("q.element", STORE_COL_CSTR, element),
	QUESTION_COL("q.position", STORE_COL_INT, q.position),
	QUESTION_COL("q.text", STORE_COL_CSTR, q.text),
	QUESTION_COL("q.evidence", STORE_COL_CSTR, evidence),
	QUESTION_COL("q.placeholder", STORE_COL_BOOL, q.placeholder),
	/* store_answer_each only */
	QUESTION_COL("a.yes", STORE_COL_BOOL, a.yes),
	QUESTION_COL("a.source", STORE_COL_CSTR, a.source),
	QUESTION_COL("a.evidence", STORE_COL_CSTR, a.evidence),
};
#define QUESTION_NCOLS 7

/* Read the current row's first n question_cols into x and parse the names. */
static void question_from_row(struct store_stmt *st, size_t n, struct question_read *x)
{
	memset(x, 0, sizeof(*x));
	store_read_row(st, question_cols, n, x);
	x->q.element = core_typology_element_parse(x->element);
	x->q.evidence = core_typology_evidence_parse(x->evidence);
}

enum rede_err store_typology_questions(struct store_conn *c, int64_t municipality_id,
				       int (*fn)(const struct typology_question *q, void *arg),
				       void *arg)
{
	enum rede_err err = REDE_OK;

	for (int e = 0; e < TYP_ELEMENT__COUNT && !err; e++) {
		/* The municipality's own rows sort first; take one owner only. */
		struct store_stmt *st = store_prepare_select(
			c, question_cols, QUESTION_NCOLS,
			"FROM typology_question q WHERE element = ? AND active = 1 AND "
			"(municipality_id = ? OR municipality_id = 0) ORDER BY municipality_id DESC, "
			"position, id");
		int64_t owner = -1;
		bool stop = false;

		store_bind_all(st, STORE_TEXT(core_typology_element_names[e]),
			       STORE_INT(municipality_id));
		while (!stop && (err = store_step(st)) == REDE_ROW) {
			struct question_read x;

			question_from_row(st, QUESTION_NCOLS, &x);
			if (owner < 0)
				owner = x.q.municipality_id;
			if (x.q.municipality_id != owner)
				break;
			x.q.element = (enum core_typology_element)e; /* the one asked for */
			stop = fn(&x.q, arg) != 0;
		}
		store_finish(st);
		if (err == REDE_DONE || err == REDE_ROW)
			err = REDE_OK;
		if (stop)
			break;
	}
	return err;
}

enum rede_err store_typology_replace(struct store_conn *c, int64_t municipality_id,
				     enum core_typology_element e, const char *const *texts, int n,
				     int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"UPDATE typology_question SET active = 0 WHERE municipality_id = ? AND element = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(core_typology_element_names[e]));
	err = store_run(st);
	for (int i = 0; i < n && !err; i++) {
		st = store_prepare(c, "INSERT INTO typology_question (municipality_id, element, "
				      "position, text, evidence, placeholder, active, created_by, "
				      "created_at) VALUES (?, ?, ?, ?, NULL, 0, 1, ?, ?)");
		store_bind_all(st, STORE_INT(municipality_id),
			       STORE_TEXT(core_typology_element_names[e]), STORE_INT(i + 1),
			       STORE_TEXT(texts[i]), STORE_INT0(user_id), STORE_INT(rede_now()));
		err = store_run(st);
	}
	return err;
}

/* ---- practices ---- */

void practice_row_release(struct practice_row *p)
{
	free(p->name);
	free(p->description);
	memset(p, 0, sizeof(*p));
}

static const struct store_col practice_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct practice_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct practice_row, municipality_id),
	STORE_COL("name", STORE_COL_STR, struct practice_row, name),
	STORE_COL("description", STORE_COL_STR, struct practice_row, description),
	STORE_COL("programme", STORE_COL_TEXT, struct practice_row, programme),
	STORE_COL("version", STORE_COL_INT, struct practice_row, version),
};

static void practice_read(struct store_stmt *st, struct practice_row *p)
{
	memset(p, 0, sizeof(*p));
	store_read_row(st, practice_cols, STORE_NCOLS(practice_cols), p);
}

enum rede_err store_practice_insert(struct store_conn *c, struct practice_row *p, int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO practice (municipality_id, name, description, programme, created_by, "
		"created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(p->municipality_id), STORE_TEXT(p->name),
		       STORE_TEXT(p->description), STORE_TEXT0(p->programme), STORE_INT(user_id),
		       STORE_INT(rede_now()));
	p->version = 1;
	return store_run_int(st, &p->id);
}

enum rede_err store_practice_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct practice_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, practice_cols, STORE_NCOLS(practice_cols),
				     "FROM practice WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		practice_read(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_practice_each(struct store_conn *c, int64_t municipality_id,
				  int (*fn)(const struct practice_row *p, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, practice_cols, STORE_NCOLS(practice_cols),
				     "FROM practice WHERE municipality_id = ? ORDER BY name, id");
	enum rede_err err;
	int stop = 0;

	store_bind_all(st, STORE_INT(municipality_id));
	while (!stop && (err = store_step(st)) == REDE_ROW) {
		struct practice_row p;
		practice_read(st, &p);
		stop = fn(&p, arg);
		practice_row_release(&p);
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* ---- assessments ---- */

enum rede_err store_assessment_insert(struct store_conn *c, int64_t practice_id,
				      const char *assessed_on, const char *note, int64_t user_id,
				      int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO practice_assessment (practice_id, assessed_on, assessed_by, note, "
		   "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(practice_id), STORE_TEXT(assessed_on), STORE_INT(user_id),
		       STORE_TEXT(note), STORE_INT(rede_now()));
	return store_run_int(st, id);
}

enum rede_err store_answer_insert(struct store_conn *c, int64_t assessment_id, int64_t question_id,
				  bool yes, const char *source, const char *evidence)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO practice_answer (assessment_id, question_id, yes, source, evidence) "
		"VALUES (?, ?, ?, ?, ?)");

	store_bind_all(st, STORE_INT(assessment_id), STORE_INT(question_id), STORE_INT(yes),
		       STORE_TEXT(source), STORE_TEXT(evidence));
	return store_run(st);
}

/* An assessment's id and date (the statement's text). */
struct latest_read {
	int64_t id;
	const char *assessed_on;
};
static const struct store_col latest_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct latest_read, id),
	STORE_COL("assessed_on", STORE_COL_CSTR, struct latest_read, assessed_on),
};

enum rede_err store_assessment_latest(struct store_conn *c, int64_t practice_id, const char *on,
				      int64_t *id, char assessed_on[11])
{
	struct store_stmt *st =
		store_prepare_select(c, latest_cols, STORE_NCOLS(latest_cols),
				     "FROM practice_assessment WHERE practice_id = ? AND "
				     "assessed_on <= ? ORDER BY assessed_on DESC, id DESC LIMIT 1");
	enum rede_err err;

	store_bind_all(st, STORE_INT(practice_id), STORE_TEXT(on ? on : "9999-12-31"));
	err = store_step_one(st);
	if (!err) {
		struct latest_read r;

		store_read_row(st, latest_cols, STORE_NCOLS(latest_cols), &r);
		*id = r.id;
		snprintf(assessed_on, 11, "%s", r.assessed_on);
	}
	store_finish(st);
	return err;
}

enum rede_err store_answer_each(struct store_conn *c, int64_t assessment_id,
				int (*fn)(const struct typology_answer *a, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, question_cols, STORE_NCOLS(question_cols),
		"FROM practice_answer a JOIN typology_question q ON q.id = a.question_id WHERE "
		"a.assessment_id = ? ORDER BY q.element, q.position, q.id");
	enum rede_err err;
	int stop = 0;

	store_bind_all(st, STORE_INT(assessment_id));
	while (!stop && (err = store_step(st)) == REDE_ROW) {
		struct question_read x;

		question_from_row(st, STORE_NCOLS(question_cols), &x);
		if (x.q.element == TYP_ELEMENT__COUNT)
			continue;
		x.a.q = &x.q;
		stop = fn(&x.a, arg);
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* ---- evidence from Rede's records ---- */

/* Run a query of up to three integer columns over (municipality, from,
 * to[, text]). */
static enum rede_err ints(struct store_conn *c, const char *sql, int64_t muni, const char *from,
			  const char *to, const char *extra, int64_t out[3])
{
	struct store_stmt *st = store_prepare(c, sql);
	const struct store_arg args[] = {STORE_INT(muni), STORE_TEXT(from), STORE_TEXT(to),
					 STORE_TEXT(extra)};
	enum rede_err err;

	/* The fourth "?" exists only in the queries that take extra. */
	store_bind_list(st, 1, args, extra ? 4 : 3);
	out[0] = out[1] = out[2] = 0;
	err = store_step_one(st);
	if (!err) /* by index by design: the caller's query has 1 to 3 integer columns */
		for (int i = 0; i < 3 && i < store_col_count(st); i++)
			out[i] = store_col_int(st, i);
	store_finish(st);
	return err;
}

static const char *report_of(const char *programme)
{
	if (!strcmp(programme, "home_pedagogue"))
		return "home-pedagogue";
	if (!strcmp(programme, "visit_1_5y") || !strcmp(programme, "visit_3y"))
		return "visits";
	if (!strcmp(programme, "cosp"))
		return "cosp";
	return NULL;
}

static enum rede_err goals_measured(struct store_conn *c, int64_t m, const char *p,
				    const char *from, const char *to, int64_t out[3])
{
	if (!strcmp(p, "home_pedagogue"))
		return ints(
			c,
			"SELECT count(*), count(DISTINCT gr.goal_id) FROM goal_rating gr JOIN goal "
			"g ON g.id = gr.goal_id JOIN enrolment e ON e.id = g.enrolment_id WHERE "
			"e.municipality_id = ? AND e.programme = 'home_pedagogue' AND gr.rated_on "
			">= ? AND gr.rated_on <= ?",
			m, from, to, NULL, out);
	if (!strcmp(p, "family_group"))
		return ints(
			c,
			"SELECT count(*), count(DISTINCT ds.goal_id) FROM daycare_score ds JOIN "
			"family_group_goal fg ON fg.id = ds.goal_id JOIN family_group_member fm ON "
			"fm.id = fg.member_id JOIN family_group g ON g.id = fm.group_id WHERE "
			"g.municipality_id = ? AND ds.scored_on >= ? AND ds.scored_on <= ?",
			m, from, to, NULL, out);
	out[0] = out[1] = out[2] = 0;
	return REDE_OK;
}

/* records: how many courses / visits / offers / members in the window;
 * costs: [records with time, of which without an hourly cost, minutes x
 * hourly øre (exact; shown in kroner rounded once, rede_div_round)]. */
static enum rede_err records(struct store_conn *c, int64_t m, const char *p, const char *from,
			     const char *to, int64_t out[3])
{
	if (!strcmp(p, "home_pedagogue"))
		return ints(
			c,
			"SELECT count(*) FROM enrolment e WHERE e.municipality_id = ? AND "
			"e.programme = 'home_pedagogue' AND e.created_at >= 0 AND (e.closed_on IS "
			"NULL OR e.closed_on >= ?) AND (e.start_on IS NULL OR e.start_on <= ?)",
			m, from, to, NULL, out);
	if (!strcmp(p, "family_group"))
		return ints(
			c,
			"SELECT count(*) FROM family_group_member fm JOIN family_group g ON g.id = "
			"fm.group_id WHERE g.municipality_id = ? AND (fm.left_on IS NULL OR "
			"fm.left_on >= ?) AND fm.joined_on <= ?",
			m, from, to, NULL, out);
	if (!strcmp(p, "cosp"))
		return ints(c,
			    "SELECT count(*) FROM cosp_offer o WHERE o.municipality_id = ? AND "
			    "o.offered_on >= ? AND o.offered_on <= ?",
			    m, from, to, NULL, out);
	return ints(c,
		    "SELECT count(*) FROM hv_visit v JOIN hv_offer o ON o.id = v.offer_id WHERE "
		    "v.municipality_id = ? AND v.visited_on >= ? AND v.visited_on <= ? AND "
		    "o.programme = ?",
		    m, from, to, p, out);
}

static enum rede_err costs(struct store_conn *c, int64_t m, const char *p, const char *from,
			   const char *to, int64_t out[3])
{
	if (!strcmp(p, "home_pedagogue"))
		return ints(
			c,
			"SELECT count(*), COALESCE(sum(CASE WHEN u.hourly_cost_ore IS NULL THEN 1 "
			"ELSE 0 END), 0), COALESCE(sum(ct.minutes * u.hourly_cost_ore), 0) "
			"FROM contact ct JOIN enrolment e ON e.id = ct.enrolment_id LEFT JOIN "
			"app_user u ON u.id = ct.recorded_by WHERE e.municipality_id = ? AND "
			"e.programme = 'home_pedagogue' AND ct.happened_on >= ? AND ct.happened_on "
			"<= ?",
			m, from, to, NULL, out);
	if (!strcmp(p, "cosp")) {
		int64_t minutes = 0;
		enum rede_err err = store_setting_int(c, m, "cost.cosp_session_minutes", &minutes);
		if (err && err != REDE_E_NOTFOUND)
			return err;
		err = ints(
			c,
			"SELECT count(*), COALESCE(sum(CASE WHEN u.hourly_cost_ore IS NULL THEN 1 "
			"ELSE 0 END), 0), COALESCE(sum(u.hourly_cost_ore), 0) FROM cosp_session se "
			"JOIN cosp_course cc ON cc.id = se.course_id JOIN cosp_facilitator f ON "
			"f.course_id = cc.id JOIN app_user u ON u.id = f.user_id WHERE "
			"cc.municipality_id = ? AND se.held_on >= ? AND se.held_on <= ?",
			m, from, to, NULL, out);
		out[2] = out[2] * minutes;
		if (!minutes)
			out[1] = out[0]; /* no session length: nothing is costed */
		return err;
	}
	if (!strcmp(p, "family_group")) {
		out[0] = out[1] = out[2] = 0;
		return REDE_OK;
	}
	return ints(
		c,
		"SELECT count(*), COALESCE(sum(CASE WHEN u.hourly_cost_ore IS NULL THEN 1 ELSE 0 "
		"END), 0), COALESCE(sum(v.minutes * u.hourly_cost_ore), 0) FROM hv_visit v "
		"JOIN hv_offer o ON o.id = v.offer_id JOIN app_user u ON u.id = "
		"v.health_visitor_id WHERE v.municipality_id = ? AND v.visited_on >= ? AND "
		"v.visited_on <= ? AND o.programme = ?",
		m, from, to, p, out);
}

/* Results bought: goals met (home pedagogue), visits held, completed
 * COS-P families (placed and not dropped out). */
static enum rede_err results(struct store_conn *c, int64_t m, const char *p, const char *from,
			     const char *to, int64_t out[3])
{
	if (!strcmp(p, "home_pedagogue"))
		return ints(
			c,
			"SELECT count(*) FROM goal g JOIN enrolment e ON e.id = g.enrolment_id "
			"JOIN closure cl ON cl.enrolment_id = e.id WHERE cl.municipality_id = ? AND "
			"e.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ? "
			"AND g.attainment = 'met'",
			m, from, to, NULL, out);
	if (!strcmp(p, "cosp"))
		return ints(
			c,
			"SELECT count(*) FROM cosp_offer o WHERE o.municipality_id = ? AND "
			"o.course_id IS NOT NULL AND o.dropout_on IS NULL AND o.offered_on >= ? AND "
			"o.offered_on <= ?",
			m, from, to, NULL, out);
	if (!strcmp(p, "family_group")) {
		out[0] = out[1] = out[2] = 0;
		return REDE_OK;
	}
	return records(c, m, p, from, to, out);
}

/* ---- faglig refleksion (issue 23) ---- */

/* The programme's staff in the window: who did its work (recorded a
 * contact, made a visit, facilitated a session). Parameters: municipality,
 * from, to, programme. */
static const char *programme_staff_sql(const char *p)
{
	if (!strcmp(p, "home_pedagogue"))
		return "SELECT DISTINCT k.recorded_by FROM contact k JOIN enrolment e ON e.id = "
		       "k.enrolment_id WHERE e.municipality_id = ? AND k.happened_on >= ? AND "
		       "k.happened_on <= ? AND e.programme = ? AND k.recorded_by IS NOT NULL";
	if (!strcmp(p, "cosp"))
		return "SELECT DISTINCT f.user_id FROM cosp_session se JOIN cosp_course cc ON cc.id "
		       "= se.course_id JOIN cosp_facilitator f ON f.course_id = cc.id WHERE "
		       "cc.municipality_id = ? AND se.held_on >= ? AND se.held_on <= ? AND ? <> ''";
	if (!strcmp(p, "visit_1_5y") || !strcmp(p, "visit_3y"))
		return "SELECT DISTINCT v.health_visitor_id FROM hv_visit v JOIN hv_offer o ON o.id "
		       "= v.offer_id WHERE v.municipality_id = ? AND v.visited_on >= ? AND "
		       "v.visited_on <= ? AND o.programme = ?";
	return NULL;
}

#define STAFF_MAX 4096

static enum rede_err programme_staff(struct store_conn *c, int64_t m, const char *p,
				     const char *from, const char *to, int64_t *ids, size_t *n)
{
	const char *sql = programme_staff_sql(p);
	struct store_stmt *st;
	enum rede_err err;

	*n = 0;
	if (!sql)
		return REDE_OK;
	st = store_prepare(c, sql);
	store_bind_all(st, STORE_INT(m), STORE_TEXT(from), STORE_TEXT(to), STORE_TEXT(p));
	while ((err = store_step(st)) == REDE_ROW && *n < STAFF_MAX)
		ids[(*n)++] = store_col_int(st, 0);
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

/* A training a staff member holds (the statement's text), and whether it
 * was fresh in the window: its "?" is the window's start, bound first. */
struct held_read {
	const char *competence;
	bool fresh;
};
static const struct store_col held_cols[] = {
	STORE_COL("competence", STORE_COL_CSTR, struct held_read, competence),
	STORE_COL("max(CASE WHEN COALESCE(ended_on, obtained_on) >= ? THEN 1 ELSE 0 END)",
		  STORE_COL_BOOL, struct held_read, fresh),
};

static enum rede_err reflection(struct store_conn *c, int64_t m, const char *p,
				enum core_typology_evidence e, const char *from, const char *to,
				bool *yes, char **text)
{
	int64_t *ids = xcalloc(STAFF_MAX, sizeof(*ids));
	int64_t a[3] = {0}, b[3] = {0};
	size_t n = 0;
	enum rede_err err = REDE_OK;

	if (e == TYPEV_CASES_DISCUSSED) {
		err = ints(c,
			   "SELECT count(DISTINCT s.id), count(DISTINCT k.enrolment_id) FROM "
			   "sparring_session s JOIN sparring_case k ON k.session_id = s.id JOIN "
			   "enrolment e ON e.id = k.enrolment_id WHERE s.municipality_id = ? AND "
			   "s.held_on >= ? AND s.held_on <= ? AND e.programme = ?",
			   m, from, to, p, a);
		if (!err)
			err = records(c, m, p, from, to, b);
		*yes = a[1] > 0;
		*text = *yes ? xasprintf(
				       "%lld faglige sparringer drøftede %lld af programmets %lld "
				       "forløb i perioden %s til %s.",
				       (long long)a[0], (long long)a[1], (long long)b[0], from, to)
			     : xasprintf(
				       "Ingen af programmets forløb er drøftet i faglig sparring i "
				       "perioden %s til %s.",
				       from, to);
		goto out;
	}
	err = programme_staff(c, m, p, from, to, ids, &n);
	if (err)
		goto out;
	if (!n) {
		*text = xasprintf("Rede kender ingen medarbejdere, der har arbejdet i programmet i "
				  "perioden %s til %s.",
				  from, to);
		goto out;
	}
	if (e == TYPEV_SPARRING_REGULAR) {
		struct core_sparring_params sp;
		int32_t f = 0, t = 0;
		int64_t target, met = 0, sessions_total = 0;

		err = store_sparring_params(c, m, &sp);
		rede_date_parse(from, &f);
		rede_date_parse(to, &t);
		target = core_sparring_target(&sp, (int64_t)t - f + 1);
		for (size_t i = 0; i < n && !err; i++) {
			int64_t sessions = 0, minutes = 0;
			err = store_sparring_user_minutes(c, ids[i], from, to, &sessions, &minutes);
			met += minutes > 0 && minutes >= target;
			sessions_total += sessions;
		}
		*yes = !err && met * 100 >= sp.regular_percent * (int64_t)n;
		*text = xasprintf(
			"%lld af %zu medarbejdere i programmet fik faglig sparring mindst "
			"som målet (%lld minutter pr. %lld dage) i perioden %s til %s; "
			"%lld deltagelser i alt. Kravet er %lld %%.",
			(long long)met, n, (long long)sp.target_minutes,
			(long long)sp.target_period_days, from, to, (long long)sessions_total,
			(long long)sp.regular_percent);
		goto out;
	}
	/* shared training: staff holding a training by the window's end, kinds
	 * held by two or more of them, and training taken in the window */
	{
		int64_t holders = 0, recent = 0, shared = 0;
		int64_t per_kind[TRAINING_KIND__COUNT] = {0};

		for (size_t i = 0; i < n && !err; i++) {
			struct store_stmt *st = store_prepare_select(
				c, held_cols, STORE_NCOLS(held_cols),
				"FROM staff_competence WHERE user_id = ? AND "
				"municipality_id = ? AND obtained_on <= ? GROUP BY competence");
			bool any = false, fresh = false;

			store_bind_all(st, STORE_TEXT(from), STORE_INT(ids[i]), STORE_INT(m),
				       STORE_TEXT(to));
			while ((err = store_step(st)) == REDE_ROW) {
				struct held_read h;
				int k;

				store_read_row(st, held_cols, STORE_NCOLS(held_cols), &h);
				k = core_training_kind_parse(h.competence);
				any = true;
				fresh = fresh || h.fresh;
				if (k < TRAINING_KIND__COUNT)
					per_kind[k]++;
			}
			store_finish(st);
			if (err == REDE_DONE)
				err = REDE_OK;
			holders += any;
			recent += fresh;
		}
		for (int k = 0; k < TRAINING_KIND__COUNT; k++)
			shared += per_kind[k] >= 2;
		*yes = !err && shared > 0 && recent > 0;
		*text = xasprintf("%lld af %zu medarbejdere i programmet har en registreret "
				  "uddannelse; %lld uddannelsestyper deles af mindst to; %lld har "
				  "taget en uddannelse i perioden %s til %s.",
				  (long long)holders, n, (long long)shared, (long long)recent, from,
				  to);
	}
out:
	free(ids);
	return err;
}

enum rede_err store_typology_evidence(struct store_conn *c, int64_t municipality_id,
				      const char *programme, enum core_typology_evidence e,
				      const char *from, const char *to, bool *yes, char **text)
{
	int64_t a[3] = {0}, b[3] = {0}, v = 0;
	const char *rep = report_of(programme);
	bool goals = !strcmp(programme, "home_pedagogue") || !strcmp(programme, "family_group");
	enum rede_err err = REDE_OK;

	*yes = false;
	*text = NULL;
	switch (e) {
	case TYPEV_GOALS_MEASURED:
		err = goals_measured(c, municipality_id, programme, from, to, a);
		*yes = a[0] > 0;
		*text = !goals ? xstrdup("Programmet sætter ikke mål for den enkelte familie i Rede.")
			: *yes ? xasprintf(
					 "%lld målinger af %lld mål mod familiens mål i perioden %s "
					 "til %s.",
					 (long long)a[0], (long long)a[1], from, to)
			       : xasprintf("Ingen målinger af mål i perioden %s til %s.", from, to);
		break;
	case TYPEV_FIXED_PROCEDURE:
		err = goals_measured(c, municipality_id, programme, from, to, a);
		*yes = a[0] > 0;
		if (!goals)
			*text = xstrdup(
				"Programmet har ingen fast procedure for måling af mål i Rede.");
		else if (!strcmp(programme, "home_pedagogue"))
			*text = xstrdup(
				*yes ? "Mål vurderes på programmets faste skala "
				       "(home_pedagogue.rating_min til rating_max), og Rede "
				       "minder om en ny vurdering (caseload.goal_unrated_days)."
				     : "Den faste skala er ikke brugt i perioden.");
		else
			*text = xstrdup(
				*yes ? "Dagtilbuddet scorer dagligt på en fast skala "
				       "(family_group.score_min til score_max) med statusmøder "
				       "(family_group.status_meeting_weeks)."
				     : "Den faste skala er ikke brugt i perioden.");
		break;
	case TYPEV_IT_SYSTEM:
		err = records(c, municipality_id, programme, from, to, a);
		*yes = a[0] > 0;
		*text = xasprintf("Rede: %lld forløb, tilbud eller besøg registreret i perioden.",
				  (long long)a[0]);
		break;
	case TYPEV_AGGREGATED:
		err = goals_measured(c, municipality_id, programme, from, to, a);
		*yes = a[0] > 0 && !strcmp(programme, "home_pedagogue");
		*text = *yes ? xasprintf(
				       "Rede samler målingerne i rapporten home-pedagogue (tabellen "
				       "Mål efter tema og målopfyldelse): /api/v1/reports/"
				       "home-pedagogue?from=%s&to=%s",
				       from, to)
			     : xstrdup("Rede samler ikke målinger af mål for dette program.");
		break;
	case TYPEV_REPORTED:
		if (!rep || !goals) {
			*text = xstrdup(
				"Der er ingen samlet afrapportering af mål for dette program.");
			break;
		}
		/* API runs name the report in entity_id; CLI runs in the purpose. */
		err = ints(
			c,
			"SELECT count(*) FROM audit_log WHERE municipality_id = ? AND entity = "
			"'report' AND outcome = 'ok' AND substr(at, 1, 10) >= ? AND substr(at, 1, "
			"10) <= ? AND (entity_id = ? OR entity_id = 'evaluation-kit' OR purpose "
			"LIKE 'cli report evaluation-kit%')",
			municipality_id, from, to, rep, a);
		if (!err && !a[0]) {
			char *like = xasprintf("cli report %s %%", rep);
			err = ints(
				c,
				"SELECT count(*) FROM audit_log WHERE municipality_id = ? AND entity "
				"= 'report' AND outcome = 'ok' AND substr(at, 1, 10) >= ? AND "
				"substr(at, 1, 10) <= ? AND purpose LIKE ?",
				municipality_id, from, to, like, a);
			free(like);
		}
		*yes = a[0] > 0;
		*text = xasprintf("Rapporten %s (eller evalueringskittet) er dannet %lld gange i "
				  "perioden (revisionsloggen).",
				  rep, (long long)a[0]);
		break;
	case TYPEV_COSTS_KNOWN:
		err = costs(c, municipality_id, programme, from, to, a);
		*yes = a[0] > 0 && a[1] == 0;
		*text = !a[0] ? xstrdup("Rede har ingen registreret tid for programmet i perioden.")
			: a[1] ? xasprintf("%lld af %lld registreringer mangler en timepris.",
					   (long long)a[1], (long long)a[0])
			       : xasprintf(
					 "Tid og timepris kendes for alle %lld registreringer: %lld kr. "
					 "i perioden (rapporten costs).",
					 (long long)a[0], (long long)rede_div_round(a[2], 6000));
		break;
	case TYPEV_COSTS_VS_RESULTS:
		err = costs(c, municipality_id, programme, from, to, a);
		if (!err)
			err = results(c, municipality_id, programme, from, to, b);
		*yes = a[0] > 0 && a[1] == 0 && b[0] > 0;
		*text = *yes ? xasprintf(
				       "%lld kr. over for %lld resultater (nåede mål, besøg eller "
				       "gennemførte forløb): rapporten costs viser prisen pr. "
				       "resultat.",
				       (long long)rede_div_round(a[2], 6000), (long long)b[0])
			     : xstrdup("Omkostninger og resultater kan ikke holdes op mod hinanden "
				       "ud fra Redes data i perioden.");
		break;
	case TYPEV_COSTS_COMPARED:
		err = store_setting_int(c, municipality_id, "cost.alternative_intervention_kr", &v);
		if (err == REDE_E_NOTFOUND)
			err = REDE_OK;
		*yes = v > 0;
		*text = *yes ? xasprintf("Sammenholdt med en alternativ indsats til %lld kr. pr. "
					 "familie og med de andre programmer (rapporten costs).",
					 (long long)v)
			     : xstrdup("Kommunen har ikke angivet en alternativ indsats at "
				       "sammenligne med (cost.alternative_intervention_kr).");
		break;
	case TYPEV_CASES_DISCUSSED:
	case TYPEV_SPARRING_REGULAR:
	case TYPEV_SHARED_TRAINING:
		err = reflection(c, municipality_id, programme, e, from, to, yes, text);
		break;
	default: break;
	}
	if (err) {
		free(*text);
		*text = NULL;
		*yes = false;
	}
	return err;
}

/* ---- scores ---- */

struct score_acc {
	int yes[TYP_ELEMENT__COUNT], n[TYP_ELEMENT__COUNT];
};

static int score_add(const struct typology_answer *a, void *arg)
{
	struct score_acc *s = arg;

	s->n[a->q->element]++;
	if (a->yes)
		s->yes[a->q->element]++;
	return 0;
}

enum rede_err store_practice_scores(struct store_conn *c, int64_t practice_id,
				    struct practice_scores *out)
{
	return store_practice_scores_on(c, practice_id, NULL, out);
}

enum rede_err store_practice_scores_on(struct store_conn *c, int64_t practice_id, const char *on,
				       struct practice_scores *out)
{
	struct score_acc acc = {{0}, {0}};
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	err = store_assessment_latest(c, practice_id, on, &out->assessment_id, out->assessed_on);
	if (!err)
		err = store_answer_each(c, out->assessment_id, score_add, &acc);
	if (err)
		return err;
	memcpy(out->yes, acc.yes, sizeof(acc.yes));
	memcpy(out->n, acc.n, sizeof(acc.n));
	out->total = core_typology_score(acc.yes, acc.n, out->score);
	return REDE_OK;
}
