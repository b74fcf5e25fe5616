/*
 * demo_courses.c - SYNTHETIC home-pedagogue cases for `rede demo` (issue 3
 * item 11), so a newcomer signed in as hjemmepaedagog, koordinator or
 * leder sees a realistic caseload.
 *
 * Nothing here is a real person: family names are invented ("Familien
 * Testesen"), CPR numbers are drawn from a deterministic PRNG seeded by
 * --seed (valid dates, century digit consistent with the birth year, no
 * modulus-11 claim), and every family's referral says it is synthetic. One
 * set of cases covers every state a referral and a course can be in:
 *
 *   pending referral, rejected, wait-listed, planned course, active course
 *   in week 5, active course in week 35 (past the warning week, with a goal
 *   not rated for weeks and a planned network meeting whose consent was
 *   withdrawn), closed with goals met, closed because the family needs
 *   another intervention.
 *
 * --scale N makes N such sets. Everything is written through the store
 * functions inside the demo's one transaction, dated relative to today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_courses.h"
#include "demo/demo_families.h"
#include "demo/demo_rng.h"
#include "demo/demo_words.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/audit_cli.h"
#include "store/contacts.h"
#include "store/enrolments.h"
#include "store/goals.h"

/* ---- deterministic randomness (demo/demo_rng.h) ---- */

static const char *rng_pick(struct demo_rng *r, const char *const *v, size_t n)
{
	return v[demo_rng_next(r) % n];
}
#define PICK(r, arr) rng_pick((r), (arr), sizeof(arr) / sizeof((arr)[0]))

/* ---- synthetic people ---- */

static const char *const surnames[] = {
	"Testesen",  "Demosen",  "Eksempelsen", "Fiktivsen", "Opdigtsen",
	"Skitsesen", "Modelsen", "Udkastsen",   "Attrapsen", "Kopisen",
};
static const char *const child_names[] = {
	"Alma", "Oscar", "Ella", "Noah", "Freja", "Karl", "Ida", "Valdemar", "Agnes", "Emil",
};
static const char *const mother_names[] = {
	"Sofie", "Camilla", "Louise", "Maja", "Sara", "Amalie", "Fatima", "Julie",
};
static const char *const father_names[] = {
	"Mads", "Jonas", "Ahmed", "Rasmus", "Kasper", "Mikkel", "Tobias", "Frederik",
};

/* CPR numbers made this run (all demo persons are new, so this is enough
 * to keep them unique). */
struct cpr_set {
	uint64_t *v;
	size_t n, alloc;
};

static bool cpr_seen(struct cpr_set *s, uint64_t x)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == x)
			return true;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 64;
		s->v = xrealloc(s->v, s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = x;
	return false;
}

/* A synthetic CPR number for a birth date: DDMMYY, a 7th digit that gives
 * the right century under the CPR rule, three random digits. */
static void make_cpr(struct demo_rng *r, struct cpr_set *seen, int32_t birth, char out[11])
{
	char date[11];
	int y, m, d, yy;

	rede_date_format(birth, date);
	sscanf(date, "%d-%d-%d", &y, &m, &d);
	yy = y % 100;
	do {
		/* 0-3: 1900-1999; 5-8: 2000-2057 (yy <= 57). */
		unsigned d7 =
			(unsigned)(y < 2000 ? demo_rng_range(r, 0, 3) : demo_rng_range(r, 5, 8));
		unsigned seq = (unsigned)demo_rng_range(r, 0, 999);

		snprintf(out, 11, "%02u%02u%02u%01u%03u", (unsigned)d % 100, (unsigned)m % 100,
			 (unsigned)yy % 100, d7 % 10, seq % 1000);
	} while (cpr_seen(seen, strtoull(out, NULL, 10)));
}

/* ---- the scenarios ---- */

enum demo_state {
	DS_PENDING,
	DS_REJECTED,
	DS_WAITLIST,
	DS_PLANNED,
	DS_ACTIVE_WEEK5,
	DS_ACTIVE_WARNING,
	DS_CLOSED_MET,
	DS_CLOSED_OTHER,
	DS__COUNT
};

static const struct demo_scenario {
	const char *decision; /* NULL = no decision yet */
	int start_week;       /* course week today: 0 = starts next week; -1 = no course */
	int closed_in_week;   /* closed during this course week; 0 = open */
	const char *closure;  /* closure reason */
} scenarios[DS__COUNT] = {
	[DS_PENDING] = {NULL, -1, 0, NULL},
	[DS_REJECTED] = {"rejected", -1, 0, NULL},
	[DS_WAITLIST] = {"waitlist", -1, 0, NULL},
	[DS_PLANNED] = {"accepted", 0, 0, NULL},
	[DS_ACTIVE_WEEK5] = {"accepted", 5, 0, NULL},
	[DS_ACTIVE_WARNING] = {"accepted", 35, 0, NULL},
	[DS_CLOSED_MET] = {"accepted", 36, 30, "goals_met"},
	[DS_CLOSED_OTHER] = {"accepted", 30, 22, "needs_other_intervention"},
};

