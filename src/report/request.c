/*
 * request.c - from a report request (CLI flags or query parameters) and
 * the caller to a scope and a suppression decision, the same way for
 * `rede report` and GET /api/v1/reports/{name}.
 *
 * Who sees what (DESIGN §5; docs/API.md "Reports"):
 *   - evaluator: suppressed numbers; may cover other municipalities
 *     (municipality=CODE,CODE or all, round=N): the one query that crosses
 *     tenancy, and only as suppressed aggregates - each view taken from
 *     the family of every municipality protected together (family.c).
 *   - admin: suppressed numbers for the own municipality (no case content).
 *   - leader, coordinator, home pedagogue, health visitor: by default the
 *     units they are members of, unsuppressed in the JSON view (front-line
 *     staff see their own units' real numbers); unit=ID of one of their
 *     units likewise; unit=all or a unit that is not theirs gives the
 *     suppressed numbers.
 *   - every export format (csv, csv-da, xlsx, html, svg) is suppressed,
 *     whoever asks.
 *   - the CLI is the operator: any municipality, suppressed, except
 *     --format merge (the exact aggregates a cross-municipal merge needs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/report_request.h"
#include "rede/util.h"
#include "report/report_internal.h"
#include "store/consult.h"
#include "store/tenancy.h"

/* The longest period a report covers (guards the monthly tables). */
#define REPORT_MAX_YEARS 20

static void fail(struct report_request_error *e, const char *field, const char *msg)
{
	if (!e->field) {
		e->field = field;
		e->message = msg;
	}
}

static bool today_iso(char out[11])
{
	int32_t days = rede_today();

	rede_date_format(days, out);
	return true;
}

/* Municipality m into s (once), unless round_filter names another round. */
static void add_muni_row(struct store_conn *c, struct report_scope *s,
			 const struct municipality_row *m, int64_t round_filter)
{
	int64_t round;

	for (int i = 0; i < s->nmunis; i++)
		if (s->munis[i].id == m->id)
			return;
	round = report_setting(c, m->id, "project.round", 0);
	if (round_filter && round != round_filter)
		return;
	report_scope_add_muni(s, m->id, m->code, m->name, round);
}

static enum rede_err add_muni(struct store_conn *c, struct report_scope *s, int64_t id,
			      int64_t round_filter)
{
	struct municipality_row m;
	enum rede_err err = store_municipality_get(c, id, &m);

	if (!err)
		add_muni_row(c, s, &m, round_filter);
	return err;
}

#define MUNIS_MAX 1024

struct muni_rows {
	struct municipality_row rows[MUNIS_MAX];
	int n;
};

static int muni_row(const struct municipality_row *m, void *arg)
{
	struct muni_rows *a = arg;

	if (a->n >= MUNIS_MAX)
		return 1;
	a->rows[a->n++] = *m;
	return 0;
}

/* Every municipality (of round, when not 0) into s, from one read of the
 * table - not one more per municipality (198 round trips for an
 * evaluation kit on PostgreSQL). */
static enum rede_err all_munis(struct store_conn *c, struct report_scope *s, int64_t round)
{
	struct muni_rows *a = xcalloc(1, sizeof(*a));
	enum rede_err err = store_municipality_each(c, muni_row, a);

	for (int i = 0; i < a->n && !err; i++)
		add_muni_row(c, s, &a->rows[i], round);
	free(a);
	return err;
}

static enum rede_err is_member(struct store_conn *c, int64_t user, int64_t unit, bool *yes)
{
	return store_unit_member(c, unit, user, yes);
}

static bool staff_reader(const struct report_caller *who)
{
	const int64_t staff = ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_COORDINATOR) |
			      ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR);

	return !who->cli && (who->roles & staff) && !(who->roles & ROLE_BIT(ROLE_EVALUATOR));
}

struct round_count {
	struct store_conn *c;
	int64_t round;
	int total, in_round;
};

static int count_round(const struct municipality_row *m, void *arg)
{
	struct round_count *a = arg;

	a->total++;
	if (a->round && report_setting(a->c, m->id, "project.round", 0) == a->round)
		a->in_round++;
	return 0;
}

/* Is the set of municipalities of s one a reader may have suppressed:
 * one, all of them, or all of one programme round (family.c protects
 * those together; any other selection could be subtracted from them)? */
static enum rede_err family_view(struct store_conn *c, const struct report_scope *s, bool *yes)
{
	int64_t round = s->nmunis ? s->munis[0].round : 0;
	struct round_count a = {c, round, 0, 0};
	enum rede_err err = store_municipality_each(c, count_round, &a);
	int total = a.total, in_round = a.in_round;

