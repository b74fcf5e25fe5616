/*
 * demo_scale.c - SYNTHETIC data at municipal and national scale for
 * `rede demo --scale N|national` (see demo_scale.h; issue 9).
 *
 * Nothing here is a real person: names are built from invented stems
 * ("Prøvegaard", "Skitseholm"), CPR numbers come from a deterministic PRNG
 * (a real date, the century digit the CPR rule gives for the birth year, no
 * modulus-11 claim), phone numbers use the unassigned prefix 00.
 *
 * Proportions. The seeds give no numeric shares for the home-pedagogue
 * course, so these are stated assumptions, each shaped by what the seeds
 * say (seeds 000 and 002):
 *   - referral source: health visiting 45 % (the seeds' main recruiter,
 *     "særligt med sundhedsplejen"), daycare 30 %, family department 10 %,
 *     self 6 %, midwife 4 %, GP 3 %, other 2 %; the channel (how the
 *     family heard of the offer) follows the seeds' list: the health
 *     visitor, daycare, flyer, Aula, parents' meeting, website, video.
 *   - TOPI yellow 65 %, red 10 %, green 15 %, none 10 %; § 52 decided 3 %.
 *   - visitation (decided referrals): accepted 74 %, rejected 8 %,
 *     referred elsewhere 8 %, declined by the family 6 %, wait-listed 4 %
 *     (only recent ones stay on the list); referrals younger than two
 *     weeks may still be pending.
 *   - courses start 1-4 weeks after the decision; closure reasons goals met
 *     55 %, needs another intervention 12 %, family withdrew 10 %, 40
 *     weeks reached 10 %, moved 6 %, other 7 %, with lengths that fit the
 *     reason (goals met after 14-38 weeks, a withdrawal after 2-20, ...);
 *     courses whose end lies ahead are still active today.
 *   - goals per course 1-4 (15/40/35/10 %), themes 1/2/3 at 45/35/20 %;
 *     staff rate every goal every 4th week, parents every 8th.
 *   - one contact a week: home session 76 %, phone 10 %, elsewhere 4 %,
 *     cancelled 6 %, no-show 4 %; after 18 % of home sessions a follow-up
 *     phone call; a network meeting every 8th week when the parents
 *     consented to share with daycare (70 %).
 * With these, a scale-1 municipality (2,550 families over four years) has
 * ~1,900 courses and ~50,000 contacts, and the national set (98
 * municipalities, 250,000 families) ~5 million contacts.
 *
 * COS-P (trained staff, courses, offers with seed 003's funnel, placements,
 * attendance, ratings), handover conversations, family groups with daily
 * scores and the consultant visits' annual wheel come from
 * demo_scale_cosp.c, called per municipality and per family below; its
 * header states those proportions.
 *
 * Speed: all statements are prepared once per connection (the store's
 * statement cache) and run inside one transaction per CHUNK families.
 * Every family gets its audit entry, as in the small demo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo/demo_families.h"
#include "demo/demo_rng.h"
#include "demo/demo_scale.h"
#include "demo/demo_scale_cosp.h"
#include "demo/demo_words.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_family.h"
#include "rede/core_health_visit.h"
#include "rede/core_visitation.h"
#include "rede/util.h"
#include "store/audit_cli.h"
#include "store/contacts.h"
#include "store/enrolments.h"
#include "store/families.h"
#include "store/goals.h"
#include "store/health_visits.h"
#include "store/referrals.h"
#include "store/tenancy.h"
#include "store/users.h"

#define CHUNK 5000 /* families per transaction */
#define MAX_GOALS 4
#define DAYS_4Y (4 * 365)

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* randomness: demo/demo_rng.h */
#define PICK(r, arr) ((arr)[demo_rng_next(r) % N(arr)])

/* ---- vocabularies ---- */

static const char *const stems[] = {
	"Prøve",  "Skitse", "Test",   "Demo",     "Eksempel", "Fiktiv",  "Opdigt",
	"Udkast", "Attrap", "Kopi",   "Skabelon", "Model",    "Fantasi", "Pseudo",
	"Simul",  "Forsøg", "Øvelse", "Mønster",  "Kladde",   "Utopi",
};
static const char *const endings[] = {
	"sen", "gaard", "holm", "strup", "bæk", "lund", "by", "skov", "dal", "berg", "vig", "høj",
};
static const char *const child_names[] = {
	"Alma",   "Oscar",  "Ella",  "Noah",    "Freja",  "Karl",  "Ida",  "Valdemar",
	"Agnes",  "Emil",   "Clara", "William", "Olivia", "Lucas", "Aya",  "Malthe",
	"Ellen",  "Storm",  "Lea",   "Arthur",  "Nora",   "Aksel", "Liva", "Elias",
	"Esther", "Alfred", "Asta",  "Otto",    "Vigga",  "Ali",
};
static const char *const mother_names[] = {
	"Sofie", "Camilla", "Louise", "Maja",   "Sara",    "Amalie", "Fatima",
	"Julie", "Mette",   "Line",   "Anne",   "Nadia",   "Emma",   "Laura",
	"Ida",   "Mia",     "Sanne",  "Zainab", "Katrine",
};
static const char *const father_names[] = {
	"Mads",   "Jonas",    "Ahmed",     "Rasmus", "Kasper",  "Mikkel",
	"Tobias", "Frederik", "Martin",    "Jesper", "Omar",    "Anders",
	"Simon",  "Thomas",   "Christian", "Peter",  "Nikolaj", "Emil",
};

/* referral_source order: health_visiting, daycare, midwife, gp,
 * family_department, self, other */
