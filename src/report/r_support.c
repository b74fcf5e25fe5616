/*
 * r_support.c - faglig sparring and training as overhead on the
 * programmes (issue 23 item 4; docs/API.md "Costs"): sparring and
 * training time is staff time, so the cost report carries it per
 * programme and per course or visit.
 *
 * The rule, per municipality and per staff member in the report's unit
 * scope:
 *   support time  the minutes of the sparring sessions held in the period
 *                 the person took part in, plus the hours of the training
 *                 records whose last day (ended_on, else obtained_on) lies
 *                 in the period;
 *   support cost  that time at the person's hourly cost (time of staff
 *                 without an hourly cost is counted as uncosted);
 *   spread        over the programmes in proportion to the person's own
 *                 work in each as the cost report counts it: the minutes
 *                 they recorded in the home-pedagogue courses closed in the
 *                 period (contact_effort, kept when retention erases the
 *                 contacts, so a past report does not change), 1½- and
 *                 3-year visits they made (minutes), COS-P sessions they
 *                 facilitated
 *                 (cost.cosp_session_minutes each) - core_sparring_spread,
 *                 exact (cost kept as minutes x øre per hour, the cost
 *                 report's unit). A person without such work
 *                 in the period is "not allocated".
 * A programme's support divided by its courses or visits is the support
 * per course; added to the programme's own cost it is the cost of a
 * course including the support it needs.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/core_sparring.h"
#include "report/report_internal.h"

struct person {
	int64_t user_id, ore_per_hour; /* -1 = no hourly cost */
	int64_t minutes;               /* support minutes */
	int64_t work[SUPPORT_PROGRAMMES];
};

static struct person *find_or_add(struct person **ps, size_t *n, size_t *cap, int64_t uid)
{
	for (size_t i = 0; i < *n; i++)
		if ((*ps)[i].user_id == uid)
			return &(*ps)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*ps = xrealloc(*ps, *cap * sizeof(**ps));
	}
	memset(&(*ps)[*n], 0, sizeof(**ps));
	(*ps)[*n].user_id = uid;
	(*ps)[*n].ore_per_hour = -1;
	return &(*ps)[(*n)++];
}

static struct person *lookup(struct person *ps, size_t n, int64_t uid)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].user_id == uid)
			return &ps[i];
	return NULL;
}

/* Add per user: col 0 user id, col 1 minutes; into support (prog < 0) or
 * work[prog]. Only users already found when only_known. */
static enum rede_err add_rows(struct store_rq_rows *st, struct person **ps, size_t *n, size_t *cap,
			      int prog)
{
	enum rede_err err;

	while ((err = store_rq_step(st)) == REDE_ROW) {
		int64_t uid = store_rq_int(st, 0), v = store_rq_int(st, 1);
		struct person *p = prog < 0 ? find_or_add(ps, n, cap, uid) : lookup(*ps, *n, uid);

		if (!p)
			continue;
		if (prog < 0)
			p->minutes += v;
		else
			p->work[prog] += v;
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err report_costs_support(struct store_conn *c, const struct report_scope *s,
				   const struct report_muni *m, struct report_support *out)
{
	static const char *const visit_prog[] = {"visit_1_5y", "visit_3y"};
	struct person *ps = NULL;
	size_t n = 0, cap = 0;
	int64_t session_min = report_setting(c, m->id, "cost.cosp_session_minutes", 0);
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;

	/* support time of the staff in scope */
	report_rq_scope(s, m, &q);
	err = add_rows(store_rq_support_sparring(c, &q), &ps, &n, &cap, -1);
	if (!err)
		err = add_rows(store_rq_support_training(c, &q), &ps, &n, &cap, -1);
	/* nothing to spread: no need to read the work - unless a family's
	 * grouped rows answer it (PostgreSQL: a lookup in rows fetched once),
	 * so that the family's plan (request.c) lists these queries whichever
	 * municipality it records; work of nobody found is not added anyway */
	if (err || (!n && !(q.prefetch && store_rq_prefetch_pays(c))))
		goto out;
	for (size_t i = 0; i < n && !err; i++) {
		st = store_rq_support_hourly_cost(c, ps[i].user_id);
		err = store_rq_step_one(st);
		if (!err && !store_rq_null(st, 0))
			ps[i].ore_per_hour = store_rq_int(st, 0);
		store_rq_finish(st);
	}
	if (err)
		goto out;
	/* their work in the period, per programme */
	err = add_rows(store_rq_support_hp_work(c, &q), &ps, &n, &cap, SUPPORT_HP);
	for (int v = 0; v < 2 && !err; v++)
		err = add_rows(store_rq_support_visit_work(c, &q, visit_prog[v]), &ps, &n, &cap,
			       v ? SUPPORT_3Y : SUPPORT_1_5Y);
	if (!err)
		err = add_rows(store_rq_support_cosp_work(c, &q, session_min), &ps, &n, &cap,
			       SUPPORT_COSP);
	if (err)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct person *p = &ps[i];
		/* exact: minutes x øre per hour (RFMT_KR_MIN), as the cost report */
		int64_t cost = p->ore_per_hour >= 0 ? p->minutes * p->ore_per_hour : 0;
		int64_t mins[SUPPORT_PROGRAMMES], kr[SUPPORT_PROGRAMMES], whole = 0;

		for (int k = 0; k < SUPPORT_PROGRAMMES; k++)
			whole += p->work[k];
		if (!p->minutes)
			continue;
		if (!whole) {
			out->minutes[SUPPORT_UNALLOCATED] += p->minutes;
			out->cost[SUPPORT_UNALLOCATED] += cost;
			out->staff[SUPPORT_UNALLOCATED]++;
			if (p->ore_per_hour < 0)
				out->uncosted[SUPPORT_UNALLOCATED] += p->minutes;
			continue;
		}
		core_sparring_spread(p->minutes, p->work, SUPPORT_PROGRAMMES, mins);
		core_sparring_spread(cost, p->work, SUPPORT_PROGRAMMES, kr);
		for (int k = 0; k < SUPPORT_PROGRAMMES; k++) {
			if (!p->work[k])
				continue;
			out->minutes[k] += mins[k];
			out->cost[k] += kr[k];
			out->staff[k]++;
			if (p->ore_per_hour < 0)
				out->uncosted[k] += mins[k];
		}
	}
out:
	free(ps);
	return err;
}
