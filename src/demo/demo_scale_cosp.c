/*
 * demo_scale_cosp.c - SYNTHETIC COS-P courses and daycare cooperation at
 * municipal and national scale for `rede demo --scale` (see
 * demo_scale_cosp.h; issue 9, DOMAIN §1.3 and §1.6).
 *
 * Proportions, each with its source. Seed 003 (the midway evaluation of the
 * 1½-/3-year visits and COS-P) gives the only numbers; the rest are stated
 * assumptions shaped by what the seeds say:
 *   - trained staff: seed 003 counts 79 COS-P trained staff in the 12
 *     round-1 municipalities (~6.6 each). Here 70 % of a municipality's
 *     health visitors (at least 2) and one home pedagogue per three trained
 *     health visitors hold the training, most from before the four years,
 *     some trained during them; courses are led "af to sundhedsplejersker,
 *     en enkelt sundhedsplejerske, eller en sundhedsplejerske og en
 *     pædagog" (seed 003): two facilitators 80 % (a pedagogue in half of
 *     those when one is trained), one 20 %, always trained before the start.
 *   - offered: 12 % of the generated families (assumption; seed 003: 657
 *     families offered in 12 municipalities in about a year, ~55 a
 *     municipality a year; a scale-1 municipality gets ~75 a year).
 *   - accepted: 27 % of the answered offers (seed 003: "177 (svarende til
 *     27 %) takket ja"); offers younger than two weeks are unanswered half
 *     the time.
 *   - decline reasons (the seed's quotes, shares assumed): time of day and
 *     work 35 %, childcare / single parent 20 %, the group setting 15 %,
 *     "rigeligt kommune inde på livet" 15 %, "mest til ikke-ressourcestærke
 *     forældre" 5 %, other 10 %.
 *   - slots morning 25 %, afternoon 35 %, evening 40 % (seed 003: morning,
 *     afternoon and evening groups; "starter 16:15"); types mothers only
 *     30 %, couples 20 %, mixed 50 %; childcare in 70 % of the courses, a
 *     meal at every evening course and 25 % of the others (seed 003).
 *     Families accept each slot with 60 % and the types mothers only 40 %,
 *     couples 35 %, mixed 80 % (at least one of each).
 *   - ties: 80 % of the families whose child is 10 months or older at the
 *     offer are tied to its daycare institution; 6 % declare that they know
 *     another family offered recently. A family is placed in the first
 *     course starting 1-26 weeks after its answer in an accepted slot and
 *     type, with room (cosp.capacity), and with no family tied to the same
 *     institution or acquainted (the planner's rule, core_plan_conflict;
 *     seed 003: "det vendte sig i maven"). When none fits, the coordinator
 *     opens a course 5-14 weeks later in a slot and type the family accepts
 *     (its facilitators trained by its start); answers younger than three
 *     weeks wait for the planner. Courses thus hold 1-10 families, ~3 on
 *     average (seed 003: "Vi skulle have startet 4 par").
 *   - started: 90 % of the placed families come to the first session (seed
 *     003: "Vi skulle have startet 4 par. Vi startede kun 3"); the others
 *     are recorded as dropped out on that day. Of those who started 12 %
 *     drop out after 1-4 sessions ("det ene røg hurtigt"); the rest attend
 *     each session with 90 %, so ~90 % of them reach the completion rule
 *     (cosp.completion_min_attended of cosp.sessions, core_cosp_completed).
 *     Completed thus lands near 60 % of the accepted whose course has
 *     ended, ~45-60 % of all accepted (seed 003: 29 completed of 177
 *     accepted, most of whom had only just said yes).
 *   - the parents' rating (1 = "i høj grad" .. 4 = "slet ikke"): 70/22/6/2 %
 *     (assumption; seed 003: "Deltagerne har været rigtig glade for
 *     forløbet"), given by 85 % of the completed and 40 % of the others who
 *     were placed and did not drop out.
 *   - handover conversations (seed 004, DOMAIN §1.6): 15 % of the families
 *     are picked; the conversation is held when the child starts daycare at
 *     10-14 months, if that lies after the referral and within the four
 *     years, and recorded only when the parents' share_daycare consent is
 *     in force that day (store_consent_active, the API's rule): ~4 % of the
 *     families get one, with 2-4 items.
 *   - family groups (seed 004, Aarhus): one stream of groups per started
 *     2 000 families, groups back to back, family_group.min_weeks-max_weeks
 *     long, 2-3 workers; rolling intake up to family_group.max_families,
 *     aiming at 6 families a group; only families whose share_daycare
 *     consent is in force when they join (the API's rule). 1-3 goals
 *     (55/35/10 %) at the start meeting 2-10 days after joining; the
 *     daycare's 1-4 score every weekday the child is there (92 %), climbing
 *     from 1-2 towards 3-4; a status meeting every
 *     family_group.status_meeting_weeks; members leave when the group ends.
 *   - consultant visits (seed 004, Herning: four a year in every
 *     institution): every generated daycare institution has a fixed health
 *     visitor and consultant.visits_per_year visits a year over the four
 *     years; past ones done 90 % / missed 10 %, with one or two topics
 *     proposed by parents, daycare or the health visitor.
 * At scale 1 (2 550 families, seed 3) that is 6 trained staff, 341 offers,
 * 98 accepted, 92 placed, 73 started, 58 completed in 35 courses; 107
 * handovers; 24 family groups with 136 members and ~6 900 daily scores;
 * 704 consultant visits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/demo_rng.h"
#include "demo/demo_scale_cosp.h"
#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/core_planner.h"
#include "rede/util.h"
#include "store/audit_cli.h"
#include "store/consult.h"
#include "store/cosp.h"
#include "store/families.h"
#include "store/fgroups.h"
#include "store/handovers.h"
#include "store/settings.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RECENT 64 /* recently offered families, for acquaintances */
#define MAX_FG_GOALS 3

