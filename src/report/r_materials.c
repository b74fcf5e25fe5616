/*
 * r_materials.c - the materials report (DOMAIN §1.5, §3; seed 003): per
 * material, how many health visitors know it and use it (their own answer,
 * as it stands when the report is made), and how often it was used in the
 * visits held in the period, per visit type; and per visit type how many
 * visits used materials at all.
 */
#include <stdio.h>
#include <string.h>

#include "rede/core_course.h"
#include "rede/core_health_visit.h"
#include "report/report_internal.h"

#define NP HV_PROGRAMME__COUNT

static enum rede_err catalog(struct store_conn *c, int64_t muni, struct report_table *t)
{
	struct store_rq_rows *st = store_rq_material_catalog(c, muni);
	enum rede_err err;

	while ((err = store_rq_step(st)) == REDE_ROW) {
		int row = report_row(t, store_rq_text(st, 0), store_rq_text(st, 1));
		for (int j = 0; j < t->ncols; j++)
			if (report_cell_at(t, row, j)->kind == RCELL_EMPTY)
				report_set_count(t, row, j, 0, NULL);
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err report_build_materials(struct store_conn *c, const struct report_scope *s,
				     struct report *r)
{
	static const char *const params[] = {"report.", NULL};
	static const char *const kcols[] = {
		"knows",       "Sundhedsplejersker, der kender materialet",
		"uses",        "Sundhedsplejersker, der bruger materialet",
		"visits_1_5y", "Brugt ved 1½ års besøg i perioden",
		"visits_3y",   "Brugt ved 3 års besøg i perioden",
		NULL};
	static const char *const vcols[] = {
		"visits", "Besøg i perioden",       "with",      "Besøg hvor materialer blev brugt",
		"uses",   "Materialer brugt i alt", "per_visit", "Materialer pr. besøg",
		NULL};
	static const int vsum[] = {0, 1, 2, -1};
	struct report_table *k, *v, *staff;
	enum rede_err err = REDE_OK;
	char key[64];

	staff = report_table(r, "materials.staff", "Sundhedsplejersker, der har svaret",
			     (const char *const[]){"n", "Antal", NULL});
	report_set_count(staff, report_row(staff, "answered", "Har svaret på materialespørgsmål"),
			 0, 0, "materials.answered");
	k = report_table(r, "materials.knowledge", "Kendskab til og brug af materialerne", kcols);
	k->sorted = true;
	report_table_note(k, "Kendskab og brug er sundhedsplejerskernes egne svar, som de står, "
			     "når rapporten dannes; brug ved besøg tælles for besøg i perioden.");
	v = report_table(r, "materials.per_visit", "Brug af materialer pr. besøgstype", vcols);
	report_table_col_sums(v, vsum);
	for (int p = 0; p <= NP; p++) {
		int row = p < NP ? report_row(v, core_hv_age_group_names[p],
					      core_hv_programme_labels_da[p])
				 : report_row_total(v, "I alt");
		snprintf(key, sizeof(key), "visits.held.%s",
			 p < NP ? core_hv_age_group_names[p] : "total");
		report_set_count(v, row, 0, 0, key);
		report_set_count(v, row, 1, 0, NULL);
		report_set_count(v, row, 2, 0, NULL);
		report_set_derived(v, row, 3, RCELL_RATIO, report_cell_key(v, row, 2), key,
				   RFMT_DEC1);
		report_le(r, report_cell_key(v, row, 1), key);
	}

	for (int i = 0; i < s->nmunis && !err; i++) {
		const struct report_muni *m = &s->munis[i];
		struct store_rq_scope q;
		struct store_rq_rows *st;

		report_rq_scope(s, m, &q);
		err = catalog(c, m->id, k);
		if (err)
			break;
		st = store_rq_material_staff(c, &q);
		if ((err = store_rq_step_one(st)) == REDE_OK)
			report_add_count(staff, 0, 0, store_rq_int(st, 0));
		store_rq_finish(st);
		if (err)
			break;
		st = store_rq_material_known(c, &q);
		while ((err = store_rq_step(st)) == REDE_ROW) {
			int row = report_row_find(k, store_rq_text(st, 0));
			if (row < 0)
				continue;
			report_add_count(k, row, 0, store_rq_int(st, 1));
			report_add_count(k, row, 1, store_rq_int(st, 2));
		}
		store_rq_finish(st);
		if (err != REDE_DONE)
			break;
		err = REDE_OK;
		/* uses in the visits held in the period */
		st = store_rq_material_uses(c, &q);
		while ((err = store_rq_step(st)) == REDE_ROW) {
			int row = report_row_find(k, store_rq_text(st, 0));
			int p = core_course_name_index(core_hv_programme_names, NP,
						       store_rq_text(st, 1));
			if (p >= NP)
				continue;
			/* A material outside the catalog still gets its row, so the
			 * uses per visit type are the sum of the uses per material
			 * (declared below). */
			if (row < 0) {
				row = report_row(k, store_rq_text(st, 0), store_rq_text(st, 0));
				for (int j = 0; j < k->ncols; j++)
					report_set_count(k, row, j, 0, NULL);
			}
			report_add_count(k, row, 2 + p, store_rq_int(st, 2));
			report_add_count(v, p, 2, store_rq_int(st, 2));
		}
		store_rq_finish(st);
		if (err != REDE_DONE)
			break;
		err = REDE_OK;
		/* visits held, and those with any material */
		st = store_rq_material_visits(c, &q);
		while ((err = store_rq_step(st)) == REDE_ROW) {
			int p = core_course_name_index(core_hv_programme_names, NP,
						       store_rq_text(st, 0));
			if (p >= NP)
				continue;
			report_add_count(v, p, 0, store_rq_int(st, 1));
			report_add_count(v, p, 1, store_rq_int(st, 2));
		}
		store_rq_finish(st);
		if (err != REDE_DONE)
			break;
		err = REDE_OK;
	}
	for (int i = 0; i < k->nrows; i++) {
		report_le(r, report_cell_key(k, i, 1), report_cell_key(k, i, 0));
		report_le(r, report_cell_key(k, i, 0), "materials.answered");
	}
	/* What a reader sees between the tables: the uses per visit type are
	 * the sum of the uses per material, a visit with materials has at least
	 * one use, and a material is used at most once per visit (the key of
	 * hv_visit_material). */
	for (int p = 0; p < NP; p++) {
		report_sum_of_column(r, report_cell_key(v, p, 2), k, 2 + p);
		report_le(r, report_cell_key(v, p, 1), report_cell_key(v, p, 2));
		for (int i = 0; i < k->nrows; i++)
			report_le(r, report_cell_key(k, i, 2 + p), report_cell_key(v, p, 1));
	}
	if (!err)
		err = report_add_params(c, s, r, params);
	return err;
}
