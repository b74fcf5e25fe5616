/*
 * core_cosp.h - the rules of COS-P group courses (DOMAIN §1.3) and of the
 * cooperation with daycare (§1.6): session dates, the completion rule, an
 * offer's stage, the consultant visits' annual wheel, and the family
 * groups' size, length, score scale and status-meeting rhythm.
 *
 * Pure C: no I/O, SQL or JSON. Dates are days since 1970-01-01
 * (rede_date_parse); "today" is passed in. Every number (8 sessions, at
 * most 10 places, attended 6 of 8, four visits a year, 4-8 families,
 * 12-16 weeks, a status meeting every 6 weeks, the 1-4 scale) arrives in
 * the params structs, which the store fills from the setting table (keys
 * cosp.*, consultant.*, family_group.*; seed values in migration 0004).
 * The vocabularies of time slots and group types are the planner's
 * (core_planner.h).
 */
#ifndef REDE_CORE_COSP_H
#define REDE_CORE_COSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/core_planner.h"

/* The most sessions a course may have whatever a municipality sets: the
 * bound of fixed arrays, not a programme parameter. */
#define CORE_COSP_MAX_SESSIONS 32
#define CORE_CONSULT_MAX_VISITS 12

struct core_cosp_params {
	int64_t sessions;                /* sessions per course (8) */
	int64_t capacity;                /* default and maximum places (10) */
	int64_t completion_min_attended; /* completed when attended >= this (6) */
	int64_t session_interval_days;   /* default spacing of generated dates (7) */
	int64_t max_facilitators;        /* 2 */
	int64_t rating_min, rating_max;  /* the parents' 4-point scale */
};

/* Where an offer stands, derived from its facts. */
enum core_cosp_stage {
	COSP_OFFERED, /* no answer yet */
	COSP_DECLINED,
	COSP_ACCEPTED, /* waiting for a place */
	COSP_PLACED,   /* in a course that has not ended */
	COSP_DROPPED_OUT,
	COSP_COMPLETED,     /* course ended, attended enough */
	COSP_NOT_COMPLETED, /* course ended, attended too little */
	COSP_STAGE__COUNT
};
extern const char *const core_cosp_stage_names[COSP_STAGE__COUNT];

/* How an offer reached the family. */
enum core_cosp_channel { COSP_LETTER, COSP_PHONE, COSP_SMS, COSP_IN_PERSON, COSP_CHANNEL__COUNT };
extern const char *const core_cosp_channel_names[COSP_CHANNEL__COUNT];

/* The training a staff member holds (a COS-P course needs a facilitator
 * with "cosp", COMPETENCE_COSP in store/cosp.h): the kinds of every
 * role's training records (issue 23; core_sparring.h). */
enum core_competence {
	COMPETENCE_COSP_TRAINED,
	COMPETENCE_MARTE_MEO,
	COMPETENCE_ICDP,
	COMPETENCE_NBO,
	COMPETENCE_OTHER,
	COMPETENCE__COUNT
};
extern const char *const core_competence_names[COMPETENCE__COUNT];

struct core_cosp_facts {
	bool answered, accepted, placed, dropped_out;
	int32_t last_session; /* the course's last session date; CORE_NO_DATE */
	int attended;         /* sessions attended */
};
/* The completion rule: attended at least completion_min_attended sessions
 * and did not drop out. */
bool core_cosp_completed(const struct core_cosp_params *p, int attended, bool dropped_out);
enum core_cosp_stage core_cosp_stage(const struct core_cosp_params *p,
				     const struct core_cosp_facts *f, int32_t today);

/* n session dates from start, interval_days apart, into out[0..n-1]. */
void core_cosp_session_dates(int32_t start, int n, int64_t interval_days, int32_t *out);
/* Are the dates strictly increasing? */
bool core_cosp_dates_ascending(const int32_t *d, int n);

/* Bit set of the names in list (an array of n strings) from names[count];
 * false when one is unknown. */
bool core_cosp_mask(const char *const *names, int count, const char *const *list, size_t n,
		    unsigned *mask);

/* ---- consultant visits (annual wheel, Herning) ---- */
/* Day of the week, 0 = Monday. */
int core_weekday(int32_t day);
/* The visit plan of a year: the year split into n equal periods (n = 4:
 * the quarters), one visit per period on the first weekday on or after the
 * middle of the period. out gets n dates. n between 1 and
 * CORE_CONSULT_MAX_VISITS. */
void core_consult_plan(int year, int n, int32_t *out);
/* The period (1..n) of the year a date falls in. */
int core_consult_period(int32_t day, int n);
/* The year of a date. */
int core_year(int32_t day);

/* ---- family groups (Aarhus) ---- */
struct core_fgroup_params {
	int64_t min_families, max_families;
	int64_t min_weeks, max_weeks;
	int64_t status_meeting_weeks;
	int64_t score_min, score_max;
};
/* The next status meeting due after the start meeting, every
 * status_meeting_weeks weeks: the first due date after the last held
 * meeting (or the start meeting when none was held). */
int32_t core_fgroup_next_status(const struct core_fgroup_params *p, int32_t start_meeting,
				int32_t last_status);
bool core_fgroup_score_valid(const struct core_fgroup_params *p, int64_t score);

#endif
