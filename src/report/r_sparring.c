/*
 * r_sparring.c - the faglig sparring and competence report (issue 23;
 * seeds 000, 002, 004): the leader's overview in the reports. Staff data:
 * the suppression rules are the other reports' (src/report/request.c) -
 * leaders see their own units' small numbers in the JSON view,
 * evaluators, admins and every download get them suppressed.
 *
 * Who counts (per municipality, in the report's unit scope):
 *   staff       active front-line staff (home pedagogues, health
 *               visitors) who are members of a unit in scope;
 *   target      sparring.target_minutes per sparring.target_period_days,
 *               pro rata for the period's days (core_sparring_target);
 *   met/below/none  a staff member's participant minutes in sessions held
 *               in the period against the target: the three add up to
 *               the staff (declared to the suppression code);
 *   flagged     no sparring for sparring.flag_weeks weeks at the period's
 *               end (core_sparring_flagged); <= staff;
 *   sessions    sessions held in the period with at least one participant
 *               in scope, by month and by form (months and forms add up to
 *               the total); participations and participant hours count
 *               the in-scope participants;
 *   training    per kind: staff holding it by the period's end, of them
 *               with the refresher due by then (<= holding), staff
 *               trained in the period and their training hours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "report/report_internal.h"
#include "store/cosp.h"
#include "store/sparring.h"

enum { S_MET, S_BELOW, S_NONE, S__COUNT };
static const char *const staff_ids[] = {"met", "below", "none"};
static const char *const staff_labels[] = {"Sparring mindst som målet", "Sparring, men under målet",
					   "Ingen sparring i perioden"};
static const char *const form_labels[SPARRING_FORM__COUNT] = {
	"Individuel supervision",
	"Gruppesparring",
	"Sagskonsultation med PPR",
	"Sagskonsultation med sundhedsplejen",
	"Sagskonsultation med familieafdelingen",
	"Sparring med lederen"};
static const char *const training_labels[TRAINING_KIND__COUNT] = {"COS-P", "Marte Meo", "ICDP",
								  "NBO", "Anden uddannelse"};

enum { T_HOLDING, T_DUE, T_IN_PERIOD, T_HOURS, T__COUNT };

struct acc {
	struct store_conn *c;
	const struct report_scope *s;
	const struct report_muni *m;
	struct core_sparring_params p;
	int64_t target;
	int32_t from, to;
	int64_t staff[S__COUNT], flagged, refresher;
	int64_t training[TRAINING_KIND__COUNT][T__COUNT];
	enum rede_err err;
};

struct person {
	struct acc *a;
	bool holding[TRAINING_KIND__COUNT], due[TRAINING_KIND__COUNT],
		trained[TRAINING_KIND__COUNT];
	int64_t hours[TRAINING_KIND__COUNT];
	bool any_due;
};

static int32_t day_of(const char *s)
{
	int32_t d;

	return s && *s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

static int training(const struct competence_row *r, void *arg)
{
	struct person *pp = arg;
	struct acc *a = pp->a;
	int k = core_training_kind_parse(r->competence);
	int32_t start = day_of(r->obtained_on),
		done = day_of(r->ended_on[0] ? r->ended_on : r->obtained_on);
	int64_t months = 0;
	int32_t due;

	if (k == TRAINING_KIND__COUNT || start == CORE_NO_DATE || start > a->to)
		return 0;
	a->err = store_training_refresher_months(a->c, a->m->id, r->competence, &months);
	if (a->err)
		return 1;
	pp->holding[k] = true;
	due = core_training_refresher_due(done, months);
	if (due != CORE_NO_DATE && due <= a->to) {
		pp->due[k] = true;
		pp->any_due = true;
	}
	if (done != CORE_NO_DATE && done >= a->from && done <= a->to) {
		pp->trained[k] = true;
		pp->hours[k] += r->hours * 60;
	}
	return 0;
}

static enum rede_err staff_member(struct acc *a, int64_t user_id, int64_t created_at)
{
	struct person pp;
	int64_t sessions = 0, minutes = 0;
	char last[11], to[11];
	enum rede_err err;

	memset(&pp, 0, sizeof(pp));
	pp.a = a;
	rede_date_format(a->to, to);
	err = store_sparring_user_minutes(a->c, user_id, a->s->from, a->s->to, &sessions, &minutes);
	if (!err)
		err = store_sparring_user_last(a->c, user_id, to, last);
	if (!err)
		err = store_competence_each(a->c, a->m->id, user_id, training, &pp);
	if (!err)
		err = a->err;
	if (err)
		return err;
	a->staff[minutes == 0 ? S_NONE : minutes >= a->target ? S_MET : S_BELOW]++;
	if (core_sparring_flagged(&a->p, day_of(last), (int32_t)(created_at / 86400), a->to))
		a->flagged++;
	a->refresher += pp.any_due;
	for (int k = 0; k < TRAINING_KIND__COUNT; k++) {
		a->training[k][T_HOLDING] += pp.holding[k];
		a->training[k][T_DUE] += pp.due[k];
		a->training[k][T_IN_PERIOD] += pp.trained[k];
		a->training[k][T_HOURS] += pp.hours[k];
	}
	return REDE_OK;
}

static enum rede_err staff_of(struct acc *a)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	int64_t front = ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR);
	int64_t *ids = NULL, *created = NULL;
	size_t n = 0, cap = 0;
	enum rede_err err;

	/* the people first, then the figures per person */
	report_rq_scope(a->s, a->m, &q);
	st = store_rq_sparring_staff(a->c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		if (!(store_rq_int(st, 1) & front))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xrealloc(ids, cap * sizeof(*ids));
			created = xrealloc(created, cap * sizeof(*created));
		}
		ids[n] = store_rq_int(st, 0);
		created[n++] = store_rq_int(st, 2);
	}
	store_rq_finish(st);
	if (err == REDE_DONE)
		err = REDE_OK;
	for (size_t i = 0; i < n && !err; i++)
		err = staff_member(a, ids[i], created[i]);
	free(ids);
	free(created);
	return err;
}

