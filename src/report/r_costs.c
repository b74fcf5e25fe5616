/*
 * r_costs.c - what the programmes cost (DOMAIN §1.1 "Costs", §1.7
 * "økonomi", §3): staff hours times each staff member's hourly cost
 * (app_user.hourly_cost_ore), per course, per programme and per goal
 * reached, compared across programmes and with the cost per family of an
 * alternative intervention the municipality enters (setting
 * cost.alternative_intervention_kr).
 *
 * What counts, per programme:
 *   home pedagogue  courses closed in the period; every contact of them
 *                   (cancelled and no-show visits included: the time was
 *                   spent) at the cost of the staff member who recorded it;
 *                   goals reached = goals met in those courses.
 *   1½ / 3 years    visits held in the period at the health visitor's cost.
 *   COS-P           sessions held in the period, cost.cosp_session_minutes
 *                   per facilitator at each facilitator's cost; per family
 *                   completing a course whose last session is in the period.
 * Hours of staff without an hourly cost are shown separately, so a cost
 * is never silently too low.
 *
 * Faglig sparring and training are staff time too (issue 23): the table
 * costs.support carries them per programme as overhead, spread by the
 * rule of r_support.c, and the cost per course or visit including it.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

enum { P_HP, P_1_5Y, P_3Y, P_COSP, P__COUNT };
static const char *const prog_ids[] = {"home_pedagogue", "visit_1_5y", "visit_3y", "cosp"};
static const char *const prog_labels[] = {"Hjemmepædagogiske forløb", "Hjemmebesøg ved 1½ år",
					  "Hjemmebesøg ved 3 år", "COS-P-forløb"};
/* The count each programme's cost is over (shared with the other reports). */
static const char *const unit_keys[] = {"hp.closed", "visits.held.1_5y", "visits.held.3y",
					"costs.cosp.completed"};

enum { C_UNITS, C_HOURS, C_COST, C_PER_UNIT, C_GOALS, C_PER_GOAL, C_UNCOSTED, C__COUNT };

/* Money is kept exact as minutes x hourly cost in øre (RFMT_KR_MIN, 1/60
 * øre): no division per course, recorder or visit, so the total is the
 * exact sum and each shown cell is rounded once (half away from zero, to
 * whole kroner). The alternative intervention is kept in the same unit so
 * it can be compared. */
struct acc {
	int64_t units[P__COUNT], minutes[P__COUNT], cost[P__COUNT], uncosted[P__COUNT];
	int64_t goals_met, alt_cost[P__COUNT];
};

static enum rede_err one_row(struct store_rq_rows *st, int64_t *a, int64_t *b, int64_t *c3,
			     int64_t *d)
{
	enum rede_err err = store_rq_step_one(st);

	if (!err) {
		if (a)
			*a += store_rq_int(st, 0);
		if (b)
			*b += store_rq_int(st, 1);
		if (c3)
			*c3 += store_rq_int(st, 2);
		if (d)
			*d += store_rq_int(st, 3);
	}
	store_rq_finish(st);
	return err;
}

