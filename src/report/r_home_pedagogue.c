/*
 * r_home_pedagogue.c - the home-pedagogue course report (DOMAIN §1.1, §3;
 * seeds 000-002): referrals by source and by channel, visitation outcomes
 * and the assessment's reasons, courses started / active / closed,
 * closure reasons (incl. "needed another intervention"), weeks and hours
 * per closed course (quartiles), goals by theme and attainment, and the
 * parents' closing evaluation.
 *
 * Period rules: referrals made in the period (their outcome as it stood at
 * the period's end: the newest decision dated on or before it); decisions
 * made in the period; courses by their status history (enrolment_state,
 * migration 0010): started = start meeting held in the period, active /
 * planned as they stood at the end, closed in the period (split into
 * closed after the start meeting and never started), with their goals
 * and closing evaluation; weeks from the course's start date to closure
 * and hours as the contacts' minutes (cancelled and no-show not counted)
 * over the closed courses that had started.
 *
 * The referral channel is free text. So that a rare text can never show
 * (even as a row label, even unsuppressed), channels used fewer times than
 * the suppression threshold in the report's scope are pooled as "Andre
 * kanaler"; channels are compared folded (str_fold, src/util/fold.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core_course.h"
#include "rede/core_visitation.h"
#include "rede/util.h"
#include "report/report_internal.h"

static const char *const source_labels[SRC__COUNT] = {
	"Sundhedsplejen",    "Dagtilbud",     "Jordemoder", "Egen læge",
	"Familieafdelingen", "Familien selv", "Andet"};
static const char *const outcome_labels[VIS__COUNT] = {
	"Optaget", "Afvist", "Henvist til anden indsats", "Venteliste", "Familien sagde nej"};
static const char *const theme_labels[] = {"Relationer og rammer i hjemmet",
					   "Barnets trivsel, læring, udvikling og dannelse",
					   "Samarbejde mellem familie og dagtilbud"};
static const char *const reason_labels[REASON__COUNT] = {
	"Barnets alder", "Risikofaktorer", "Foranstaltninger efter § 52", "Forældrenes samtykke"};
#define NREASONS REASON__COUNT

/* The channels' pool row. */
static const char other_id[] = "~other", other_label[] = "Andre kanaler eller ikke oplyst";

struct channel {
	char *name; /* folded (str_fold), owned */
	int64_t n;
	int64_t in_muni; /* uses in the municipality being read */
	int named_in;    /* municipalities where it was used >= their threshold */
};

struct hp {
	struct report_table *source, *channel, *visitation, *reasons, *courses, *closed, *closure,
		*duration, *goals, *eval;
	struct channel *ch;
	int nch;
	int munis_with_referrals;
};

static int count_row(struct report_table *t, const char *id, const char *label, const char *key)
{
	int row = report_row(t, id, label);

	for (int j = 0; j < t->ncols; j++)
		if (report_cell_at(t, row, j)->kind == RCELL_EMPTY)
			report_set_count(t, row, j, 0,
					 j == t->total_col || t->ncols == 1 ? key : NULL);
	return row;
}

/* Channels are grouped by their folded text (str_fold: case incl. Æ Ø Å,
 * white space, accents composed), so "Åbent hus" and " åbent  hus" are one
 * channel, shown in the folded form. */
static void add_channel(struct hp *h, const char *text, int64_t n)
{
	char *name = str_fold_dup(text);

	for (int i = 0; i < h->nch; i++)
		if (!strcmp(h->ch[i].name, name)) {
			h->ch[i].n += n;
			h->ch[i].in_muni += n;
			free(name);
			return;
		}
	h->ch = xrealloc(h->ch, (size_t)(h->nch + 1) * sizeof(*h->ch));
	memset(&h->ch[h->nch], 0, sizeof(*h->ch));
	h->ch[h->nch].name = name;
	h->ch[h->nch].n = n;
	h->ch[h->nch++].in_muni = n;
}

/* After a municipality's referrals: which channels it used often enough
 * to name (its own threshold). */
static void channels_muni_done(struct hp *h, int64_t threshold)
{
	for (int i = 0; i < h->nch; i++)
		if (h->ch[i].in_muni) {
			h->munis_with_referrals++;
			break;
		}
	for (int i = 0; i < h->nch; i++) {
		if (h->ch[i].in_muni >= threshold)
			h->ch[i].named_in++;
		h->ch[i].in_muni = 0;
	}
}

/* The period's referrals by source, channel and the visitation outcome in
 * force at the period's end: the referral's newest decision (kept on the
 * referral, migration 0006) when it was made by then, else the newest one
 * made by then. */
