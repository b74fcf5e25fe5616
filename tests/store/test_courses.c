/*
 * test_courses.c - the course store (store/enrolments.h, goals.h,
 * contacts.h) against a real database: SQLite by default, PostgreSQL when
 * REDE_TEST_DB is a postgres:// URL (make test runs both). Programme
 * parameters with a municipal override, one course per referral, stale
 * versions, staff eligibility, hours history, lists through the access
 * rule, the facts behind the caseload alerts, one closure per course, and
 * the batch reader of list facts (store/course_batch.h) across batches, and
 * that the enrolment column list and its SQL text agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rede/core.h"
#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/contacts.h"
#include "store/course_batch.h"
#include "store/enrolments.h"
#include "store/families.h"
#include "store/goals.h"
#include "store/history.h"
#include "store/settings.h"
#include "store/tenancy.h"
#include "store/users.h"

#include "fixture.h"

static struct fixture fx;
static struct store *s;
static int64_t mid, mid2, unit_id, hp, hp2, coord, hp_other, hp_disabled;

static char today[11];
static int32_t day0;

static enum rede_err add_user(struct store_conn *c, int64_t m, const char *name, int64_t roles,
			      bool disabled, int64_t *id)
{
	return fixture_user_add(c, m, unit_id, name, roles, disabled, id);
}

static enum rede_err setup_body(struct store_conn *c, void *arg)
{
	enum rede_err err;
	(void)arg;

	err = store_municipality_add(c, "0101", "Testby", &mid);
	if (!err)
		err = store_municipality_add(c, "0202", "Andenby", &mid2);
	if (!err)
		err = store_unit_add(c, mid, "administration", "Forvaltningen", &unit_id);
	if (!err)
		err = add_user(c, mid, "hp", ROLE_BIT(ROLE_HOME_PEDAGOGUE), false, &hp);
	if (!err)
		err = add_user(c, mid, "hp2", ROLE_BIT(ROLE_HOME_PEDAGOGUE), false, &hp2);
	if (!err)
		err = add_user(c, mid, "coord", ROLE_BIT(ROLE_COORDINATOR), false, &coord);
	if (!err)
		err = add_user(c, mid2, "hp-b", ROLE_BIT(ROLE_HOME_PEDAGOGUE), false, &hp_other);
	if (!err)
		err = add_user(c, mid, "hp-off", ROLE_BIT(ROLE_HOME_PEDAGOGUE), true, &hp_disabled);
	return err;
}

static int setup(void **state)
{
	(void)state;

	if (fixture_open(&fx, "courses", 2, FIXTURE_AUDIT_KEY | FIXTURE_MIGRATE))
		return -1;
	s = fx.s;
	day0 = (int32_t)(rede_now() / 86400);
	rede_date_format(day0, today);
	return store_tx_run(s, STORE_TX_WRITE, setup_body, NULL) == REDE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

static int64_t insert_id(struct store_conn *c, const char *sql)
{
	int64_t id = 0;

	assert_int_equal(store_run_int(store_prepare(c, sql), &id), REDE_OK);
	return id;
}

/* A family with a child, a guardian and an accepted referral; returns the
 * referral, family and child ids. */
static void fixture(struct store_conn *c, int64_t m, bool share, int64_t *referral, int64_t *family,
		    int64_t *child)
{
	char sql[600];
	int64_t guardian;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO family (municipality_id, name, search_key, created_at) "
		 "VALUES (%lld, 'Familien Testesen', 'familien testesen', 1) RETURNING id",
		 (long long)m);
	*family = insert_id(c, sql);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO person (municipality_id, family_id, kind, given_name, family_name, "
		 "search_key, created_at) VALUES (%lld, %lld, 'child', 'A', 'T', 'a t', 1) "
		 "RETURNING id",
		 (long long)m, (long long)*family);
	*child = insert_id(c, sql);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO person (municipality_id, family_id, kind, given_name, family_name, "
		 "search_key, created_at) VALUES (%lld, %lld, 'guardian', 'B', 'T', 'b t', 1) "
		 "RETURNING id",
		 (long long)m, (long long)*family);
	guardian = insert_id(c, sql);
	if (share) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO consent (municipality_id, family_id, purpose, guardian_id, "
			 "given_on, created_at) VALUES (%lld, %lld, 'share_daycare', %lld, "
			 "'2000-01-01', 1) RETURNING id",
			 (long long)m, (long long)*family, (long long)guardian);
		insert_id(c, sql);
	}
	snprintf(sql, sizeof(sql),
		 "INSERT INTO referral (municipality_id, family_id, child_id, programme, source, "
		 "reason, referred_on, status, created_at) VALUES (%lld, %lld, %lld, "
		 "'home_pedagogue', 'gp', 'syntetisk', '2026-01-01', 'accepted', 1) RETURNING id",
		 (long long)m, (long long)*family, (long long)*child);
	*referral = insert_id(c, sql);
}