static enum rede_err collect(struct store_conn *c, const struct report_scope *s,
			     const struct report_muni *m, struct acc *x)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;
	int64_t session_min = report_setting(c, m->id, "cost.cosp_session_minutes", 0);
	int64_t min_att = report_setting(c, m->id, "cosp.completion_min_attended", 1);
	int64_t alt_kr = report_setting(c, m->id, "cost.alternative_intervention_kr", 0);
	int64_t before[P__COUNT];

	memcpy(before, x->units, sizeof(before));
	report_rq_scope(s, m, &q);
	/* home pedagogue: closed courses, all their contacts' minutes (from the
	 * per-course, per-recorder totals of migration 0006) */
	st = store_rq_cost_hp(c, &q);
	if ((err = one_row(st, &x->units[P_HP], &x->minutes[P_HP], &x->cost[P_HP],
			   &x->uncosted[P_HP])))
		return err;
	/* goals met: the home-pedagogue report's goals of the same courses
	 * (one grouped query for both reports of a kit) */
	st = store_rq_hp_goals(c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		const char *attainment = store_rq_text(st, 1);
		if (attainment && !strcmp(attainment, "met"))
			x->goals_met += store_rq_int(st, 2);
	}
	store_rq_finish(st);
	if (err != REDE_DONE)
		return err;

	/* visits at 1½ and 3 years */
	for (int p = P_1_5Y; p <= P_3Y; p++) {
		st = store_rq_cost_visits(c, &q, prog_ids[p]);
		if ((err = one_row(st, &x->units[p], &x->minutes[p], &x->cost[p], &x->uncosted[p])))
			return err;
	}

	/* COS-P: sessions held in the period times facilitators */
	st = store_rq_cost_cosp_sessions(c, &q);
	if ((err = store_rq_step_one(st)) == REDE_OK) {
		x->minutes[P_COSP] += store_rq_int(st, 0) * session_min;
		x->cost[P_COSP] += store_rq_int(st, 1) * session_min;
		x->uncosted[P_COSP] += store_rq_int(st, 2) * session_min;
	}
	store_rq_finish(st);
	if (err)
		return err;
	/* families completing: as the COS-P report counts them, from the
	 * offer's history as it stood at the period's end */
	st = store_rq_cost_cosp_completed(c, &q, min_att);
	if ((err = one_row(st, &x->units[P_COSP], NULL, NULL, NULL)))
		return err;

	/* the alternative intervention, per family this municipality served */
	for (int p = 0; p < P__COUNT; p++)
		x->alt_cost[p] += alt_kr * 100 * 60 * (x->units[p] - before[p]);
	return REDE_OK;
}

enum rede_err report_build_costs(struct store_conn *c, const struct report_scope *s,
				 struct report *r)
{
	static const char *const params[] = {"cost.", "cosp.session", "report.", NULL};
	static const char *const scols[] = {"staff",
					    "Medarbejdere",
					    "hours",
					    "Sparring og uddannelse (timer)",
					    "cost",
					    "Omkostning (kr.)",
					    "units",
					    "Forløb eller besøg",
					    "per_unit",
					    "Støtte pr. forløb eller besøg (kr.)",
					    "cost_incl",
					    "Omkostning inkl. støtte (kr.)",
					    "per_unit_incl",
					    "Pr. forløb eller besøg inkl. støtte (kr.)",
					    "uncosted",
					    "Timer uden timepris",
					    NULL};
	static const char *const cols[] = {"units",    "Forløb eller besøg",
					   "hours",    "Medarbejdertimer",
					   "cost",     "Omkostning (kr.)",
					   "per_unit", "Pr. forløb eller besøg (kr.)",
					   "goals",    "Mål nået",
					   "per_goal", "Pr. mål nået (kr.)",
					   "uncosted", "Timer uden timepris",
					   NULL};
	static const char *const acols[] = {"units",
					    "Forløb eller besøg",
					    "per_unit",
					    "Pr. forløb eller besøg (kr.)",
					    "alt",
					    "Alternativ indsats i alt (kr.)",
					    "alt_per_unit",
					    "Alternativ indsats pr. familie (kr.)",
					    "diff",
					    "Forskel pr. familie (kr.)",
					    NULL};
	struct report_table *t, *alt, *sup;
	struct report_support sx;
	struct acc x = {0};
	enum rede_err err = REDE_OK;
	int total;

	_Static_assert((int)P__COUNT == (int)SUPPORT_PROGRAMMES,
		       "the support rows follow the programmes");
	memset(&sx, 0, sizeof(sx));
	for (int i = 0; i < s->nmunis && !err; i++) {
		err = collect(c, s, &s->munis[i], &x);
		if (!err)
			err = report_costs_support(c, s, &s->munis[i], &sx);
	}
	if (err)
		return err;

