/*
 * demo_visits.c - SYNTHETIC 1½- and 3-year health-visitor visits for
 * `rede demo` (see demo_visits.h), so a newcomer signed in as
 * sundhedsplejerske sees a due list, offers in every state, visits and a
 * toy-box board.
 *
 * Nothing here is a real person: names are invented, CPR numbers come
 * from a PRNG seeded by --seed (valid dates; the 7th digit is 4 or 9,
 * which the course demo never uses, so the two never collide). Per
 * --scale unit: 12 offers of the 1½-year visit and 8 of the 3-year visit
 * (the seed's 1305 : 808), of which 12 are visited (60 %; the seed has 53
 * % and 50 %), 2 accepted and not yet visited, 3 declined (reasons
 * spread), 2 never reached after three attempts, 1 awaiting an answer;
 * about 6-7 % already under social measures, referrals on within (15 / 13
 * %) and outside (7 / 9 %) health visiting drawn at the seed's rates; and
 * 2 children per programme due but not yet offered. Toy boxes: per age
 * group one available, one checked out, one in quarantine and one written
 * off. Every date is relative to today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_families.h"
#include "demo/demo_rng.h"
#include "demo/demo_visits.h"
#include "rede/core.h"
#include "rede/core_family.h"
#include "rede/core_health_visit.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/audit_cli.h"
#include "store/families.h"
#include "store/health_visits.h"
#include "store/materials.h"
#include "store/toyboxes.h"

#define SECONDS_PER_DAY 86400

/* ---- the plan ---- */

enum outcome { O_VISITED, O_ACCEPTED, O_DECLINED, O_NEVER_REACHED, O_OFFERED, O_DUE };

static const enum outcome plan_1_5y[] = {
	O_VISITED,  O_VISITED,  O_VISITED,  O_VISITED,       O_VISITED, O_VISITED, O_VISITED,
	O_ACCEPTED, O_DECLINED, O_DECLINED, O_NEVER_REACHED, O_OFFERED, O_DUE,     O_DUE,
};
static const enum outcome plan_3y[] = {
	O_VISITED,  O_VISITED,  O_VISITED,       O_VISITED, O_VISITED,
	O_ACCEPTED, O_DECLINED, O_NEVER_REACHED, O_DUE,     O_DUE,
};

/* Seed 003's rates per programme (percent): social measures at offer
 * time, referred on within and outside health visiting. */
static const int social_pct[HV_PROGRAMME__COUNT] = {6, 7};
static const int within_pct[HV_PROGRAMME__COUNT] = {15, 13};
static const int outside_pct[HV_PROGRAMME__COUNT] = {7, 9};

static const char *const surnames[] = {
	"Prøvesen", "Øvelsesen", "Forsøgsen", "Skabelonsen", "Mønstersen", "Tænktsen",
};
static const char *const child_names[] = {"Lea", "William", "Clara", "Alfred", "Vigga", "Storm"};
static const char *const mother_names[] = {"Line", "Mette", "Nadia", "Signe", "Hiba", "Trine"};

/* Materials, most used first (seed 003: the day-wheel, inspiration cards
 * and parents' booklet for 1½-year-olds most; agreement cards and films
 * with "real people" least). */
static const char *const materials_1_5y[] = {
	"DAY_WHEEL_1_5Y", "INSPIRATION_CARDS_1_5Y", "PARENTS_BOOKLET_1_5Y",   "TOY_BOX_1_5Y",
	"FILMS_1_5Y",     "AGREEMENT_CARDS_1_5Y",   "FILMS_REAL_PEOPLE_1_5Y",
};
static const char *const materials_3y[] = {
	"PARENTS_BOOKLET_3Y",   "TOY_BOX_3Y",         "DAY_WHEEL_3Y",         "FILMS_3Y",
	"INSPIRATION_CARDS_3Y", "AGREEMENT_CARDS_3Y", "FILMS_REAL_PEOPLE_3Y",
};
#define NMATERIALS 7

struct ctx {
	struct store_conn *c;
	const struct demo_course_opts *o;
	int64_t unit_id;
	struct demo_rng rng;
	struct core_hv_params p;
	int32_t today;
	uint64_t *cprs;
	size_t ncprs, acprs;
	int n;                                      /* families made so far */
	int64_t pending_offer[HV_PROGRAMME__COUNT]; /* an accepted, not yet visited offer */
	int64_t visited_offer[HV_PROGRAMME__COUNT]; /* a visited offer */
};