/* ---- the proportions ---- */
static const int offer_pct = 12;
static const int accept_pct = 27;
static const int start_pct = 85;
static const int dropout_pct = 20;
static const int attend_pct = 90;
static const int rated_completed_pct = 85, rated_other_pct = 40;
static const int rating_w[4] = {70, 22, 6, 2};
static const int slot_w[SLOT__COUNT] = {25, 35, 40};
static const int type_w[GTYPE__COUNT] = {30, 20, 50, 0}; /* mothers, couples, mixed */
static const int slot_accept_pct = 60;
static const int type_accept_pct[GTYPE__COUNT] = {40, 35, 80, 0};
static const int institution_pct = 80, acquaintance_pct = 6;
static const int handover_pct = 15;
static const int fg_goals_w[MAX_FG_GOALS] = {55, 35, 10};
static const int fg_present_pct = 92;
static const int consult_done_pct = 90;
static const struct {
	int w;
	const char *text;
} declines[] = {
	{35, "Tidspunktet passer ikke med arbejdet (syntetisk)"},
	{20, "Kan ikke få passet børnene; er alene (syntetisk)"},
	{15, "Vil ikke dele udfordringer i en gruppe (syntetisk)"},
	{15, "Har rigeligt kommune inde på livet (syntetisk)"},
	{5, "Troede, det mest var til ikke-ressourcestærke forældre (syntetisk)"},
	{10, "Andet (syntetisk)"},
};
static const char *const dropout_reasons[] = {
	"Kunne ikke få tiden til at hænge sammen (syntetisk)",
	"Barnet blev syg i flere uger (syntetisk)",
	"Familien flyttede (syntetisk)",
};
static const char *const offer_channels[] = {"letter", "phone", "sms", "in_person"};
static const char *const handover_topics[] = {"sleep",    "food",      "language", "development",
					      "routines", "relations", "health"};
static const char *const handover_texts[] = {
	"Syntetisk: sover bedst med sin sovedyr og en fast sang",
	"Syntetisk: spiser godt, er ny med fast føde i klumper",
	"Syntetisk: siger enkelte ord, peger meget",
	"Syntetisk: kravler og rejser sig ved møbler",
	"Syntetisk: faste måltider og middagslur giver ro",
	"Syntetisk: mor ønsker tæt kontakt den første uge",
	"Syntetisk: hyppige mellemørebetændelser sidste vinter",
};
static const char *const fg_goals[] = {
	"Siger farvel ved aflevering uden langvarig gråd",
	"Deltager i samling i mindst fem minutter",
	"Søger en voksen, når det er svært",
	"Leger side om side med et andet barn",
	"Klæder selv overtøj af i garderoben",
	"Venter på sin tur ved bordet",
};
static const char *const fg_did[] = {
	"Fast voksen tog imod ved døren",
	"Pædagogen satte sig ved siden af i samlingen",
	"Billedkort viste dagens rækkefølge",
	"Roste barnet for at vente",
};
static const char *const consult_topics[] = {
	"Søvn og hvile i vuggestuen", "Grænsesætning og trods", "Mad og måltider",
	"Hygiejne og smitte",         "Sprog og leg",           "Overgang fra dagpleje",
};
static const char *const topic_by[] = {"parents", "daycare", "health_visitor"};

static void day(int32_t d, char out[11])
{
	rede_date_format(d, out);
}

/* Monotonic seconds: the time spent here is reported apart
 * (demo_scale_stats.cosp_seconds). */
static double mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- state ---- */

struct trained {
	int64_t user_id;
	int32_t since;
	bool hv;
};

struct member { /* a family placed in a course */
	int64_t family_id;
	int64_t daycare; /* 0 = none */
	int64_t knows;   /* 0 = none */
};

struct course {
	int64_t id;
	int32_t start, last;
	int slot, type;
	int64_t sessions[CORE_COSP_MAX_SESSIONS];
	int32_t dates[CORE_COSP_MAX_SESSIONS];
	int64_t facilitator; /* records the attendance */
	struct member *members;
	int nmembers;
};

struct fgroup {
	int64_t id;
	int32_t start, end; /* end: the day after the last week */
	int64_t worker;
	int nmembers;
};