static void course_row(struct enrolment_row *e, int64_t m, int64_t referral, int64_t family,
		       int64_t child, int64_t staff)
{
	enrolment_row_init(e);
	e->municipality_id = m;
	e->family_id = family;
	e->child_id = child;
	e->referral_id = referral;
	e->unit_id = unit_id;
	snprintf(e->status, sizeof(e->status), "planned");
	snprintf(e->legal_frame, sizeof(e->legal_frame), "dagtilbudsloven_8_9");
	rede_date_format(day0 - 30, e->start_on);
	rede_date_format(day0 + 100, e->planned_end_on);
	e->staff_ids[e->nstaff++] = staff;
}

/* Run a test body in one write transaction that is rolled back at the end,
 * so tests do not see each other's rows. */
static enum rede_err tx_rollback(struct store_conn *c, void *arg)
{
	void (*body)(struct store_conn *) = (void (*)(struct store_conn *))arg;

	body(c);
	return REDE_E_ABORTED;
}

static void in_tx(void (*body)(struct store_conn *))
{
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, tx_rollback, (void *)body),
			 REDE_E_ABORTED);
}

static void params_body(struct store_conn *c)
{
	struct core_course_params p;

	assert_int_equal(store_course_params(c, mid, &p), REDE_OK);
	assert_int_equal(p.max_weeks, 40);
	assert_int_equal(p.warning_week, 32);
	assert_int_equal(p.rating_min, 1);
	assert_int_equal(p.rating_max, 4);
	assert_int_equal(p.no_contact_days, 21);
	assert_int_equal(p.goal_unrated_days, 42);
	/* A municipality's own value wins; others keep the default. */
	assert_int_equal(store_setting_set(c, mid2, "home_pedagogue.max_weeks", "30"), REDE_OK);
	assert_int_equal(store_course_params(c, mid2, &p), REDE_OK);
	assert_int_equal(p.max_weeks, 30);
	assert_int_equal(store_course_params(c, mid, &p), REDE_OK);
	assert_int_equal(p.max_weeks, 40);
}

static void params(void **state)
{
	(void)state;
	in_tx(params_body);
}

static void eligibility_body(struct store_conn *c)
{
	bool ok;

	assert_int_equal(store_staff_eligible(c, mid, hp, &ok), REDE_OK);
	assert_true(ok);
	assert_int_equal(store_staff_eligible(c, mid, coord, &ok), REDE_OK);
	assert_false(ok);
	assert_int_equal(store_staff_eligible(c, mid, hp_other, &ok), REDE_OK);
	assert_false(ok);
	assert_int_equal(store_staff_eligible(c, mid, hp_disabled, &ok), REDE_OK);
	assert_false(ok);
	assert_int_equal(store_staff_eligible(c, mid, 999999, &ok), REDE_OK);
	assert_false(ok);
}

static void eligibility(void **state)
{
	(void)state;
	in_tx(eligibility_body);
}

static int count_hours(const struct hours_row *h, void *arg)
{
	int64_t *v = arg;

	v[v[0] + 1] = h->minutes_per_week;
	v[0]++;
	return 0;
}