static const int source_w[SRC__COUNT] = {45, 30, 4, 3, 10, 6, 2};
static const char *const channel_by_source[SRC__COUNT][3] = {
	{"Sundhedsplejersken", "Sundhedsplejersken", "Folder fra sundhedsplejen"},
	{"Dagtilbuddet", "Forældremøde i dagtilbuddet", "Aula"},
	{"Jordemoderen", "Jordemoderen", "Folder"},
	{"Egen læge", "Egen læge", "Folder"},
	{"Familieafdelingen", "Familieafdelingen", "Familieafdelingen"},
	{"Kommunens hjemmeside", "Aula", "Video om tilbuddet"},
	{"Folder", "Andet", "Kommunens hjemmeside"},
};
static const char *const referral_reasons[] = {
	"SYNTETISK: usikkerhed om døgnrytme og søvn",
	"SYNTETISK: forældrene er usikre på barnets signaler",
	"SYNTETISK: svært at sætte rammer, mange konflikter ved måltider",
	"SYNTETISK: enlig forælder med svagt netværk, ønsker sparring om leg",
	"SYNTETISK: barnet er uroligt og svært at trøste",
	"SYNTETISK: ændret livssituation, brug for faste rutiner",
};
static const char *const risk_codes[] = {
	"P_CHANGED_LIFE",        "P_POSTNATAL_DEPRESSION",
	"P_LACKING_KNOWLEDGE",   "P_PARENT_CONFLICT",
	"P_IRRITABLE",           "P_SINGLE_WEAK_NETWORK",
	"P_JOY_WORRY_IMBALANCE", "P_COPARENT_HARD",
	"P_SETTING_FRAMES",      "C_CIRCADIAN",
	"C_SENSORIMOTOR",        "C_AROUSAL",
	"C_UNCLEAR_SIGNALS",     "C_RESTLESS",
};
/* topi: green, yellow, red, none */
static const int topi_w[4] = {15, 65, 10, 10};
/* visitation_outcome order: accepted, rejected, referred_elsewhere,
 * waitlist, declined_by_family */
static const int outcome_w[VIS__COUNT] = {74, 8, 8, 4, 6};
/* core_closure_reason order: goals_met, max_weeks_reached, family_withdrew,
 * needs_other_intervention, moved, other */
static const int closure_w[CLOSURE_REASON__COUNT] = {55, 10, 10, 12, 6, 7};
static const int closure_weeks[CLOSURE_REASON__COUNT][2] = {
	{14, 38}, {39, 40}, {2, 20}, {6, 30}, {3, 30}, {3, 30},
};
static const int ngoals_w[MAX_GOALS] = {15, 40, 35, 10};
static const int theme_w[3] = {45, 35, 20};
static const struct {
	int theme;
	const char *focus, *text;
} goal_texts[] = {
	{1, "routines", "Vi vil have en fast og rolig puttestund om aftenen"},
	{1, "play_presence", "Vi vil lege på gulvet sammen hver dag uden telefonen"},
	{1, "routines", "Vi vil spise aftensmad sammen ved bordet på faste tider"},
	{2, "feelings_language", "Vi vil sætte ord på hans følelser, når han bliver ked af det"},
	{2, "play_presence", "Hun skal være med til at dække bord og rydde op"},
	{2, "feelings_language", "Vi vil læse og synge med hende hver dag"},
	{3, "daycare_cooperation", "Vi vil fortælle vuggestuen, hvad der virker derhjemme"},
	{3, "daycare_cooperation", "Vi vil aftale en fælles afleveringsrutine med dagplejen"},
};
static const char *const onward[] = {"Familieafdelingen", "PPR", "Sundhedsplejen"};

/* ---- CPR numbers used this run: open-addressing set of 10-digit values ---- */

struct cpr_set {
	uint64_t *slot; /* value + 1; 0 = empty */
	size_t cap, n;
};

static bool cpr_add(struct cpr_set *s, uint64_t v)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct cpr_set g = {xcalloc(s->cap ? 2 * s->cap : 1 << 16, sizeof(uint64_t)),
				    s->cap ? 2 * s->cap : 1 << 16, 0};

		for (size_t k = 0; k < s->cap; k++)
			if (s->slot[k])
				cpr_add(&g, s->slot[k] - 1);
		free(s->slot);
		*s = g;
	}
	i = (size_t)((v * 0x9e3779b97f4a7c15ULL) >> 20) & (s->cap - 1);
	while (s->slot[i]) {
		if (s->slot[i] == v + 1)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = v + 1;
	s->n++;
	return true;
}

/* ---- progress on stderr ---- */

struct progress {
	int64_t total, done;
	bool tty;
	int last_pct;
	struct timespec t0;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress_show(struct progress *p, bool final)
{
	int pct = p->total ? (int)(p->done * 100 / p->total) : 100;
	double el = since(&p->t0);

	if (p->tty) {
		char bar[41];
		int fill = pct * 40 / 100;
		double eta = p->done ? el * (double)(p->total - p->done) / (double)p->done : 0;

		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(40 - fill));
		bar[40] = 0;
		fprintf(stderr, "\r[%s] %3d%% %lld/%lld families  %.0fs elapsed, ~%.0fs left ", bar,
			pct, (long long)p->done, (long long)p->total, el, eta);
		if (final)
			fputc('\n', stderr);
	} else if (pct / 10 != p->last_pct / 10) {
		fprintf(stderr, "demo: %d%% (%lld/%lld families, %.0fs)\n", pct, (long long)p->done,
			(long long)p->total, el);
	}
	p->last_pct = pct;
}

static void progress_step(struct progress *p)
{
	p->done++;
	if (p->tty ? (p->done & 255) == 0
		   : p->done * 100 / p->total != (p->done - 1) * 100 / p->total)
		progress_show(p, false);
}

/* ---- one municipality ---- */

struct muni {
	int index; /* 0 = the demo municipality */
	int64_t id;
	int64_t families;
	int64_t admin_unit, hv_unit;
	int64_t *daycares;
	int ndaycares;
	int64_t *peds, *coords, *hvs;
	int nped, ncoord, nhv;
	char (*existing)[CRYPTO_HASH_HEX]; /* CPR hashes already in it (the small demo) */
	int nexisting, existing_alloc;
};

struct gen {
	const struct demo_scale_opts *o;
	struct demo_scale_stats *st;
	struct store_conn *c;
	struct demo_rng rng;
	struct cpr_set cprs;
	struct core_course_params p;
	struct core_hv_params hvp;
	struct demo_scale_cosp *cosp; /* COS-P and daycare (demo_scale_cosp.c) */
	int32_t today;
	struct progress prog;
};