	t = report_table(r, "costs.by_programme", "Omkostninger pr. program", cols);
	report_table_col_sums(t, (const int[]){C_HOURS, C_COST, C_UNCOSTED, -1});
	report_table_note(
		t, "Medarbejdertimer gange den enkelte medarbejders timepris. "
		   "Hjemmepædagogiske forløb: forløb afsluttet i perioden med alle deres "
		   "kontakter. Besøg: besøg gennemført i perioden. COS-P: sessioner i "
		   "perioden, pr. familie der gennemførte et hold, der sluttede i perioden.");
	for (int p = 0; p < P__COUNT; p++) {
		int row = report_row(t, prog_ids[p], prog_labels[p]);
		char cost_key[64];

		report_set_count(t, row, C_UNITS, x.units[p], unit_keys[p]);
		report_set_sum(t, row, C_HOURS, x.minutes[p], RFMT_HOURS, unit_keys[p], NULL);
		report_set_sum(t, row, C_COST, x.cost[p], RFMT_KR_MIN, unit_keys[p], NULL);
		snprintf(cost_key, sizeof(cost_key), "%s", report_cell_key(t, row, C_COST));
		report_set_derived(t, row, C_PER_UNIT, RCELL_RATIO, cost_key, unit_keys[p],
				   RFMT_KR_MIN);
		report_set_sum(t, row, C_UNCOSTED, x.uncosted[p], RFMT_HOURS, unit_keys[p], NULL);
		/* Hours without an hourly cost are part of the hours. */
		report_le(r, report_cell_key(t, row, C_UNCOSTED), report_cell_key(t, row, C_HOURS));
		if (p == P_HP) {
			report_set_count(t, row, C_GOALS, x.goals_met, "hp.goals_met");
			report_set_derived(t, row, C_PER_GOAL, RCELL_RATIO, cost_key,
					   "hp.goals_met", RFMT_KR_MIN);
		}
	}
	total = report_row_total(t, "I alt");
	report_set_sum(t, total, C_HOURS, 0, RFMT_HOURS, NULL, NULL);
	report_set_sum(t, total, C_COST, 0, RFMT_KR_MIN, NULL, NULL);
	report_set_sum(t, total, C_UNCOSTED, 0, RFMT_HOURS, NULL, NULL);

	alt = report_table(r, "costs.alternative",
			   "Sammenlignet med en alternativ indsats, kommunen har angivet", acols);
	for (int p = 0; p < P__COUNT; p++) {
		int row = report_row(alt, prog_ids[p], prog_labels[p]);
		char per[64], altk[64];

		report_set_count(alt, row, 0, x.units[p], unit_keys[p]);
		snprintf(per, sizeof(per), "%s", report_cell_key(t, p, C_PER_UNIT));
		report_set_derived(alt, row, 1, RCELL_RATIO, report_cell_key(t, p, C_COST),
				   unit_keys[p], RFMT_KR_MIN);
		report_set_sum(alt, row, 2, x.alt_cost[p], RFMT_KR_MIN, unit_keys[p], NULL);
		snprintf(altk, sizeof(altk), "%s", report_cell_key(alt, row, 2));
		report_set_derived(alt, row, 3, RCELL_RATIO, altk, unit_keys[p], RFMT_KR_MIN);
		snprintf(per, sizeof(per), "%s", report_cell_key(alt, row, 1));
		snprintf(altk, sizeof(altk), "%s", report_cell_key(alt, row, 3));
		report_set_derived(alt, row, 4, RCELL_DIFF, per, altk, RFMT_KR_MIN);
	}