	if (err)
		return err;
	*yes = s->nmunis <= 1 || s->nmunis == total;
	for (int i = 0; i < s->nmunis && !*yes && round; i++)
		if (s->munis[i].round != round)
			round = 0;
	if (!*yes && round && in_round == s->nmunis)
		*yes = true;
	return REDE_OK;
}

static bool parse_round(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	v = strtoll(s, &end, 10);
	if (*end || v < 1 || v > 99)
		return false;
	*out = v;
	return true;
}

enum rede_err report_request_resolve(struct store_conn *c, const struct report_request *q,
				     const struct report_caller *who, struct report_scope *s,
				     struct report_request_error *e)
{
	const int64_t staff = ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_COORDINATOR) |
			      ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR);
	bool evaluator = who->cli || (who->roles & ROLE_BIT(ROLE_EVALUATOR));
	int32_t from, to;
	enum rede_err err = REDE_OK;

	memset(e, 0, sizeof(*e));
	report_scope_init(s);
	s->home_municipality_id = who->municipality_id;

	if (!report_def_find(q->name)) {
		fail(e, "name", "Rapporten findes ikke");
		return REDE_E_NOTFOUND;
	}
	e->format = report_format_parse(q->format ? q->format : "json");
	if (e->format == RFORMAT__COUNT)
		fail(e, "format", "Vælg json, csv, csv-da, xlsx, html eller svg");
	else if (e->format == RFORMAT_MERGE && !who->cli)
		fail(e, "format", "Fletteudtræk laves kun med rede report på serveren");

	/* period */
	if (q->to) {
		if (!rede_date_parse(q->to, &to))
			fail(e, "to", "Datoen skal skrives ÅÅÅÅ-MM-DD");
		snprintf(s->to, sizeof(s->to), "%s", q->to);
	} else {
		today_iso(s->to);
		rede_date_parse(s->to, &to);
	}
	if (q->from) {
		if (!rede_date_parse(q->from, &from))
			fail(e, "from", "Datoen skal skrives ÅÅÅÅ-MM-DD");
		snprintf(s->from, sizeof(s->from), "%s", q->from);
	} else {
		snprintf(s->from, sizeof(s->from), "%.4s-01-01", s->to);
		rede_date_parse(s->from, &from);
	}
	if (!e->field && from > to)
		fail(e, "from", "Perioden skal begynde før den slutter");
	if (!e->field && to - from > REPORT_MAX_YEARS * 366)
		fail(e, "from", "Perioden må højst være 20 år");
	if (q->round && !parse_round(q->round, &s->round))
		fail(e, "round", "Runden skal være et helt tal fra 1");
	s->final_delivery = q->final;
	if (e->field)
		return REDE_E_INVALID;

	/* municipalities */
	if (q->municipality && *q->municipality) {
		if (!evaluator && strcmp(q->municipality, "own")) {
			struct municipality_row m;
			err = store_municipality_get(c, who->municipality_id, &m);
			if (err)
				return err;
			if (strcmp(q->municipality, m.code)) {
				fail(e, "municipality", "Du kan kun se din egen kommunes tal");
				return REDE_E_NOTFOUND;
			}
			err = add_muni(c, s, m.id, s->round);
		} else if (!strcmp(q->municipality, "all")) {
			err = all_munis(c, s, s->round);
		} else if (!strcmp(q->municipality, "own")) {
			err = add_muni(c, s, who->municipality_id, s->round);
		} else {
			char *list = xstrdup(q->municipality), *save = NULL;
			for (char *code = strtok_r(list, ",", &save); code && !err;
			     code = strtok_r(NULL, ",", &save)) {
				struct municipality_row m;
				err = store_municipality_by_code(c, code, &m);
				if (err == REDE_E_NOTFOUND)
					fail(e, "municipality", "Kommunen findes ikke");
				if (!err)
					err = add_muni(c, s, m.id, s->round);
			}
			free(list);
		}
	} else if (who->municipality_id) {
		err = add_muni(c, s, who->municipality_id, s->round);
	} else {
		fail(e, "municipality", "Vælg en kommune");
		return REDE_E_INVALID;
	}
	if (err)
		return err;

	/* unit */
	if (q->unit && strcmp(q->unit, "all") && strcmp(q->unit, "mine")) {
		struct unit_row u;
		char *end;
		long long id = strtoll(q->unit, &end, 10);
		bool found = false;

		if (*end || id <= 0) {
			fail(e, "unit", "Enheden skal angives med sit id");
			return REDE_E_INVALID;
		}
		for (int i = 0; i < s->nmunis && !found; i++) {
			err = store_unit_get(c, s->munis[i].id, id, &u);
			if (err == REDE_OK)
				found = true;
			else if (err != REDE_E_NOTFOUND)
				return err;
		}
		if (!found) {
			fail(e, "unit", "Enheden findes ikke");
			return REDE_E_NOTFOUND;
		}
		s->unit_mode = RUNIT_ONE;
		s->unit_id = id;
		s->unit_name = xstrdup(u.name);
	} else if (!who->cli && (who->roles & staff) && !(who->roles & ROLE_BIT(ROLE_EVALUATOR)) &&
		   (!q->unit || !strcmp(q->unit, "mine"))) {
		int64_t n = 0;
		if ((err = store_unit_memberships(c, who->user_id, &n)))
			return err;
		if (n) {
			s->unit_mode = RUNIT_MEMBER;
			s->user_id = who->user_id;
		} else if (q->unit) {
			fail(e, "unit", "Du er ikke knyttet til en enhed");
			return REDE_E_INVALID;
		}
	}

	/* suppression */
	e->suppress = true;
	if (e->format == RFORMAT_MERGE)
		e->suppress = false;
	else if (!who->cli && e->format == RFORMAT_JSON && (who->roles & staff) &&
		 !(who->roles & ROLE_BIT(ROLE_EVALUATOR))) {
		if (s->unit_mode == RUNIT_MEMBER) {
			e->suppress = false;
		} else if (s->unit_mode == RUNIT_ONE) {
			bool yes = false;
			if ((err = is_member(c, who->user_id, s->unit_id, &yes)))
				return err;
			e->suppress = !yes;
		}
	}
	/* Suppressed numbers only for the views protected together
	 * (src/report/family.c): a unit's numbers only for its members, and
	 * one municipality, a whole round or all of them. */
	if (e->suppress && s->unit_mode == RUNIT_ONE) {
		bool yes = false;
		if (staff_reader(who) && (err = is_member(c, who->user_id, s->unit_id, &yes)))
			return err;
		if (!yes) {
			fail(e, "unit",
			     staff_reader(who) ? "Du kan kun se tal for dine egne enheder"
					       : "Tal for en enkelt enhed ser kun enhedens egne "
						 "medarbejdere");
			return REDE_E_INVALID;
		}
	}
	if (e->suppress && s->nmunis > 1) {
		bool yes = false;
		if ((err = family_view(c, s, &yes)))
			return err;
		if (!yes) {
			fail(e, "municipality",
			     "Vælg én kommune, alle kommuner eller en hel runde (round=): tal for "
			     "andre udvalg kunne trækkes fra hinanden");
			return REDE_E_INVALID;
		}
	}
	return REDE_OK;
}