static void date_str(int32_t d, char out[STORE_DATE_SIZE])
{
	rede_date_format(d, out);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A synthetic CPR number for a birth date, unique in this run and not
 * among the municipality's existing ones; fills the encrypted box and the
 * lookup hash exactly as the API does. */
static void make_cpr(struct gen *g, const struct muni *m, int32_t birth, struct person_row *p)
{
	char date[11], cpr[11], norm[11], hash[CRYPTO_HASH_HEX];
	int y, mo, d, yy, py, pm, pd;
	double t0;
	bool clash;

	rede_date_format(birth, date);
	sscanf(date, "%d-%d-%d", &y, &mo, &d);
	yy = y % 100;
	for (;;) {
		/* 0-3: 1900-1999; 5-8: 2000-2057 (yy <= 57). */
		unsigned d7 = (unsigned)(y < 2000 ? demo_rng_range(&g->rng, 0, 3)
						  : demo_rng_range(&g->rng, 5, 8));
		unsigned seq = (unsigned)demo_rng_range(&g->rng, 0, 999);

		snprintf(cpr, sizeof(cpr), "%02u%02u%02u%01u%03u", (unsigned)d % 100,
			 (unsigned)mo % 100, (unsigned)yy % 100, d7 % 10, seq % 1000);
		if (!cpr_add(&g->cprs, strtoull(cpr, NULL, 10)))
			continue;
		t0 = now_s();
		core_cpr_parse(cpr, norm, &py, &pm, &pd);
		crypto_cpr_lookup_hash(g->o->keys, norm, hash);
		clash = false;
		for (int i = 0; i < m->nexisting && !clash; i++)
			clash = !strcmp(m->existing[i], hash);
		if (!clash) {
			p->cpr_box = crypto_cpr_encrypt(g->o->keys, norm);
			p->cpr_hash = xstrdup(hash);
		}
		g->st->crypto_seconds += now_s() - t0;
		if (!clash)
			break;
	}
	snprintf(p->birth_date, sizeof(p->birth_date), "%04d-%02d-%02d", py, pm, pd);
}

static enum rede_err add_person(struct gen *g, const struct muni *m, int64_t family_id,
				const char *kind, const char *given, const char *surname,
				int32_t birth, int32_t expected, const char *relation, int64_t *id)
{
	struct person_row p;
	char phone[16];

	demo_person_begin(&p, family_id, kind, given, surname, relation ? 1 : -1);
	if (expected)
		rede_date_format(expected, p.expected_birth_date);
	else
		make_cpr(g, m, birth, &p);
	if (relation) {
		snprintf(p.relation, sizeof(p.relation), "%s", relation);
		snprintf(phone, sizeof(phone), "00%06d", demo_rng_range(&g->rng, 0, 999999));
		p.phone = xstrdup(phone);
		p.language = xstrdup(demo_rng_range(&g->rng, 0, 9) ? "da" : "en");
	}
	g->st->persons++;
	return demo_person_save(g->c, m->id, &p, id);
}

static enum rede_err add_consent(struct gen *g, const struct muni *m, int64_t family_id,
				 const char *purpose, int64_t guardian_id, int32_t on, int64_t *id)
{
	struct consent_row r;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	r.family_id = family_id;
	r.guardian_id = guardian_id;
	snprintf(r.purpose, sizeof(r.purpose), "%s", purpose);
	rede_date_format(on, r.given_on);
	err = store_consent_give(g->c, m->id, &r, m->coords[0]);
	*id = r.id;
	return err;
}

struct fam {
	int64_t id, child, mother, referral;
	bool share;
	int32_t referred, decided;
	int32_t birth, expected; /* the child's; 0 when not known */
	enum visitation_outcome outcome;
	bool pending;
};

static enum rede_err add_referral(struct gen *g, const struct muni *m, struct fam *f)
{
	struct referral_row r;
	int src = demo_rng_weighted(&g->rng, source_w, SRC__COUNT);
	int topi = demo_rng_weighted(&g->rng, topi_w, 4);
	int nrisk = demo_rng_range(&g->rng, 1, 4),
	    first = demo_rng_range(&g->rng, 0, (int)N(risk_codes) - 1);
	const char *reason = NULL, *other = NULL, *justification = NULL;
	char decided[STORE_DATE_SIZE], *assessment = NULL;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	r.municipality_id = m->id;
	r.family_id = f->id;
	r.child_id = f->child;
	snprintf(r.programme, sizeof(r.programme), "home_pedagogue");
	snprintf(r.source, sizeof(r.source), "%s", referral_source_names[src]);
	r.channel = xstrdup(channel_by_source[src][demo_rng_range(&g->rng, 0, 2)]);
	r.reason = xstrdup(PICK(&g->rng, referral_reasons));
	if (topi < TOPI__COUNT)
		snprintf(r.topi, sizeof(r.topi), "%s", topi_names[topi]);
	r.section52 = demo_rng_range(&g->rng, 0, 99) < 3;
	rede_date_format(f->referred, r.referred_on);
	r.referred_by = src == SRC_HEALTH_VISITING
				? m->hvs[demo_rng_range(&g->rng, 0, m->nhv - 1)]
				: m->coords[demo_rng_range(&g->rng, 0, m->ncoord - 1)];
	for (int i = 0; i < nrisk; i++)
		snprintf(r.risks[r.nrisks++], sizeof(r.risks[0]), "%s",
			 risk_codes[(first + 3 * i) % (int)N(risk_codes)]);
	err = store_referral_create(g->c, &r);
	f->referral = r.id;
	g->st->referrals++;
	if (err || f->pending)
		goto out;
	f->outcome = (enum visitation_outcome)demo_rng_weighted(&g->rng, outcome_w, VIS__COUNT);
	/* Only recent referrals are still on the waiting list; a § 52 family
	 * is mostly rejected. */
	if (f->outcome == VIS_WAITLIST && f->decided < g->today - 90)
		f->outcome = VIS_ACCEPTED;
	if (r.section52 && f->outcome == VIS_ACCEPTED && demo_rng_range(&g->rng, 0, 2))
		f->outcome = VIS_REJECTED;
	switch (f->outcome) {
	case VIS_ACCEPTED:
		if (r.section52)
			justification = "Forløbet vurderes at understøtte foranstaltningerne "
					"(syntetisk)";
		break;
	case VIS_REJECTED:
		reason = r.section52 ? "Familien er omfattet af § 52-foranstaltninger"
				     : "Problemstillingen er for kompleks til et "
				       "hjemmepædagogisk forløb";
		break;
	case VIS_REFERRED_ELSEWHERE:
		reason = "Familien får bedre hjælp i et andet tilbud";
		other = PICK(&g->rng, onward);
		break;
	case VIS_WAITLIST: reason = "Ingen ledig hjemmepædagog lige nu"; break;
	default: reason = "Familien ønsker ikke et forløb nu"; break;
	}
	date_str(f->decided, decided);
	assessment = demo_assessment(g->c, m->id, f->referred, f->birth, f->expected, r.nrisks,
				     r.section52);
	if (!assessment) {
		err = REDE_E_STORE;
		goto out;
	}
	err = store_referral_decide(g->c, &r, visitation_outcome_names[f->outcome], reason, other,
				    justification, assessment, decided,
				    m->coords[demo_rng_range(&g->rng, 0, m->ncoord - 1)]);
out:
	free(assessment);
	referral_row_release(&r);
	return err;
}

static enum rede_err add_contact(struct gen *g, const struct muni *m, int64_t enrolment_id,
				 int64_t by, int32_t on, int kind, int minutes,
				 const int64_t *goals, int ngoals, bool shared)
{
	struct contact_row r;
	enum rede_err err;
	bool happened = kind != CONTACT_CANCELLED && kind != CONTACT_NO_SHOW;

	contact_row_init(&r);
	r.municipality_id = m->id;
	r.enrolment_id = enrolment_id;
	date_str(on, r.happened_on);
	snprintf(r.kind, sizeof(r.kind), "%s", core_contact_kind_names[kind]);
	r.minutes = minutes;
	if (happened) {
		snprintf(r.activities, sizeof(r.activities), "%s",
			 PICK(&g->rng, demo_contact_activities));
		snprintf(r.stance, sizeof(r.stance), "%s",
			 core_stance_names[demo_rng_range(&g->rng, 0, STANCE__COUNT - 1)]);
		if (kind == CONTACT_HOME_SESSION && demo_rng_range(&g->rng, 0, 1))
			r.note = xstrdup(PICK(&g->rng, demo_contact_notes));
		for (int i = 0; i < ngoals; i++)
			r.goal_ids[r.ngoals++] = goals[i];
	}
	r.shared_with_daycare = shared;
	r.recorded_by = by;
	err = store_contact_insert(g->c, &r);
	contact_row_release(&r);
	g->st->contacts++;
	return err;
}

static int clamp(const struct gen *g, int v)
{
	return v < g->p.rating_min   ? (int)g->p.rating_min
	       : v > g->p.rating_max ? (int)g->p.rating_max
				     : v;
}

static enum rede_err add_rating(struct gen *g, int64_t goal_id, int32_t on, int value, int rater,
				int64_t by)
{
	struct rating_row r;

	memset(&r, 0, sizeof(r));
	r.goal_id = goal_id;
	date_str(on, r.rated_on);
	r.value = clamp(g, value);
	snprintf(r.by, sizeof(r.by), "%s", core_rater_names[rater]);
	r.recorded_by = by;
	g->st->ratings++;
	return store_rating_insert(g->c, &r);
}

/* Weekly contacts from the start to last, ratings on the way: progress
 * towards the target in proportion to the weeks done, faster when the
 * course ends with its goals met. */
static enum rede_err course_work(struct gen *g, const struct muni *m, int64_t enrolment_id,
				 int64_t ped, int32_t start, int32_t last, int weeks,
				 struct goal_row *goals, int ngoals, bool share, int effect_pct)
{
	static const int kind_w[] = {76, 10, 4, 6, 4};
	static const int kinds[] = {CONTACT_HOME_SESSION, CONTACT_PHONE, CONTACT_OTHER_PLACE,
				    CONTACT_CANCELLED, CONTACT_NO_SHOW};
	int64_t gid[MAX_GOALS];
	enum rede_err err = REDE_OK;
	int w = 0;

	for (int i = 0; i < ngoals; i++)
		gid[i] = goals[i].id;
	for (int32_t d = start + 1; d <= last && !err; d += 7, w++) {
		int kind = kinds[demo_rng_weighted(&g->rng, kind_w, (int)N(kind_w))];
		int minutes = kind == CONTACT_HOME_SESSION  ? 15 * demo_rng_range(&g->rng, 4, 8)
			      : kind == CONTACT_PHONE       ? 15 * demo_rng_range(&g->rng, 1, 2)
			      : kind == CONTACT_OTHER_PLACE ? 15 * demo_rng_range(&g->rng, 4, 6)
							    : 0;
		int32_t on = d + demo_rng_range(&g->rng, 0, 3) < last
				     ? d + demo_rng_range(&g->rng, 0, 3)
				     : d;
		int k = ngoals ? demo_rng_range(&g->rng, 0, ngoals - 1) : 0;

		err = add_contact(g, m, enrolment_id, ped, on, kind, minutes, gid + k,
				  ngoals ? 1 : 0, false);
		/* a follow-up phone call in some weeks */
		if (!err && kind == CONTACT_HOME_SESSION && demo_rng_range(&g->rng, 0, 99) < 18 &&
		    on + 2 <= last)
			err = add_contact(g, m, enrolment_id, ped, on + 2, CONTACT_PHONE, 15,
					  gid + k, ngoals ? 1 : 0, false);
		if (!err && share && w % 8 == 7 && d + 2 <= last)
			err = add_contact(g, m, enrolment_id, ped, d + 2, CONTACT_NETWORK_MEETING,
					  60, gid, ngoals, true);
		for (int i = 0; i < ngoals && !err && w % 4 == 3; i++) {
			int span = (int)(goals[i].target - goals[i].baseline);
			int v = (int)goals[i].baseline +
				(span * effect_pct * (w + 1) + 50 * weeks) / (100 * weeks) +
				(demo_rng_range(&g->rng, 0, 5) == 0 ? demo_rng_range(&g->rng, -1, 1)
								    : 0);

			err = add_rating(g, gid[i], d, v, RATER_STAFF, ped);
			if (!err && w % 8 == 7)
				err = add_rating(g, gid[i], d, v - demo_rng_range(&g->rng, 0, 1),
						 RATER_PARENT, ped);
		}
	}
	return err;
}

static void goal_make(struct gen *g, int64_t enrolment_id, int32_t agreed, struct goal_row *out)
{
	int theme = 1 + demo_rng_weighted(&g->rng, theme_w, 3);
	int pick;

	do
		pick = demo_rng_range(&g->rng, 0, (int)N(goal_texts) - 1);
	while (goal_texts[pick].theme != theme);
	goal_row_init(out);
	out->enrolment_id = enrolment_id;
	out->theme = theme;
	snprintf(out->focus_area, sizeof(out->focus_area), "%s", goal_texts[pick].focus);
	out->text = xstrdup(goal_texts[pick].text);
	out->baseline = g->p.rating_min + demo_rng_range(&g->rng, 0, 1);
	out->target = g->p.rating_max - demo_rng_range(&g->rng, 0, 1);
	date_str(agreed, out->agreed_on);
}

static const char *attainment(struct gen *g, int reason)
{
	int x = demo_rng_range(&g->rng, 0, 99);

	switch (reason) {
	case CLOSURE_GOALS_MET: return x < 80 ? "met" : "partly";
	case CLOSURE_MAX_WEEKS_REACHED: return x < 20 ? "met" : x < 70 ? "partly" : "not_met";
	case CLOSURE_NEEDS_OTHER_INTERVENTION: return x < 40 ? "partly" : "not_met";
	default: return x < 10 ? "met" : x < 55 ? "partly" : "not_met";
	}
}

static enum rede_err add_course(struct gen *g, const struct muni *m, struct fam *f)
{
	struct enrolment_row e;
	struct goal_row goals[MAX_GOALS];
	int ngoals = 0, reason = -1, weeks;
	int32_t start, limit, end, last;
	int64_t ped;
	enum rede_err err;

	enrolment_row_init(&e);
	start = f->decided + demo_rng_range(&g->rng, 7, 28);
	limit = core_course_latest_end(&g->p, start);
	e.municipality_id = m->id;
	e.family_id = f->id;
	e.child_id = f->child;
	e.referral_id = f->referral;
	e.unit_id = demo_rng_range(&g->rng, 0, 3)
			    ? m->admin_unit
			    : m->daycares[demo_rng_range(&g->rng, 0, m->ndaycares - 1)];
	ped = m->peds[demo_rng_range(&g->rng, 0, m->nped - 1)];
	e.staff_ids[e.nstaff++] = ped;
	if (m->nped > 1 && demo_rng_range(&g->rng, 0, 9) == 0) {
		int64_t other = m->peds[demo_rng_range(&g->rng, 0, m->nped - 1)];

		if (other != ped)
			e.staff_ids[e.nstaff++] = other;
	}
	snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_PLANNED]);
	snprintf(e.legal_frame, sizeof(e.legal_frame), "%s",
		 core_legal_frame_names[demo_rng_range(&g->rng, 0, 6) == 0
						? LEGAL_SERVICELOVEN_11_3
						: LEGAL_DAGTILBUDSLOVEN_8_9]);
	reason = demo_rng_weighted(&g->rng, closure_w, CLOSURE_REASON__COUNT);
	weeks = demo_rng_range(&g->rng, closure_weeks[reason][0], closure_weeks[reason][1]);
	end = start + 7 * weeks - demo_rng_range(&g->rng, 1, 4);
	if (end > limit)
		end = limit;
	date_str(start, e.start_on);
	date_str(start - demo_rng_range(&g->rng, 0, 3), e.start_meeting_on);
	date_str(reason == CLOSURE_GOALS_MET ? limit - 7 * demo_rng_range(&g->rng, 0, 8) : limit,
		 e.planned_end_on);
	err = store_enrolment_insert(g->c, &e, e.start_on, 30 * demo_rng_range(&g->rng, 2, 8),
				     m->coords[0]);
	g->st->courses++;
	if (err || start > g->today)
		goto out; /* planned: the start meeting lies ahead */
	snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_ACTIVE]);
	err = store_enrolment_update(g->c, &e); /* dates the start in the course's history */
	ngoals = 1 + demo_rng_weighted(&g->rng, ngoals_w, MAX_GOALS);
	for (int i = 0; i < ngoals && !err; i++) {
		goal_make(g, e.id, start, &goals[i]);
		err = store_goal_insert(g->c, &goals[i]);
		g->st->goals++;
	}
	if (!err && weeks > 12 && demo_rng_range(&g->rng, 0, 4) == 0) {
		char from[STORE_DATE_SIZE];
		int64_t hid;

		date_str(start + 10 * 7, from);
		if (start + 70 <= g->today)
			err = store_hours_add(g->c, e.id, from, 30 * demo_rng_range(&g->rng, 1, 4),
					      ped, &hid);
	}
	last = end < g->today ? end : g->today;
	if (!err)
		err = course_work(g, m, e.id, ped, start, last, weeks, goals, ngoals, f->share,
				  reason == CLOSURE_GOALS_MET ? 100 : 55);
	if (!err && end < g->today) {
		struct closure_row r;
		bool met = reason == CLOSURE_GOALS_MET;
		bool asked =
			met || reason == CLOSURE_MAX_WEEKS_REACHED || demo_rng_range(&g->rng, 0, 1);

		closure_row_init(&r);
		r.enrolment_id = e.id;
		date_str(end, r.closed_on);
		snprintf(r.reason, sizeof(r.reason), "%s", core_closure_reason_names[reason]);
		if (reason == CLOSURE_NEEDS_OTHER_INTERVENTION) {
			r.other_intervention = xstrdup("Familiebehandling (syntetisk)");
			r.onward_referral = xstrdup(PICK(&g->rng, onward));
		}
		if ((met || reason == CLOSURE_MAX_WEEKS_REACHED) && f->share)
			date_str(end - 2, r.handover_on);
		for (int i = 0; i < EVAL_QUESTION__COUNT && asked; i++)
			r.eval[i] = met ? demo_rng_range(&g->rng, 1, 2)
				    : demo_rng_range(&g->rng, 0, 9) == 0
					    ? 0
					    : demo_rng_range(&g->rng, 1, 4);
		r.recorded_by = ped;
		err = store_closure_insert(g->c, &r);
		closure_row_release(&r);
		for (int i = 0; i < ngoals && !err; i++) {
			snprintf(goals[i].attainment, sizeof(goals[i].attainment), "%s",
				 attainment(g, reason));
			err = store_goal_update(g->c, &goals[i]);
		}
		snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_CLOSED]);
		date_str(end, e.closed_on);
	}
	if (!err)
		err = store_enrolment_update(g->c, &e);