static void enrolment_body(struct store_conn *c)
{
	struct enrolment_row e, got, stale, twice;
	int64_t referral, family, child, id, hid, hours[8] = {0};
	char later[11];
	bool yes;

	fixture(c, mid, true, &referral, &family, &child);
	course_row(&e, mid, referral, family, child, hp);
	assert_int_equal(store_enrolment_insert(c, &e, e.start_on, 180, coord), REDE_OK);
	assert_int_equal(e.version, 1);
	assert_int_equal(store_enrolment_by_referral(c, mid, referral, &id), REDE_OK);
	assert_int_equal(id, e.id);
	assert_int_equal(store_enrolment_by_referral(c, mid2, referral, &id), REDE_E_NOTFOUND);
	/* another municipality's id is not found */
	enrolment_row_init(&got);
	assert_int_equal(store_enrolment_get(c, mid2, e.id, &got), REDE_E_NOTFOUND);
	assert_int_equal(store_enrolment_get(c, mid, e.id, &got), REDE_OK);
	assert_string_equal(got.status, "planned");
	assert_string_equal(got.start_on, e.start_on);
	assert_string_equal(got.extension_until, "");
	assert_null(got.extension_reason);
	assert_int_equal(got.nstaff, 1);
	assert_int_equal(got.staff_ids[0], hp);
	assert_int_equal(store_enrolment_is_staff(c, e.id, hp, &yes), REDE_OK);
	assert_true(yes);
	assert_int_equal(store_enrolment_is_staff(c, e.id, hp2, &yes), REDE_OK);
	assert_false(yes);
	/* update with the version read; the older copy is then stale */
	enrolment_row_init(&stale);
	assert_int_equal(store_enrolment_get(c, mid, e.id, &stale), REDE_OK);
	snprintf(got.status, sizeof(got.status), "active");
	got.staff_ids[got.nstaff++] = hp2;
	got.extension_reason = xstrdup("Besluttet");
	rede_date_format(day0 + 300, got.extension_until);
	got.extension_decided_by = coord;
	got.extension_decided_at = 5;
	assert_int_equal(store_enrolment_update(c, &got), REDE_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(store_enrolment_update(c, &stale), REDE_E_CONFLICT);
	enrolment_row_release(&stale);
	enrolment_row_init(&stale);
	assert_int_equal(store_enrolment_get(c, mid, e.id, &stale), REDE_OK);
	assert_string_equal(stale.status, "active");
	assert_string_equal(stale.extension_reason, "Besluttet");
	assert_int_equal(stale.extension_decided_at, 5);
	assert_int_equal(stale.nstaff, 2);
	/* hours history, oldest first */
	rede_date_format(day0 + 7, later);
	assert_int_equal(store_hours_add(c, e.id, later, 120, hp, &hid), REDE_OK);
	assert_int_equal(store_hours_each(c, e.id, count_hours, hours), REDE_OK);
	assert_int_equal(hours[0], 2);
	assert_int_equal(hours[1], 180);
	assert_int_equal(hours[2], 120);
	/* one course per referral (last: PostgreSQL aborts the transaction) */
	course_row(&twice, mid, referral, family, child, hp);
	assert_int_equal(store_enrolment_insert(c, &twice, twice.start_on, 60, coord),
			 REDE_E_CONFLICT);
	enrolment_row_release(&e);
	enrolment_row_release(&got);
	enrolment_row_release(&stale);
	enrolment_row_release(&twice);
}

static void enrolments(void **state)
{
	(void)state;
	in_tx(enrolment_body);
}

/* The day a course's state_<status>_on column holds and the day of its
 * enrolment_state row of that status (migration 0030), "" for none. */
static void course_day(struct store_conn *c, int64_t id, const char *status, char *col, char *hist)
{
	char sql[160];
	struct store_stmt *st;

	snprintf(sql, sizeof(sql), "SELECT COALESCE(state_%s_on, '') FROM enrolment WHERE id = ?",
		 status);
	st = store_prepare(c, sql);
	store_bind_all(st, STORE_INT(id));
	assert_int_equal(store_step_one(st), REDE_OK);
	snprintf(col, 11, "%s", store_col_text(st, 0));
	store_finish(st);
	st = store_prepare(c, "SELECT COALESCE(max(effective_on), '') FROM enrolment_state WHERE "
			      "enrolment_id = ? AND status = ?");
	store_bind_all(st, STORE_INT(id), STORE_TEXT(status));
	assert_int_equal(store_step_one(st), REDE_OK);
	snprintf(hist, 11, "%s", store_col_text(st, 0));
	store_finish(st);
}

/* Each status's day is copied onto the course with the history row; a
 * status recorded again keeps its first day in both; an unknown status
 * writes nothing. */
static void course_dates_body(struct store_conn *c)
{
	struct enrolment_row e;
	int64_t referral, family, child, n = 0;
	char col[11], hist[11];
	struct store_stmt *st;

	fixture(c, mid, true, &referral, &family, &child);
	course_row(&e, mid, referral, family, child, hp);
	assert_int_equal(store_enrolment_insert(c, &e, e.start_on, 180, coord), REDE_OK);
	course_day(c, e.id, "planned", col, hist);
	assert_string_not_equal(col, "");
	assert_string_equal(col, hist);
	course_day(c, e.id, "active", col, hist);
	assert_string_equal(col, "");
	assert_string_equal(hist, "");

	assert_int_equal(store_enrolment_state_add(c, e.id, "active", "2025-02-01"), REDE_OK);
	assert_int_equal(store_enrolment_state_add(c, e.id, "active", "2025-03-01"), REDE_OK);
	course_day(c, e.id, "active", col, hist);
	assert_string_equal(col, "2025-02-01");
	assert_string_equal(hist, "2025-02-01");
	/* an empty day records nothing */
	assert_int_equal(store_enrolment_state_add(c, e.id, "closed", ""), REDE_OK);
	course_day(c, e.id, "closed", col, hist);
	assert_string_equal(col, "");
	assert_string_equal(hist, "");
	assert_int_equal(store_enrolment_state_add(c, e.id, "closed", "2025-12-31"), REDE_OK);
	course_day(c, e.id, "closed", col, hist);
	assert_string_equal(col, "2025-12-31");
	assert_string_equal(hist, "2025-12-31");
	assert_int_equal(store_enrolment_state_add(c, e.id, "paused", "2025-04-01"),
			 REDE_E_INVALID);
	st = store_prepare(c, "SELECT count(*) FROM enrolment_state WHERE enrolment_id = ?");
	store_bind_all(st, STORE_INT(e.id));
	assert_int_equal(store_run_int(st, &n), REDE_OK);
	assert_int_equal(n, 3); /* planned, active, closed */
	enrolment_row_release(&e);
}

static void course_dates(void **state)
{
	(void)state;
	in_tx(course_dates_body);
}

static int collect(struct store_conn *c, const struct enrolment_row *e, void *arg)
{
	int64_t *v = arg;
	(void)c;

	v[++v[0]] = e->id;
	return 0;
}

static bool listed(const int64_t *v, int64_t id)
{
	for (int64_t i = 1; i <= v[0]; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void list_body(struct store_conn *c)
{
	struct enrolment_row a, b;
	int64_t r, f, ch, seen[64];
	struct access_who who_hp = {mid, hp, ROLE_BIT(ROLE_HOME_PEDAGOGUE)};
	struct access_who who_hp2 = {mid, hp2, ROLE_BIT(ROLE_HOME_PEDAGOGUE)};
	struct access_who who_coord = {mid, coord, ROLE_BIT(ROLE_COORDINATOR)};
	struct access_who who_b = {mid2, hp_other, ROLE_BIT(ROLE_HOME_PEDAGOGUE)};
	struct access_who who_admin = {mid, coord, ROLE_BIT(ROLE_ADMIN)};

	fixture(c, mid, false, &r, &f, &ch);
	course_row(&a, mid, r, f, ch, hp);
	assert_int_equal(store_enrolment_insert(c, &a, a.start_on, 60, coord), REDE_OK);
	fixture(c, mid, false, &r, &f, &ch);
	course_row(&b, mid, r, f, ch, hp2);
	snprintf(b.status, sizeof(b.status), "closed");
	assert_int_equal(store_enrolment_insert(c, &b, b.start_on, 60, coord), REDE_OK);

	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_hp, false, false, collect, seen), REDE_OK);
	assert_true(listed(seen, a.id));
	assert_false(listed(seen, b.id));
	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_hp2, true, false, collect, seen), REDE_OK);
	assert_false(listed(seen, a.id));
	assert_true(listed(seen, b.id));
	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_hp2, true, true, collect, seen), REDE_OK);
	assert_false(listed(seen, b.id));
	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_coord, false, false, collect, seen), REDE_OK);
	assert_true(listed(seen, a.id) && listed(seen, b.id));
	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_coord, true, false, collect, seen), REDE_OK);
	assert_false(listed(seen, a.id));
	seen[0] = 0;
	assert_int_equal(store_enrolment_each(c, &who_b, false, false, collect, seen), REDE_OK);
	assert_int_equal(seen[0], 0);
	assert_int_equal(store_enrolment_each(c, &who_admin, false, false, collect, seen), REDE_OK);
	assert_int_equal(seen[0], 0);
	enrolment_row_release(&a);
	enrolment_row_release(&b);
}