struct demo_scale_cosp {
	struct demo_scale_muni m;
	struct demo_scale_stats *st;
	struct demo_rng rng;
	struct core_cosp_params cp;
	struct core_fgroup_params fp;
	struct trained *trained;
	int ntrained;
	struct course *courses;
	int ncourses, ccourses;
	struct fgroup *groups;
	int ngroups;
	int fg_join_permille; /* per mille of families asked to join */
	int64_t recent[RECENT];
	int nrecent;
};

static int32_t first_day(const struct demo_scale_cosp *x)
{
	return x->m.today - x->m.window;
}

/* ---- set-up: training, courses, groups, consultant visits ---- */

static enum rede_err train(struct demo_scale_cosp *x, int64_t user_id, bool hv)
{
	struct competence_row r;
	struct trained *t = &x->trained[x->ntrained];
	bool held = false;
	enum rede_err err;

	t->user_id = user_id;
	t->hv = hv;
	t->since = demo_rng_pct(&x->rng, 75)
			   ? first_day(x) - demo_rng_range(&x->rng, 30, 900)
			   : first_day(x) + demo_rng_range(&x->rng, 0, x->m.window - 30);
	memset(&r, 0, sizeof(r));
	day(t->since, r.obtained_on);
	/* The demo's own staff may hold the training already. */
	err = store_competence_held(x->m.c, x->m.municipality_id, user_id, COMPETENCE_COSP,
				    r.obtained_on, &held);
	if (!err && !held) {
		r.user_id = user_id;
		snprintf(r.competence, sizeof(r.competence), COMPETENCE_COSP);
		snprintf(r.note, sizeof(r.note), "COS-P facilitatoruddannelse (syntetisk)");
		r.recorded_by = x->m.coords[0];
		err = store_competence_add(x->m.c, x->m.municipality_id, &r);
	}
	if (!err) {
		x->ntrained++;
		x->st->cosp_trained++;
	}
	return err;
}

/* Up to two facilitators trained before day; false when nobody is. */
static bool pick_facilitators(struct demo_scale_cosp *x, int32_t on, int64_t *ids, size_t *n)
{
	int hv[64], ped[64], nhv = 0, nped = 0;
	bool two = demo_rng_pct(&x->rng, 80) && x->cp.max_facilitators >= 2;

	for (int i = 0; i < x->ntrained; i++) {
		if (x->trained[i].since > on)
			continue;
		if (x->trained[i].hv && nhv < 64)
			hv[nhv++] = i;
		else if (!x->trained[i].hv && nped < 64)
			ped[nped++] = i;
	}
	*n = 0;
	if (!nhv)
		return false;
	ids[(*n)++] = x->trained[hv[demo_rng_range(&x->rng, 0, nhv - 1)]].user_id;
	if (two && nped && demo_rng_pct(&x->rng, 50))
		ids[(*n)++] = x->trained[ped[demo_rng_range(&x->rng, 0, nped - 1)]].user_id;
	else if (two && nhv > 1) {
		int64_t other = x->trained[hv[demo_rng_range(&x->rng, 0, nhv - 1)]].user_id;

		if (other != ids[0])
			ids[(*n)++] = other;
	}
	return true;
}

static int collect_session(const struct cosp_session_row *r, void *arg)
{
	struct course *k = arg;

	if (r->number >= 1 && r->number <= CORE_COSP_MAX_SESSIONS)
		k->sessions[r->number - 1] = r->id;
	return 0;
}

/* A course starting on start in slot and type (appended to x->courses,
 * which may move); none when nobody is trained by then. */
static enum rede_err add_course(struct demo_scale_cosp *x, int32_t start, int slot, int type)
{
	struct cosp_course_row r;
	struct course *k;
	bool held = true;
	enum rede_err err;

	if (x->ncourses == x->ccourses) {
		x->ccourses = x->ccourses ? 2 * x->ccourses : 16;
		x->courses = xrealloc(x->courses, (size_t)x->ccourses * sizeof(*x->courses));
	}
	k = &x->courses[x->ncourses];
	memset(&r, 0, sizeof(r));
	memset(k, 0, sizeof(*k));
	k->start = start;
	k->slot = slot;
	k->type = type;
	if (!pick_facilitators(x, start, r.facilitator_ids, &r.nfacilitators))
		return REDE_OK; /* nobody trained yet: no course */
	r.municipality_id = x->m.municipality_id;
	r.unit_id = x->m.hv_unit;
	snprintf(r.name, sizeof(r.name), "Tryghedscirklen %s %d (syntetisk)",
		 plan_slot_names[k->slot], x->ncourses + 1);
	day(start, r.start_on);
	snprintf(r.time_slot, sizeof(r.time_slot), "%s", plan_slot_names[k->slot]);
	snprintf(r.group_type, sizeof(r.group_type), "%s", plan_type_names[k->type]);
	snprintf(r.place, sizeof(r.place), "Sundhedsplejens mødelokale (syntetisk)");
	r.capacity = x->cp.capacity;
	r.childcare = demo_rng_pct(&x->rng, 70);
	r.meal = k->slot == SLOT_EVENING || demo_rng_pct(&x->rng, 25);
	r.created_by = x->m.coords[0];
	core_cosp_session_dates(start, (int)x->cp.sessions, x->cp.session_interval_days, k->dates);
	k->last = k->dates[x->cp.sessions - 1];
	/* The trained-facilitator rule, checked as the API checks it. */
	for (size_t i = 0; i < r.nfacilitators && held; i++) {
		err = store_competence_held(x->m.c, x->m.municipality_id, r.facilitator_ids[i],
					    COMPETENCE_COSP, r.start_on, &held);
		if (err)
			return err;
	}
	if (!held)
		return REDE_E_INVALID;
	err = store_cosp_course_insert(x->m.c, &r, k->dates, (int)x->cp.sessions);
	if (!err)
		err = store_cosp_session_each(x->m.c, r.id, collect_session, k);
	if (!err)
		err = store_audit_cli(x->m.c, x->m.municipality_id, "create", "cosp_course", r.id,
				      "cli demo (synthetic)");
	if (err)
		return err;
	k->id = r.id;
	k->facilitator = r.facilitator_ids[0];
	k->members = xcalloc((size_t)x->cp.capacity, sizeof(struct member));
	x->ncourses++;
	x->st->cosp_courses++;
	return REDE_OK;
}

