/*
 * course.c - rules of the home-pedagogue course (see core_course.h):
 * vocabularies, length limit, week numbers, rating scale and the caseload
 * alerts. Pure functions of their arguments.
 */
#include <stdio.h>

#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "rede/util.h"

#define DAYS_PER_WEEK 7

const char *const core_course_status_names[COURSE_STATUS__COUNT] = {
	"planned",
	"active",
	"closed",
};

const char *const core_legal_frame_names[LEGAL_FRAME__COUNT] = {
	"dagtilbudsloven_8_9",
	"serviceloven_11_3",
};
const char *const core_legal_frame_labels_da[LEGAL_FRAME__COUNT] = {
	"Dagtilbudsloven §§ 8-9",
	"Serviceloven § 11, stk. 3",
};

const char *const core_focus_area_names[FOCUS_AREA__COUNT] = {
	"routines", "play_presence", "feelings_language", "daycare_cooperation", "other",
};
const char *const core_focus_area_labels_da[FOCUS_AREA__COUNT] = {
	"Hjælp med de faste rutiner", "Leg og nærvær", "Følelser, tanker og sprog",
	"Samarbejde med dagtilbud",   "Andet",
};

const char *const core_contact_kind_names[CONTACT_KIND__COUNT] = {
	"home_session", "network_meeting", "phone", "other_place", "cancelled", "no_show",
};
const char *const core_contact_kind_labels_da[CONTACT_KIND__COUNT] = {
	"Besøg i hjemmet", "Netværksmøde med dagtilbud", "Telefonsamtale", "Andet sted", "Aflyst",
	"Udeblevet",
};

const char *const core_activity_names[ACTIVITY__COUNT] = {
	"observation", "advice", "guidance", "play", "other",
};
const char *const core_activity_labels_da[ACTIVITY__COUNT] = {
	"Observation", "Rådgivende samtale", "Konkret anvisning", "Leg og aktivitet", "Andet",
};

const char *const core_stance_names[STANCE__COUNT] = {
	"in_front",
	"beside",
	"behind",
};
const char *const core_stance_labels_da[STANCE__COUNT] = {
	"Gå foran",
	"Gå ved siden af",
	"Gå bagved",
};

const char *const core_closure_reason_names[CLOSURE_REASON__COUNT] = {
	"goals_met", "max_weeks_reached", "family_withdrew", "needs_other_intervention", "moved",
	"other",
};
const char *const core_closure_reason_labels_da[CLOSURE_REASON__COUNT] = {
	"Målene er nået",           "Forløbets maksimale længde er nået",
	"Familien har trukket sig", "Familien har brug for en anden indsats",
	"Familien er flyttet",      "Andet",
};

const char *const core_attainment_names[ATTAINMENT__COUNT] = {
	"met",
	"partly",
	"not_met",
};

const char *const core_rater_names[RATER__COUNT] = {
	"staff",
	"parent",
};

const char *const core_eval_answer_labels_da[EVAL_ANSWER__COUNT] = {
	"Ved ikke", "I høj grad", "I nogen grad", "I mindre grad", "Slet ikke",
};

const char *const core_eval_question_names[EVAL_QUESTION__COUNT] = {
	"parenting",           "learning_environment", "child_development",
	"daycare_cooperation", "good_parent",
};
const char *const core_eval_question_labels_da[EVAL_QUESTION__COUNT] = {
	"Forløbet har styrket mine kompetencer som forælder",
	"Forløbet har styrket læringsmiljøet i vores hjem",
	"Forløbet har styrket mit barns udvikling",
	"Forløbet har styrket samarbejdet med dagtilbuddet",
	"Forløbet har støttet mig i at være en god forælder",
};

const char *const core_alert_kind_names[ALERT_KIND__COUNT] = {
	"warning_week", "no_contact", "goal_unrated", "consent_missing", "not_discussed",
};

bool core_eval_answer_valid(int64_t v)
{
	return v >= EVAL_DONT_KNOW && v < EVAL_ANSWER__COUNT;
}

int32_t core_course_latest_end(const struct core_course_params *p, int32_t start)
{
	return start + (int32_t)(p->max_weeks * DAYS_PER_WEEK);
}

int32_t core_course_limit(const struct core_course_params *p, int32_t start,
			  int32_t extension_until)
{
	if (extension_until != CORE_NO_DATE)
		return extension_until;
	return core_course_latest_end(p, start);
}

enum core_end_check core_course_check_end(const struct core_course_params *p, int32_t start,
					  int32_t planned_end, int32_t extension_until)
{
	if (planned_end < start)
		return END_BEFORE_START;
	if (planned_end > core_course_limit(p, start, extension_until))
		return END_BEYOND_LIMIT;
	return END_OK;
}

bool core_course_end_message(const struct core_course_params *p, int32_t start, int32_t planned_end,
			     int32_t extension_until, char msg[CORE_COURSE_MSG_SIZE])
{
	char latest[11];

	switch (core_course_check_end(p, start, planned_end, extension_until)) {
	case END_BEFORE_START:
		snprintf(msg, CORE_COURSE_MSG_SIZE, "Slutdatoen ligger før forløbets start");
		return true;
	case END_BEYOND_LIMIT:
		rede_date_format_da(core_course_limit(p, start, extension_until), latest);
		if (extension_until != CORE_NO_DATE)
			snprintf(msg, CORE_COURSE_MSG_SIZE,
				 "Slutdatoen ligger efter den registrerede forlængelse; seneste "
				 "tilladte slutdato er %s",
				 latest);
		else
			snprintf(msg, CORE_COURSE_MSG_SIZE,
				 "Et forløb må højst vare %lld uger fra start; seneste tilladte "
				 "slutdato er %s (længere kræver en registreret beslutning om "
				 "forlængelse)",
				 (long long)p->max_weeks, latest);
		return true;
	default: return false;
	}
}