out:
	for (int i = 0; i < ngoals; i++)
		goal_row_release(&goals[i]);
	enrolment_row_release(&e);
	return err;
}

/* ---- the 1½- and 3-year visits ----
 * A share of the children are offered the visit when their age window
 * opens (seed 003: 1 305 offered at 1½ years, 808 at 3 years, about half
 * visited), on a criterion recorded before the offer. Answers for windows
 * that opened long ago: visited, declined (reasons spread) or never
 * reached; recent ones are still open. */
static const int hv_offer_pct[HV_PROGRAMME__COUNT] = {30, 19};
static const int hv_outcome_w[3] = {53, 34, 13}; /* visited, declined, never reached */
static const char *const hv_materials[HV_PROGRAMME__COUNT][3] = {
	{"DAY_WHEEL_1_5Y", "INSPIRATION_CARDS_1_5Y", "PARENTS_BOOKLET_1_5Y"},
	{"DAY_WHEEL_3Y", "AGREEMENT_CARDS_3Y", "PARENTS_BOOKLET_3Y"},
};

static enum rede_err hv_attempt(struct gen *g, const struct hv_offer_row *o, int32_t on,
				bool reached)
{
	struct hv_attempt_row a;
	enum rede_err err;

	memset(&a, 0, sizeof(a));
	a.offer_id = o->id;
	date_str(on, a.attempted_on);
	snprintf(a.channel, sizeof(a.channel), "%s", core_hv_channel_names[HV_CHANNEL_PHONE]);
	a.reached = reached;
	a.recorded_by = o->health_visitor_id;
	err = store_hv_attempt_insert(g->c, &a);
	hv_attempt_row_release(&a);
	return err;
}