static enum rede_err setup_cosp(struct demo_scale_cosp *x)
{
	int nhv = x->m.nhv * 7 / 10, nped;
	enum rede_err err = REDE_OK;

	if (nhv < 2)
		nhv = x->m.nhv < 2 ? x->m.nhv : 2;
	nped = (nhv + 2) / 3;
	if (nped > x->m.nped)
		nped = x->m.nped;
	x->trained = xcalloc((size_t)(nhv + nped), sizeof(*x->trained));
	for (int i = 0; i < nhv && !err; i++)
		err = train(x, x->m.hvs[i], true);
	for (int i = 0; i < nped && !err; i++)
		err = train(x, x->m.peds[i], false);
	return err;
}

static enum rede_err setup_groups(struct demo_scale_cosp *x)
{
	int streams = (int)((x->m.families + 1999) / 2000), per = 0;
	int32_t step = (int32_t)(x->fp.max_weeks * 7 + 14);
	enum rede_err err = REDE_OK;

	if (streams < 1 || x->m.nped < 1)
		return REDE_OK;
	per = x->m.window / step + 1;
	x->groups = xcalloc((size_t)(streams * per), sizeof(*x->groups));
	for (int s = 0; s < streams && !err; s++) {
		for (int i = 0; i < per && !err; i++) {
			struct fgroup_row r;
			struct fgroup *g = &x->groups[x->ngroups];
			int32_t start =
				first_day(x) + i * step + demo_rng_range(&x->rng, 0, 20) + s * 30;
			int workers = demo_rng_range(&x->rng, 2, 3);

			if (start > x->m.today)
				break;
			memset(&r, 0, sizeof(r));
			memset(g, 0, sizeof(*g));
			r.municipality_id = x->m.municipality_id;
			r.unit_id = x->m.admin_unit;
			snprintf(r.name, sizeof(r.name), "Familiegruppen %d.%d (syntetisk)", s + 1,
				 i + 1);
			day(start, r.start_on);
			r.weeks =
				demo_rng_range(&x->rng, (int)x->fp.min_weeks, (int)x->fp.max_weeks);
			snprintf(r.place, sizeof(r.place), "Lokale ved dagtilbuddet (syntetisk)");
			r.created_by = x->m.coords[0];
			/* two daycare pedagogues and a health visitor (seed 004) */
			for (int w = 0; w < workers - 1 && w < x->m.nped; w++) {
				int64_t id = x->m.peds[(s * 2 + w) % x->m.nped];

				if (!r.nworkers || r.worker_ids[0] != id)
					r.worker_ids[r.nworkers++] = id;
			}
			r.worker_ids[r.nworkers++] = x->m.hvs[s % x->m.nhv];
			err = store_fgroup_insert(x->m.c, &r);
			if (!err)
				err = store_audit_cli(x->m.c, x->m.municipality_id, "create",
						      "family_group", r.id, "cli demo (synthetic)");
			g->id = r.id;
			g->start = start;
			g->end = start + (int32_t)(r.weeks * 7);
			g->worker = r.worker_ids[0];
			x->ngroups++;
			x->st->fgroups++;
		}
	}
	/* Aim at 6 families a group: ~half the families asked can join
	 * (consent, age, a group running after the referral). */
	if (x->m.families)
		x->fg_join_permille =
			(int)(1000.0 * 6 * x->ngroups / ((double)x->m.families * 0.5) + 0.5);
	return err;
}

static enum rede_err setup_consult(struct demo_scale_cosp *x)
{
	int64_t n = 4;
	int32_t dates[CORE_CONSULT_MAX_VISITS];
	char since[11];
	enum rede_err err =
		store_setting_int(x->m.c, x->m.municipality_id, "consultant.visits_per_year", &n);