bool core_course_extension_message(const struct core_course_params *p, int32_t start, int32_t until,
				   int32_t planned_end, char msg[CORE_COURSE_MSG_SIZE])
{
	char latest[11];

	if (start == CORE_NO_DATE) {
		snprintf(msg, CORE_COURSE_MSG_SIZE, "Forløbet har ingen startdato");
		return true;
	}
	if (until <= core_course_latest_end(p, start)) {
		rede_date_format_da(core_course_latest_end(p, start), latest);
		snprintf(msg, CORE_COURSE_MSG_SIZE,
			 "En forlængelse skal gå ud over %lld uger, dvs. efter %s",
			 (long long)p->max_weeks, latest);
		return true;
	}
	if (planned_end != CORE_NO_DATE && until < planned_end) {
		snprintf(msg, CORE_COURSE_MSG_SIZE,
			 "Forlængelsen slutter før den planlagte slutdato");
		return true;
	}
	return false;
}

int core_course_week(int32_t start, int32_t day)
{
	if (start == CORE_NO_DATE || day < start)
		return 0;
	return (int)((day - start) / DAYS_PER_WEEK) + 1;
}

bool core_course_in_warning(const struct core_course_params *p, int32_t start, int32_t day)
{
	return core_course_week(start, day) >= p->warning_week;
}

int core_course_weeks_left(const struct core_course_params *p, int32_t start,
			   int32_t extension_until, int32_t day)
{
	int32_t limit = core_course_limit(p, start, extension_until);

	if (day < start)
		day = start;
	if (day >= limit)
		return 0;
	return (int)((limit - day) / DAYS_PER_WEEK);
}

bool core_rating_valid(const struct core_course_params *p, int64_t value)
{
	return value >= p->rating_min && value <= p->rating_max;
}

bool core_theme_valid(int64_t theme)
{
	return theme >= CORE_THEME_FIRST && theme <= CORE_THEME_LAST;
}

static struct core_alert *alert_add(struct core_alert *out, size_t *n, enum core_alert_kind k)
{
	struct core_alert *a = &out[(*n)++];

	a->kind = k;
	a->text[0] = 0;
	return a;
}

size_t core_course_alerts(const struct core_course_params *p, const struct core_course_facts *f,
			  int32_t day, struct core_alert out[ALERT_KIND__COUNT])
{
	size_t n = 0, unrated = 0;
	bool started = f->start != CORE_NO_DATE && day >= f->start;

	if (f->status == COURSE_CLOSED)
		return 0;
	if (started && core_course_in_warning(p, f->start, day)) {
		struct core_alert *a = alert_add(out, &n, ALERT_WARNING_WEEK);
		int week = core_course_week(f->start, day);
		int32_t limit = core_course_limit(p, f->start, f->extension_until);

		if (day > limit)
			snprintf(a->text, sizeof(a->text),
				 "Forløbet er i uge %d og har passeret grænsen – afslut eller "
				 "registrér en forlængelse",
				 week);
		else
			snprintf(a->text, sizeof(a->text),
				 "Forløbet er i uge %d af %lld – planlæg afslutningen", week,
				 (long long)p->max_weeks);
	}
	if (started) {
		int32_t since = f->last_contact != CORE_NO_DATE ? f->last_contact : f->start;

		if (day - since >= p->no_contact_days) {
			struct core_alert *a = alert_add(out, &n, ALERT_NO_CONTACT);

			snprintf(a->text, sizeof(a->text), "%s i %d dage",
				 f->last_contact != CORE_NO_DATE ? "Ingen kontakt"
								 : "Ingen kontakt siden start",
				 (int)(day - since));
		}
	}
	for (size_t i = 0; i < f->ngoals; i++)
		if (f->goal_last_rated[i] != CORE_NO_DATE &&
		    day - f->goal_last_rated[i] >= p->goal_unrated_days)
			unrated++;
	if (unrated) {
		struct core_alert *a = alert_add(out, &n, ALERT_GOAL_UNRATED);

		snprintf(a->text, sizeof(a->text),
			 "%zu mål er ikke vurderet i %lld dage eller mere", unrated,
			 (long long)p->goal_unrated_days);
	}
	if (f->planned_meetings_without_consent > 0) {
		struct core_alert *a = alert_add(out, &n, ALERT_CONSENT_MISSING);

		snprintf(a->text, sizeof(a->text),
			 "Planlagt netværksmøde uden samtykke til deling med dagtilbud – indhent "
			 "forældrenes samtykke før mødet");
	}
	if (n > 0 && started) {
		struct core_sparring_params sp = {0};

		sp.case_prompt_weeks = p->sparring_prompt_weeks;
		if (core_sparring_case_prompt(&sp, true, f->last_discussed, f->start, day)) {
			struct core_alert *a = alert_add(out, &n, ALERT_NOT_DISCUSSED);
			int32_t since =
				f->last_discussed != CORE_NO_DATE ? f->last_discussed : f->start;

			snprintf(a->text, sizeof(a->text),
				 "%s i %d uger – måske et forløb at tage med til faglig sparring",
				 f->last_discussed != CORE_NO_DATE
					 ? "Ikke drøftet i faglig sparring"
					 : "Ikke drøftet i faglig sparring siden start",
				 (int)((day - since) / 7));
		}
	}
	return n;
}
