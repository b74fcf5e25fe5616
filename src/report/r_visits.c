/*
 * r_visits.c - the report on the extra health-visitor home visits at 1½
 * and 3 years (DOMAIN §1.2, §3; seed 003): families offered and visited
 * in the seed's table layout, the answers, by month, by municipality and
 * by round, the share already under social measures, the share referred
 * on within and outside health visiting, parent ratings by visit type,
 * the selection criteria and decline reasons.
 *
 * Period rule: the families are those OFFERED a visit in the period (the
 * cohort); "visited" counts those of them visited by the period's end, so
 * visited <= offered always holds and a report from the project's start
 * to a delivery date gives the seed's status table. The monthly table
 * adds the visits HELD each month (activity), which may include visits to
 * families offered before the period. The answer (and the decline
 * reason) is the one in force on the period's last day: the newest row of
 * the offer's history (hv_offer_state, migration 0010) dated on or before
 * it, so a yes cancelled after the period is still a yes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core_course.h"
#include "rede/core_health_visit.h"
#include "rede/util.h"
#include "report/report_internal.h"

#define NP HV_PROGRAMME__COUNT /* 1½ and 3 years; column NP is the total */

static const char *const prog_cols[] = {"1_5y",  "1½ års besøg",      "3y", "3 års besøg",
					"total", "Hjemmebesøg i alt", NULL};
static const int prog_parts[] = {0, 1, -1};
static const int prog_all[] = {0, 1, 2, -1};

static const char *const answer_ids[] = {"awaiting", "accepted", "visited", "declined",
					 "never_reached"};
static const char *const answer_labels[] = {"Afventer svar", "Sagt ja, endnu ikke besøgt", "Besøgt",
					    "Sagt nej", "Ikke truffet"};
enum { A_AWAITING, A_ACCEPTED, A_VISITED, A_DECLINED, A_NEVER_REACHED, A__COUNT };

static const char *const rating_ids[] = {"1", "2", "3", "4", "0", "none"};
static const char *const rating_labels[] = {"I høj grad", "I nogen grad", "I mindre grad",
					    "Slet ikke",  "Ved ikke",     "Ikke spurgt"};

static void key(char *out, size_t n, const char *what, int p)
{
	snprintf(out, n, "visits.%s.%s", what, p < NP ? core_hv_age_group_names[p] : "total");
}

/* A table with the programme columns and the row total column. */
static struct report_table *prog_table(struct report *r, const char *name, const char *title)
{
	struct report_table *t = report_table(r, name, title, prog_cols);

	report_table_row_sums(t, NP, prog_parts);
	report_table_col_sums(t, prog_all);
	return t;
}

/* Zero counts in every cell of row (so totals and keys exist). */
static void zero_row(struct report_table *t, int row, const char *keywhat)
{
	char k[64];

	for (int p = 0; p <= NP; p++) {
		if (keywhat)
			key(k, sizeof(k), keywhat, p);
		report_set_count(t, row, p, 0, keywhat ? k : NULL);
	}
}

struct acc {
	struct report *r;
	struct report_table *summary, *answers, *month, *muni, *round, *social, *referred, *rating,
		*criteria, *decline;
	int muni_row, round_row;
};

static int prog_index(const char *s)
{
	int p = core_course_name_index(core_hv_programme_names, NP, s);
	return p < NP ? p : -1;
}