/* The next delivery date of the evaluation kit on or after to (seed 003:
 * 5 September and 5 May; the final delivery at the end of the project). */
json_t *report_delivery(const char *to, bool final)
{
	int y = 0, m = 0, d = 0;
	char due[24], label[40];

	if (final)
		return json_pack("{s:s, s:s, s:s}", "kind", "final", "due_on", to, "label",
				 "Ved afslutning af projektet");
	if (sscanf(to, "%d-%d-%d", &y, &m, &d) != 3 || y < 1 || y > 9998)
		y = 1970;
	if (m < 5 || (m == 5 && d <= 5)) {
		snprintf(due, sizeof(due), "%04d-05-05", y);
		snprintf(label, sizeof(label), "5. maj %04d", y);
		return json_pack("{s:s, s:s, s:s}", "kind", "spring", "due_on", due, "label",
				 label);
	}
	if (m < 9 || (m == 9 && d <= 5)) {
		snprintf(due, sizeof(due), "%04d-09-05", y);
		snprintf(label, sizeof(label), "5. september %04d", y);
		return json_pack("{s:s, s:s, s:s}", "kind", "autumn", "due_on", due, "label",
				 label);
	}
	snprintf(due, sizeof(due), "%04d-05-05", y + 1);
	snprintf(label, sizeof(label), "5. maj %04d", y + 1);
	return json_pack("{s:s, s:s, s:s}", "kind", "spring", "due_on", due, "label", label);
}

