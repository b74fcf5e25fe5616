/*
 * demo_cosp.c - SYNTHETIC COS-P courses and daycare cooperation for
 * `rede demo` (issue 6), so a newcomer signed in as sundhedsplejerske,
 * koordinator, hjemmepaedagog or dagtilbud sees the work of DOMAIN §1.3
 * and §1.6 at once.
 *
 * Nothing here is a real person: families are "Familien Cirkelsen 1..",
 * children have invented names and a birth date but no CPR number. One
 * set (--scale N makes N) holds:
 *   - a COS-P course that ran 11-4 weeks ago with six families: completed,
 *     not completed (too little attendance), dropped out; parents' ratings;
 *   - an upcoming course and six accepted families waiting for the group
 *     planner, two tied to the same daycare, two who know each other;
 *   - declined and unanswered offers;
 *   - two handover conversations with Solsikken (consent given);
 *   - a family group that started seven weeks ago with five children, goals
 *     from the start meeting, daily daycare scores and a status meeting.
 * Staff get their COS-P training record; both daycare institutions get the
 * health visitor as their fixed one and this year's four consultant visits.
 * Everything goes through the store functions in the demo's transaction,
 * dated relative to today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_cosp.h"
#include "demo/demo_families.h"
#include "demo/demo_rng.h"
#include "rede/core_cosp.h"
#include "rede/core_family.h"
#include "rede/util.h"
#include "store/audit_cli.h"
#include "store/consult.h"
#include "store/cosp.h"
#include "store/families.h"
#include "store/fgroups.h"
#include "store/handovers.h"
#include "store/settings.h"
#include "store/users.h"

struct ctx {
	struct store_conn *c;
	const struct demo_cosp_opts *o;
	struct demo_rng rng;
	int32_t today;
	int families;
};

static int rnd(struct ctx *x, int n)
{
	return (int)(demo_rng_next(&x->rng) % (uint64_t)n);
}

static void day(int32_t d, char out[11])
{
	rede_date_format(d, out);
}

static const char *const children[] = {"Alma", "Oscar", "Ella",  "Noah",  "Freja",
				       "Karl", "Ida",   "Viggo", "Agnes", "Emil"};
static const char *const mothers[] = {"Sofie", "Camilla", "Louise", "Maja", "Sara", "Amalie"};

struct fam {
	int64_t family_id, child_id, mother_id;
};

static enum rede_err person(struct ctx *x, int64_t family_id, const char *kind, const char *given,
			    const char *surname, int32_t born, int64_t *id)
{
	struct person_row p;

	demo_person_begin(&p, family_id, kind, given, surname, strcmp(kind, "child") ? 1 : -1);
	if (born)
		day(born, p.birth_date);
	if (strcmp(kind, "child"))
		snprintf(p.relation, sizeof(p.relation), "mother");
	return demo_person_save(x->c, x->o->municipality_id, &p, id);
}

/* A family created by the health visitor, with the consents to take part
 * and (when share) to share with daycare, given two months ago. */
static enum rede_err family(struct ctx *x, bool share, struct fam *f)
{
	char name[64], surname[32], key[64];
	enum rede_err err;

	x->families++;
	snprintf(surname, sizeof(surname), "Cirkelsen%d", x->families);
	snprintf(name, sizeof(name), "Familien Cirkelsen %d", x->families);
	err = store_family_create(x->c, x->o->municipality_id, name,
				  core_search_key(name, key, sizeof(key)), x->o->health_visitor_id,
				  &f->family_id);
	if (!err)
		err = person(x, f->family_id, "child", children[rnd(x, 10)], surname,
			     x->today - 200 - rnd(x, 500), &f->child_id);
	if (!err)
		err = person(x, f->family_id, "guardian", mothers[rnd(x, 6)], surname, 0,
			     &f->mother_id);
	for (int i = 0; !err && i < (share ? 2 : 1); i++) {
		struct consent_row k;

		memset(&k, 0, sizeof(k));
		k.family_id = f->family_id;
		k.guardian_id = f->mother_id;
		snprintf(k.purpose, sizeof(k.purpose), "%s", i ? "share_daycare" : "participation");
		day(x->today - 60, k.given_on);
		err = store_consent_give(x->c, x->o->municipality_id, &k, x->o->health_visitor_id);
	}
	if (!err) /* like every other family, on the audit log */
		err = store_audit_cli(x->c, x->o->municipality_id, "create", "family", f->family_id,
				      "cli demo (synthetic)");
	return err;
}