static void add_offer_group(struct acc *a, const struct report_scope *s, struct store_rq_rows *st)
{
	int p = prog_index(store_rq_text(st, 0));
	const char *status = store_rq_text(st, 1); /* the answer in force at the end, "" none */
	bool visited = store_rq_int(st, 2);
	bool social = store_rq_int(st, 3);
	const char *crit = store_rq_text(st, 4), *decline = store_rq_text(st, 5);
	const char *month = store_rq_text(st, 6);
	bool within = store_rq_int(st, 7), outside = store_rq_int(st, 8);
	int64_t rating = store_rq_int(st, 9), n = store_rq_int(st, 10);
	int ans, row, c;
	(void)s;

	if (p < 0)
		return;
	report_add_count(a->summary, 0, p, n);
	if (visited)
		report_add_count(a->summary, 1, p, n);
	/* The answer as it stood at the end of the period (its history,
	 * hv_offer_state: a yes cancelled after the period is still a yes). */
	if (visited)
		ans = A_VISITED;
	else if (!status[0])
		ans = A_AWAITING;
	else if (!strcmp(status, "declined"))
		ans = A_DECLINED;
	else if (!strcmp(status, "never_reached"))
		ans = A_NEVER_REACHED;
	else
		ans = A_ACCEPTED;
	report_add_count(a->answers, ans, p, n);
	row = report_row_find(a->month, month);
	if (row >= 0)
		report_add_count(a->month, row, p, n);
	report_add_count(a->muni, a->muni_row, p, n);
	report_add_count(a->round, a->round_row, p, n);
	if (visited) {
		report_add_count(a->muni, a->muni_row, 2 + p, n);
		report_add_count(a->round, a->round_row, 2 + p, n);
	}
	report_add_count(a->social, p, 0, n);
	if (social)
		report_add_count(a->social, p, 1, n);
	if (visited) {
		report_add_count(a->referred, p, 0, n);
		if (within)
			report_add_count(a->referred, p, 1, n);
		if (outside)
			report_add_count(a->referred, p, 3, n);
		row = rating >= 1 && rating <= 4 ? (int)rating - 1 : rating == 0 ? 4 : 5;
		report_add_count(a->rating, row, p, n);
	}
	c = core_course_name_index(core_hv_criterion_names, HV_CRITERION__COUNT, crit);
	if (c < HV_CRITERION__COUNT)
		report_add_count(a->criteria, c, p, n);
	if (ans == A_DECLINED) {
		c = core_course_name_index(core_hv_decline_names, HV_DECLINE__COUNT, decline);
		if (c == HV_DECLINE__COUNT)
			c = HV_DECLINE_OTHER;
		report_add_count(a->decline, c, p, n);
	}
}