static void lists(void **state)
{
	(void)state;
	in_tx(list_body);
}

static void contact(struct store_conn *c, const struct enrolment_row *e, int32_t on,
		    const char *kind, int64_t goal)
{
	struct contact_row r;

	contact_row_init(&r);
	r.municipality_id = e->municipality_id;
	r.enrolment_id = e->id;
	rede_date_format(on, r.happened_on);
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.activities, sizeof(r.activities), "advice");
	r.minutes = 30;
	if (goal)
		r.goal_ids[r.ngoals++] = goal;
	assert_int_equal(store_contact_insert(c, &r), REDE_OK);
	contact_row_release(&r);
}

/* An integer expression over the closure of a course (0 without one). */
static int64_t closure_fact(struct store_conn *c, int64_t enrolment_id, const char *expr)
{
	char *sql = xasprintf("SELECT COALESCE((SELECT %s FROM closure WHERE enrolment_id = ?), 0)",
			      expr);
	struct store_stmt *st = store_prepare(c, sql);
	int64_t v = -1;

	store_bind_all(st, STORE_INT(enrolment_id));
	assert_int_equal(store_run_int(st, &v), REDE_OK);
	free(sql);
	return v;
}

static void facts_body(struct store_conn *c)
{
	struct enrolment_row e;
	struct goal_row g1, g2;
	struct rating_row rt;
	struct core_course_facts f;
	struct closure_row cl, cl2;
	int64_t r, fam, ch;
	int32_t *rated = NULL;

	fixture(c, mid, false, &r, &fam, &ch);
	course_row(&e, mid, r, fam, ch, hp);
	snprintf(e.status, sizeof(e.status), "active");
	assert_int_equal(store_enrolment_insert(c, &e, e.start_on, 60, coord), REDE_OK);
	goal_row_init(&g1);
	goal_row_init(&g2);
	g1.enrolment_id = g2.enrolment_id = e.id;
	g1.theme = 1;
	g2.theme = 3;
	snprintf(g1.focus_area, sizeof(g1.focus_area), "routines");
	snprintf(g2.focus_area, sizeof(g2.focus_area), "daycare_cooperation");
	g1.text = xstrdup("Faste rutiner");
	g2.text = xstrdup("Tale med vuggestuen");
	g1.baseline = g2.baseline = 1;
	g1.target = g2.target = 3;
	rede_date_format(day0 - 50, g1.agreed_on);
	rede_date_format(day0 - 50, g2.agreed_on);
	assert_int_equal(store_goal_insert(c, &g1), REDE_OK);
	assert_int_equal(store_goal_insert(c, &g2), REDE_OK);
	memset(&rt, 0, sizeof(rt));
	rt.goal_id = g1.id;
	rt.value = 2;
	snprintf(rt.by, sizeof(rt.by), "parent");
	rede_date_format(day0 - 3, rt.rated_on);
	assert_int_equal(store_rating_insert(c, &rt), REDE_OK);
	/* a rating dated after the day asked about does not count */
	rede_date_format(day0 + 3, rt.rated_on);
	assert_int_equal(store_rating_insert(c, &rt), REDE_OK);
	contact(c, &e, day0 - 10, "home_session", g1.id);
	contact(c, &e, day0 - 2, "cancelled", 0);
	contact(c, &e, day0 - 1, "no_show", 0);
	/* a planned meeting: no share_daycare consent in this family */
	contact(c, &e, day0 + 5, "network_meeting", g2.id);
	contact(c, &e, day0 + 9, "network_meeting", 0);

	assert_int_equal(store_course_facts(c, &e, day0, &f, &rated), REDE_OK);
	assert_int_equal(f.status, COURSE_ACTIVE);
	assert_int_equal(f.start, day0 - 30);
	assert_int_equal(f.extension_until, CORE_NO_DATE);
	assert_int_equal(f.last_contact, day0 - 10);
	assert_int_equal(f.ngoals, 2);
	assert_int_equal(rated[0], day0 - 3);
	assert_int_equal(rated[1], day0 - 50);
	assert_int_equal(f.planned_meetings_without_consent, 2);
	free(rated);

	/* the course closed */
	closure_row_init(&cl);
	cl.enrolment_id = e.id;
	snprintf(cl.closed_on, sizeof(cl.closed_on), "%s", today);
	snprintf(cl.reason, sizeof(cl.reason), "needs_other_intervention");
	cl.other_intervention = xstrdup("Familiebehandling");
	cl.eval[EVALQ_PARENTING] = 1;
	cl.eval[EVALQ_GOOD_PARENT] = 0;
	assert_int_equal(store_closure_insert(c, &cl), REDE_OK);
	closure_row_init(&cl2);
	assert_int_equal(store_closure_get(c, e.id, &cl2), REDE_OK);
	assert_string_equal(cl2.reason, "needs_other_intervention");
	assert_string_equal(cl2.other_intervention, "Familiebehandling");
	assert_null(cl2.onward_referral);
	assert_int_equal(cl2.eval[EVALQ_PARENTING], 1);
	assert_int_equal(cl2.eval[EVALQ_GOOD_PARENT], 0);
	assert_int_equal(cl2.eval[EVALQ_CHILD_DEVELOPMENT], -1);
	/* the closure keeps the course's programme and the minutes held so far
	 * (0035: three 30-minute contacts took place, the cancelled and the
	 * no-show did not); a contact the store is given for the closed course
	 * moves them, a cancelled one does not */
	assert_int_equal(closure_fact(c, e.id, "held_minutes"), 90);
	assert_int_equal(
		closure_fact(c, e.id, "CASE WHEN programme = 'home_pedagogue' THEN 1 ELSE 0 END"),
		1);
	contact(c, &e, day0, "phone", 0);
	contact(c, &e, day0, "cancelled", 0);
	assert_int_equal(closure_fact(c, e.id, "held_minutes"), 120);
	/* no closure for a course that does not exist: nothing written */
	cl.enrolment_id = e.id + 1000;
	assert_int_equal(store_closure_insert(c, &cl), REDE_E_NOTFOUND);
	assert_int_equal(closure_fact(c, cl.enrolment_id, "count(*)"), 0);
	/* one closure per course (last: on PostgreSQL the refused insert ends
	 * the transaction) */
	cl.enrolment_id = e.id;
	assert_int_equal(store_closure_insert(c, &cl), REDE_E_CONFLICT);
	closure_row_release(&cl);
	closure_row_release(&cl2);
	goal_row_release(&g1);
	goal_row_release(&g2);
	enrolment_row_release(&e);
}