	if (n < 1 || n > CORE_CONSULT_MAX_VISITS)
		n = 4;
	day(first_day(x), since);
	for (int u = 0; u < x->m.ndaycares && !err; u++) {
		int64_t hv = x->m.hvs[u % x->m.nhv];

		err = store_institution_hv_set(x->m.c, x->m.daycares[u], hv, since, since);
		for (int y = core_year(first_day(x)); y <= core_year(x->m.today) && !err; y++) {
			core_consult_plan(y, (int)n, dates);
			for (int q = 0; q < (int)n && !err; q++) {
				struct consult_visit_row v;
				bool created = false;
				int ntopics = demo_rng_range(&x->rng, 1, 2);
				int64_t topic_ids[2] = {0};

				if (dates[q] < first_day(x))
					continue;
				memset(&v, 0, sizeof(v));
				v.municipality_id = x->m.municipality_id;
				v.unit_id = x->m.daycares[u];
				v.health_visitor_id = hv;
				v.year = y;
				v.quarter = q + 1;
				day(dates[q], v.planned_on);
				err = store_consult_insert(x->m.c, &v, &created);
				if (err || !created)
					continue;
				x->st->consult_visits++;
				for (int t = 0; t < ntopics && !err; t++) {
					struct consult_topic_row tr;

					memset(&tr, 0, sizeof(tr));
					tr.visit_id = v.id;
					snprintf(tr.proposed_by, sizeof(tr.proposed_by), "%s",
						 topic_by[demo_rng_range(&x->rng, 0,
									 (int)N(topic_by) - 1)]);
					snprintf(tr.text, sizeof(tr.text), "%s",
						 consult_topics[demo_rng_range(
							 &x->rng, 0, (int)N(consult_topics) - 1)]);
					err = store_consult_topic_add(x->m.c, &tr, hv);
					topic_ids[t] = tr.id;
				}
				if (err || dates[q] >= x->m.today)
					continue;
				if (demo_rng_pct(&x->rng, consult_done_pct)) {
					int32_t done = dates[q] + demo_rng_range(&x->rng, 0, 4);

					snprintf(v.status, sizeof(v.status), "done");
					day(done < x->m.today ? done : x->m.today, v.done_on);
					for (int t = 0; t < ntopics && !err; t++)
						err = store_consult_topic_cover(x->m.c, v.id,
										topic_ids[t]);
				} else {
					snprintf(v.status, sizeof(v.status), "missed");
				}
				if (!err)
					err = store_consult_update(x->m.c, &v);
			}
		}
	}
	return err;
}

enum rede_err demo_scale_cosp_begin(const struct demo_scale_muni *m, struct demo_scale_stats *st,
				    struct demo_scale_cosp **out)
{
	struct demo_scale_cosp *x = xcalloc(1, sizeof(*x));
	double t0 = mono();
	enum rede_err err;

	x->m = *m;
	x->st = st;
	x->rng.s = m->seed ^ 0xc05bc05bc05bULL;
	*out = x;
	err = store_cosp_params(m->c, m->municipality_id, &x->cp);
	if (!err)
		err = store_fgroup_params(m->c, m->municipality_id, &x->fp);
	if (!err && (x->cp.sessions < 1 || x->cp.sessions > CORE_COSP_MAX_SESSIONS ||
		     x->cp.capacity < 1 || m->nhv < 1 || m->ncoord < 1))
		err = REDE_E_INVALID;
	if (!err)
		err = setup_cosp(x);
	if (!err)
		err = setup_groups(x);
	if (!err && m->ndaycares > 0)
		err = setup_consult(x);
	st->cosp_seconds += mono() - t0;
	return err;
}

/* ---- per family: the COS-P offer ---- */

static bool conflicts(const struct course *k, const struct member *f)
{
	struct plan_family a = {0}, b = {0};
	int64_t shared;

	a.id = f->family_id;
	a.daycares = &f->daycare;
	a.ndaycares = f->daycare ? 1 : 0;
	a.knows = &f->knows;
	a.nknows = f->knows ? 1 : 0;
	for (int i = 0; i < k->nmembers; i++) {
		b.id = k->members[i].family_id;
		b.daycares = &k->members[i].daycare;
		b.ndaycares = k->members[i].daycare ? 1 : 0;
		b.knows = &k->members[i].knows;
		b.nknows = k->members[i].knows ? 1 : 0;
		if (core_plan_conflict(&a, &b, &shared))
			return true;
	}
	return false;
}

static struct course *find_course(struct demo_scale_cosp *x, const struct member *f, unsigned slots,
				  unsigned types, int32_t answered)
{
	for (int i = 0; i < x->ncourses; i++) {
		struct course *k = &x->courses[i];

		if (k->start < answered + 7 || k->start > answered + 7 * 26)
			continue;
		if (!(slots & 1u << k->slot) || !(types & 1u << k->type))
			continue;
		if (k->nmembers >= x->cp.capacity || conflicts(k, f))
			continue;
		return k;
	}
	return NULL;
}

static void write_mask(const char *const *names, int count, unsigned mask, char *out, size_t n)
{
	size_t len = 0;

	out[0] = 0;
	for (int i = 0; i < count; i++)
		if (mask & 1u << i)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "," : "",
						names[i]);
}

