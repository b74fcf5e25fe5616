/*
 * core_course.h - the rules of a home-pedagogue course (hjemmepædagogisk
 * forløb, DOMAIN §1.1): its vocabularies, its length limit and warning
 * week, the rating scale of its goals, and the alerts a caseload shows.
 *
 * Pure C like core.h: no I/O, no SQL, no JSON. Dates are days since
 * 1970-01-01 (rede_date_parse), "today" is passed in. Every policy number
 * (40 weeks, warning week 32, scale 1-4, 21 days without contact, 42 days
 * without a rating) arrives in struct core_course_params, which the store
 * fills from the setting table (keys home_pedagogue.* and caseload.*, seed
 * values inserted by migration 0002); none of them is written here.
 *
 * Every vocabulary is an enum ending in __COUNT with a parallel table of
 * the stable names used in the API and the database, and a Danish label
 * table for messages and reports.
 */
#ifndef REDE_CORE_COURSE_H
#define REDE_CORE_COURSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "No date" for optional dates (days since epoch never reach it). */
#define CORE_NO_DATE INT32_MIN

/* The three goal themes of the model (seed 000 "Tema 1-3") are part of the
 * model itself, not a municipal parameter. */
#define CORE_THEME_FIRST 1
#define CORE_THEME_LAST 3

enum core_course_status {
	COURSE_PLANNED, /* enrolled, start meeting not yet held */
	COURSE_ACTIVE,
	COURSE_CLOSED,
	COURSE_STATUS__COUNT
};
extern const char *const core_course_status_names[COURSE_STATUS__COUNT];

enum core_legal_frame { LEGAL_DAGTILBUDSLOVEN_8_9, LEGAL_SERVICELOVEN_11_3, LEGAL_FRAME__COUNT };
extern const char *const core_legal_frame_names[LEGAL_FRAME__COUNT];
extern const char *const core_legal_frame_labels_da[LEGAL_FRAME__COUNT];

enum core_focus_area {
	FOCUS_ROUTINES,
	FOCUS_PLAY_PRESENCE,
	FOCUS_FEELINGS_LANGUAGE,
	FOCUS_DAYCARE_COOPERATION,
	FOCUS_OTHER,
	FOCUS_AREA__COUNT
};
extern const char *const core_focus_area_names[FOCUS_AREA__COUNT];
extern const char *const core_focus_area_labels_da[FOCUS_AREA__COUNT];

enum core_contact_kind {
	CONTACT_HOME_SESSION,
	CONTACT_NETWORK_MEETING,
	CONTACT_PHONE,
	CONTACT_OTHER_PLACE,
	CONTACT_CANCELLED,
	CONTACT_NO_SHOW,
	CONTACT_KIND__COUNT
};
extern const char *const core_contact_kind_names[CONTACT_KIND__COUNT];
extern const char *const core_contact_kind_labels_da[CONTACT_KIND__COUNT];

enum core_activity {
	ACTIVITY_OBSERVATION,
	ACTIVITY_ADVICE,
	ACTIVITY_GUIDANCE,
	ACTIVITY_PLAY,
	ACTIVITY_OTHER,
	ACTIVITY__COUNT
};
extern const char *const core_activity_names[ACTIVITY__COUNT];
extern const char *const core_activity_labels_da[ACTIVITY__COUNT];

/* gå foran, ved siden af, bag ved (seed 002) */
enum core_stance { STANCE_IN_FRONT, STANCE_BESIDE, STANCE_BEHIND, STANCE__COUNT };
extern const char *const core_stance_names[STANCE__COUNT];
extern const char *const core_stance_labels_da[STANCE__COUNT];

enum core_closure_reason {
	CLOSURE_GOALS_MET,
	CLOSURE_MAX_WEEKS_REACHED,
	CLOSURE_FAMILY_WITHDREW,
	CLOSURE_NEEDS_OTHER_INTERVENTION,
	CLOSURE_MOVED,
	CLOSURE_OTHER,
	CLOSURE_REASON__COUNT
};
extern const char *const core_closure_reason_names[CLOSURE_REASON__COUNT];
extern const char *const core_closure_reason_labels_da[CLOSURE_REASON__COUNT];

enum core_attainment { ATTAIN_MET, ATTAIN_PARTLY, ATTAIN_NOT_MET, ATTAINMENT__COUNT };
extern const char *const core_attainment_names[ATTAINMENT__COUNT];

/* Who gave a goal rating. */
enum core_rater { RATER_STAFF, RATER_PARENT, RATER__COUNT };
extern const char *const core_rater_names[RATER__COUNT];

/* The parents' closing evaluation: the value is the stored number
 * (1 i høj grad .. 4 slet ikke, 0 ved ikke). */
enum core_eval_answer {
	EVAL_DONT_KNOW = 0,
	EVAL_HIGH = 1,
	EVAL_SOME = 2,
	EVAL_LITTLE = 3,
	EVAL_NOT_AT_ALL = 4,
	EVAL_ANSWER__COUNT
};
extern const char *const core_eval_answer_labels_da[EVAL_ANSWER__COUNT];
bool core_eval_answer_valid(int64_t v);

/* The questions of the closing evaluation (DOMAIN §1.1 "reported
 * effects"), in API order. */
enum core_eval_question {
	EVALQ_PARENTING,
	EVALQ_LEARNING_ENVIRONMENT,
	EVALQ_CHILD_DEVELOPMENT,
	EVALQ_DAYCARE_COOPERATION,
	EVALQ_GOOD_PARENT,
	EVAL_QUESTION__COUNT
};
extern const char *const core_eval_question_names[EVAL_QUESTION__COUNT];
extern const char *const core_eval_question_labels_da[EVAL_QUESTION__COUNT];