/* s narrowed to its municipality i (all units), or to the units of user. */
static void scope_copy(const struct report_scope *s, int i, int64_t user, struct report_scope *o)
{
	report_scope_init(o);
	snprintf(o->from, sizeof(o->from), "%s", s->from);
	snprintf(o->to, sizeof(o->to), "%s", s->to);
	o->round = s->round;
	o->final_delivery = s->final_delivery;
	o->home_municipality_id = s->home_municipality_id;
	if (user) {
		o->unit_mode = RUNIT_MEMBER;
		o->user_id = user;
	}
	report_scope_add_muni(o, s->munis[i].id, s->munis[i].code, s->munis[i].name,
			      s->munis[i].round);
}

/* Municipality i's report of a family and its threshold, into slot i
 * (report_par_run: on c or a helper's connection). */
struct leaf_job {
	const char *name;
	const struct report_scope *fam;
	const int *order;
	struct store_rq_prefetch *prefetch; /* shared; thread-safe */
	struct report **leaves;
	int64_t *thresholds;
};

static enum rede_err leaf_build(struct store_conn *c, int i, void *arg)
{
	struct leaf_job *j = arg;
	struct report_scope one;
	enum rede_err err;

	scope_copy(j->fam, j->order[i], 0, &one);
	one.prefetch = j->prefetch;
	err = report_run(c, j->name, &one, &j->leaves[i]);
	j->thresholds[i] = report_scope_threshold(c, &one);
	report_scope_release(&one);
	return err;
}

/* Grouped query i of a family's plan (report_par_run). */
static enum rede_err plan_fetch(struct store_conn *c, int i, void *arg)
{
	return store_rq_prefetch_fetch(c, arg, i);
}

/* On PostgreSQL, the grouped queries the family will ask, run before its
 * reports and several at a time: the first municipality's report is built
 * once while recording (every grouped query answers no rows; report
 * discarded) to list them, then each is fetched by one of the family's
 * threads, each on its own connection. Without this the threads ask for
 * them in the same order and wait for each other's. A query the listing
 * missed (one asked only when rows come back, or with another
 * municipality's setting) is still run when first asked; what a report
 * reads does not depend on this step. */
static enum rede_err plan_prefetch(struct store_conn *c, const char *name,
				   const struct report_scope *fam, int first, int threads,
				   struct store_rq_prefetch *prefetch)
{
	struct report_scope one;
	struct report *dry = NULL;

	if (threads < 2 || !store_rq_prefetch_pays(c))
		return REDE_OK;
	scope_copy(fam, first, 0, &one);
	one.prefetch = prefetch;
	store_rq_prefetch_record(prefetch, true);
	/* its error is not the family's: with no rows a report may well
	 * stop early; the statements it ran for real run again below */
	(void)report_run(c, name, &one, &dry);
	store_rq_prefetch_record(prefetch, false);
	report_free(dry);
	report_scope_release(&one);
	return report_par_run(c, store_rq_prefetch_count(prefetch), threads, plan_fetch, prefetch);
}

/* The view s (one municipality, a round or all) of the family of every
 * municipality: each one's report, then report_family_view. */