static const struct demo_goal {
	int theme;
	const char *focus, *text;
} demo_goals[] = {
	{1, "routines", "Vi vil have en fast og rolig puttestund om aftenen"},
	{1, "play_presence", "Vi vil lege på gulvet sammen hver dag uden telefonen"},
	{2, "feelings_language", "Vi vil sætte ord på hans følelser, når han bliver ked af det"},
	{2, "play_presence", "Hun skal være med til at dække bord og rydde op"},
	{3, "daycare_cooperation", "Vi vil fortælle vuggestuen, hvad der virker derhjemme"},
};

struct demo_ctx {
	struct store_conn *c;
	const struct demo_course_opts *o;
	struct demo_rng rng;
	struct cpr_set cprs;
	int32_t today;
	struct core_course_params p;
};

static void date_str(int32_t d, char out[STORE_DATE_SIZE])
{
	rede_date_format(d, out);
}

static enum rede_err add_goals(struct demo_ctx *x, int64_t enrolment_id, int32_t agreed, int n,
			       int64_t *ids)
{
	enum rede_err err = REDE_OK;
	int first =
		demo_rng_range(&x->rng, 0, (int)(sizeof(demo_goals) / sizeof(demo_goals[0])) - 1);

	for (int i = 0; i < n && !err; i++) {
		const struct demo_goal *dg =
			&demo_goals[(first + i) % (sizeof(demo_goals) / sizeof(demo_goals[0]))];
		struct goal_row g;

		goal_row_init(&g);
		g.enrolment_id = enrolment_id;
		g.theme = dg->theme;
		snprintf(g.focus_area, sizeof(g.focus_area), "%s", dg->focus);
		g.text = xstrdup(dg->text);
		g.baseline = x->p.rating_min + demo_rng_range(&x->rng, 0, 1);
		g.target = x->p.rating_max - demo_rng_range(&x->rng, 0, 1);
		date_str(agreed, g.agreed_on);
		err = store_goal_insert(x->c, &g);
		ids[i] = g.id;
		goal_row_release(&g);
	}
	return err;
}

static enum rede_err add_rating(struct demo_ctx *x, int64_t goal_id, int32_t on, int64_t value,
				const char *by)
{
	struct rating_row r;

	memset(&r, 0, sizeof(r));
	r.goal_id = goal_id;
	date_str(on, r.rated_on);
	r.value = value < x->p.rating_min   ? x->p.rating_min
		  : value > x->p.rating_max ? x->p.rating_max
					    : value;
	snprintf(r.by, sizeof(r.by), "%s", by);
	r.recorded_by = x->o->pedagogue_id;
	return store_rating_insert(x->c, &r);
}

static enum rede_err add_contact(struct demo_ctx *x, const struct enrolment_row *e, int32_t on,
				 const char *kind, int minutes, const int64_t *goals, int ngoals,
				 bool shared)
{
	struct contact_row r;
	enum rede_err err;

	contact_row_init(&r);
	r.municipality_id = e->municipality_id;
	r.enrolment_id = e->id;
	date_str(on, r.happened_on);
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	r.minutes = minutes;
	snprintf(r.activities, sizeof(r.activities), "%s",
		 strcmp(kind, "cancelled") && strcmp(kind, "no_show")
			 ? PICK(&x->rng, demo_contact_activities)
			 : "");
	if (r.activities[0])
		snprintf(r.stance, sizeof(r.stance), "%s",
			 core_stance_names[demo_rng_range(&x->rng, 0, STANCE__COUNT - 1)]);
	if (r.activities[0])
		r.note = xstrdup(PICK(&x->rng, demo_contact_notes));
	r.shared_with_daycare = shared;
	r.recorded_by = x->o->pedagogue_id;
	for (int i = 0; i < ngoals && r.activities[0]; i++)
		r.goal_ids[r.ngoals++] = goals[i];
	err = store_contact_insert(x->c, &r);
	contact_row_release(&r);
	return err;
}

/* Weekly sessions from the first week to the last day (inclusive), a
 * network meeting every eighth week when sharing is consented, ratings
 * every fourth week rising from baseline towards target; the goal marked
 * stale is left unrated for its last stale_days. */