static bool cpr_new(struct ctx *x, uint64_t v)
{
	for (size_t i = 0; i < x->ncprs; i++)
		if (x->cprs[i] == v)
			return false;
	if (x->ncprs == x->acprs) {
		x->acprs = x->acprs ? x->acprs * 2 : 64;
		x->cprs = xrealloc(x->cprs, x->acprs * sizeof(*x->cprs));
	}
	x->cprs[x->ncprs++] = v;
	return true;
}

/* A synthetic CPR number for a birth date between 1937 and 2036: the 7th
 * digit 4 or 9 gives the right century for those years. */
static void make_cpr(struct ctx *x, int32_t birth, char out[11])
{
	char date[11];
	int y, m, d;

	rede_date_format(birth, date);
	sscanf(date, "%d-%d-%d", &y, &m, &d);
	do {
		unsigned d7 = demo_rng_range(&x->rng, 0, 1) ? 4u : 9u;
		unsigned seq = (unsigned)demo_rng_range(&x->rng, 0, 999);

		snprintf(out, 11, "%02u%02u%02u%01u%03u", (unsigned)d % 100, (unsigned)m % 100,
			 (unsigned)y % 100, d7, seq % 1000);
	} while (!cpr_new(x, strtoull(out, NULL, 10)));
}

static enum rede_err add_person(struct ctx *x, int64_t family_id, const char *kind,
				const char *given, const char *surname, int32_t birth, int64_t *id)
{
	struct person_row p;
	char cpr[11];

	demo_person_begin(&p, family_id, kind, given, surname, strcmp(kind, "child") ? 1 : -1);
	make_cpr(x, birth, cpr);
	demo_person_set_cpr(&p, x->o->keys, cpr);
	if (strcmp(kind, "child"))
		snprintf(p.relation, sizeof(p.relation), "mother");
	return demo_person_save(x->c, x->o->municipality_id, &p, id);
}

/* A family with a child born on birth, created by the health visitor. */
static enum rede_err make_family(struct ctx *x, int32_t birth, int64_t *family_id,
				 int64_t *child_id)
{
	const char *surname = surnames[x->n % (sizeof(surnames) / sizeof(surnames[0]))];
	char name[96], key[400];
	int64_t mother;
	enum rede_err err;

	snprintf(name, sizeof(name), "Familien %s %d", surname, x->n + 1);
	err = store_family_create(x->c, x->o->municipality_id, name,
				  core_search_key(name, key, sizeof(key)), x->o->referrer_id,
				  family_id);
	if (!err)
		err = add_person(x, *family_id, "child", child_names[demo_rng_range(&x->rng, 0, 5)],
				 surname, birth, child_id);
	if (!err)
		err = add_person(x, *family_id, "guardian",
				 mother_names[demo_rng_range(&x->rng, 0, 5)], surname,
				 x->today - demo_rng_range(&x->rng, 21 * 365, 40 * 365), &mother);
	if (!err)
		err = store_audit_cli(x->c, x->o->municipality_id, "create", "family", *family_id,
				      "cli demo (synthetic)");
	x->n++;
	return err;
}

/* One criterion record that makes the child part of the target group;
 * *crit gets which criterion applied. */
static enum rede_err add_criterion(struct ctx *x, int64_t family_id, int64_t child_id,
				   int32_t birth, enum core_hv_criterion *crit)
{
	struct hv_criterion_row r;
	int roll = demo_rng_range(&x->rng, 0, 9);
	int32_t on;
	enum rede_err err;

	hv_criterion_row_init(&r);
	r.municipality_id = x->o->municipality_id;
	r.family_id = family_id;
	r.child_id = child_id;
	r.recorded_by = x->o->referrer_id;
	/* TOPI half the time, then first-year visits, daycare, self-referral. */
	*crit = roll < 5   ? HV_CRIT_TOPI
		: roll < 8 ? HV_CRIT_FIRST_YEAR_VISITS
		: roll < 9 ? HV_CRIT_DAYCARE_OBSERVATION
			   : HV_CRIT_SELF_REFERRAL;
	snprintf(r.kind, sizeof(r.kind), "%s", core_hv_criterion_names[*crit]);
	if (*crit == HV_CRIT_TOPI)
		snprintf(r.topi, sizeof(r.topi), "%s",
			 demo_rng_pct(&x->rng, 70) ? "yellow" : "red");
	if (*crit == HV_CRIT_FIRST_YEAR_VISITS)
		r.visit_count = x->p.first_year_visits_more_than + demo_rng_range(&x->rng, 1, 6);
	on = *crit == HV_CRIT_FIRST_YEAR_VISITS ? birth + 366
						: birth + demo_rng_range(&x->rng, 200, 420);
	rede_date_format(on < x->today ? on : x->today - 1, r.recorded_on);
	err = store_hv_criterion_insert(x->c, &r);
	hv_criterion_row_release(&r);
	return err;
}

