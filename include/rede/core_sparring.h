/*
 * core_sparring.h - the rules of faglig sparring and competence
 * development (issue 23): the forms of a sparring session, the kinds of
 * training, a staff member's target for a period, when someone is flagged
 * for having had no sparring, when a training's refresher is due, when a
 * course with alerts should be brought to sparring, and how sparring and
 * training time is spread over the courses as overhead.
 *
 * Pure C: no I/O, SQL or JSON. Dates are days since 1970-01-01; "today" is
 * passed in (rede_today(), the Danish calendar day). Every
 * number arrives in struct core_sparring_params, which the store fills
 * from the setting table (keys sparring.*, migration 0019).
 */
#ifndef REDE_CORE_SPARRING_H
#define REDE_CORE_SPARRING_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_cosp.h"

struct core_sparring_params {
	int64_t target_minutes;     /* sparring each staff member should have ... (60) */
	int64_t target_period_days; /* ... per this many days (14) */
	int64_t flag_weeks;         /* no sparring this long: flagged (6) */
	int64_t case_prompt_weeks;  /* a course with alerts not discussed this long: prompt (8) */
	int64_t regular_percent;    /* typology: share of staff at the target (75) */
};

/* Forms of a session: individual supervision, group sparring, case
 * consultation with another profession (PPR, health visiting, the family
 * department) or with the leader. */
enum core_sparring_form {
	SPARRING_INDIVIDUAL,
	SPARRING_GROUP,
	SPARRING_PPR,
	SPARRING_HEALTH_VISITING,
	SPARRING_FAMILY_DEPARTMENT,
	SPARRING_LEADER,
	SPARRING_FORM__COUNT
};
extern const char *const core_sparring_form_names[SPARRING_FORM__COUNT];

/* Kinds of training: the competences of core_cosp.h (one training
 * concept: staff_competence.competence). */
#define TRAINING_KIND__COUNT COMPETENCE__COUNT
#define core_training_kind_names core_competence_names

/* Index of name in the table, or the table's count when unknown/NULL. */
int core_sparring_form_parse(const char *name);
int core_training_kind_parse(const char *name);

/* The target minutes for a span of days: target_minutes per
 * target_period_days, pro rata, rounded to the nearest minute (30 days at
 * 60 per 14: 129). 0 when the period is not set. */
int64_t core_sparring_target(const struct core_sparring_params *p, int64_t days);

/* Flagged: no sparring within flag_weeks weeks before today (last is the
 * day of the newest session, CORE_NO_DATE when none; since is when the
 * person's record starts counting, e.g. when the user was created). */
bool core_sparring_flagged(const struct core_sparring_params *p, int32_t last, int32_t since,
			   int32_t today);

/* The day a refresher is due: the training's last day plus months
 * (calendar months, the day clamped to the month's end). CORE_NO_DATE when
 * months is 0 (no refresher). */
int32_t core_training_refresher_due(int32_t done_on, int64_t months);

/* A gentle prompt: the course has alerts and was not discussed in
 * sparring within case_prompt_weeks weeks (last_discussed CORE_NO_DATE
 * when never; then counted from started_on). */
bool core_sparring_case_prompt(const struct core_sparring_params *p, bool has_alerts,
			       int32_t last_discussed, int32_t started_on, int32_t today);

/* The overhead rule (docs/API.md, cost report): a staff member's sparring
 * and training cost in a period is spread over the courses they recorded
 * contacts in during the period, in proportion to their contact minutes
 * in each. This is the spread of one amount: share = total * part / whole
 * (whole = the sum of parts), rounded down, the remainder going one unit
 * each to the largest parts that were rounded down (first among equals) so the shares sum
 * to the total exactly. parts and out have n entries; when the parts sum
 * to 0 every share is 0 (the amount stays unallocated). */
void core_sparring_spread(int64_t total, const int64_t *parts, int n, int64_t *out);

#endif