static enum rede_err referrals(struct store_conn *c, const struct report_scope *s,
			       const struct report_muni *m, struct hp *h)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;

	report_rq_scope(s, m, &q);
	st = store_rq_hp_referrals(c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		int src = core_course_name_index(referral_source_names, SRC__COUNT,
						 store_rq_text(st, 0));
		int out = core_course_name_index(visitation_outcome_names, VIS__COUNT,
						 store_rq_text(st, 2));
		int64_t n = store_rq_int(st, 3);

		report_add_count(h->source, src < SRC__COUNT ? src : SRC_OTHER, 0, n);
		add_channel(h, store_rq_text(st, 1), n);
		report_add_count(h->visitation, out < VIS__COUNT ? out : VIS__COUNT, 0, n);
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

/* The reasons of the decisions made in the period: met or not, counted
 * from each decision's reason masks (migration 0006) grouped by their few
 * combinations, not by parsing every assessment. */
static enum rede_err decisions(struct store_conn *c, const struct report_scope *s,
			       const struct report_muni *m, struct hp *h)
{
	struct store_rq_scope q;
	struct store_rq_rows *st;
	enum rede_err err;

	report_rq_scope(s, m, &q);
	st = store_rq_hp_decisions(c, &q);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		int64_t ok = store_rq_int(st, 0), failed = store_rq_int(st, 1);
		int64_t n = store_rq_int(st, 2);

		for (int k = 0; k < NREASONS; k++) {
			if (ok & (INT64_C(1) << k))
				report_add_count(h->reasons, k, 0, n);
			if (failed & (INT64_C(1) << k))
				report_add_count(h->reasons, k, 1, n);
		}
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static int32_t day_of(const char *s)
{
	int32_t d;
	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

static enum rede_err courses(struct store_conn *c, struct report *r, const struct report_scope *s,
			     const struct report_muni *m, struct hp *h)
{
	struct store_rq_scope sc;
	struct store_rq_rows *st;
	enum rede_err err;
	struct report_dist *days = report_dist(r, "hp.days"), *mins = report_dist(r, "hp.minutes");

	/* started in the period, active and planned at its end */
	report_rq_scope(s, m, &sc);
	st = store_rq_hp_course_states(c, &sc);
	if ((err = store_rq_step_one(st)) == REDE_OK) {
		report_add_count(h->courses, 0, 0, store_rq_int(st, 0));
		report_add_count(h->courses, 1, 0, store_rq_int(st, 1));
		report_add_count(h->courses, 2, 0, store_rq_int(st, 2));
	}
	store_rq_finish(st);
	if (err)
		return err;

	/* closed in the period */
	st = store_rq_hp_closed(c, &sc);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		int32_t a = day_of(store_rq_text(st, 0)), b = day_of(store_rq_text(st, 1));
		int reason = core_course_name_index(core_closure_reason_names,
						    CLOSURE_REASON__COUNT, store_rq_text(st, 2));
		bool started = store_rq_int(st, 9);

		report_add_count(h->courses, 3, 0, 1);
		report_add_count(h->closed, started ? 0 : 1, 0, 1);
		report_add_count(h->closure,
				 reason < CLOSURE_REASON__COUNT ? reason : CLOSURE_OTHER, 0, 1);
		/* weeks and hours: of the courses that ran (never started: their own row) */
		if (started && a != CORE_NO_DATE && b != CORE_NO_DATE && b >= a)
			report_dist_add(days, b - a);
		if (started)
			report_dist_add(mins, store_rq_int(st, 8));
		for (int q = 0; q < EVAL_QUESTION__COUNT; q++) {
			int col = 5; /* not asked */
			if (!store_rq_null(st, 3 + q)) {
				int64_t v = store_rq_int(st, 3 + q);
				col = v >= 1 && v <= 4 ? (int)v - 1 : 4;
			}
			report_add_count(h->eval, q, col, 1);
		}
	}
	store_rq_finish(st);
	if (err != REDE_DONE)
		return err;

	/* goals of the courses closed in the period */
	st = store_rq_hp_goals(c, &sc);
	while ((err = store_rq_step(st)) == REDE_ROW) {
		int64_t theme = store_rq_int(st, 0);
		int att = core_course_name_index(core_attainment_names, ATTAINMENT__COUNT,
						 store_rq_text(st, 1));
		if (theme < CORE_THEME_FIRST || theme > CORE_THEME_LAST)
			continue;
		report_add_count(h->goals, (int)theme - CORE_THEME_FIRST,
				 att < ATTAINMENT__COUNT ? 1 + att : 4, store_rq_int(st, 2));
	}
	store_rq_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static int ch_cmp(const void *a, const void *b)
{
	return strcmp(((const struct channel *)a)->name, ((const struct channel *)b)->name);
}

/* Channel rows: named when used at least the threshold times in every
 * municipality covered that has referrals (each its own threshold), else
 * pooled - the rule a merge of the municipalities' reports follows (the
 * table's pool row), so a union never names a channel one municipality
 * keeps pooled. */
static void channel_rows(struct hp *h)
{
	int other = -1;

	if (h->nch > 1)
		qsort(h->ch, (size_t)h->nch, sizeof(*h->ch), ch_cmp);
	for (int i = 0; i < h->nch; i++) {
		int row;

		if (h->ch[i].name[0] && h->ch[i].named_in == h->munis_with_referrals) {
			char *id = xasprintf("c:%s", h->ch[i].name);
			row = count_row(h->channel, id, h->ch[i].name, NULL);
			free(id);
		} else {
			if (other < 0)
				other = count_row(h->channel, other_id, other_label, NULL);
			row = other;
		}
		report_add_count(h->channel, row, 0, h->ch[i].n);
	}
}

enum rede_err report_build_home_pedagogue(struct store_conn *c, const struct report_scope *s,
					  struct report *r)
{
	static const char *const params[] = {"home_pedagogue.", "caseload.", "report.", NULL};
	static const char *const one[] = {"n", "Antal", NULL};
	static const char *const gcols[] = {"goals",      "Mål",           "met",     "Nået",
					    "partly",     "Delvist nået",  "not_met", "Ikke nået",
					    "unassessed", "Ikke vurderet", NULL};
	static const char *const ecols[] = {"1",     "I høj grad",        "2",    "I nogen grad",
					    "3",     "I mindre grad",     "4",    "Slet ikke",
					    "0",     "Ved ikke",          "none", "Ikke spurgt",
					    "total", "Afsluttede forløb", NULL};
	static const char *const dcols[] = {
		"n",  "Afsluttede forløb", "q1", "1. kvartil", "median", "Median",
		"q3", "3. kvartil",        NULL};
	struct hp h = {0};
	enum rede_err err = REDE_OK;
	int row;

	h.source = report_table(r, "home_pedagogue.referrals_by_source",
				"Henvisninger efter hvem der henviste", one);
	report_table_col_sums(h.source, (const int[]){0, -1});
	for (int i = 0; i < SRC__COUNT; i++)
		count_row(h.source, referral_source_names[i], source_labels[i], NULL);
	report_set_count(h.source, report_row_total(h.source, "Henvisninger i alt"), 0, 0,
			 "hp.referrals");

	h.channel = report_table(r, "home_pedagogue.referrals_by_channel",
				 "Henvisninger efter hvordan familien hørte om tilbuddet", one);
	h.channel->sorted = true;
	report_table_col_sums(h.channel, (const int[]){0, -1});
	report_table_note(h.channel, "Kanaler, der er brugt færre gange end grænsen for små tal, "
				     "er samlet under Andre kanaler.");
	report_table_pool(h.channel, other_id, other_label);

	h.visitation = report_table(r, "home_pedagogue.visitation",
				    "Visitationens udfald for periodens henvisninger", one);
	report_table_col_sums(h.visitation, (const int[]){0, -1});
	for (int i = 0; i < VIS__COUNT; i++)
		count_row(h.visitation, visitation_outcome_names[i], outcome_labels[i], NULL);
	count_row(h.visitation, "pending", "Ikke visiteret endnu", NULL);
	report_set_count(h.visitation, report_row_total(h.visitation, "Henvisninger i alt"), 0, 0,
			 "hp.referrals");

	h.reasons = report_table(r, "home_pedagogue.visitation_reasons",
				 "Visitationens vurdering: begrundelser i periodens afgørelser",
				 (const char *const[]){"ok", "Opfyldt", "not_ok", "Ikke opfyldt",
						       "total", "Afgørelser", NULL});
	report_table_row_sums(h.reasons, 2, (const int[]){0, 1, -1});
	for (int i = 0; i < NREASONS; i++)
		count_row(h.reasons, visitation_reason_codes[i], reason_labels[i], "hp.decisions");

	h.courses = report_table(r, "home_pedagogue.courses", "Forløb", one);
	report_table_note(h.courses, "Et forløb er startet, når opstartsmødet er holdt. Planlagt: "
				     "henvisningen er bevilget, men opstartsmødet er ikke holdt.");
	count_row(h.courses, "started", "Startet i perioden (opstartsmøde holdt)", NULL);
	count_row(h.courses, "active", "Aktive ved periodens slutning", NULL);
	count_row(h.courses, "planned", "Planlagt, ikke startet ved periodens slutning", NULL);
	count_row(h.courses, "closed", "Afsluttet i perioden", "hp.closed");

	h.closed = report_table(r, "home_pedagogue.closed_courses",
				"Afsluttede forløb: startet eller aldrig startet", one);
	report_table_col_sums(h.closed, (const int[]){0, -1});
	count_row(h.closed, "started", "Afsluttet efter opstartsmødet", "hp.closed_started");
	count_row(h.closed, "never_started", "Afsluttet uden at være startet", NULL);
	report_set_count(h.closed, report_row_total(h.closed, "Afsluttet i alt"), 0, 0,
			 "hp.closed");

	h.closure =
		report_table(r, "home_pedagogue.closure_reasons", "Årsager til afslutning", one);
	report_table_col_sums(h.closure, (const int[]){0, -1});
	for (int i = 0; i < CLOSURE_REASON__COUNT; i++)
		count_row(h.closure, core_closure_reason_names[i], core_closure_reason_labels_da[i],
			  NULL);
	report_set_count(h.closure, report_row_total(h.closure, "Afsluttet i alt"), 0, 0,
			 "hp.closed");

	h.duration = report_table(r, "home_pedagogue.duration",
				  "Uger og timer pr. afsluttet forløb", dcols);
	report_table_note(h.duration, "Forløb afsluttet i perioden efter opstartsmødet; uger fra "
				      "forløbets startdato til afslutningen.");
	row = report_row(h.duration, "weeks", "Uger fra start til afslutning");
	report_set_count(h.duration, row, 0, 0, "hp.closed_started");
	report_set_quantile(h.duration, row, 1, "hp.days", 0.25, "hp.closed_started", RFMT_WEEKS);
	report_set_quantile(h.duration, row, 2, "hp.days", 0.5, "hp.closed_started", RFMT_WEEKS);
	report_set_quantile(h.duration, row, 3, "hp.days", 0.75, "hp.closed_started", RFMT_WEEKS);
	row = report_row(h.duration, "hours", "Timer med familien");
	report_set_count(h.duration, row, 0, 0, "hp.closed_started");
	report_set_quantile(h.duration, row, 1, "hp.minutes", 0.25, "hp.closed_started",
			    RFMT_HOURS);
	report_set_quantile(h.duration, row, 2, "hp.minutes", 0.5, "hp.closed_started", RFMT_HOURS);
	report_set_quantile(h.duration, row, 3, "hp.minutes", 0.75, "hp.closed_started",
			    RFMT_HOURS);

	h.goals = report_table(r, "home_pedagogue.goals",
			       "Mål efter tema og målopfyldelse (afsluttede forløb)", gcols);
	report_table_row_sums(h.goals, 0, (const int[]){1, 2, 3, 4, -1});
	report_table_col_sums(h.goals, (const int[]){0, 1, 2, 3, 4, -1});
	for (int i = 0; i < 3; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", i + 1);
		count_row(h.goals, id, theme_labels[i], NULL);
	}
	row = report_row_total(h.goals, "I alt");
	for (int j = 0; j < 5; j++)
		report_set_count(h.goals, row, j, 0, j == 1 ? "hp.goals_met" : NULL);

	h.eval = report_table(r, "home_pedagogue.parent_evaluation",
			      "Forældrenes evaluering ved afslutning", ecols);
	report_table_row_sums(h.eval, 6, (const int[]){0, 1, 2, 3, 4, 5, -1});
	for (int q = 0; q < EVAL_QUESTION__COUNT; q++)
		count_row(h.eval, core_eval_question_names[q], core_eval_question_labels_da[q],
			  "hp.closed");

	for (int i = 0; i < s->nmunis && !err; i++) {
		err = referrals(c, s, &s->munis[i], &h);
		channels_muni_done(
			&h, report_setting(c, s->munis[i].id, "report.suppression_threshold", 5));
		if (!err)
			err = decisions(c, s, &s->munis[i], &h);
		if (!err)
			err = courses(c, r, s, &s->munis[i], &h);
	}
	if (!err) {
		channel_rows(&h);
		report_set_count(h.channel, report_row_total(h.channel, "Henvisninger i alt"), 0, 0,
				 "hp.referrals");
		report_le(r, "hp.goals_met", report_cell_key(h.goals, row, 0));
		err = report_add_params(c, s, r, params);
	}
	for (int i = 0; i < h.nch; i++)
		free(h.ch[i].name);
	free(h.ch);
	return err;
}