enum rede_err report_build_sparring(struct store_conn *c, const struct report_scope *s,
				    struct report *r)
{
	static const char *const params[] = {"sparring.", "training.", "report.", NULL};
	static const char *const scols[] = {"n", "Medarbejdere", "share", "Andel (%)", NULL};
	static const char *const mcols[] = {"sessions",    "Sparringer", "participations",
					    "Deltagelser", "hours",      "Deltagertimer",
					    NULL};
	static const char *const tcols[] = {"holding", "Medarbejdere med uddannelsen",
					    "due",     "Heraf genopfriskning forfalden",
					    "trained", "Uddannet i perioden",
					    "hours",   "Uddannelsestimer i perioden",
					    NULL};
	struct report_table *staff, *att, *month, *form, *train;
	struct acc *a = xcalloc(1, sizeof(*a));
	enum rede_err err = REDE_OK;
	char key[64], note[400];
	int row, total;

	staff = report_table(r, "sparring.staff", "Medarbejdere og faglig sparring i perioden",
			     scols);
	report_table_col_sums(staff, (const int[]){0, -1});
	att = report_table(r, "sparring.attention", "Opmærksomhedspunkter ved periodens slutning",
			   (const char *const[]){"n", "Medarbejdere", NULL});
	month = report_table(r, "sparring.by_month", "Faglig sparring pr. måned", mcols);
	month->chart = RCHART_BARS;
	report_table_col_sums(month, (const int[]){0, 1, 2, -1});
	report_month_rows(month, s->from, s->to);
	form = report_table(r, "sparring.by_form", "Faglig sparring efter form", mcols);
	report_table_col_sums(form, (const int[]){0, 1, 2, -1});
	for (int f = 0; f < SPARRING_FORM__COUNT; f++)
		report_row(form, core_sparring_form_names[f], form_labels[f]);
	train = report_table(r, "sparring.training", "Kompetenceudvikling: uddannelser", tcols);