static enum rede_err offer(struct ctx *x, const struct fam *f, const char *status,
			   const char *slots, int64_t institution, int64_t knows,
			   struct cosp_offer_row *o)
{
	enum rede_err err;

	memset(o, 0, sizeof(*o));
	o->municipality_id = x->o->municipality_id;
	o->family_id = f->family_id;
	o->child_id = f->child_id;
	o->offered_by = x->o->health_visitor_id;
	day(x->today - 120 + rnd(x, 20), o->offered_on);
	snprintf(o->channel, sizeof(o->channel), "%s", rnd(x, 2) ? "phone" : "letter");
	snprintf(o->status, sizeof(o->status), "offered");
	snprintf(o->slots, sizeof(o->slots), "%s", slots);
	snprintf(o->types, sizeof(o->types), "mothers,mixed");
	if (institution)
		o->institution_ids[o->ninstitutions++] = institution;
	if (knows)
		o->acquaintance_ids[o->nacquaintances++] = knows;
	err = store_cosp_offer_insert(x->c, o, x->o->health_visitor_id);
	if (err || !strcmp(status, "offered"))
		return err;
	snprintf(o->status, sizeof(o->status), "%s", status);
	day(x->today - 100 + rnd(x, 10), o->answered_on);
	if (!strcmp(status, "declined"))
		snprintf(o->decline_reason, sizeof(o->decline_reason), "%s",
			 rnd(x, 2) ? "For travlt lige nu" : "Nok kommune i vores liv");
	return store_cosp_offer_update(x->c, o);
}

static enum rede_err course(struct ctx *x, const struct core_cosp_params *p, int32_t start,
			    const char *name, const char *slot, const char *type,
			    struct cosp_course_row *r)
{
	int32_t dates[CORE_COSP_MAX_SESSIONS];

	memset(r, 0, sizeof(*r));
	r->municipality_id = x->o->municipality_id;
	r->unit_id = x->o->unit_id;
	snprintf(r->name, sizeof(r->name), "%s", name);
	day(start, r->start_on);
	snprintf(r->time_slot, sizeof(r->time_slot), "%s", slot);
	snprintf(r->group_type, sizeof(r->group_type), "%s", type);
	snprintf(r->place, sizeof(r->place), "Sundhedshuset, mødelokale 2");
	r->capacity = p->capacity;
	r->childcare = true;
	r->meal = !strcmp(slot, "evening");
	r->created_by = x->o->coordinator_id;
	r->facilitator_ids[r->nfacilitators++] = x->o->health_visitor_id;
	r->facilitator_ids[r->nfacilitators++] = x->o->pedagogue_id;
	core_cosp_session_dates(start, (int)p->sessions, p->session_interval_days, dates);
	return store_cosp_course_insert(x->c, r, dates, (int)p->sessions);
}

struct sessions {
	int64_t ids[CORE_COSP_MAX_SESSIONS];
	int n;
};

static int collect(const struct cosp_session_row *r, void *arg)
{
	struct sessions *s = arg;

	if (s->n < CORE_COSP_MAX_SESSIONS)
		s->ids[s->n++] = r->id;
	return 0;
}

/* The course that ran: six families; attended 8, 7, 6, 6, 4 (not
 * completed) and one who dropped out after two sessions. */
static enum rede_err finished_course(struct ctx *x, const struct core_cosp_params *p, int set)
{
	static const int attended[] = {8, 7, 6, 6, 4, 2};
	struct cosp_course_row r;
	struct sessions s = {{0}, 0};
	char name[64];
	int32_t start = x->today - 77;
	enum rede_err err;

