/*
 * core_health_visit.h - the rules of the extra health-visitor home visits
 * at 1½ and 3 years (DOMAIN §1.2, §1.5; seed 003): the vocabularies, the
 * child's age window and when a child is due in a period, the fixed
 * selection criteria and which one applied, the offer's state machine
 * (offered -> accepted / declined / never reached -> visited), and toy-box
 * availability with its quarantine and the Danish refusal message.
 *
 * Pure C like core.h: no I/O, no SQL, no JSON. Dates are days since
 * 1970-01-01 (rede_date_parse), instants Unix seconds; "today" and "now"
 * are always passed in, so the quarantine boundary is tested without a
 * clock. Every policy number (age windows 18-21 and 36-39 months, 31 days'
 * lead, 3 attempts, more than 5 first-year visits, 72 hours' quarantine)
 * arrives in the params structs, which the store fills from the setting
 * table (keys health_visit.* and toybox.*, seed values inserted by
 * migration 0003); none of them is written here.
 *
 * Every vocabulary is an enum ending in __COUNT with a parallel table of
 * the stable names used in the API and the database (look names up with
 * core_course_name_index from core_course.h) and Danish labels.
 */
#ifndef REDE_CORE_HEALTH_VISIT_H
#define REDE_CORE_HEALTH_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* toy boxes belong to the visits; their rules are core_toybox.h */
#include "rede/core_toybox.h"

enum core_hv_programme { HV_VISIT_1_5Y, HV_VISIT_3Y, HV_PROGRAMME__COUNT };
/* "visit_1_5y", "visit_3y" */
extern const char *const core_hv_programme_names[HV_PROGRAMME__COUNT];
extern const char *const core_hv_programme_labels_da[HV_PROGRAMME__COUNT];

/* The age group of materials and toy boxes, one per programme (same
 * index): "1_5y", "3y". */
extern const char *const core_hv_age_group_names[HV_PROGRAMME__COUNT];

enum core_hv_criterion {
	HV_CRIT_TOPI,                /* newest TOPI position yellow or red */
	HV_CRIT_FIRST_YEAR_VISITS,   /* more than N health-visitor visits in year one */
	HV_CRIT_DAYCARE_OBSERVATION, /* daycare observed it, where cooperation exists */
	HV_CRIT_SELF_REFERRAL,       /* the family asked itself */
	HV_CRITERION__COUNT
};
extern const char *const core_hv_criterion_names[HV_CRITERION__COUNT];
extern const char *const core_hv_criterion_labels_da[HV_CRITERION__COUNT];

enum core_hv_topi { HV_TOPI_NONE, HV_TOPI_GREEN, HV_TOPI_YELLOW, HV_TOPI_RED, HV_TOPI__COUNT };
/* "", "green", "yellow", "red" */
extern const char *const core_hv_topi_names[HV_TOPI__COUNT];

enum core_hv_channel { HV_CHANNEL_LETTER, HV_CHANNEL_PHONE, HV_CHANNEL_SMS, HV_CHANNEL__COUNT };
extern const char *const core_hv_channel_names[HV_CHANNEL__COUNT];

enum core_hv_offer_status {
	HV_OFFERED,
	HV_ACCEPTED,
	HV_DECLINED,
	HV_NEVER_REACHED,
	HV_VISITED,
	HV_OFFER_STATUS__COUNT
};
extern const char *const core_hv_offer_status_names[HV_OFFER_STATUS__COUNT];

/* The family's answer: the target states of an answer. */
enum core_hv_answer {
	HV_ANSWER_ACCEPTED,
	HV_ANSWER_DECLINED,
	HV_ANSWER_NEVER_REACHED,
	HV_ANSWER__COUNT
};
extern const char *const core_hv_answer_names[HV_ANSWER__COUNT];

enum core_hv_decline_reason {
	HV_DECLINE_FEAR_OF_STIGMA,
	HV_DECLINE_ENOUGH_CONTACT, /* "rigeligt kommune inde på livet" */
	HV_DECLINE_TOO_BUSY,
	HV_DECLINE_OTHER,
	HV_DECLINE__COUNT
};
extern const char *const core_hv_decline_names[HV_DECLINE__COUNT];
extern const char *const core_hv_decline_labels_da[HV_DECLINE__COUNT];

enum core_hv_topic {
	HV_TOPIC_SLEEP,
	HV_TOPIC_BOUNDARIES, /* grænsesætning og opdragelse */
	HV_TOPIC_FEELINGS,
	HV_TOPIC_RELATION,
	HV_TOPIC_REGULATION,
	HV_TOPIC_DAYCARE_START,
	HV_TOPIC_FOOD,
	HV_TOPIC_OTHER,
	HV_TOPIC__COUNT
};
extern const char *const core_hv_topic_names[HV_TOPIC__COUNT];
extern const char *const core_hv_topic_labels_da[HV_TOPIC__COUNT];

enum core_material_kind {
	MATERIAL_DAY_WHEEL,
	MATERIAL_INSPIRATION_CARDS,
	MATERIAL_PARENTS_BOOKLET,
	MATERIAL_FILM,
	MATERIAL_AGREEMENT_CARDS,
	MATERIAL_TOY_BOX,
	MATERIAL_OTHER,
	MATERIAL_KIND__COUNT
};
extern const char *const core_material_kind_names[MATERIAL_KIND__COUNT];