static enum rede_err add_course_work(struct demo_ctx *x, const struct enrolment_row *e,
				     int32_t start, int32_t last, const int64_t *goals, int ngoals,
				     bool share_daycare, int stale_goal, int stale_days)
{
	enum rede_err err = REDE_OK;
	int week = 0;

	for (int32_t d = start + 1; d <= last && !err; d += 7, week++) {
		int roll = demo_rng_range(&x->rng, 0, 19);
		const char *kind = roll == 0   ? "cancelled"
				   : roll == 1 ? "no_show"
				   : roll < 4  ? "phone"
					       : "home_session";
		int minutes = !strcmp(kind, "home_session") ? 15 * demo_rng_range(&x->rng, 4, 8)
			      : !strcmp(kind, "phone")      ? 15
							    : 0;
		int g = ngoals ? demo_rng_range(&x->rng, 0, ngoals - 1) : 0;

		err = add_contact(x, e, d, kind, minutes, goals + g, ngoals ? 1 : 0, false);
		if (!err && share_daycare && week % 8 == 7)
			err = add_contact(x, e, d + 2, "network_meeting", 60, goals, ngoals, true);
		for (int i = 0; i < ngoals && !err && week % 4 == 3; i++) {
			if (i == stale_goal && d > last - stale_days)
				continue;
			err = add_rating(x, goals[i], d, 1 + week / 8 + (i % 2), "staff");
			if (!err && week % 8 == 7)
				err = add_rating(x, goals[i], d, 1 + week / 8, "parent");
		}
	}
	return err;
}

static enum rede_err make_course(struct demo_ctx *x, const struct demo_scenario *sc,
				 const struct demo_family *f, int64_t *enrolment_id)
{
	struct enrolment_row e;
	int32_t start, limit, closed = 0, last;
	int64_t goals[3], hid;
	int ngoals = 0;
	enum rede_err err;

	enrolment_row_init(&e);
	/* Week w today: the start lies (w - 1) weeks and a few days back. */
	start = sc->start_week > 0
			? x->today - (sc->start_week - 1) * 7 - demo_rng_range(&x->rng, 0, 6)
			: x->today + demo_rng_range(&x->rng, 5, 12);
	limit = core_course_latest_end(&x->p, start);
	e.municipality_id = x->o->municipality_id;
	e.family_id = f->family_id;
	e.child_id = f->child_id;
	e.referral_id = f->referral_id;
	e.unit_id = x->o->unit_id;
	e.staff_ids[e.nstaff++] = x->o->pedagogue_id;
	snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_PLANNED]);
	snprintf(e.legal_frame, sizeof(e.legal_frame), "%s",
		 core_legal_frame_names[demo_rng_range(&x->rng, 0, 5) == 0
						? LEGAL_SERVICELOVEN_11_3
						: LEGAL_DAGTILBUDSLOVEN_8_9]);
	date_str(start, e.start_on);
	date_str(start - demo_rng_range(&x->rng, 0, 3), e.start_meeting_on);
	date_str(limit - 7 * demo_rng_range(&x->rng, 0, 4), e.planned_end_on);
	err = store_enrolment_insert(x->c, &e, e.start_on, 60 * demo_rng_range(&x->rng, 2, 4),
				     x->o->coordinator_id);
	if (err || sc->start_week <= 0)
		goto out;
	/* The start meeting was held: active, with goals agreed there. */
	snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_ACTIVE]);
	err = store_enrolment_update(x->c, &e); /* dates the start in the course's history */
	ngoals = sc->start_week >= 30 ? 3 : 2;
	if (!err)
		err = add_goals(x, e.id, start, ngoals, goals);
	if (!err && sc->start_week > 10) {
		char from[STORE_DATE_SIZE];

		date_str(start + 10 * 7, from);
		err = store_hours_add(x->c, e.id, from, 60 * demo_rng_range(&x->rng, 1, 2),
				      x->o->pedagogue_id, &hid);
	}
	if (sc->closed_in_week)
		closed = start + (sc->closed_in_week - 1) * 7 + demo_rng_range(&x->rng, 0, 4);
	last = closed ? closed : x->today;
	if (!err)
		err = add_course_work(x, &e, start, last, goals, ngoals, f->share_daycare,
				      sc->closed_in_week ? -1 : ngoals - 1,
				      (int)x->p.goal_unrated_days + 14);
	if (!err && !closed && sc->start_week >= (int)x->p.warning_week && f->share_daycare) {
		/* A network meeting planned for next week; the parents then
		 * withdrew their sharing consent from tomorrow. */
		err = add_contact(x, &e, x->today + 7, "network_meeting", 60, goals, 1, true);
		if (!err)
			err = demo_family_withdraw_share(x->c, x->o, f, x->today + 1);
	}
	if (!err && closed) {
		struct closure_row r;
		bool met = !strcmp(sc->closure, "goals_met");

		closure_row_init(&r);
		r.enrolment_id = e.id;
		date_str(closed, r.closed_on);
		snprintf(r.reason, sizeof(r.reason), "%s", sc->closure);
		if (!met)
			r.other_intervention =
				xstrdup("Familiebehandling i Familieafdelingen (syntetisk)");
		if (met && f->share_daycare)
			date_str(closed - 2, r.handover_on);
		r.onward_referral = met ? NULL : xstrdup("Familieafdelingen");
		for (int i = 0; i < EVAL_QUESTION__COUNT; i++)
			r.eval[i] =
				met ? demo_rng_range(&x->rng, 1, 2) : demo_rng_range(&x->rng, 0, 4);
		r.recorded_by = x->o->pedagogue_id;
		err = store_closure_insert(x->c, &r);
		closure_row_release(&r);
		for (int i = 0; i < ngoals && !err; i++) {
			struct goal_row g;

			goal_row_init(&g);
			err = store_goal_get(x->c, e.municipality_id, goals[i], &g);
			if (!err) {
				snprintf(g.attainment, sizeof(g.attainment), "%s",
					 met ? (i < 2 ? "met" : "partly")
					     : (i == 0 ? "partly" : "not_met"));
				err = store_goal_update(x->c, &g);
			}
			goal_row_release(&g);
		}
		snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_CLOSED]);
		date_str(closed, e.closed_on);
	}
	if (!err)
		err = store_enrolment_update(x->c, &e);