static void facts(void **state)
{
	(void)state;
	in_tx(facts_body);
}

/* 2 * COURSE_BATCH + 3 courses read in one store_course_extras call give,
 * for every course, what a single-course read gives; staff of many
 * courses are loaded in batches too. */
static void batch_body(struct store_conn *c)
{
	enum { NC = 2 * COURSE_BATCH + 3 };
	struct enrolment_row *rows = xcalloc(NC, sizeof(*rows));
	struct course_extra *x = xcalloc(NC, sizeof(*x));
	struct enrolment_row *listed_rows = NULL;
	struct access_who who = {mid, hp2, ROLE_BIT(ROLE_HOME_PEDAGOGUE)};
	size_t nlisted = 0;
	int64_t r, fam, ch;

	for (int i = 0; i < NC; i++) {
		fixture(c, mid, false, &r, &fam, &ch);
		course_row(&rows[i], mid, r, fam, ch, i % 2 ? hp : hp2);
		if (i % 3 == 0)
			rows[i].staff_ids[rows[i].nstaff++] = i % 2 ? hp2 : hp;
		snprintf(rows[i].status, sizeof(rows[i].status), "active");
		assert_int_equal(
			store_enrolment_insert(c, &rows[i], rows[i].start_on, 30 + i, coord),
			REDE_OK);
		if (i % 5 == 0)
			contact(c, &rows[i], day0 - i % 20, "home_session", 0);
		if (i % 7 == 0)
			contact(c, &rows[i], day0 + 3, "network_meeting", 0);
	}
	assert_int_equal(store_course_extras(c, rows, NC, day0, x), REDE_OK);
	for (int i = 0; i < NC; i++) {
		struct course_extra one;
		struct core_course_facts fa, fb;

		assert_int_equal(store_course_extras(c, &rows[i], 1, day0, &one), REDE_OK);
		assert_non_null(x[i].family_name);
		assert_string_equal(x[i].family_name, one.family_name);
		assert_int_equal(x[i].nstaff, rows[i].nstaff);
		assert_int_equal(x[i].nstaff, one.nstaff);
		for (size_t k = 0; k < one.nstaff; k++)
			assert_int_equal(x[i].staff_ids[k], one.staff_ids[k]);
		assert_int_equal(x[i].minutes_current, 30 + i);
		course_extra_facts(&rows[i], &x[i], &fa);
		course_extra_facts(&rows[i], &one, &fb);
		assert_int_equal(fa.last_contact, i % 5 == 0 ? day0 - i % 20 : CORE_NO_DATE);
		assert_int_equal(fa.last_contact, fb.last_contact);
		assert_int_equal(fa.planned_meetings_without_consent, i % 7 == 0 ? 1 : 0);
		assert_int_equal(fa.planned_meetings_without_consent,
				 fb.planned_meetings_without_consent);
		assert_int_equal(fa.ngoals, fb.ngoals);
		course_extra_release(&one);
	}
	/* hp2's own courses, staff loaded in batches */
	assert_int_equal(store_enrolment_list(c, &who, true, true, NULL, &listed_rows, &nlisted),
			 REDE_OK);
	assert_true(nlisted > COURSE_BATCH);
	for (size_t i = 0; i < nlisted; i++) {
		bool mine = false;

		for (size_t k = 0; k < listed_rows[i].nstaff; k++)
			mine |= listed_rows[i].staff_ids[k] == hp2;
		assert_true(mine);
		assert_true(i == 0 || listed_rows[i].id < listed_rows[i - 1].id);
	}
	store_enrolment_list_free(listed_rows, nlisted);
	for (int i = 0; i < NC; i++) {
		course_extra_release(&x[i]);
		enrolment_row_release(&rows[i]);
	}
	free(x);
	free(rows);
}