static enum rede_err query_offers(struct store_conn *c, const struct report_scope *s,
				  const struct report_muni *m, struct acc *a)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;

	report_rq_scope(s, m, &q);
	st = store_rq_visit_offers(c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW)
		add_offer_group(a, s, st);
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static enum rede_err query_held(struct store_conn *c, const struct report_scope *s,
				const struct report_muni *m, struct acc *a)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;

	report_rq_scope(s, m, &q);
	st = store_rq_visits_held(c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		int p = prog_index(store_rq_text(st, 0));
		int row = report_row_find(a->month, store_rq_text(st, 1));
		if (p >= 0 && row >= 0)
			report_add_count(a->month, row, 2 + p, store_rq_int(st, 2));
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err report_build_visits(struct store_conn *c, const struct report_scope *s,
				  struct report *r)
{
	static const char *const params[] = {"health_visit.", "report.", NULL};
	static const char *const four_cols[] = {"offered_1_5y", "Tilbudt 1½ år", "offered_3y",
						"Tilbudt 3 år", "visited_1_5y",  "Besøgt 1½ år",
						"visited_3y",   "Besøgt 3 år",   NULL};
	static const char *const month_cols[] = {"offered_1_5y",
						 "Tilbudt 1½ år",
						 "offered_3y",
						 "Tilbudt 3 år",
						 "held_1_5y",
						 "Besøg gennemført 1½ år",
						 "held_3y",
						 "Besøg gennemført 3 år",
						 NULL};
	static const int four_all[] = {0, 1, 2, 3, -1};
	struct acc a = {.r = r};
	enum rede_err err = REDE_OK;
	char k[64], k2[64];
	int row;

	/* 1. the seed's table */
	a.summary = report_table(r, "visits.summary", "Familier tilbudt og besøgt", prog_cols);
	report_table_row_sums(a.summary, NP, prog_parts);
	a.summary->chart = RCHART_FUNNEL;
	report_table_note(a.summary, "Familier tilbudt besøg i perioden, og hvor mange af dem der "
				     "har fået besøget inden periodens slutning.");
	zero_row(a.summary, report_row(a.summary, "offered", "Familier tilbudt besøg"), "offered");
	zero_row(a.summary, report_row(a.summary, "visited", "Familier, der har fået besøg"),
		 "visited");
	for (int p = 0; p <= NP; p++) {
		key(k, sizeof(k), "visited", p);
		key(k2, sizeof(k2), "offered", p);
		report_le(r, k, k2);
	}

	/* 2. answers at the end of the period */
	a.answers = prog_table(r, "visits.answers", "Familiernes svar ved periodens slutning");
	for (int i = 0; i < A__COUNT; i++)
		zero_row(a.answers, report_row(a.answers, answer_ids[i], answer_labels[i]),
			 i == A_VISITED    ? "visited"
			 : i == A_DECLINED ? "declined"
					   : NULL);
	zero_row(a.answers, report_row_total(a.answers, "Tilbudt i alt"), "offered");

	/* 3. by month */
	a.month = report_table(r, "visits.by_month", "Tilbud og gennemførte besøg pr. måned",
			       month_cols);
	report_table_col_sums(a.month, four_all);
	a.month->chart = RCHART_BARS;
	report_table_note(a.month, "Tilbud efter den måned, de blev givet; besøg efter den måned, "
				   "de blev gennemført.");
	report_month_rows(a.month, s->from, s->to);
	for (int i = 0; i < a.month->nrows; i++)
		for (int j = 0; j < 4; j++)
			report_set_count(a.month, i, j, 0, NULL);
	row = report_row_total(a.month, "I alt");
	for (int p = 0; p < NP; p++) {
		key(k, sizeof(k), "offered", p);
		report_set_count(a.month, row, p, 0, k);
		key(k, sizeof(k), "held", p);
		report_set_count(a.month, row, 2 + p, 0, k);
		key(k2, sizeof(k2), "visited", p);
		report_le(r, k2, k);
	}

	/* 4, 5. by municipality and by round */
	a.muni = report_table(r, "visits.by_municipality", "Tilbudt og besøgt pr. kommune",
			      four_cols);
	a.round = report_table(r, "visits.by_round", "Tilbudt og besøgt pr. runde", four_cols);
	for (struct report_table *t = a.muni; t; t = t == a.muni ? a.round : NULL) {
		report_table_col_sums(t, four_all);
		t->sorted = true;
		row = report_row_total(t, "I alt");
		for (int p = 0; p < NP; p++) {
			key(k, sizeof(k), "offered", p);
			report_set_count(t, row, p, 0, k);
			key(k, sizeof(k), "visited", p);
			report_set_count(t, row, 2 + p, 0, k);
		}
	}

	/* 6. social measures */
	{
		static const char *const cols[] = {
			"offered",
			"Tilbudt besøg",
			"social_measures",
			"Heraf allerede pålagt socialfaglige foranstaltninger",
			"share",
			"Andel (%)",
			NULL};
		static const int summed[] = {0, 1, -1};
		a.social = report_table(r, "visits.social_measures",
					"Familier allerede pålagt socialfaglige foranstaltninger",
					cols);
		report_table_col_sums(a.social, summed);
	}
	/* 7. referred on */
	{
		static const char *const cols[] = {"visited",
						   "Besøgt",
						   "within",
						   "Henvist videre i sundhedsplejen",
						   "within_share",
						   "Andel (%)",
						   "outside",
						   "Henvist videre uden for sundhedsplejen",
						   "outside_share",
						   "Andel (%)",
						   NULL};
		static const int summed[] = {0, 1, 3, -1};
		a.referred = report_table(r, "visits.referred_on",
					  "Henvist til yderligere indsatser efter besøget", cols);
		report_table_col_sums(a.referred, summed);
	}
	for (int p = 0; p <= NP; p++) {
		const char *label = p < NP ? core_hv_programme_labels_da[p] : "I alt";
		int rs, rr;
		char kk[64];

		rs = p < NP ? report_row(a.social, core_hv_age_group_names[p], label)
			    : report_row_total(a.social, label);
		rr = p < NP ? report_row(a.referred, core_hv_age_group_names[p], label)
			    : report_row_total(a.referred, label);
		key(k, sizeof(k), "offered", p);
		report_set_count(a.social, rs, 0, 0, k);
		report_set_count(a.social, rs, 1, 0, NULL);
		report_set_derived(a.social, rs, 2, RCELL_SHARE, report_cell_key(a.social, rs, 1),
				   k, RFMT_PCT);
		key(k, sizeof(k), "visited", p);
		report_set_count(a.referred, rr, 0, 0, k);
		report_set_count(a.referred, rr, 1, 0, NULL);
		report_set_count(a.referred, rr, 3, 0, NULL);
		snprintf(kk, sizeof(kk), "%s", report_cell_key(a.referred, rr, 1));
		report_set_derived(a.referred, rr, 2, RCELL_SHARE, kk, k, RFMT_PCT);
		snprintf(kk, sizeof(kk), "%s", report_cell_key(a.referred, rr, 3));
		report_set_derived(a.referred, rr, 4, RCELL_SHARE, kk, k, RFMT_PCT);
		report_le(r, report_cell_key(a.social, rs, 1), report_cell_key(a.social, rs, 0));
		report_le(r, report_cell_key(a.referred, rr, 1), k);
		report_le(r, report_cell_key(a.referred, rr, 3), k);
	}

	/* 8. parent rating */
	a.rating = prog_table(r, "visits.parent_rating",
			      "I hvilken grad oplever du, at hjemmebesøget har støttet dig i at "
			      "være en god forælder?");
	for (int i = 0; i < 6; i++)
		zero_row(a.rating, report_row(a.rating, rating_ids[i], rating_labels[i]), NULL);
	zero_row(a.rating, report_row_total(a.rating, "Besøgt i alt"), "visited");

	/* 9. criteria, 10. decline reasons */
	a.criteria = prog_table(r, "visits.criteria", "Kriterium for tilbuddet");
	for (int i = 0; i < HV_CRITERION__COUNT; i++)
		zero_row(a.criteria,
			 report_row(a.criteria, core_hv_criterion_names[i],
				    core_hv_criterion_labels_da[i]),
			 NULL);
	zero_row(a.criteria, report_row_total(a.criteria, "Tilbudt i alt"), "offered");
	a.decline = prog_table(r, "visits.decline_reasons", "Begrundelser for at sige nej");
	for (int i = 0; i < HV_DECLINE__COUNT; i++)
		zero_row(a.decline,
			 report_row(a.decline, core_hv_decline_names[i],
				    core_hv_decline_labels_da[i]),
			 NULL);
	zero_row(a.decline, report_row_total(a.decline, "Sagt nej i alt"), "declined");

	for (int i = 0; i < s->nmunis && !err; i++) {
		const struct report_muni *m = &s->munis[i];

		a.muni_row = report_row(a.muni, m->code, m->name);
		a.round_row = report_round_row(a.round, m->round);
		for (int j = 0; j < 4; j++) {
			if (report_cell_at(a.muni, a.muni_row, j)->kind != RCELL_COUNT)
				report_set_count(a.muni, a.muni_row, j, 0, NULL);
			if (report_cell_at(a.round, a.round_row, j)->kind != RCELL_COUNT)
				report_set_count(a.round, a.round_row, j, 0, NULL);
		}
		err = query_offers(c, s, m, &a);
		if (!err)
			err = query_held(c, s, m, &a);
	}
	if (!err)
		err = report_add_params(c, s, r, params);
	return err;
}