static enum rede_err hv_visit(struct gen *g, const struct hv_offer_row *o,
			      enum core_hv_programme prog, int32_t on)
{
	struct hv_visit_row v;
	int rating = demo_rng_range(&g->rng, 0, 19);
	enum rede_err err;

	hv_visit_row_init(&v);
	v.municipality_id = o->municipality_id;
	v.offer_id = o->id;
	date_str(on, v.visited_on);
	v.health_visitor_id = o->health_visitor_id;
	v.minutes = 15 * demo_rng_range(&g->rng, 4, 8);
	snprintf(
		v.topics, sizeof(v.topics), "%s,%s",
		core_hv_topic_names[demo_rng_range(&g->rng, 0, HV_TOPIC_FOOD / 2)],
		core_hv_topic_names[demo_rng_range(&g->rng, HV_TOPIC_FOOD / 2 + 1, HV_TOPIC_FOOD)]);
	for (int k = demo_rng_range(&g->rng, 0, 1); k < 3; k++)
		snprintf(v.materials[v.nmaterials++], HV_CODE_SIZE, "%s", hv_materials[prog][k]);
	v.referral_within = demo_rng_range(&g->rng, 0, 99) < 14;
	if (v.referral_within)
		v.referral_within_to = xstrdup("Ekstra besøg af sundhedsplejen (syntetisk)");
	v.referral_outside = demo_rng_range(&g->rng, 0, 99) < 8;
	if (v.referral_outside)
		v.referral_outside_to = xstrdup("Familieafdelingen (syntetisk)");
	v.parent_rating = rating < 11   ? 1
			  : rating < 17 ? 2
			  : rating < 18 ? 3
			  : rating < 19 ? 0
					: -1;
	v.recorded_by = o->health_visitor_id;
	err = store_hv_visit_insert(g->c, &v);
	hv_visit_row_release(&v);
	return err;
}