	snprintf(name, sizeof(name), "Tryghedscirklen aftenhold %d", set + 1);
	err = course(x, p, start, name, "evening", "mothers", &r);
	if (!err)
		err = store_cosp_session_each(x->c, r.id, collect, &s);
	for (int i = 0; !err && i < 6; i++) {
		struct fam f;
		struct cosp_offer_row o;

		err = family(x, false, &f);
		if (!err)
			err = offer(x, &f, "accepted", "evening", 0, 0, &o);
		if (err)
			break;
		o.course_id = r.id;
		day(start - 14, o.placed_on);
		snprintf(o.placement_note, sizeof(o.placement_note),
			 "Placeret af demo-data (syntetisk)");
		for (int n = 0; !err && n < s.n && n < (i == 5 ? 2 : s.n); n++)
			err = store_cosp_attendance_set(x->c, s.ids[n], o.id, n < attended[i],
							x->o->health_visitor_id);
		if (i == 5) {
			day(start + 10, o.dropout_on);
			snprintf(o.dropout_reason, sizeof(o.dropout_reason), "Familien flyttede");
		} else if (attended[i] >= p->completion_min_attended) {
			o.rating = 1 + (i == 3);
			day(x->today - 20, o.rated_on);
		}
		if (!err)
			err = store_cosp_offer_update(x->c, &o);
	}
	return err;
}

/* An upcoming course and six accepted families for the planner. */
static enum rede_err upcoming_course(struct ctx *x, const struct core_cosp_params *p, int set,
				     int64_t *waiting_families, int *nwaiting)
{
	struct cosp_course_row r;
	char name[64];
	int64_t first = 0;
	enum rede_err err;

	snprintf(name, sizeof(name), "Tryghedscirklen formiddagshold %d", set + 1);
	err = course(x, p, x->today + 21, name, "morning", "mixed", &r);
	for (int i = 0; !err && i < 6; i++) {
		struct fam f;
		struct cosp_offer_row o;
		int64_t inst = i < 2 ? x->o->daycare_ids[0] : i == 2 ? x->o->daycare_ids[1] : 0;

		err = family(x, true, &f);
		if (!err)
			err = offer(x, &f, "accepted", i == 5 ? "afternoon" : "morning,afternoon",
				    inst, i == 4 ? first : 0, &o);
		if (i == 3)
			first = f.family_id;
		waiting_families[(*nwaiting)++] = f.family_id;
	}
	for (int i = 0; !err && i < 5; i++) {
		struct fam f;
		struct cosp_offer_row o;

		err = family(x, false, &f);
		if (!err)
			err = offer(x, &f, i < 3 ? "declined" : "offered", "morning", 0, 0, &o);
	}
	return err;
}

static enum rede_err handover(struct ctx *x, int64_t family_id)
{
	static const struct {
		const char *topic, *text;
	} items[] = {
		{"sleep", "Sover til middag ca. 1,5 time; falder bedst til ro med sin sovedyr"},
		{"food", "Spiser alt, men er ny med fast føde i klumper"},
		{"relations", "Mor ønsker tæt kontakt den første uge"},
	};
	struct handover_row h;
	struct person_row child;
	enum rede_err err;

	handover_row_init(&h);
	memset(&child, 0, sizeof(child));
	err = store_family_child(x->c, family_id, &h.child_id);
	if (err)
		return err;
	h.municipality_id = x->o->municipality_id;
	h.family_id = family_id;
	h.unit_id = x->o->daycare_ids[0];
	day(x->today - 10 - rnd(x, 20), h.held_on);
	snprintf(h.participants, sizeof(h.participants), "parents,health_visitor,daycare");
	h.recorded_by = x->o->health_visitor_id;
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		snprintf(h.items[i].topic, sizeof(h.items[i].topic), "%s", items[i].topic);
		h.items[i].text = xstrdup(items[i].text);
		h.nitems++;
	}
	err = store_handover_insert(x->c, &h);
	handover_row_release(&h);
	return err;
}

struct goal_ids {
	int64_t ids[4];
	int n;
};

static int collect_goal(const struct fgroup_goal_row *g, void *arg)
{
	struct goal_ids *a = arg;

	if (a->n < 4)
		a->ids[a->n++] = g->id;
	return 0;
}

