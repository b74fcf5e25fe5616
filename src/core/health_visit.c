/*
 * health_visit.c - rules of the extra health-visitor visits at 1½ and 3
 * years (see core_health_visit.h): vocabularies, age windows, selection
 * criteria, the offer's state machine (toy boxes: toybox.c). Pure
 * functions of their arguments.
 */
#include <stdio.h>
#include <string.h>

#include "rede/core_health_visit.h"
#include "rede/util.h"

/* Slack (days) around the coarse birth-date filter: month-end clamping can
 * move a window edge by up to three days. */
#define BIRTH_RANGE_SLACK_DAYS 4

const char *const core_hv_programme_names[HV_PROGRAMME__COUNT] = {
	"visit_1_5y",
	"visit_3y",
};
const char *const core_hv_programme_labels_da[HV_PROGRAMME__COUNT] = {
	"Besøg ved 1½ år",
	"Besøg ved 3 år",
};
const char *const core_hv_age_group_names[HV_PROGRAMME__COUNT] = {
	"1_5y",
	"3y",
};

const char *const core_hv_criterion_names[HV_CRITERION__COUNT] = {
	"topi",
	"first_year_visits",
	"daycare_observation",
	"self_referral",
};
const char *const core_hv_criterion_labels_da[HV_CRITERION__COUNT] = {
	"TOPI gul eller rød",
	"Flere end det fastsatte antal sundhedsplejebesøg i første leveår",
	"Observation fra dagtilbud",
	"Familien har selv henvendt sig",
};

const char *const core_hv_topi_names[HV_TOPI__COUNT] = {
	"",
	"green",
	"yellow",
	"red",
};

const char *const core_hv_channel_names[HV_CHANNEL__COUNT] = {
	"letter",
	"phone",
	"sms",
};

const char *const core_hv_offer_status_names[HV_OFFER_STATUS__COUNT] = {
	"offered", "accepted", "declined", "never_reached", "visited",
};

const char *const core_hv_answer_names[HV_ANSWER__COUNT] = {
	"accepted",
	"declined",
	"never_reached",
};

const char *const core_hv_decline_names[HV_DECLINE__COUNT] = {
	"fear_of_stigma",
	"enough_contact",
	"too_busy",
	"other",
};
const char *const core_hv_decline_labels_da[HV_DECLINE__COUNT] = {
	"Frygt for at blive stemplet",
	"Har rigeligt kontakt med kommunen",
	"For travlt",
	"Andet",
};

const char *const core_hv_topic_names[HV_TOPIC__COUNT] = {
	"sleep",      "boundaries",    "feelings", "relation",
	"regulation", "daycare_start", "food",     "other",
};
const char *const core_hv_topic_labels_da[HV_TOPIC__COUNT] = {
	"Søvn",       "Grænsesætning og opdragelse", "Følelser", "Relation",
	"Regulering", "Start i dagtilbud",           "Mad",      "Andet",
};

const char *const core_material_kind_names[MATERIAL_KIND__COUNT] = {
	"day_wheel",       "inspiration_cards", "parents_booklet", "film",
	"agreement_cards", "toy_box",           "other",
};

/* ---- calendar ---- */

static int month_days(int y, int m)
{
	int d = 28;

	while (d < 31 && rede_date_valid(y, m, d + 1))
		d++;
	return d;
}