/* ---- parameters (setting table) ---- */
struct core_hv_params {
	int64_t age_from_months[HV_PROGRAMME__COUNT]; /* health_visit.<p>.age_from_months */
	int64_t age_to_months[HV_PROGRAMME__COUNT];   /* health_visit.<p>.age_to_months */
	int64_t offer_lead_days;                      /* health_visit.offer_lead_days */
	int64_t never_reached_attempts;               /* health_visit.never_reached_attempts */
	bool criterion_enabled[HV_CRITERION__COUNT];  /* health_visit.criterion.<name> */
	int64_t first_year_visits_more_than;          /* health_visit.first_year_visits_more_than */
};

/* ---- age window ----
 * The day a child born on birth turns months months old: the same day of
 * the month, or the month's last day when it has no such day (born 31
 * August: 18 months on 28/29 February). */
int32_t core_hv_add_months(int32_t birth, int months);
/* The programme's window for a child born on birth: due from *open (the
 * day it turns age_from_months) up to but not including *close (the day
 * it turns age_to_months). */
void core_hv_window(const struct core_hv_params *p, enum core_hv_programme prog, int32_t birth,
		    int32_t *open, int32_t *close);
/* Is the child due in the period [from, to] (both inclusive): does its
 * window overlap the period? Writes the window when open/close are not
 * NULL. */
bool core_hv_due_in_period(const struct core_hv_params *p, enum core_hv_programme prog,
			   int32_t birth, int32_t from, int32_t to, int32_t *open, int32_t *close);
/* The oldest and youngest birth dates a child due in [from, to] can have
 * (inclusive), for a coarse database filter before core_hv_due_in_period
 * decides exactly. */
void core_hv_birth_range(const struct core_hv_params *p, enum core_hv_programme prog, int32_t from,
			 int32_t to, int32_t *oldest, int32_t *youngest);

enum core_hv_offer_date_check {
	HV_OFFER_DATE_OK,
	HV_OFFER_DATE_TOO_EARLY, /* more than offer_lead_days before the window */
	HV_OFFER_DATE_TOO_LATE,  /* on or after the day the window closes */
	HV_OFFER_DATE_CHECK__COUNT
};
/* May an offer be dated offered_on for a child born on birth? */
enum core_hv_offer_date_check core_hv_check_offer_date(const struct core_hv_params *p,
						       enum core_hv_programme prog, int32_t birth,
						       int32_t offered_on);

/* ---- selection criteria ----
 * What the records say about a child up to the day asked about. */
struct core_hv_facts {
	enum core_hv_topi topi;    /* newest TOPI position; HV_TOPI_NONE = never placed */
	int64_t first_year_visits; /* highest recorded count; -1 = not recorded */
	bool daycare_observation;
	bool self_referral;
};
/* Which enabled criteria apply: bit (1 << criterion) for each. */
unsigned core_hv_criteria_mask(const struct core_hv_params *p, const struct core_hv_facts *f);
/* The criterion that applied: the first in enum order among those that
 * apply, HV_CRITERION__COUNT when none does (the child is not in the
 * target group). */
enum core_hv_criterion core_hv_criterion_applied(const struct core_hv_params *p,
						 const struct core_hv_facts *f);

/* ---- the offer's state machine ----
 *   offered  -- attempt ------------------------> offered (attempts logged)
 *   offered  -- answer accepted ----------------> accepted
 *   offered  -- answer declined (reason) -------> declined
 *   accepted -- answer declined (reason) -------> declined (the family cancels)
 *   offered  -- answer never_reached -----------> never_reached, only after
 *               never_reached_attempts attempts that did not reach the family
 *   accepted -- visit recorded -----------------> visited
 * Nothing leaves declined, never_reached or visited. */
enum core_hv_step_check {
	HV_STEP_OK,
	HV_STEP_WRONG_STATE,
	HV_STEP_TOO_FEW_ATTEMPTS,
	HV_STEP_CHECK__COUNT
};
enum core_hv_step_check core_hv_check_answer(const struct core_hv_params *p,
					     enum core_hv_offer_status from, enum core_hv_answer a,
					     int64_t failed_attempts);
/* The status an allowed answer leads to. */
enum core_hv_offer_status core_hv_answer_status(enum core_hv_answer a);
/* Attempts are logged while the offer awaits an answer. */
enum core_hv_step_check core_hv_check_attempt(enum core_hv_offer_status from);
/* A visit is recorded for an accepted offer. */
enum core_hv_step_check core_hv_check_visit(enum core_hv_offer_status from);
/* Unreached attempts still needed before never_reached may be answered. */
int64_t core_hv_attempts_left(const struct core_hv_params *p, int64_t failed_attempts);

/* ---- parent rating ----
 * "I hvilken grad oplever du, at hjemmebesøget har støttet dig i at være
 * en god forælder?": 1 i høj grad .. 4 slet ikke, 0 ved ikke (the same
 * scale as the course's closing evaluation, core_eval_answer). */
bool core_hv_rating_valid(int64_t v);

#endif