static enum rede_err add_attempt(struct ctx *x, int64_t offer_id, int32_t on, bool reached)
{
	struct hv_attempt_row a;
	enum rede_err err;

	memset(&a, 0, sizeof(a));
	a.offer_id = offer_id;
	rede_date_format(on, a.attempted_on);
	snprintf(a.channel, sizeof(a.channel), "%s",
		 core_hv_channel_names[demo_rng_range(&x->rng, HV_CHANNEL_PHONE, HV_CHANNEL_SMS)]);
	a.reached = reached;
	a.recorded_by = x->o->referrer_id;
	err = store_hv_attempt_insert(x->c, &a);
	hv_attempt_row_release(&a);
	return err;
}

/* The visit: 1-3 topics, 1-3 materials (weighted towards the most used),
 * referrals at the seed's rates, a rating mostly "i høj grad". */
static enum rede_err add_visit(struct ctx *x, const struct hv_offer_row *o,
			       enum core_hv_programme prog, int32_t on)
{
	const char *const *mats = prog == HV_VISIT_1_5Y ? materials_1_5y : materials_3y;
	struct hv_visit_row v;
	bool topic[HV_TOPIC__COUNT] = {false}, used[NMATERIALS] = {false};
	int ntopics = demo_rng_range(&x->rng, 1, 3), nmats = demo_rng_range(&x->rng, 1, 3);
	int rating = demo_rng_range(&x->rng, 0, 19);
	enum rede_err err;

	hv_visit_row_init(&v);
	v.municipality_id = o->municipality_id;
	v.offer_id = o->id;
	rede_date_format(on, v.visited_on);
	v.health_visitor_id = o->health_visitor_id;
	v.minutes = 15 * demo_rng_range(&x->rng, 4, 8);
	for (int i = 0; i < ntopics; i++)
		topic[demo_rng_range(&x->rng, 0, HV_TOPIC_FOOD)] = true;
	for (int k = 0; k < HV_TOPIC__COUNT; k++)
		if (topic[k]) {
			size_t n = strlen(v.topics);

			snprintf(v.topics + n, sizeof(v.topics) - n, "%s%s", n ? "," : "",
				 core_hv_topic_names[k]);
		}
	for (int i = 0; i < nmats; i++) {
		/* min of two draws: low indices (most used) come up more often */
		int a = demo_rng_range(&x->rng, 0, NMATERIALS - 1),
		    b = demo_rng_range(&x->rng, 0, NMATERIALS - 1);

		used[a < b ? a : b] = true;
	}
	for (int k = 0; k < NMATERIALS; k++)
		if (used[k])
			snprintf(v.materials[v.nmaterials++], HV_CODE_SIZE, "%s", mats[k]);
	v.referral_within = demo_rng_pct(&x->rng, within_pct[prog]);
	if (v.referral_within)
		v.referral_within_to = xstrdup("Ekstra besøg af sundhedsplejen (syntetisk)");
	v.referral_outside = demo_rng_pct(&x->rng, outside_pct[prog]);
	if (v.referral_outside)
		v.referral_outside_to = xstrdup("Familieafdelingen (syntetisk)");
	v.parent_rating = rating < 11   ? 1
			  : rating < 17 ? 2
			  : rating < 18 ? 3
			  : rating < 19 ? 0
					: -1;
	v.note = xstrdup("SYNTETISK notat: besøget tog udgangspunkt i forældrenes ønsker.");
	v.recorded_by = o->health_visitor_id;
	err = store_hv_visit_insert(x->c, &v);
	hv_visit_row_release(&v);
	return err;
}