int32_t core_hv_add_months(int32_t birth, int months)
{
	int y, m, d, total, last;

	rede_civil_from_days(birth, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = total - y * 12 + 1;
	last = month_days(y, m);
	return rede_days_from_civil(y, m, d > last ? last : d);
}

void core_hv_window(const struct core_hv_params *p, enum core_hv_programme prog, int32_t birth,
		    int32_t *open, int32_t *close)
{
	*open = core_hv_add_months(birth, (int)p->age_from_months[prog]);
	*close = core_hv_add_months(birth, (int)p->age_to_months[prog]);
}

bool core_hv_due_in_period(const struct core_hv_params *p, enum core_hv_programme prog,
			   int32_t birth, int32_t from, int32_t to, int32_t *open, int32_t *close)
{
	int32_t o, c;

	core_hv_window(p, prog, birth, &o, &c);
	if (open)
		*open = o;
	if (close)
		*close = c;
	return from <= to && o <= to && c > from;
}

void core_hv_birth_range(const struct core_hv_params *p, enum core_hv_programme prog, int32_t from,
			 int32_t to, int32_t *oldest, int32_t *youngest)
{
	*oldest = core_hv_add_months(from, -(int)p->age_to_months[prog]) - BIRTH_RANGE_SLACK_DAYS;
	*youngest = core_hv_add_months(to, -(int)p->age_from_months[prog]) + BIRTH_RANGE_SLACK_DAYS;
}

enum core_hv_offer_date_check core_hv_check_offer_date(const struct core_hv_params *p,
						       enum core_hv_programme prog, int32_t birth,
						       int32_t offered_on)
{
	int32_t open, close;

	core_hv_window(p, prog, birth, &open, &close);
	if (offered_on < open - p->offer_lead_days)
		return HV_OFFER_DATE_TOO_EARLY;
	if (offered_on >= close)
		return HV_OFFER_DATE_TOO_LATE;
	return HV_OFFER_DATE_OK;
}

/* ---- criteria ---- */

unsigned core_hv_criteria_mask(const struct core_hv_params *p, const struct core_hv_facts *f)
{
	bool applies[HV_CRITERION__COUNT] = {
		[HV_CRIT_TOPI] = f->topi == HV_TOPI_YELLOW || f->topi == HV_TOPI_RED,
		[HV_CRIT_FIRST_YEAR_VISITS] = f->first_year_visits > p->first_year_visits_more_than,
		[HV_CRIT_DAYCARE_OBSERVATION] = f->daycare_observation,
		[HV_CRIT_SELF_REFERRAL] = f->self_referral,
	};
	unsigned mask = 0;

	for (int i = 0; i < HV_CRITERION__COUNT; i++)
		if (applies[i] && p->criterion_enabled[i])
			mask |= 1u << i;
	return mask;
}

enum core_hv_criterion core_hv_criterion_applied(const struct core_hv_params *p,
						 const struct core_hv_facts *f)
{
	unsigned mask = core_hv_criteria_mask(p, f);

	for (int i = 0; i < HV_CRITERION__COUNT; i++)
		if (mask & (1u << i))
			return (enum core_hv_criterion)i;
	return HV_CRITERION__COUNT;
}

/* ---- offers ---- */

enum core_hv_step_check core_hv_check_answer(const struct core_hv_params *p,
					     enum core_hv_offer_status from, enum core_hv_answer a,
					     int64_t failed_attempts)
{
	switch (a) {
	case HV_ANSWER_ACCEPTED: return from == HV_OFFERED ? HV_STEP_OK : HV_STEP_WRONG_STATE;
	case HV_ANSWER_DECLINED:
		return from == HV_OFFERED || from == HV_ACCEPTED ? HV_STEP_OK : HV_STEP_WRONG_STATE;
	case HV_ANSWER_NEVER_REACHED:
		if (from != HV_OFFERED)
			return HV_STEP_WRONG_STATE;
		return core_hv_attempts_left(p, failed_attempts) ? HV_STEP_TOO_FEW_ATTEMPTS
								 : HV_STEP_OK;
	default: return HV_STEP_WRONG_STATE;
	}
}

enum core_hv_offer_status core_hv_answer_status(enum core_hv_answer a)
{
	switch (a) {
	case HV_ANSWER_ACCEPTED: return HV_ACCEPTED;
	case HV_ANSWER_DECLINED: return HV_DECLINED;
	default: return HV_NEVER_REACHED;
	}
}

enum core_hv_step_check core_hv_check_attempt(enum core_hv_offer_status from)
{
	return from == HV_OFFERED ? HV_STEP_OK : HV_STEP_WRONG_STATE;
}

enum core_hv_step_check core_hv_check_visit(enum core_hv_offer_status from)
{
	return from == HV_ACCEPTED ? HV_STEP_OK : HV_STEP_WRONG_STATE;
}

int64_t core_hv_attempts_left(const struct core_hv_params *p, int64_t failed_attempts)
{
	return failed_attempts >= p->never_reached_attempts
		       ? 0
		       : p->never_reached_attempts - failed_attempts;
}

bool core_hv_rating_valid(int64_t v)
{
	return v >= 0 && v <= 4;
}