/* Attendance, dropout and rating of a placed family. */
static enum rede_err course_run(struct demo_scale_cosp *x, struct course *k,
				struct cosp_offer_row *o)
{
	int nsess = (int)x->cp.sessions, attended = 0, stop = nsess;
	bool started = demo_rng_pct(&x->rng, start_pct), dropped = false;
	enum rede_err err = REDE_OK;

	if (!started)
		stop = 0;
	else if (demo_rng_pct(&x->rng, dropout_pct))
		stop = demo_rng_range(&x->rng, 1, nsess / 2 < 1 ? 1 : nsess / 2);
	for (int s = 0; s < nsess && !err && k->dates[s] <= x->m.today; s++) {
		bool was;

		if (s == stop) { /* gone: recorded as a dropout on this session's day */
			dropped = true;
			day(k->dates[s], o->dropout_on);
			snprintf(o->dropout_reason, sizeof(o->dropout_reason), "%s",
				 s ? dropout_reasons[demo_rng_range(&x->rng, 0,
								    (int)N(dropout_reasons) - 1)]
				   : "Mødte ikke op til første gang (syntetisk)");
			if (s == 0)
				err = store_cosp_attendance_set(x->m.c, k->sessions[0], o->id,
								false, k->facilitator);
			break;
		}
		was = s == 0 || demo_rng_pct(&x->rng, attend_pct);
		attended += was;
		err = store_cosp_attendance_set(x->m.c, k->sessions[s], o->id, was, k->facilitator);
	}
	if (err)
		return err;
	if (started && k->dates[0] <= x->m.today)
		x->st->cosp_started++;
	if (k->last < x->m.today && !dropped) {
		bool done = core_cosp_completed(&x->cp, attended, false);

		x->st->cosp_completed += done;
		if (demo_rng_pct(&x->rng, done ? rated_completed_pct : rated_other_pct)) {
			int32_t on = k->last + demo_rng_range(&x->rng, 0, 14);

			o->rating = x->cp.rating_min + demo_rng_weighted(&x->rng, rating_w, 4);
			if (o->rating > x->cp.rating_max)
				o->rating = x->cp.rating_max;
			day(on < x->m.today ? on : x->m.today, o->rated_on);
		}
	}
	return REDE_OK;
}

static enum rede_err cosp_offer(struct demo_scale_cosp *x, const struct demo_scale_family *f)
{
	struct cosp_offer_row o;
	struct member me = {0};
	struct course *k = NULL;
	int32_t offered = f->referred + demo_rng_range(&x->rng, 0, 180), answered;
	unsigned slots = 0, types = 0;
	enum rede_err err;

	if (offered > x->m.today)
		offered = x->m.today - demo_rng_range(&x->rng, 0, 6);
	if (offered < f->referred || offered < f->birth)
		return REDE_OK;
	while (!slots)
		for (int s = 0; s < SLOT__COUNT; s++)
			slots |= (unsigned)demo_rng_pct(&x->rng, slot_accept_pct) << s;
	while (!types)
		for (int t = 0; t < GTYPE__COUNT; t++)
			types |= (unsigned)demo_rng_pct(&x->rng, type_accept_pct[t]) << t;
	me.family_id = f->id;
	if (offered - f->birth >= 300 && demo_rng_pct(&x->rng, institution_pct))
		me.daycare = x->m.daycares[demo_rng_range(&x->rng, 0, x->m.ndaycares - 1)];
	if (x->nrecent && demo_rng_pct(&x->rng, acquaintance_pct))
		me.knows = x->recent[demo_rng_range(
			&x->rng, 0, (x->nrecent < RECENT ? x->nrecent : RECENT) - 1)];
	x->recent[x->nrecent++ % RECENT] = f->id;