out:
	*enrolment_id = e.id;
	enrolment_row_release(&e);
	return err;
}

static enum rede_err make_case(struct demo_ctx *x, enum demo_state st, int n)
{
	const struct demo_scenario *sc = &scenarios[st];
	const char *surname =
		surnames[(n * DS__COUNT + st) % (sizeof(surnames) / sizeof(surnames[0]))];
	struct demo_family f;
	struct demo_family_spec spec;
	char child_cpr[11], mother_cpr[11], father_cpr[11];
	int32_t birth;
	int64_t enrolment_id = 0;
	enum rede_err err;

	memset(&spec, 0, sizeof(spec));
	snprintf(spec.family_name, sizeof(spec.family_name), "Familien %s", surname);
	spec.surname = surname;
	spec.child_given = PICK(&x->rng, child_names);
	/* Every fourth family is referred in pregnancy, without a CPR yet. */
	if (st == DS_PENDING && n % 2 == 1) {
		spec.expected_birth = x->today + demo_rng_range(&x->rng, 20, 120);
	} else {
		birth = x->today - demo_rng_range(&x->rng, 60, 2 * 365);
		make_cpr(&x->rng, &x->cprs, birth, child_cpr);
		spec.child_cpr = child_cpr;
	}
	spec.mother_given = PICK(&x->rng, mother_names);
	make_cpr(&x->rng, &x->cprs, x->today - demo_rng_range(&x->rng, 20 * 365, 38 * 365),
		 mother_cpr);
	spec.mother_cpr = mother_cpr;
	if (demo_rng_range(&x->rng, 0, 3)) {
		spec.father_given = PICK(&x->rng, father_names);
		make_cpr(&x->rng, &x->cprs, x->today - demo_rng_range(&x->rng, 20 * 365, 42 * 365),
			 father_cpr);
		spec.father_cpr = father_cpr;
	}
	spec.share_daycare = st != DS_ACTIVE_WEEK5 || n % 2 == 0;
	spec.referred_on = sc->start_week > 0 ? x->today - (sc->start_week + 3) * 7
					      : x->today - demo_rng_range(&x->rng, 3, 30);
	spec.decision = sc->decision;
	err = demo_family_create(x->c, x->o, &spec, &f);
	if (!err && sc->start_week >= 0)
		err = make_course(x, sc, &f, &enrolment_id);
	if (!err)
		err = store_audit_cli(x->c, x->o->municipality_id, "create", "family", f.family_id,
				      "cli demo (synthetic)");
	return err;
}

enum rede_err demo_courses(struct store_conn *c, const struct demo_course_opts *o, int *families)
{
	struct demo_ctx x;
	enum rede_err err;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.o = o;
	x.rng.s = o->seed;
	x.today = rede_today();
	*families = 0;
	err = store_course_params(c, o->municipality_id, &x.p);
	for (int n = 0; n < o->scale && !err; n++)
		for (int st = 0; st < DS__COUNT && !err; st++) {
			err = make_case(&x, (enum demo_state)st, n);
			if (!err)
				(*families)++;
		}
	free(x.cprs.v);
	return err;
}