static int found_family(const struct family_row *f, void *arg)
{
	(void)f;
	++*(int *)arg;
	return 0;
}

/* A name search is planned for its words, not by a plan PostgreSQL keeps
 * from earlier searches on the connection (26-95 ms instead of 3-8 ms for
 * a home pedagogue's commonest prefixes on the national data;
 * docs/PERFORMANCE.md "A report's plans for its own period"). */
static void search_plan_body(struct store_conn *c)
{
	struct access_who who = {mid, hp2, ROLE_BIT(ROLE_HOME_PEDAGOGUE)};
	char mode[32];
	int n = 0;

	fixture_plan_mode(&fx, c, mode, sizeof(mode));
	assert_string_equal(mode, strncmp(fx.url, "postgres", 8) ? "" : "auto");
	assert_int_equal(store_family_search(c, &who, "fa", 10, found_family, &n), REDE_OK);
	assert_true(n >= 0);
	fixture_plan_mode(&fx, c, mode, sizeof(mode));
	assert_string_equal(mode, strncmp(fx.url, "postgres", 8) ? "" : "force_custom_plan");
}

static void search_plan(void **state)
{
	(void)state;
	in_tx(search_plan_body);
}

static void batch(void **state)
{
	(void)state;
	in_tx(batch_body);
}

/* course_batch.c assembles its SELECT from STORE_ENROLMENT_COLS at compile
 * time and reads it with store_enrolment_from_row (store_enrolment_cols):
 * the text and the list must name the same columns in the same order. */
static void enrolment_cols(void **state)
{
	char *sql = store_select_sql(store_enrolment_cols, STORE_ENROLMENT_NCOLS, "FROM e");

	(void)state;
	assert_string_equal(sql, "SELECT " STORE_ENROLMENT_COLS " FROM e");
	free(sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(params),         cmocka_unit_test(eligibility),
		cmocka_unit_test(enrolments),     cmocka_unit_test(lists),
		cmocka_unit_test(facts),          cmocka_unit_test(batch),
		cmocka_unit_test(enrolment_cols), cmocka_unit_test(course_dates),
		cmocka_unit_test(search_plan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