	memset(&o, 0, sizeof(o));
	o.municipality_id = x->m.municipality_id;
	o.family_id = f->id;
	o.child_id = f->child;
	o.offered_by = x->m.hvs[demo_rng_range(&x->rng, 0, x->m.nhv - 1)];
	day(offered, o.offered_on);
	snprintf(o.channel, sizeof(o.channel), "%s",
		 offer_channels[demo_rng_range(&x->rng, 0, (int)N(offer_channels) - 1)]);
	snprintf(o.status, sizeof(o.status), "offered");
	write_mask(plan_slot_names, SLOT__COUNT, slots, o.slots, sizeof(o.slots));
	write_mask(plan_type_names, GTYPE__COUNT, types, o.types, sizeof(o.types));
	if (me.daycare)
		o.institution_ids[o.ninstitutions++] = me.daycare;
	if (me.knows)
		o.acquaintance_ids[o.nacquaintances++] = me.knows;
	err = store_cosp_offer_insert(x->m.c, &o, o.offered_by);
	x->st->cosp_offers++;
	if (err || (offered > x->m.today - 14 && demo_rng_pct(&x->rng, 50)))
		return err; /* a recent offer may still wait for its answer */
	answered = offered + demo_rng_range(&x->rng, 2, 14);
	if (answered > x->m.today)
		answered = x->m.today;
	day(answered, o.answered_on);
	if (!demo_rng_pct(&x->rng, accept_pct)) {
		int w[N(declines)];

		for (size_t i = 0; i < N(declines); i++)
			w[i] = declines[i].w;
		snprintf(o.status, sizeof(o.status), "declined");
		snprintf(o.decline_reason, sizeof(o.decline_reason), "%s",
			 declines[demo_rng_weighted(&x->rng, w, (int)N(declines))].text);
		return store_cosp_offer_update(x->m.c, &o);
	}
	snprintf(o.status, sizeof(o.status), "accepted");
	x->st->cosp_accepted++;
	k = find_course(x, &me, slots, types, answered);
	if (!k && answered <= x->m.today - 21) {
		/* No course fits: the coordinator opens one in a slot and type
		 * the family accepts (recent answers wait for the planner). */
		int ws[SLOT__COUNT], wt[GTYPE__COUNT], n = x->ncourses;

		for (int i = 0; i < SLOT__COUNT; i++)
			ws[i] = slots & 1u << i ? slot_w[i] : 0;
		for (int i = 0; i < GTYPE__COUNT; i++)
			wt[i] = types & 1u << i ? type_w[i] + 1 : 0;
		err = add_course(x, answered + demo_rng_range(&x->rng, 35, 100),
				 demo_rng_weighted(&x->rng, ws, SLOT__COUNT),
				 demo_rng_weighted(&x->rng, wt, GTYPE__COUNT));
		if (err)
			return err;
		if (x->ncourses > n)
			k = &x->courses[n];
	}
	if (k) {
		int32_t placed = k->start - demo_rng_range(&x->rng, 7, 21);

		if (placed < answered)
			placed = answered;
		if (placed > x->m.today)
			placed = x->m.today;
		o.course_id = k->id;
		day(placed, o.placed_on);
		snprintf(
			o.placement_note, sizeof(o.placement_note),
			"Placeret af demo-data: intet fælles dagtilbud eller bekendtskab på holdet "
			"(syntetisk)");
		k->members[k->nmembers++] = me;
		x->st->cosp_placed++;
		err = course_run(x, k, &o);
	}
	if (!err)
		err = store_cosp_offer_update(x->m.c, &o);
	return err;
}

/* ---- per family: the handover conversation ---- */

static enum rede_err handover(struct demo_scale_cosp *x, const struct demo_scale_family *f)
{
	struct handover_row h;
	int32_t held = f->birth + demo_rng_range(&x->rng, 300, 420);
	char on[11];
	bool consent = false;
	int nitems = demo_rng_range(&x->rng, 2, 4),
	    first = demo_rng_range(&x->rng, 0, (int)N(handover_topics) - 1);
	enum rede_err err;

	if (held < f->referred || held > x->m.today || held < first_day(x))
		return REDE_OK;
	day(held, on);
	/* The API's rule: only with the parents' consent to share in force. */
	err = store_consent_active(x->m.c, f->id, "share_daycare", on, &consent);
	if (err || !consent)
		return err;
	handover_row_init(&h);
	h.municipality_id = x->m.municipality_id;
	h.family_id = f->id;
	h.child_id = f->child;
	h.unit_id = x->m.daycares[demo_rng_range(&x->rng, 0, x->m.ndaycares - 1)];
	snprintf(h.held_on, sizeof(h.held_on), "%s", on);
	snprintf(h.participants, sizeof(h.participants), "%s",
		 demo_rng_pct(&x->rng, 30) ? "parents,health_visitor,daycare,home_pedagogue"
					   : "parents,health_visitor,daycare");
	h.recorded_by = x->m.hvs[demo_rng_range(&x->rng, 0, x->m.nhv - 1)];
	for (int i = 0; i < nitems; i++) {
		int t = (first + 2 * i) % (int)N(handover_topics);

		snprintf(h.items[h.nitems].topic, sizeof(h.items[0].topic), "%s",
			 handover_topics[t]);
		h.items[h.nitems++].text = xstrdup(handover_texts[t]);
	}
	err = store_handover_insert(x->m.c, &h);
	handover_row_release(&h);
	x->st->handovers++;
	return err;
}

/* ---- per family: a place in a family group ---- */

struct goal_ids {
	int64_t ids[MAX_FG_GOALS];
	int n;
};

static int collect_goal(const struct fgroup_goal_row *g, void *arg)
{
	struct goal_ids *a = arg;

	if (a->n < MAX_FG_GOALS)
		a->ids[a->n++] = g->id;
	return 0;
}

static enum rede_err fgroup_member(struct demo_scale_cosp *x, const struct demo_scale_family *f)
{
	struct fgroup *g = NULL;
	struct fgroup_member_row mr;
	struct goal_ids gi = {{0}, 0};
	int32_t joined = 0, met, end, last_status = CORE_NO_DATE;
	int ngoals = 1 + demo_rng_weighted(&x->rng, fg_goals_w, MAX_FG_GOALS), first;
	bool consent = false;
	enum rede_err err;