static enum rede_err hv_offer(struct gen *g, const struct muni *m, const struct fam *f,
			      enum core_hv_programme prog, int32_t open)
{
	struct hv_criterion_row cr;
	struct hv_offer_row o;
	int32_t offered = open - demo_rng_range(&g->rng, 3, 20), answered = 0;
	int out = demo_rng_weighted(&g->rng, hv_outcome_w, 3);
	bool recent = open > g->today - 45;
	enum rede_err err;

	hv_criterion_row_init(&cr);
	cr.municipality_id = m->id;
	cr.family_id = f->id;
	cr.child_id = f->child;
	cr.recorded_by = m->hvs[0];
	snprintf(cr.kind, sizeof(cr.kind), "%s", core_hv_criterion_names[HV_CRIT_TOPI]);
	snprintf(cr.topi, sizeof(cr.topi), "%s",
		 demo_rng_range(&g->rng, 0, 9) < 7 ? "yellow" : "red");
	date_str(offered - demo_rng_range(&g->rng, 30, 200), cr.recorded_on);
	err = store_hv_criterion_insert(g->c, &cr);
	hv_criterion_row_release(&cr);
	if (err)
		return err;

	hv_offer_row_init(&o);
	o.municipality_id = m->id;
	o.family_id = f->id;
	o.child_id = f->child;
	snprintf(o.programme, sizeof(o.programme), "%s", core_hv_programme_names[prog]);
	snprintf(o.criterion, sizeof(o.criterion), "%s", core_hv_criterion_names[HV_CRIT_TOPI]);
	date_str(offered, o.offered_on);
	snprintf(o.channel, sizeof(o.channel), "%s",
		 core_hv_channel_names[demo_rng_range(&g->rng, 0, HV_CHANNEL__COUNT - 1)]);
	o.social_measures = demo_rng_range(&g->rng, 0, 99) < 7;
	o.health_visitor_id = m->hvs[demo_rng_range(&g->rng, 0, m->nhv - 1)];
	o.unit_id = m->hv_unit;
	o.created_by = o.health_visitor_id;
	snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_OFFERED]);
	err = store_hv_offer_insert(g->c, &o);
	if (err || recent) /* a recent offer still waits for its answer */
		goto out;
	if (out == 2) { /* never reached after the attempts the programme asks */
		for (int i = 0; i < g->hvp.never_reached_attempts && !err; i++)
			err = hv_attempt(g, &o, offered + 3 + 5 * i, false);
		answered = offered + 3 + 5 * (int)g->hvp.never_reached_attempts;
		snprintf(o.status, sizeof(o.status), "%s",
			 core_hv_offer_status_names[HV_NEVER_REACHED]);
	} else {
		answered = offered + demo_rng_range(&g->rng, 1, 10);
		err = hv_attempt(g, &o, answered, true);
		if (out == 1) {
			int why = demo_rng_range(&g->rng, 0, HV_DECLINE__COUNT - 1);

			snprintf(o.status, sizeof(o.status), "%s",
				 core_hv_offer_status_names[HV_DECLINED]);
			snprintf(o.decline_reason, sizeof(o.decline_reason), "%s",
				 core_hv_decline_names[why]);
			if (why == HV_DECLINE_OTHER)
				o.decline_text = xstrdup("Familien flytter snart (syntetisk)");
		} else {
			snprintf(o.status, sizeof(o.status), "%s",
				 core_hv_offer_status_names[HV_VISITED]);
			if (!err)
				err = hv_visit(g, &o, prog,
					       answered + demo_rng_range(&g->rng, 5, 25));
			g->st->hv_visits++;
		}
	}
	if (answered > g->today)
		answered = g->today;
	date_str(answered, o.answered_on);
	if (!err)
		err = store_hv_offer_update(g->c, &o);
out:
	if (!err)
		err = store_audit_cli(g->c, m->id, "create", "hv_offer", o.id,
				      "cli demo (synthetic)");
	g->st->hv_offers++;
	hv_offer_row_release(&o);
	return err;
}