static enum rede_err produce_family(struct store_conn *c, const char *name,
				    const struct report_scope *s, struct report **out)
{
	struct report_scope fam;
	struct report **leaves = NULL;
	int64_t *rounds = NULL, *thresholds = NULL, want_round = 0;
	int *order = NULL, n, i, want_leaf = -1, threads;
	int64_t *ids = NULL;
	struct report_cache_key key;
	struct report_family views;
	struct store_rq_prefetch *prefetch = NULL;
	char *msg = NULL;
	enum rede_err err;

	memset(&views, 0, sizeof(views));
	report_scope_init(&fam);
	snprintf(fam.from, sizeof(fam.from), "%s", s->from);
	snprintf(fam.to, sizeof(fam.to), "%s", s->to);
	fam.round = s->round;
	fam.final_delivery = s->final_delivery;
	fam.home_municipality_id = s->home_municipality_id;
	err = all_munis(c, &fam, 0);
	n = fam.nmunis;
	if (err || !n)
		goto out;
	leaves = xcalloc((size_t)n, sizeof(*leaves));
	rounds = xcalloc((size_t)n, sizeof(int64_t));
	thresholds = xcalloc((size_t)n, sizeof(int64_t));
	order = xmalloc((size_t)n * sizeof(int));
	/* by code: the same family whatever was asked for */
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++)
		for (int k = i;
		     k > 0 && strcmp(fam.munis[order[k - 1]].code, fam.munis[order[k]].code) > 0;
		     k--) {
			int tmp = order[k];
			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	ids = xcalloc((size_t)n, sizeof(int64_t));
	for (i = 0; i < n; i++) {
		rounds[i] = fam.munis[order[i]].round;
		ids[i] = fam.munis[order[i]].id;
		if (s->nmunis == 1 && fam.munis[order[i]].id == s->munis[0].id)
			want_leaf = i;
	}
	if (s->nmunis == 1 && want_leaf < 0) {
		err = REDE_E_NOTFOUND;
		goto out;
	}
	/* a round: all of the request's municipalities are in it (request.c
	 * family_view); all of them is the top */
	if (s->nmunis > 1 && s->nmunis < n)
		want_round = s->munis[0].round;
	/* the family computed before over the same data (cache.c) */
	err = report_cache_key_read(c, name, &fam, &key);
	if (err)
		goto out;
	key.ids = ids;
	key.rounds = rounds;
	key.n = n;
	if ((*out = report_cache_get(&key, want_leaf, want_round)))
		goto out;
	/* every municipality's report with the same period and no unit
	 * filter: a query run once for all of them serves each its rows */
	prefetch = store_rq_prefetch_new();
	threads = report_par_threads(c);
	err = plan_prefetch(c, name, &fam, order[0], threads, prefetch);
	if (!err) {
		struct leaf_job job = {name, &fam, order, prefetch, leaves, thresholds};
		err = report_par_run(c, n, threads, leaf_build, &job);
	}
	store_rq_prefetch_free(prefetch);
	if (err) {
		for (int k = 0; k < n; k++)
			report_free(leaves[k]);
		goto out;
	}
	err = report_family_all(leaves, rounds, thresholds, n, threads, &views, &msg);
	if (err) {
		log_error("report %s: %s", name,
			  msg ? msg : "the municipalities' reports do not merge");
	} else {
		const struct report *pick =
			report_family_pick(&views, rounds, want_leaf, want_round);
		*out = report_copy(pick);
		/* the answer given keeps the time it was computed */
		memcpy((*out)->generated_at, pick->generated_at, sizeof(pick->generated_at));
		report_cache_put(&key, &views);
	}
	free(msg);
out:
	report_family_release(&views);
	free(ids);
	free(leaves);
	free(rounds);
	free(thresholds);
	free(order);
	report_scope_release(&fam);
	return err;
}

enum rede_err report_produce(struct store_conn *c, const char *name, const struct report_scope *s,
			     const struct report_caller *who, bool suppress, struct report **out)
{
	const struct report_def *d = report_def_find(name);
	struct report *r = NULL, *own = NULL;
	enum rede_err err;
	int64_t threshold, n = 0;

	*out = NULL;
	/* planned for this period, not a plan kept from earlier ones */
	err = store_tx_custom_plans(c);
	if (err)
		return err;
	if (!suppress || !d)
		return report_run(c, name, s, out);
	/* Whoever may ask for other municipalities (an evaluator, the
	 * operator) gets every municipality, round and union of them from one
	 * family of views protected together (family.c): a municipality's
	 * answer is the family's, so it is the same answer whichever of the
	 * views are asked for. */
	if (s->nmunis >= 1 && s->unit_mode == RUNIT_ALL && d->counts &&
	    (s->nmunis > 1 || who->cli || (who->roles & ROLE_BIT(ROLE_EVALUATOR))))
		return produce_family(c, name, s, out);
	err = report_run(c, name, s, &r);
	if (err)
		return err;
	threshold = report_scope_threshold(c, s);
	/* A staff member's municipality: they know their own units exactly. */
	if (staff_reader(who) && s->unit_mode == RUNIT_ALL && s->nmunis == 1 && d->counts &&
	    (err = store_unit_memberships(c, who->user_id, &n)) == REDE_OK && n > 0) {
		struct report_scope mine;
		scope_copy(s, 0, who->user_id, &mine);
		err = report_run(c, name, &mine, &own);
		report_scope_release(&mine);
		if (!err)
			report_protect_rest(r, threshold, own);
		report_free(own);
	} else if (!err) {
		report_suppress(r, threshold);
	}
	if (err) {
		report_free(r);
		return err;
	}
	*out = r;
	return REDE_OK;
}

int64_t report_scope_threshold(struct store_conn *c, const struct report_scope *s)
{
	int64_t t = report_setting(c, 0, "report.suppression_threshold", 5);

	for (int i = 0; i < s->nmunis; i++) {
		int64_t m = report_setting(c, s->munis[i].id, "report.suppression_threshold", t);
		if (m > t)
			t = m;
	}
	return t;
}