/* A family group seven weeks in: five children, two goals each, scored on
 * weekdays since the start meeting until yesterday, one status meeting
 * held. */
static enum rede_err family_group(struct ctx *x, int set)
{
	static const char *const goals[] = {
		"Siger farvel ved aflevering uden langvarig gråd",
		"Deltager i samling i mindst fem minutter",
		"Søger en voksen, når det er svært",
		"Leger side om side med et andet barn",
	};
	struct fgroup_row g;
	int32_t start = x->today - 49;
	enum rede_err err;

	memset(&g, 0, sizeof(g));
	g.municipality_id = x->o->municipality_id;
	g.unit_id = x->o->unit_id;
	snprintf(g.name, sizeof(g.name), "Familiegruppen %d", set + 1);
	day(start, g.start_on);
	g.weeks = 14;
	snprintf(g.place, sizeof(g.place), "Familiehuset");
	g.created_by = x->o->coordinator_id;
	g.worker_ids[g.nworkers++] = x->o->pedagogue_id;
	err = store_fgroup_insert(x->c, &g);
	for (int i = 0; !err && i < 5; i++) {
		struct fam f;
		struct fgroup_member_row m;
		struct goal_ids gi = {{0}, 0};
		int32_t met = start + 2 * i + 2;

		err = family(x, true, &f);
		if (err)
			break;
		memset(&m, 0, sizeof(m));
		m.group_id = g.id;
		m.family_id = f.family_id;
		m.child_id = f.child_id;
		m.daycare_unit_id = x->o->daycare_ids[i % 2];
		day(start + 2 * i, m.joined_on);
		err = store_fgroup_member_insert(x->c, &m);
		if (!err)
			err = store_fgroup_member_get(x->c, x->o->municipality_id, m.id, &m);
		if (err)
			break;
		day(met, m.start_meeting_on);
		snprintf(m.start_participants, sizeof(m.start_participants),
			 "parents,daycare,group_worker");
		err = store_fgroup_member_update(x->c, &m);
		for (int k = 0; !err && k < 2; k++) {
			struct fgroup_goal_row goal = {0};

			goal.member_id = m.id;
			snprintf(goal.text, sizeof(goal.text), "%s", goals[(i + k) % 4]);
			day(met, goal.agreed_on);
			err = store_fgroup_goal_add(x->c, &goal);
		}
		if (!err)
			err = store_fgroup_goal_each(x->c, m.id, collect_goal, &gi);
		/* a slow climb from 1-2 towards 3-4, weekdays only, up to
		 * yesterday: today's form is the daycare's to fill in (on a
		 * weekday the demo scored it all, and "Mit dagtilbud" opened on
		 * a finished day) */
		for (int32_t d = met; !err && d < x->today; d++) {
			if (core_weekday(d) >= 5)
				continue;
			for (int k = 0; !err && k < gi.n; k++) {
				struct fgroup_score_row s = {0};
				int base = 1 + (int)(3 * (d - met) / (x->today - met + 1));

				s.goal_id = gi.ids[k];
				day(d, s.scored_on);
				s.score = base + (rnd(x, 3) == 0 && base < 4);
				snprintf(s.did, sizeof(s.did), "%s",
					 k ? "Pædagogen satte sig ved siden af i samlingen"
					   : "Fast voksen tog imod ved døren");
				err = store_fgroup_score_put(x->c, &s, x->o->pedagogue_id);
			}
		}
		if (!err && x->today - met >= 42) {
			struct fgroup_status_row sm = {0};

			sm.member_id = m.id;
			day(met + 42, sm.held_on);
			snprintf(sm.note, sizeof(sm.note), "Fremgang på begge mål; fortsætter");
			err = store_fgroup_status_add(x->c, &sm, x->o->pedagogue_id);
		}
	}
	return err;
}

/* This year's consultant visits; past ones done, covering a parents' topic. */
static enum rede_err consultant_visits(struct ctx *x)
{
	int64_t n = 4;
	int32_t dates[CORE_CONSULT_MAX_VISITS];
	int year = core_year(x->today);
	char from[11];
	enum rede_err err;