	for (int i = 0; i < s->nmunis && !err; i++) {
		struct store_rq_scope q;
		struct store_rq_rows *st;
		int64_t last_id = 0;

		memset(a, 0, sizeof(*a));
		a->c = c;
		a->s = s;
		a->m = &s->munis[i];
		a->from = day_of(s->from);
		a->to = day_of(s->to);
		if ((err = store_sparring_params(c, a->m->id, &a->p)))
			break;
		a->target = core_sparring_target(&a->p, (int64_t)a->to - a->from + 1);
		if ((err = staff_of(a)))
			break;
		for (int k = 0; k < S__COUNT; k++) {
			snprintf(key, sizeof(key), "sparring.staff.%s", staff_ids[k]);
			row = report_row(staff, staff_ids[k], staff_labels[k]);
			if (report_cell_at(staff, row, 0)->kind == RCELL_EMPTY)
				report_set_count(staff, row, 0, 0, key);
			report_add_count(staff, row, 0, a->staff[k]);
		}
		row = report_row(att, "flagged", "Uden faglig sparring i flere uger");
		if (report_cell_at(att, row, 0)->kind == RCELL_EMPTY)
			report_set_count(att, row, 0, 0, "sparring.flagged");
		report_add_count(att, row, 0, a->flagged);
		row = report_row(att, "refresher", "Med en genopfriskning forfalden");
		if (report_cell_at(att, row, 0)->kind == RCELL_EMPTY)
			report_set_count(att, row, 0, 0, "sparring.refresher_due");
		report_add_count(att, row, 0, a->refresher);
		for (int k = 0; k < TRAINING_KIND__COUNT; k++) {
			row = report_row(train, core_training_kind_names[k], training_labels[k]);
			for (int j = 0; j < T__COUNT; j++) {
				struct report_cell *cell = report_cell_at(train, row, j);

				if (cell->kind == RCELL_EMPTY) {
					snprintf(key, sizeof(key), "sparring.training.%s.%s",
						 core_training_kind_names[k], tcols[2 * j]);
					if (j == T_HOURS) {
						char basis[64];
						snprintf(basis, sizeof(basis),
							 "sparring.training.%s.trained",
							 core_training_kind_names[k]);
						report_set_sum(train, row, j, 0, RFMT_HOURS, basis,
							       key);
					} else {
						report_set_count(train, row, j, 0, key);
					}
				}
				report_cell_at(train, row, j)->n += a->training[k][j];
			}
		}

		/* sessions with an in-scope participant: one row per participant */
		report_rq_scope(s, a->m, &q);
		st = store_rq_sparring_sessions(c, &q);
		while ((err = store_rq_step(st)) == REDE_ROW) {
			int64_t id = store_rq_int(st, 0);
			const char *ym = store_rq_text(st, 1);
			int f = core_sparring_form_parse(store_rq_text(st, 2));
			int64_t minutes = store_rq_int(st, 3);
			int mrow = ym ? report_row_find(month, ym) : -1;
			int frow;

			if (f == SPARRING_FORM__COUNT)
				continue;
			frow = f;
			for (struct report_table *t = month; t; t = t == month ? form : NULL) {
				int rw = t == month ? mrow : frow;

				if (rw < 0)
					continue;
				if (report_cell_at(t, rw, 0)->kind == RCELL_EMPTY) {
					report_set_count(t, rw, 0, 0, NULL);
					report_set_count(t, rw, 1, 0, NULL);
					report_set_sum(t, rw, 2, 0, RFMT_HOURS,
						       report_cell_key(t, rw, 1), NULL);
				}
				if (id != last_id)
					report_add_count(t, rw, 0, 1);
				report_add_count(t, rw, 1, 1);
				report_cell_at(t, rw, 2)->n += minutes;
			}
			last_id = id;
		}
		store_rq_finish(st);
		if (err == REDE_DONE)
			err = REDE_OK;
	}
	if (err) {
		free(a);
		return err;
	}
	/* empty month and form rows show 0 */
	for (struct report_table *t = month; t; t = t == month ? form : NULL) {
		for (int i = 0; i < t->nrows; i++)
			if (report_cell_at(t, i, 0)->kind == RCELL_EMPTY) {
				report_set_count(t, i, 0, 0, NULL);
				report_set_count(t, i, 1, 0, NULL);
				report_set_sum(t, i, 2, 0, RFMT_HOURS, report_cell_key(t, i, 1),
					       NULL);
			}
		total = report_row_total(t, "I alt");
		report_set_count(t, total, 0, 0, "sparring.sessions");
		report_set_count(t, total, 1, 0, "sparring.participations");
		report_set_sum(t, total, 2, 0, RFMT_HOURS, "sparring.participations",
			       "sparring.minutes");
	}
	total = report_row_total(staff, "Medarbejdere i alt");
	report_set_count(staff, total, 0, 0, "sparring.staff");
	for (int i = 0; i < staff->nrows; i++)
		report_set_derived(staff, i, 1, RCELL_SHARE, report_cell_key(staff, i, 0),
				   "sparring.staff", RFMT_PCT);
	report_le(r, "sparring.flagged", "sparring.staff");
	report_le(r, "sparring.refresher_due", "sparring.staff");
	for (int k = 0; k < TRAINING_KIND__COUNT; k++) {
		char a1[64], b1[64];
		snprintf(a1, sizeof(a1), "sparring.training.%s.due", core_training_kind_names[k]);
		snprintf(b1, sizeof(b1), "sparring.training.%s.holding",
			 core_training_kind_names[k]);
		report_le(r, a1, b1);
		report_le(r, b1, "sparring.staff");
		snprintf(a1, sizeof(a1), "sparring.training.%s.trained",
			 core_training_kind_names[k]);
		report_le(r, a1, b1);
	}
	snprintf(note, sizeof(note),
		 "Hjemmepædagoger og sundhedsplejersker i enhederne. Målet er kommunens "
		 "(sparring.target_minutes pr. sparring.target_period_days dage, forholdsmæssigt "
		 "for periodens dage; %lld minutter i perioden for den første kommune).",
		 (long long)a->target);
	report_table_note(staff, note);
	report_table_note(att, "Uden sparring: ingen sparring i sparring.flag_weeks uger før "
			       "periodens slutning. Genopfriskning: training.refresher_months.TYPE "
			       "efter uddannelsens sidste dag.");
	report_table_note(month, "Sparringer holdt i perioden med mindst én deltager i "
				 "enhederne; deltagelser og deltagertimer tæller deltagerne i "
				 "enhederne.");
	free(a);
	return report_add_params(c, s, r, params);
}