/* A child for the plan's outcome: its window opens some weeks ago for
 * offers already answered, within days for open ones, and in the coming
 * weeks for children only due. */
static enum rede_err make_case(struct ctx *x, enum core_hv_programme prog, enum outcome out)
{
	struct hv_offer_row o;
	enum core_hv_criterion crit;
	int32_t open_target, birth, open, close, offered, answered = 0, visited = 0;
	int64_t family_id, child_id;
	enum rede_err err;

	switch (out) {
	case O_DUE: open_target = x->today + demo_rng_range(&x->rng, 0, 25); break;
	case O_OFFERED:
	case O_ACCEPTED: open_target = x->today - demo_rng_range(&x->rng, 0, 10); break;
	default: open_target = x->today - demo_rng_range(&x->rng, 30, 80); break;
	}
	birth = core_hv_add_months(open_target, -(int)x->p.age_from_months[prog]);
	core_hv_window(&x->p, prog, birth, &open, &close);
	err = make_family(x, birth, &family_id, &child_id);
	if (!err)
		err = add_criterion(x, family_id, child_id, birth, &crit);
	if (err || out == O_DUE)
		return err;

	hv_offer_row_init(&o);
	o.municipality_id = x->o->municipality_id;
	o.family_id = family_id;
	o.child_id = child_id;
	snprintf(o.programme, sizeof(o.programme), "%s", core_hv_programme_names[prog]);
	snprintf(o.criterion, sizeof(o.criterion), "%s", core_hv_criterion_names[crit]);
	offered = open - demo_rng_range(&x->rng, 5, 20);
	rede_date_format(offered, o.offered_on);
	snprintf(o.channel, sizeof(o.channel), "%s",
		 core_hv_channel_names[demo_rng_range(&x->rng, 0, HV_CHANNEL__COUNT - 1)]);
	o.social_measures = demo_rng_pct(&x->rng, social_pct[prog]);
	o.health_visitor_id = x->o->referrer_id;
	o.unit_id = x->unit_id;
	o.created_by = x->o->referrer_id;
	snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_OFFERED]);
	err = store_hv_offer_insert(x->c, &o);
	if (err)
		goto out;
	switch (out) {
	case O_NEVER_REACHED:
		for (int i = 0; i < x->p.never_reached_attempts && !err; i++)
			err = add_attempt(x, o.id, offered + 3 + 5 * i, false);
		answered = offered + 3 + 5 * (int)x->p.never_reached_attempts;
		snprintf(o.status, sizeof(o.status), "%s",
			 core_hv_offer_status_names[HV_NEVER_REACHED]);
		break;
	case O_OFFERED:
		err = add_attempt(x, o.id, offered + 2 < x->today ? offered + 2 : x->today, false);
		break;
	case O_DECLINED: {
		int reason = demo_rng_range(&x->rng, 0, HV_DECLINE__COUNT - 1);

		answered = offered + demo_rng_range(&x->rng, 2, 8);
		err = add_attempt(x, o.id, answered, true);
		snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_DECLINED]);
		snprintf(o.decline_reason, sizeof(o.decline_reason), "%s",
			 core_hv_decline_names[reason]);
		if (reason == HV_DECLINE_OTHER)
			o.decline_text = xstrdup("Familien flytter snart (syntetisk)");
		break;
	}
	default: /* accepted or visited */
		answered = offered + demo_rng_range(&x->rng, 1, 4);
		if (demo_rng_pct(&x->rng, 40))
			err = add_attempt(x, o.id, answered - 1, false);
		if (!err)
			err = add_attempt(x, o.id, answered, true);
		snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_ACCEPTED]);
		if (out == O_ACCEPTED)
			x->pending_offer[prog] = o.id;
		break;
	}
	if (err)
		goto out;
	if (answered)
		rede_date_format(answered, o.answered_on);
	if (out == O_VISITED) {
		visited = answered + demo_rng_range(&x->rng, 5, 20);
		if (visited > x->today)
			visited = x->today;
		err = add_visit(x, &o, prog, visited);
		x->visited_offer[prog] = o.id;
		snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_VISITED]);
	}
	if (!err && out != O_OFFERED)
		err = store_hv_offer_update(x->c, &o);
	if (!err)
		err = store_audit_cli(x->c, x->o->municipality_id, "create", "hv_offer", o.id,
				      "cli demo (synthetic)");
