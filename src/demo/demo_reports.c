/*
 * demo_reports.c - SYNTHETIC report data for `rede demo` (see
 * demo_reports.h). The practices' answers are fixed patterns; for the two
 * practices run in Rede the monitoring and economy answers come from the
 * demo's own records, as they do in the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_reports.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/typology.h"

#define DEMO_QUESTIONS_MAX 200

struct qs {
	int64_t id[DEMO_QUESTIONS_MAX];
	enum core_typology_evidence ev[DEMO_QUESTIONS_MAX];
	int pos[DEMO_QUESTIONS_MAX];
	int n;
};

static int collect(const struct typology_question *q, void *arg)
{
	struct qs *s = arg;

	if (s->n < DEMO_QUESTIONS_MAX) {
		s->id[s->n] = q->id;
		s->ev[s->n] = q->evidence;
		s->pos[s->n] = (int)q->position;
		s->n++;
	}
	return 0;
}

enum rede_err demo_reports(struct store_conn *c, int64_t municipality_id, int64_t leader_id)
{
	static const struct {
		const char *name, *programme;
		int every; /* answer no to every n-th question answered by hand */
	} practices[] = {
		{"Hjemmepædagogiske forløb", "home_pedagogue", 4},
		{"Sundhedsplejens 1½-årsbesøg", "visit_1_5y", 3},
		{"Åben legestue i dagtilbud", "", 2},
	};
	struct qs q = {{0}};
	char today[11], from[11];
	enum rede_err err;

	rede_date_format(rede_today(), today);
	rede_date_format(rede_today() - 365, from);
	err = store_setting_set(c, municipality_id, "project.round", "1");
	if (!err)
		err = store_setting_set(c, municipality_id, "cost.alternative_intervention_kr",
					"30000");
	if (!err)
		err = store_typology_questions(c, municipality_id, collect, &q);
	for (size_t p = 0; p < sizeof(practices) / sizeof(practices[0]) && !err; p++) {
		struct practice_row r = {0};
		int64_t aid = 0;

		r.municipality_id = municipality_id;
		r.name = xstrdup(practices[p].name);
		snprintf(r.programme, sizeof(r.programme), "%s", practices[p].programme);
		err = store_practice_insert(c, &r, leader_id);
		if (!err)
			err = store_assessment_insert(c, r.id, today, "Demo-vurdering", leader_id,
						      &aid);
		for (int i = 0; i < q.n && !err; i++) {
			if (r.programme[0] && q.ev[i] < TYPEV__COUNT) {
				bool yes = false;
				char *text = NULL;
				err = store_typology_evidence(c, municipality_id, r.programme,
							      q.ev[i], from, today, &yes, &text);
				if (!err)
					err = store_answer_insert(c, aid, q.id[i], yes, "rede",
								  text);
				free(text);
			} else {
				bool yes = q.ev[i] == TYPEV__COUNT &&
					   (i + (int)p) % practices[p].every != 0;
				err = store_answer_insert(c, aid, q.id[i], yes, "staff", NULL);
			}
		}
		practice_row_release(&r);
	}
	return err;
}