static enum rede_err add_health_visits(struct gen *g, const struct muni *m, const struct fam *f,
				       int32_t birth)
{
	enum rede_err err = REDE_OK;

	for (int prog = 0; prog < HV_PROGRAMME__COUNT && !err && birth; prog++) {
		int32_t open, close;

		core_hv_window(&g->hvp, (enum core_hv_programme)prog, birth, &open, &close);
		if (open + 25 > g->today || open < g->today - DAYS_4Y)
			continue;
		if (demo_rng_range(&g->rng, 0, 99) < hv_offer_pct[prog])
			err = hv_offer(g, m, f, (enum core_hv_programme)prog, open);
	}
	return err;
}

static enum rede_err add_family(struct gen *g, const struct muni *m)
{
	char surname[48], name[64], key[256];
	struct fam f;
	int32_t birth = 0, expected = 0;
	int64_t father = 0, consent;
	bool has_father = demo_rng_range(&g->rng, 0, 99) < 72;
	enum rede_err err;

	memset(&f, 0, sizeof(f));
	snprintf(surname, sizeof(surname), "%s%s", PICK(&g->rng, stems), PICK(&g->rng, endings));
	snprintf(name, sizeof(name), "Familien %s", surname);
	f.referred = g->today - demo_rng_range(&g->rng, 1, DAYS_4Y);
	f.decided = f.referred + demo_rng_range(&g->rng, 5, 21);
	f.pending = f.decided > g->today;
	f.share = demo_rng_range(&g->rng, 0, 99) < 70;
	/* Some recent referrals come in pregnancy: the child has no CPR yet. */
	if (f.pending && demo_rng_range(&g->rng, 0, 2) == 0)
		expected = g->today + demo_rng_range(&g->rng, 20, 140);
	else
		birth = f.referred - demo_rng_range(&g->rng, 20, 30 * 30);
	f.birth = birth;
	f.expected = expected;
	err = store_family_create(g->c, m->id, name, core_search_key(name, key, sizeof(key)),
				  m->coords[0], &f.id);
	if (!err)
		err = add_person(g, m, f.id, "child", PICK(&g->rng, child_names), surname, birth,
				 expected, NULL, &f.child);
	if (!err)
		err = add_person(g, m, f.id, "guardian", PICK(&g->rng, mother_names), surname,
				 (expected ? g->today : birth) -
					 demo_rng_range(&g->rng, 19 * 365, 42 * 365),
				 0, "mother", &f.mother);
	if (!err && has_father)
		err = add_person(g, m, f.id, "guardian", PICK(&g->rng, father_names), surname,
				 (expected ? g->today : birth) -
					 demo_rng_range(&g->rng, 20 * 365, 48 * 365),
				 0, "father", &father);
	if (!err)
		err = add_consent(g, m, f.id, "participation", f.mother, f.referred, &consent);
	if (!err && f.share)
		err = add_consent(g, m, f.id, "share_daycare", f.mother, f.referred, &consent);
	if (!err)
		err = add_referral(g, m, &f);
	if (!err && !f.pending && f.outcome == VIS_ACCEPTED)
		err = add_course(g, m, &f);
	if (!err)
		err = add_health_visits(g, m, &f, birth);
	if (!err)
		err = demo_scale_cosp_family(
			g->cosp,
			&(struct demo_scale_family){f.id, f.child, f.mother, f.referred, birth});
	if (!err)
		err = store_audit_cli(g->c, m->id, "create", "family", f.id,
				      "cli demo (synthetic)");
	g->st->families++;
	return err;
}

/* ---- municipality set-up: units and staff ---- */

static enum rede_err add_user(struct gen *g, const struct muni *m, const char *role, int n,
			      const char *label, int64_t unit, int64_t cost, int64_t *id)
{
	struct user_row u;
	char uname[64], dname[96];
	enum rede_err err;

	snprintf(uname, sizeof(uname), "k%04d-%s%02d", m->index ? 9000 + m->index : 999, role, n);
	snprintf(dname, sizeof(dname), "%s %d (syntetisk)", label, n);
	user_row_init(&u);
	u.municipality_id = m->id;
	u.username = xstrdup(uname);
	u.plain_sign_in = true; /* the names carry the municipality: unique */
	u.display_name = xstrdup(dname);
	u.password_hash = xstrdup(g->o->password_hash);
	u.hourly_cost_ore = cost;
	core_roles_parse_list(!strcmp(role, "hp")      ? "home_pedagogue"
			      : !strcmp(role, "koord") ? "coordinator"
			      : !strcmp(role, "sp")    ? "health_visitor"
			      : !strcmp(role, "leder") ? "leader"
						       : "admin",
			      &u.roles);
	u.unit_ids[u.nunits++] = unit;
	err = store_user_insert(g->c, &u);
	if (!err)
		err = store_audit_cli(g->c, m->id, "create", "user", u.id, "cli demo (synthetic)");
	*id = u.id;
	user_row_release(&u);
	g->st->users++;
	return err;
}

static int add_existing(const char *cpr_hash, void *arg)
{
	struct muni *m = arg;

	if (m->nexisting == m->existing_alloc) {
		m->existing_alloc = m->existing_alloc ? 2 * m->existing_alloc : 32;
		m->existing =
			xrealloc(m->existing, (size_t)m->existing_alloc * sizeof(*m->existing));
	}
	snprintf(m->existing[m->nexisting++], CRYPTO_HASH_HEX, "%s", cpr_hash);
	return 0;
}

static enum rede_err load_existing(struct store_conn *c, struct muni *m)
{
	return store_person_cpr_hash_each(c, m->id, add_existing, m);
}

static enum rede_err muni_setup(struct gen *g, struct muni *m)
{
	const struct demo_scale_opts *o = g->o;
	int64_t id;
	enum rede_err err = REDE_OK;
	int first = m->index == 0 ? 1 : 0;