out:
	hv_offer_row_release(&o);
	return err;
}

/* Per age group: one box available (out for a visit and back long ago),
 * one checked out for the accepted visit, one in quarantine (back from a
 * visit yesterday), one written off as lost. */
static enum rede_err make_toyboxes(struct ctx *x, int set)
{
	static const char *const label_da[HV_PROGRAMME__COUNT] = {"1½ år", "3 år"};
	enum rede_err err = REDE_OK;
	int64_t now = (int64_t)x->today * SECONDS_PER_DAY + 9 * 3600;

	for (int prog = 0; prog < HV_PROGRAMME__COUNT && !err; prog++)
		for (int i = 0; i < 4 && !err; i++) {
			struct toybox_row b;
			int64_t offer = i == 1 ? x->pending_offer[prog] : x->visited_offer[prog];

			memset(&b, 0, sizeof(b));
			b.municipality_id = x->o->municipality_id;
			snprintf(b.label, sizeof(b.label), "Legetøjskasse %s nr. %d",
				 label_da[prog], set * 4 + i + 1);
			snprintf(b.age_group, sizeof(b.age_group), "%s",
				 core_hv_age_group_names[prog]);
			err = store_toybox_insert(x->c, &b);
			if (err || !offer)
				continue;
			switch (i) {
			case 0: /* out for an old visit, back long ago */
				err = store_toybox_checkout(x->c, &b, offer, x->o->referrer_id,
							    now - 40 * SECONDS_PER_DAY);
				if (!err)
					err = store_toybox_return(x->c, &b, x->o->referrer_id,
								  now - 38 * SECONDS_PER_DAY);
				break;
			case 1: /* out now for the accepted visit */
				err = store_toybox_checkout(x->c, &b, offer, x->o->referrer_id,
							    now - SECONDS_PER_DAY);
				break;
			case 2: /* back yesterday: in quarantine */
				err = store_toybox_checkout(x->c, &b, offer, x->o->referrer_id,
							    now - 3 * SECONDS_PER_DAY);
				if (!err)
					err = store_toybox_return(x->c, &b, x->o->referrer_id,
								  now - SECONDS_PER_DAY);
				break;
			default:
				err = store_toybox_write_off(
					x->c, &b, "lost", "Ikke kommet retur (syntetisk)",
					x->o->referrer_id, now - 10 * SECONDS_PER_DAY);
				break;
			}
		}
	return err;
}

/* The demo health visitor knows most materials and uses the most used. */
static enum rede_err make_knowledge(struct ctx *x)
{
	enum rede_err err = REDE_OK;

	for (int prog = 0; prog < HV_PROGRAMME__COUNT && !err; prog++)
		for (int k = 0; k < NMATERIALS && !err; k++)
			err = store_material_staff_set(
				x->c, x->o->municipality_id, x->o->referrer_id,
				(prog == HV_VISIT_1_5Y ? materials_1_5y : materials_3y)[k],
				k < NMATERIALS - 1, k < 4);
	return err;
}

enum rede_err demo_visits(struct store_conn *c, const struct demo_course_opts *o,
			  int64_t hv_unit_id, int *families)
{
	struct ctx x;
	enum rede_err err;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.o = o;
	x.unit_id = hv_unit_id;
	/* Its own stream, so the course demo's people stay the same. */
	x.rng.s = o->seed ^ 0x5a17e5b1c0ffeeULL;
	x.today = rede_today();
	err = store_hv_params(c, o->municipality_id, &x.p);
	for (int set = 0; set < o->scale && !err; set++) {
		x.pending_offer[HV_VISIT_1_5Y] = x.pending_offer[HV_VISIT_3Y] = 0;
		for (size_t i = 0; i < sizeof(plan_1_5y) / sizeof(plan_1_5y[0]) && !err; i++)
			err = make_case(&x, HV_VISIT_1_5Y, plan_1_5y[i]);
		for (size_t i = 0; i < sizeof(plan_3y) / sizeof(plan_3y[0]) && !err; i++)
			err = make_case(&x, HV_VISIT_3Y, plan_3y[i]);
		if (!err)
			err = make_toyboxes(&x, set);
	}
	if (!err)
		err = make_knowledge(&x);
	*families += x.n;
	free(x.cprs);
	return err;
}
