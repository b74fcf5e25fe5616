/*
 * core_retention.h - retention schedules (issue 18): which kinds of
 * record there are, the event a period runs from, when a period has run,
 * and whether a record may then be deleted (behind a recorded archive
 * delivery, never under legal hold).
 *
 * A "case" is the unit that ends and is deleted as a whole: a course (an
 * enrolment of any programme with everything recorded in it), a referral
 * that never became a course, a 1½/3-year visit offer with its visit, a
 * handover conversation; and the family (its persons, consents and the
 * children's selection facts), which goes when none of its cases is left.
 *
 * Dates are days since 1970-01-01 (rede_date_parse); CORE_NO_DATE marks a
 * case that has not ended. Pure functions: the store supplies the facts.
 */
#ifndef REDE_CORE_RETENTION_H
#define REDE_CORE_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_course.h" /* CORE_NO_DATE */

enum core_case_kind {
	CASE_COURSE,       /* enrolment: home_pedagogue, cosp, family_group */
	CASE_REFERRAL,     /* a referral without a course: home_pedagogue */
	CASE_HEALTH_VISIT, /* hv_offer: visit_1_5y, visit_3y */
	CASE_HANDOVER,     /* handover: daycare */
	CASE_FAMILY,       /* the family and its persons: all */
	CASE_KIND__COUNT
};
extern const char *const core_case_kind_names[CASE_KIND__COUNT];
extern const char *const core_case_kind_labels[CASE_KIND__COUNT]; /* Danish */
enum core_case_kind core_case_kind_parse(const char *s);          /* __COUNT if unknown */

/* Is programme one a rule of this kind may name? */
bool core_retention_programme_valid(enum core_case_kind k, const char *programme);

enum core_retention_event {
	RET_FROM_END,        /* the day the case ended (closure, decision, visit, ...) */
	RET_FROM_LAST_ENTRY, /* the newest dated entry of the case (health records) */
	RET_FROM__COUNT
};
extern const char *const core_retention_event_names[RET_FROM__COUNT]; /* "end", "last_entry" */
enum core_retention_event core_retention_event_parse(const char *s);

struct core_retention_rule {
	int64_t months; /* 0..1200 */
	enum core_retention_event from;
};
#define CORE_RETENTION_MAX_MONTHS 1200

/* The first day on which a case that ended on `end` with its newest entry
 * on `last` is past its period: the event's day plus months (calendar
 * months; the 31st becomes the month's last day). CORE_NO_DATE while the
 * case has not ended. */
int32_t core_retention_expires(const struct core_retention_rule *r, int32_t end, int32_t last);

/* day + months, clamping the day of month. */
int32_t core_add_months(int32_t day, int64_t months);

/* Why a case is or is not deleted in a retention run. */
enum core_retention_verdict {
	RET_OPEN,         /* not ended */
	RET_KEPT,         /* its period has not run */
	RET_NOT_ARCHIVED, /* due, but no archive delivery covers it */
	RET_HELD,         /* due, but its family is under legal hold */
	RET_DELETE,       /* due, delivered, not held: delete */
	RET_VERDICT__COUNT
};
/* A recorded delivery: the archive holds the export through `through`,
 * whose read of the database began at exported_at (Unix seconds; a row
 * entered in that same second counts as after it). */
struct core_archive_cover {
	int32_t through;
	int64_t exported_at;
};
/* Is a case that ended on `end` and was entered at `created` in a
 * delivered version? It is when some delivery's export ran through a day
 * on or after its end and after it was entered - a case entered later (a
 * late registration, an import of old records) waits for the next export,
 * even when its dates lie in a delivered period. */
bool core_retention_covered(int32_t end, int64_t created, const struct core_archive_cover *covers,
			    int n);
enum core_retention_verdict core_retention_verdict(const struct core_retention_rule *r, int32_t end,
						   int32_t last, int32_t today, bool covered,
						   bool held);

#endif