	m->nped = (int)(m->families / 140) + 1;
	m->ncoord = (int)(m->families / 1500) + 1;
	m->nhv = (int)(m->families / 400) + 1;
	m->ndaycares = (int)(m->families / 60) + 2;
	m->peds = xcalloc((size_t)m->nped, sizeof(int64_t));
	m->coords = xcalloc((size_t)m->ncoord, sizeof(int64_t));
	m->hvs = xcalloc((size_t)m->nhv, sizeof(int64_t));
	m->daycares = xcalloc((size_t)m->ndaycares, sizeof(int64_t));
	if (m->index == 0) {
		/* The demo municipality: its units and users exist. */
		m->id = o->municipality_id;
		m->admin_unit = o->admin_unit_id;
		m->peds[0] = o->pedagogue_id;
		m->coords[0] = o->coordinator_id;
		m->hvs[0] = o->referrer_id;
		err = load_existing(g->c, m);
	} else {
		char code[16], name[80];

		snprintf(code, sizeof(code), "%04d", 9000 + m->index);
		snprintf(name, sizeof(name), "Syntetisk Kommune %02d", m->index);
		err = store_municipality_add(g->c, code, name, &m->id);
		if (!err)
			err = store_unit_add(g->c, m->id, "administration",
					     "Dagtilbudsforvaltningen", &m->admin_unit);
		if (!err)
			err = store_unit_add(g->c, m->id, "health_visiting", "Sundhedsplejen",
					     &m->hv_unit);
		if (!err)
			err = store_unit_add(g->c, m->id, "family_department", "Familieafdelingen",
					     &id);
		if (!err)
			err = add_user(g, m, "admin", 1, "Administrator", m->admin_unit, 45000,
				       &id);
		if (!err)
			err = add_user(g, m, "leder", 1, "Leder", m->admin_unit, 55000, &id);
	}
	if (!m->hv_unit)
		m->hv_unit = m->admin_unit;
	for (int i = 0; i < m->ndaycares && !err; i++) {
		char name[64];

		snprintf(name, sizeof(name), "Syntetisk dagtilbud %03d", i + 1);
		err = store_unit_add(g->c, m->id, "daycare", name, &m->daycares[i]);
	}
	for (int i = first; i < m->nped && !err; i++)
		err = add_user(g, m, "hp", i + 1, "Hjemmepædagog", m->admin_unit, 42000,
			       &m->peds[i]);
	for (int i = first; i < m->ncoord && !err; i++)
		err = add_user(g, m, "koord", i + 1, "Koordinator", m->admin_unit, 48000,
			       &m->coords[i]);
	for (int i = first; i < m->nhv && !err; i++)
		err = add_user(g, m, "sp", i + 1, "Sundhedsplejerske", m->hv_unit, 46000,
			       &m->hvs[i]);
	g->st->municipalities++;
	return err;
}

static void muni_free(struct muni *m)
{
	free(m->peds);
	free(m->coords);
	free(m->hvs);
	free(m->daycares);
	free(m->existing);
}

/* ---- sizes ---- */

/* Families per municipality: the demo municipality has the scale-1 size;
 * the rest of the national total is spread over the others with a long
 * tail (a few large cities, many small municipalities). */
static int plan(const struct demo_scale_opts *o, int64_t *sizes)
{
	double w[DEMO_NATIONAL_MUNICIPALITIES], sum = 0;
	int64_t rest, given = 0;

	if (!o->national) {
		sizes[0] = (int64_t)(o->scale * DEMO_SCALE_FAMILIES + 0.5);
		if (sizes[0] < 1)
			sizes[0] = 1;
		return 1;
	}
	sizes[0] = DEMO_SCALE_FAMILIES;
	rest = DEMO_NATIONAL_CHILDREN - DEMO_SCALE_FAMILIES;
	for (int i = 1; i < DEMO_NATIONAL_MUNICIPALITIES; i++) {
		w[i] = 1.0 / (double)(i + 1) + 0.01;
		sum += w[i];
	}
	for (int i = 1; i < DEMO_NATIONAL_MUNICIPALITIES; i++) {
		sizes[i] = (int64_t)((double)rest * w[i] / sum);
		given += sizes[i];
	}
	sizes[1] += rest - given;
	return DEMO_NATIONAL_MUNICIPALITIES;
}

/* ---- driver ---- */

static enum rede_err tx_begin(struct gen *g)
{
	return store_begin(g->c, STORE_TX_WRITE);
}

static enum rede_err tx_end(struct gen *g, enum rede_err err)
{
	if (!err)
		err = store_commit(g->c);
	if (err)
		store_rollback(g->c);
	return err;
}

enum rede_err demo_scale_run(struct store *s, const struct demo_scale_opts *o,
			     struct demo_scale_stats *out)
{
	int64_t sizes[DEMO_NATIONAL_MUNICIPALITIES];
	struct gen g;
	int n = plan(o, sizes);
	double t0 = now_s();
	enum rede_err err = REDE_OK;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.o = o;
	g.st = out;
	g.today = rede_today();
	g.prog.tty = isatty(2);
	g.prog.last_pct = -1;
	clock_gettime(CLOCK_MONOTONIC, &g.prog.t0);
	for (int i = 0; i < n; i++)
		g.prog.total += sizes[i];
	g.c = store_acquire(s);
	for (int i = 0; i < n && !err; i++) {
		struct muni m;

		memset(&m, 0, sizeof(m));
		m.index = i;
		m.families = sizes[i];
		/* Each municipality has its own stream: the same seed gives the
		 * same municipality whatever the others are. */
		g.rng.s = o->seed * 0x100000001b3ULL + (uint64_t)i * 0x9e3779b97f4a7c15ULL + 1;
		err = tx_begin(&g);
		if (!err)
			err = store_course_params(g.c, i == 0 ? o->municipality_id : 0, &g.p);
		if (!err)
			err = store_hv_params(g.c, i == 0 ? o->municipality_id : 0, &g.hvp);
		if (!err)
			err = muni_setup(&g, &m);
		if (!err)
			err = demo_scale_cosp_begin(
				&(struct demo_scale_muni){g.c, m.id, m.admin_unit, m.hv_unit,
							  m.daycares, m.peds, m.coords, m.hvs,
							  m.ndaycares, m.nped, m.ncoord, m.nhv,
							  m.families, g.today, DAYS_4Y, g.rng.s},
				g.st, &g.cosp);
		for (int64_t k = 0; k < m.families && !err; k++) {
			if (k && k % CHUNK == 0) {
				err = tx_end(&g, err);
				if (!err)
					err = tx_begin(&g);
				if (err)
					break;
			}
			err = add_family(&g, &m);
			progress_step(&g.prog);
		}
		err = demo_scale_cosp_end(g.cosp, err);
		g.cosp = NULL;
		err = tx_end(&g, err);
		muni_free(&m);
	}
	store_release(s, g.c);
	progress_show(&g.prog, true);
	free(g.cprs.slot);
	out->seconds = now_s() - t0;
	return err;
}
