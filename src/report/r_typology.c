/*
 * r_typology.c - the typology self-assessments as a report (DOMAIN §1.7;
 * seed 004): every practice of the covered municipalities with its newest
 * assessment dated on or before the period's last day, the 11 element values and the total (0-11), and over the
 * practices the mean, median, minimum and maximum - the comparison seed
 * 004 makes of 13 practices (7.45 / 7.6 / 6.10 / 9.04). The values are
 * about practices, not persons: nothing here is suppressed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rede/core_typology.h"
#include "rede/util.h"
#include "report/report_internal.h"
#include "store/typology.h"

#define MAX_PRACTICES 1024

struct acc {
	struct store_conn *c;
	struct report_table *t;
	const struct report_muni *m;
	const char *to; /* the period's last day: the assessment in force then */
	bool many;
	double v[TYP_ELEMENT__COUNT + 1][MAX_PRACTICES];
	size_t n;
	enum rede_err err;
};

static int add(const struct practice_row *p, void *arg)
{
	struct acc *a = arg;
	struct practice_scores s;
	char id[64], label[300];
	int row;

	if (a->n >= MAX_PRACTICES)
		return 1;
	a->err = store_practice_scores_on(a->c, p->id, a->to, &s);
	if (a->err == REDE_E_NOTFOUND) {
		a->err = REDE_OK;
		return 0;
	}
	if (a->err)
		return 1;
	snprintf(id, sizeof(id), "%s/%lld", a->m->code, (long long)p->id);
	if (a->many)
		snprintf(label, sizeof(label), "%s (%s, %s)", p->name, a->m->name, s.assessed_on);
	else
		snprintf(label, sizeof(label), "%s (%s)", p->name, s.assessed_on);
	row = report_row(a->t, id, label);
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++) {
		report_set_value(a->t, row, e, s.score[e], RFMT_DEC2);
		a->v[e][a->n] = s.score[e];
	}
	report_set_value(a->t, row, TYP_ELEMENT__COUNT, s.total, RFMT_DEC2);
	a->v[TYP_ELEMENT__COUNT][a->n++] = s.total;
	return 0;
}

enum rede_err report_build_typology(struct store_conn *c, const struct report_scope *s,
				    struct report *r)
{
	static const char *const params[] = {"typology.", NULL};
	static const char *const stat_ids[] = {"mean", "median", "min", "max"};
	static const char *const stat_labels[] = {"Gennemsnit", "Median", "Mindste", "Største"};
	const char *cols[2 * (TYP_ELEMENT__COUNT + 1) + 1];
	struct acc *a = xcalloc(1, sizeof(*a));
	enum rede_err err = REDE_OK;

	for (int e = 0; e < TYP_ELEMENT__COUNT; e++) {
		cols[2 * e] = core_typology_element_names[e];
		cols[2 * e + 1] = core_typology_element_labels_da[e];
	}
	cols[2 * TYP_ELEMENT__COUNT] = "total";
	cols[2 * TYP_ELEMENT__COUNT + 1] = "Samlet (0-11)";
	cols[2 * TYP_ELEMENT__COUNT + 2] = NULL;
	a->c = c;
	a->to = s->to;
	a->many = s->nmunis > 1;
	a->t = report_table(r, "typology.scores",
			    "Typologi for lovende praksis: nyeste selvvurdering pr. praksis", cols);
	report_table_note(a->t,
			  "Hvert element vurderes 0-1 som andelen af dets spørgsmål, der er "
			  "besvaret ja; samlet 0-11. Monitorering og økonomi udfyldes af Rede "
			  "ud fra data for praksisser, der kører i Rede.");
	for (int i = 0; i < s->nmunis && !err; i++) {
		a->m = &s->munis[i];
		err = store_practice_each(c, s->munis[i].id, add, a);
		if (!err)
			err = a->err;
	}
	for (int k = 0; k < 4 && !err && a->n; k++) {
		int row = report_row(a->t, stat_ids[k], stat_labels[k]);
		for (int e = 0; e <= TYP_ELEMENT__COUNT; e++) {
			struct core_stats st;
			double v;
			core_stats_of(a->v[e], a->n, &st);
			v = k == 0 ? st.mean : k == 1 ? st.median : k == 2 ? st.min : st.max;
			report_set_value(a->t, row, e, v, RFMT_DEC2);
		}
	}
	free(a);
	if (!err)
		err = report_add_params(c, s, r, params);
	return err;
}
