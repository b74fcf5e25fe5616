/*
 * r_cosp.c - the COS-P report (DOMAIN §1.3, §3; seed 003): trained staff
 * per round, families offered -> accepted -> completed (and the share
 * accepted), by round and by month of the offer, and the parents' rating.
 *
 * Period rule: the families OFFERED a course in the period; accepted,
 * completed and the parents' rating as they stood at the period's end,
 * read from the offer's history (cosp_offer_state, migration 0010; see
 * REPORT_COSP_*_SQL in store/report_sql.h). Completed means: a yes by
 * then, placed by then on a course whose last session was held by then, at least
 * cosp.completion_min_attended of its sessions attended and no dropout by
 * then (the programme's completion rule, core_cosp_completed). The rating
 * is the newest one given by then. Trained staff are those with the cosp
 * competence obtained by the period's end.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

enum { F_OFFERED, F_ACCEPTED, F_COMPLETED, F__COUNT };
static const char *const stage_ids[] = {"offered", "accepted", "completed"};
static const char *const stage_labels[] = {"Tilbudt et forløb", "Sagt ja", "Gennemført"};

static const char *const rating_ids[] = {"1", "2", "3", "4", "none"};
static const char *const rating_labels[] = {"I høj grad", "I nogen grad", "I mindre grad",
					    "Slet ikke", "Ikke vurderet"};

enum rede_err report_build_cosp(struct store_conn *c, const struct report_scope *s,
				struct report *r)
{
	static const char *const params[] = {"cosp.", "report.", NULL};
	static const char *const rcols[] = {"offered", "Tilbudt",           "accepted",
					    "Sagt ja", "completed",         "Gennemført",
					    "share",   "Andel sagt ja (%)", NULL};
	static const int rsum[] = {0, 1, 2, -1};
	struct report_table *trained, *funnel, *round, *month, *rating;
	enum rede_err err = REDE_OK;
	char key[48];
	int row;

	trained = report_table(r, "cosp.trained_staff", "COS-P-uddannede medarbejdere pr. runde",
			       (const char *const[]){"n", "Uddannede medarbejdere", NULL});
	trained->sorted = true;
	report_table_col_sums(trained, (const int[]){0, -1});
	report_set_count(trained, report_row_total(trained, "I alt"), 0, 0, "cosp.trained");

	funnel = report_table(
		r, "cosp.funnel", "Tilbudt, sagt ja og gennemført",
		(const char *const[]){"n", "Familier", "share", "Andel af de tilbudte (%)", NULL});
	funnel->chart = RCHART_FUNNEL;
	report_table_note(funnel, "Familier tilbudt et COS-P-forløb i perioden; svar og "
				  "gennemførelse som de stod ved periodens slutning.");
	for (int i = 0; i < F__COUNT; i++) {
		snprintf(key, sizeof(key), "cosp.%s", stage_ids[i]);
		row = report_row(funnel, stage_ids[i], stage_labels[i]);
		report_set_count(funnel, row, 0, 0, key);
		report_set_derived(funnel, row, 1, RCELL_SHARE, key, "cosp.offered", RFMT_PCT);
	}
	report_le(r, "cosp.accepted", "cosp.offered");
	report_le(r, "cosp.completed", "cosp.accepted");

	round = report_table(r, "cosp.by_round", "Tilbudt, sagt ja og gennemført pr. runde", rcols);
	round->sorted = true;
	report_table_col_sums(round, rsum);
	month = report_table(r, "cosp.by_month", "Tilbud pr. måned", rcols);
	report_table_col_sums(month, rsum);
	month->chart = RCHART_BARS;
	report_month_rows(month, s->from, s->to);
	for (struct report_table *t = round; t; t = t == round ? month : NULL) {
		row = report_row_total(t, "I alt");
		for (int i = 0; i < F__COUNT; i++) {
			snprintf(key, sizeof(key), "cosp.%s", stage_ids[i]);
			report_set_count(t, row, i, 0, key);
		}
	}
	for (int i = 0; i < month->nrows; i++)
		if (!month->rows[i].total)
			for (int j = 0; j < F__COUNT; j++)
				report_set_count(month, i, j, 0, NULL);

	rating = report_table(r, "cosp.parent_rating",
			      "Forældrenes vurdering: har forløbet hjulpet dig til at være en "
			      "bedre forælder?",
			      (const char *const[]){"n", "Familier", NULL});
	report_table_col_sums(rating, (const int[]){0, -1});
	for (int i = 0; i < 5; i++)
		report_set_count(rating, report_row(rating, rating_ids[i], rating_labels[i]), 0, 0,
				 NULL);
	report_set_count(rating, report_row_total(rating, "Sagt ja i alt"), 0, 0, "cosp.accepted");

	for (int i = 0; i < s->nmunis && !err; i++) {
		const struct report_muni *m = &s->munis[i];
		int64_t min_att = report_setting(c, m->id, "cosp.completion_min_attended", 1);
		int rrow = report_round_row(round, m->round),
		    trow = report_round_row(trained, m->round);
		struct store_rq_scope q;
		struct store_rq_rows *st;

		for (int j = 0; j < F__COUNT; j++)
			if (report_cell_at(round, rrow, j)->kind == RCELL_EMPTY)
				report_set_count(round, rrow, j, 0, NULL);
		if (report_cell_at(trained, trow, 0)->kind == RCELL_EMPTY)
			report_set_count(trained, trow, 0, 0, NULL);

		report_rq_scope(s, m, &q);
		st = store_rq_cosp_trained(c, &q);
		if ((err = store_rq_step_one(st)) == REDE_OK)
			report_add_count(trained, trow, 0, store_rq_int(st, 0));
		store_rq_finish(st);
		if (err)
			break;

		st = store_rq_cosp_offers(c, &q, min_att);
		while ((err = store_rq_step(st)) == REDE_ROW) {
			int mrow = report_row_find(month, store_rq_text(st, 0));
			bool acc = store_rq_int(st, 1), done = store_rq_int(st, 2) && acc;
			int64_t rt = store_rq_int(st, 3), n = store_rq_int(st, 4);

			report_add_count(funnel, F_OFFERED, 0, n);
			report_add_count(round, rrow, F_OFFERED, n);
			if (mrow >= 0)
				report_add_count(month, mrow, F_OFFERED, n);
			if (acc) {
				report_add_count(funnel, F_ACCEPTED, 0, n);
				report_add_count(round, rrow, F_ACCEPTED, n);
				if (mrow >= 0)
					report_add_count(month, mrow, F_ACCEPTED, n);
				report_add_count(rating, rt >= 1 && rt <= 4 ? (int)rt - 1 : 4, 0,
						 n);
			}
			if (done) {
				report_add_count(funnel, F_COMPLETED, 0, n);
				report_add_count(round, rrow, F_COMPLETED, n);
				if (mrow >= 0)
					report_add_count(month, mrow, F_COMPLETED, n);
			}
		}
		store_rq_finish(st);
		if (err != REDE_DONE)
			break;
		err = REDE_OK;
	}
	/* shares per row of the by-round and by-month tables */
	for (struct report_table *t = round; t; t = t == round ? month : NULL)
		for (int i = 0; i < t->nrows; i++) {
			char a[128];
			snprintf(a, sizeof(a), "%s", report_cell_key(t, i, F_ACCEPTED));
			report_set_derived(t, i, 3, RCELL_SHARE, a,
					   report_cell_key(t, i, F_OFFERED), RFMT_PCT);
			report_le(r, a, report_cell_key(t, i, F_OFFERED));
			report_le(r, report_cell_key(t, i, F_COMPLETED), a);
		}
	if (!err)
		err = report_add_params(c, s, r, params);
	return err;
}