/* Index of name in a name table of count entries; count when unknown or
 * NULL. Works for every table above (and every closed list of the core;
 * defined in src/core/names.c). */
int core_course_name_index(const char *const *names, int count, const char *name);

/* ---- programme parameters (setting table) ---- */
struct core_course_params {
	int64_t max_weeks;             /* home_pedagogue.max_weeks */
	int64_t warning_week;          /* home_pedagogue.warning_week */
	int64_t rating_min;            /* home_pedagogue.rating_min */
	int64_t rating_max;            /* home_pedagogue.rating_max */
	int64_t no_contact_days;       /* caseload.no_contact_days */
	int64_t goal_unrated_days;     /* caseload.goal_unrated_days */
	int64_t sparring_prompt_weeks; /* sparring.case_prompt_weeks (issue 23); 0 = off */
};

/* ---- length ----
 * A course may last max_weeks weeks: its planned end lies on or before
 * the day max_weeks weeks after the start (start + 7 * max_weeks days),
 * and never before the start. A recorded extension (its until date)
 * replaces that limit. */
int32_t core_course_latest_end(const struct core_course_params *p, int32_t start);
/* The limit in force: the extension's until date when there is one
 * (extension_until != CORE_NO_DATE), else core_course_latest_end. */
int32_t core_course_limit(const struct core_course_params *p, int32_t start,
			  int32_t extension_until);

enum core_end_check {
	END_OK,
	END_BEFORE_START,
	END_BEYOND_LIMIT, /* past start + max_weeks and no extension covers it */
	END_CHECK__COUNT
};
enum core_end_check core_course_check_end(const struct core_course_params *p, int32_t start,
					  int32_t planned_end, int32_t extension_until);
/* The rules above as the Danish message a user reads beside the field:
 * true with msg filled when planned_end breaks them (before the start; past
 * the limit in force, naming the limit and the latest allowed date). */
#define CORE_COURSE_MSG_SIZE 300
bool core_course_end_message(const struct core_course_params *p, int32_t start, int32_t planned_end,
			     int32_t extension_until, char msg[CORE_COURSE_MSG_SIZE]);
/* A recorded extension to until must go past max_weeks from the start (a
 * course without a start cannot be extended) and not end before the
 * planned end (CORE_NO_DATE: none); true with the Danish message when it
 * does not. */
bool core_course_extension_message(const struct core_course_params *p, int32_t start, int32_t until,
				   int32_t planned_end, char msg[CORE_COURSE_MSG_SIZE]);

/* Week of the course a date falls in: week 1 is the start day and the six
 * days after it; the day 7 * max_weeks days after the start is the first
 * day of week max_weeks + 1. Dates before the start give 0. */
int core_course_week(int32_t start, int32_t day);
/* Is day in or after the warning week? */
bool core_course_in_warning(const struct core_course_params *p, int32_t start, int32_t day);
/* Whole weeks from day (or from the start, while it lies ahead) to the
 * limit in force; 0 when at or past it. */
int core_course_weeks_left(const struct core_course_params *p, int32_t start,
			   int32_t extension_until, int32_t day);

/* ---- goals ---- */
bool core_rating_valid(const struct core_course_params *p, int64_t value);
bool core_theme_valid(int64_t theme);

/* ---- caseload alerts ----
 * What the store knows about a course on the day asked about. */
struct core_course_facts {
	enum core_course_status status;
	int32_t start;                  /* start_on; CORE_NO_DATE while unknown */
	int32_t extension_until;        /* CORE_NO_DATE when none */
	int32_t last_contact;           /* last contact that took place (not cancelled or
				      * no-show) on or before the day; CORE_NO_DATE if none */
	const int32_t *goal_last_rated; /* per goal: newest rating date, or the day the
					 * goal was agreed when it has none */
	size_t ngoals;
	/* Network meetings dated after the day (that is how a meeting is
	 * "planned": recorded ahead with a future date) for which no
	 * share_daycare consent is active on the meeting's date. */
	int planned_meetings_without_consent;
	/* The newest day the course was discussed in faglig sparring;
	 * CORE_NO_DATE when never (issue 23). */
	int32_t last_discussed;
};

enum core_alert_kind {
	ALERT_WARNING_WEEK,
	ALERT_NO_CONTACT,
	ALERT_GOAL_UNRATED,
	ALERT_CONSENT_MISSING,
	ALERT_NOT_DISCUSSED,
	ALERT_KIND__COUNT
};
extern const char *const core_alert_kind_names[ALERT_KIND__COUNT];

struct core_alert {
	enum core_alert_kind kind;
	char text[200]; /* Danish */
};

/* Alerts for a planned or active course on day (closed courses have
 * none), at most ALERT_KIND__COUNT, one per kind, in kind order:
 *   warning_week     day is in or past the warning week;
 *   no_contact       no_contact_days or more since the last contact, or
 *                    since the start when there has been none;
 *   goal_unrated     a goal not rated for goal_unrated_days or more;
 *   consent_missing  a planned network meeting lacks the sharing consent;
 *   not_discussed    a gentle prompt: the course has one of the alerts
 *                    above and was not discussed in faglig sparring for
 *                    sparring_prompt_weeks weeks (since the start when
 *                    never; core_sparring_case_prompt).
 * Returns how many were written to out. */
size_t core_course_alerts(const struct core_course_params *p, const struct core_course_facts *f,
			  int32_t day, struct core_alert out[ALERT_KIND__COUNT]);

#endif