	for (int tries = 0; tries < 3 && !g && x->ngroups; tries++) {
		struct fgroup *c = &x->groups[demo_rng_range(&x->rng, 0, x->ngroups - 1)];
		int32_t from = c->start > f->referred ? c->start : f->referred;
		int32_t to = c->end - 28 < x->m.today ? c->end - 28 : x->m.today;

		if (c->nmembers >= x->fp.max_families || from > to || !f->birth ||
		    from - f->birth < 270)
			continue;
		g = c;
		joined = from + demo_rng_range(&x->rng, 0, to - from);
	}
	if (!g)
		return REDE_OK;
	memset(&mr, 0, sizeof(mr));
	day(joined, mr.joined_on);
	/* The API's rule: the group shares goals and scores with daycare. */
	err = store_consent_active(x->m.c, f->id, "share_daycare", mr.joined_on, &consent);
	if (err || !consent)
		return err;
	mr.group_id = g->id;
	mr.family_id = f->id;
	mr.child_id = f->child;
	mr.daycare_unit_id = x->m.daycares[demo_rng_range(&x->rng, 0, x->m.ndaycares - 1)];
	err = store_fgroup_member_insert(x->m.c, &mr);
	if (!err)
		err = store_fgroup_member_get(x->m.c, x->m.municipality_id, mr.id, &mr);
	if (err)
		return err;
	g->nmembers++;
	x->st->fgroup_members++;
	met = joined + demo_rng_range(&x->rng, 2, 10);
	end = g->end - 1 < x->m.today ? g->end - 1 : x->m.today;
	if (met > end)
		return REDE_OK; /* the start meeting lies ahead */
	day(met, mr.start_meeting_on);
	snprintf(mr.start_participants, sizeof(mr.start_participants), "%s",
		 "parents,daycare,group_worker");
	if (g->end <= x->m.today) {
		day(g->end, mr.left_on);
		snprintf(mr.left_reason, sizeof(mr.left_reason),
			 "Forløbet er afsluttet (syntetisk)");
	}
	err = store_fgroup_member_update(x->m.c, &mr);
	first = demo_rng_range(&x->rng, 0, (int)N(fg_goals) - 1);
	for (int k = 0; k < ngoals && !err; k++) {
		struct fgroup_goal_row goal;

		memset(&goal, 0, sizeof(goal));
		goal.member_id = mr.id;
		snprintf(goal.text, sizeof(goal.text), "%s",
			 fg_goals[(first + k) % (int)N(fg_goals)]);
		day(met, goal.agreed_on);
		err = store_fgroup_goal_add(x->m.c, &goal);
	}
	if (!err)
		err = store_fgroup_goal_each(x->m.c, mr.id, collect_goal, &gi);
	/* the daycare's score on weekdays the child is there, climbing from
	 * 1-2 towards 3-4 over the group's weeks */
	for (int32_t d = met; d <= end && !err; d++) {
		if (core_weekday(d) >= 5 || !demo_rng_pct(&x->rng, fg_present_pct))
			continue;
		for (int k = 0; k < gi.n && !err; k++) {
			struct fgroup_score_row s;
			int span = (int)(x->fp.score_max - x->fp.score_min);
			int64_t v = x->fp.score_min +
				    (int64_t)span * (d - met) / (g->end - met + 1) +
				    (demo_rng_pct(&x->rng, 30) ? 1 : 0);

			memset(&s, 0, sizeof(s));
			s.goal_id = gi.ids[k];
			day(d, s.scored_on);
			s.score = v > x->fp.score_max ? x->fp.score_max : v;
			snprintf(s.did, sizeof(s.did), "%s", fg_did[(k + d) % (int)N(fg_did)]);
			err = store_fgroup_score_put(x->m.c, &s, g->worker);
			x->st->daycare_scores++;
		}
	}
	for (;;) { /* status meetings every family_group.status_meeting_weeks */
		struct fgroup_status_row sm;
		int32_t due = core_fgroup_next_status(&x->fp, met, last_status);

		if (err || due == CORE_NO_DATE || due > end)
			break;
		memset(&sm, 0, sizeof(sm));
		sm.member_id = mr.id;
		day(due, sm.held_on);
		snprintf(sm.note, sizeof(sm.note), "Syntetisk: fremgang på målene; fortsætter");
		err = store_fgroup_status_add(x->m.c, &sm, g->worker);
		last_status = due;
	}
	return err;
}

enum rede_err demo_scale_cosp_family(struct demo_scale_cosp *x, const struct demo_scale_family *f)
{
	double t0;
	enum rede_err err = REDE_OK;

	if (!f->birth) /* not born yet: none of these apply */
		return REDE_OK;
	t0 = mono();
	if (demo_rng_pct(&x->rng, offer_pct))
		err = cosp_offer(x, f);
	if (!err && x->m.ndaycares > 0 && demo_rng_pct(&x->rng, handover_pct))
		err = handover(x, f);
	if (!err && x->m.ndaycares > 0 && demo_rng_range(&x->rng, 0, 999) < x->fg_join_permille)
		err = fgroup_member(x, f);
	x->st->cosp_seconds += mono() - t0;
	return err;
}

enum rede_err demo_scale_cosp_end(struct demo_scale_cosp *x, enum rede_err err)
{
	if (!x)
		return err;
	for (int i = 0; i < x->ncourses; i++)
		free(x->courses[i].members);
	free(x->courses);
	free(x->groups);
	free(x->trained);
	free(x);
	return err;
}
