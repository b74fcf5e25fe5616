/*
 * demo_sparring.c - SYNTHETIC faglig sparring and training for `rede demo`
 * (see demo_sparring.h). Everything goes through the store functions the
 * API uses; notes name no family.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_sparring.h"
#include "rede/util.h"
#include "store/cosp.h"
#include "store/sparring.h"

#define DEMO_SESSIONS 9

static int first_themes(const struct sparring_theme_row *r, void *arg)
{
	int64_t *ids = arg;

	for (int i = 0; i < 4; i++)
		if (!ids[i]) {
			ids[i] = r->id;
			return 0;
		}
	return 1;
}

static enum rede_err training(struct store_conn *c, int64_t mid, int64_t user, int64_t by,
			      const char *kind, const char *name, const char *provider,
			      int32_t start, int days, int64_t hours, bool cert)
{
	struct competence_row r;

	memset(&r, 0, sizeof(r));
	r.user_id = user;
	r.recorded_by = by;
	snprintf(r.competence, sizeof(r.competence), "%s", kind);
	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.provider, sizeof(r.provider), "%s", provider);
	rede_date_format(start, r.obtained_on);
	if (days > 1)
		rede_date_format(start + days - 1, r.ended_on);
	r.hours = hours;
	snprintf(r.certificate, sizeof(r.certificate), "%s", cert ? "yes" : "no");
	if (cert)
		snprintf(r.certificate_ref, sizeof(r.certificate_ref), "DEMO-%s-%lld", kind,
			 (long long)user);
	return store_competence_add(c, mid, &r);
}

enum rede_err demo_sparring(struct store_conn *c, int64_t municipality_id,
			    const struct demo_sparring_staff *s)
{
	static const char *const forms[DEMO_SESSIONS] = {
		"group",      "individual",        "ppr",  "leader", "group", "health_visiting",
		"individual", "family_department", "group"};
	int64_t themes[4] = {0}, courses[4];
	size_t ncourses = 0;
	int32_t today = rede_today();
	struct sparring_row *r = xcalloc(1, sizeof(*r));
	enum rede_err err;

	err = store_sparring_theme_each(c, municipality_id, false, first_themes, themes);
	if (!err)
		err = store_sparring_staff_courses(c, s->pedagogue, courses, 4, &ncourses);
	for (int i = 0; !err && i < DEMO_SESSIONS; i++) {
		memset(r, 0, sizeof(*r));
		r->municipality_id = municipality_id;
		r->recorded_by = s->pedagogue;
		rede_date_format(today - 3 - 14 * i, r->held_on);
		r->minutes = i % 3 == 0 ? 90 : 60;
		snprintf(r->form, sizeof(r->form), "%s", forms[i]);
		r->participants[r->nparticipants++] = s->pedagogue;
		if (!strcmp(forms[i], "group") || !strcmp(forms[i], "health_visiting"))
			r->participants[r->nparticipants++] = s->health_visitor;
		if (!strcmp(forms[i], "ppr"))
			snprintf(r->led_by_name, sizeof(r->led_by_name), "PPR-psykolog (demo)");
		else if (!strcmp(forms[i], "family_department"))
			snprintf(r->led_by_name, sizeof(r->led_by_name), "Familierådgiver (demo)");
		else if (strcmp(forms[i], "health_visiting"))
			r->led_by = s->leader;
		r->themes[r->nthemes++] = themes[i % 4];
		if (themes[(i + 1) % 4] && themes[(i + 1) % 4] != themes[i % 4])
			r->themes[r->nthemes++] = themes[(i + 1) % 4];
		if (ncourses && i % 2 == 0) {
			r->cases[0].enrolment_id = courses[(size_t)(i / 2) % ncourses];
			snprintf(r->cases[0].note, sizeof(r->cases[0].note),
				 "Målene drøftet; næste skridt aftalt (syntetisk note)");
			r->ncases = 1;
		}
		snprintf(r->note, sizeof(r->note), "Syntetisk demosparring");
		err = store_sparring_insert(c, r);
	}
	free(r);
	if (!err)
		err = training(c, municipality_id, s->pedagogue, s->leader, "icdp",
			       "ICDP-uddannelse trin 1 og 2", "ICDP Danmark (demo)", today - 400, 3,
			       21, true);
	if (!err)
		err = training(c, municipality_id, s->pedagogue, s->leader, "marte_meo",
			       "Marte Meo-terapeut", "Marte Meo Danmark (demo)", today - 1100, 10,
			       60, true);
	if (!err)
		err = training(c, municipality_id, s->health_visitor, s->leader, "nbo",
			       "Neonatal Behavioral Observation", "Demoudbyder", today - 1300, 2,
			       14, true);
	if (!err)
		err = training(c, municipality_id, s->coordinator, s->leader, "other",
			       "Netværksmøder i praksis", "Demoudbyder", today - 200, 1, 7, false);
	return err;
}