	day(x->today, from);
	err = store_setting_int(x->c, x->o->municipality_id, "consultant.visits_per_year", &n);
	if (n < 1 || n > CORE_CONSULT_MAX_VISITS)
		n = 4;
	core_consult_plan(year, (int)n, dates);
	for (int u = 0; !err && u < 2; u++) {
		err = store_institution_hv_set(x->c, x->o->daycare_ids[u], x->o->health_visitor_id,
					       from, from);
		for (int q = 0; !err && q < (int)n; q++) {
			struct consult_visit_row v = {0};
			struct consult_topic_row t = {0};
			bool created = false;

			v.municipality_id = x->o->municipality_id;
			v.unit_id = x->o->daycare_ids[u];
			v.health_visitor_id = x->o->health_visitor_id;
			v.year = year;
			v.quarter = q + 1;
			day(dates[q], v.planned_on);
			err = store_consult_insert(x->c, &v, &created);
			if (err || !created)
				continue;
			t.visit_id = v.id;
			snprintf(t.proposed_by, sizeof(t.proposed_by), "parents");
			snprintf(t.text, sizeof(t.text), "%s",
				 q % 2 ? "Søvn og hvile i vuggestuen" : "Grænsesætning og trods");
			err = store_consult_topic_add(x->c, &t, x->o->health_visitor_id);
			if (!err && dates[q] < x->today) {
				snprintf(v.status, sizeof(v.status), "done");
				day(dates[q], v.done_on);
				err = store_consult_topic_cover(x->c, v.id, t.id);
				if (!err)
					err = store_consult_update(x->c, &v);
			}
		}
	}
	return err;
}

enum rede_err demo_cosp(struct store_conn *c, const struct demo_cosp_opts *o, int *families)
{
	struct ctx x = {c, o, {o->seed * 7919 + 6}, rede_today(), 0};
	struct core_cosp_params p;
	enum rede_err err = store_cosp_params(c, o->municipality_id, &p);

	for (int i = 0; !err && i < 2; i++) {
		struct competence_row r;

		memset(&r, 0, sizeof(r));
		r.user_id = i ? o->pedagogue_id : o->health_visitor_id;
		snprintf(r.competence, sizeof(r.competence), COMPETENCE_COSP);
		day(x.today - 700 + 30 * i, r.obtained_on);
		snprintf(r.note, sizeof(r.note), "COS-P facilitatoruddannelse (syntetisk)");
		r.recorded_by = o->coordinator_id;
		err = store_competence_add(c, o->municipality_id, &r);
	}
	for (int set = 0; !err && set < o->scale; set++) {
		int64_t waiting[8];
		int nwaiting = 0;

		err = finished_course(&x, &p, set);
		if (!err)
			err = upcoming_course(&x, &p, set, waiting, &nwaiting);
		for (int i = 0; !err && i < 2 && i < nwaiting; i++)
			err = handover(&x, waiting[i]);
		if (!err)
			err = family_group(&x, set);
	}
	if (!err)
		err = consultant_visits(&x);
	*families = x.families;
	return err;
}

enum rede_err demo_cosp_for_demo_users(struct store_conn *c, int64_t municipality_id,
				       int64_t unit_id, int64_t daycare1, int64_t daycare2,
				       uint64_t seed, int scale, int *families)
{
	static const char *const who[] = {"koordinator", "sundhedsplejerske", "hjemmepaedagog"};
	struct demo_cosp_opts o = {0};
	int64_t ids[3] = {0};
	enum rede_err err = REDE_OK;

	for (int i = 0; i < 3 && !err; i++) {
		struct user_row u;

		user_row_init(&u);
		err = store_user_by_name(c, municipality_id, who[i], &u);
		ids[i] = u.id;
		user_row_release(&u);
	}
	if (err)
		return err;
	o.municipality_id = municipality_id;
	o.unit_id = unit_id;
	o.daycare_ids[0] = daycare1;
	o.daycare_ids[1] = daycare2;
	o.coordinator_id = ids[0];
	o.health_visitor_id = ids[1];
	o.pedagogue_id = ids[2];
	o.seed = seed;
	o.scale = scale;
	return demo_cosp(c, &o, families);
}