	sup = report_table(r, "costs.support",
			   "Faglig sparring og kompetenceudvikling som omkostning pr. program",
			   scols);
	report_table_col_sums(sup, (const int[]){1, 2, 7, -1});
	report_table_note(
		sup,
		"Hver medarbejders sparring (deltagerminutter i sparringer holdt i perioden) og "
		"uddannelse (timer for uddannelser, der sluttede i perioden) gange timeprisen, "
		"fordelt på programmerne i forhold til medarbejderens eget arbejde i dem, som "
		"omkostningerne tæller det: kontakter i forløb afsluttet i perioden, besøg og "
		"COS-P-sessioner i perioden. "
		"Medarbejdere uden arbejde i programmerne i perioden står som ikke fordelt.");
	for (int p = 0; p <= SUPPORT_PROGRAMMES; p++) {
		bool prog = p < SUPPORT_PROGRAMMES;
		int row = prog ? report_row(sup, prog_ids[p], prog_labels[p])
			       : report_row(sup, "unallocated", "Ikke fordelt");
		char staff_key[64], cost_key[64], incl_key[64];

		snprintf(staff_key, sizeof(staff_key), "costs.support.staff.%s",
			 prog ? prog_ids[p] : "unallocated");
		report_set_count(sup, row, 0, sx.staff[p], staff_key);
		report_set_sum(sup, row, 1, sx.minutes[p], RFMT_HOURS, staff_key, NULL);
		report_set_sum(sup, row, 2, sx.cost[p], RFMT_KR_MIN, staff_key, NULL);
		report_set_sum(sup, row, 7, sx.uncosted[p], RFMT_HOURS, staff_key, NULL);
		report_le(r, report_cell_key(sup, row, 7), report_cell_key(sup, row, 1));
		if (!prog)
			continue;
		snprintf(cost_key, sizeof(cost_key), "%s", report_cell_key(sup, row, 2));
		report_set_count(sup, row, 3, x.units[p], unit_keys[p]);
		report_set_derived(sup, row, 4, RCELL_RATIO, cost_key, unit_keys[p], RFMT_KR_MIN);
		report_set_sum(sup, row, 5, x.cost[p] + sx.cost[p], RFMT_KR_MIN, unit_keys[p],
			       NULL);
		snprintf(incl_key, sizeof(incl_key), "%s", report_cell_key(sup, row, 5));
		report_set_derived(sup, row, 6, RCELL_RATIO, incl_key, unit_keys[p], RFMT_KR_MIN);
		/* A reader sees it: the cost including support is the programme's
		 * cost (costs.by_programme) plus its support cost. */
		report_sum_of_keys(
			r, incl_key,
			(const char *const[]){report_cell_key(t, p, C_COST), cost_key, NULL});
	}
	total = report_row_total(sup, "I alt");
	report_set_sum(sup, total, 1, 0, RFMT_HOURS, NULL, NULL);
	report_set_sum(sup, total, 2, 0, RFMT_KR_MIN, NULL, NULL);
	report_set_sum(sup, total, 7, 0, RFMT_HOURS, NULL, NULL);
	err = report_add_params(c, s, r, params);
	if (!err)
		report_costs_describe(r);
	return err;
}

/* The note of costs.alternative says whether a municipality covered has
 * set the alternative's cost: read from the parameters in force, so a
 * merged report says the same as the report over the union. */
void report_costs_describe(struct report *r)
{
	struct report_table *alt = report_table_get(r, "costs.alternative");
	bool any_alt = false;
	const json_t *p;
	size_t i;

	if (!alt)
		return;
	json_array_foreach(r->parameters, i, p)
	{
		const json_t *v = json_object_get(json_object_get(p, "values"),
						  "cost.alternative_intervention_kr");
		if (json_is_integer(v) && json_integer_value(v) > 0)
			any_alt = true;
	}
	report_table_note(alt, any_alt ? "Den alternative indsats er kommunens eget beløb pr. "
					 "familie (indstillingen cost.alternative_intervention_kr)."
				       : "Kommunen har ikke angivet en alternativ indsats "
					 "(indstillingen cost.alternative_intervention_kr).");
}
