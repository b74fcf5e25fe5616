/*
 * cases.h - a municipality's records as cases (core_retention.h): for
 * every course, referral without a course, visit offer, handover and
 * family, when it ended and its newest dated entry. The archive export
 * selects the cases that had ended by its date; retention decides from the
 * same facts what is due. One reading of "ended" for both, so a delivery
 * covers exactly what retention will delete.
 *
 * When a case ends:
 *   course home_pedagogue  its closure (enrolment.closed_on)
 *   course cosp            declined or dropped out (closed_on), else the
 *                          last session of its course once that day is past
 *   course family_group    left (closed_on), else the group's last day
 *                          once past
 *   referral               a final decision (rejected, referred_elsewhere,
 *                          declined_by_family): its newest decision's day
 *   health_visit           visited (the visit's day), declined or never
 *                          reached (the answer's day)
 *   handover               the day it was held
 *   family                 when every one of its cases has ended: the
 *                          newest of their ends; a family without any case
 *                          on the day it was created
 * A case open for ever (an offer never answered) is never due: close it.
 */
#ifndef REDE_STORE_CASES_H
#define REDE_STORE_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_retention.h"
#include "rede/store.h"

struct store_case {
	enum core_case_kind kind;
	char programme[24];
	int64_t id; /* enrolment, referral, hv_offer, handover or family id */
	int64_t family_id;
	int64_t referral_id; /* courses: the referral they came from (0: none) */
	int32_t end;         /* CORE_NO_DATE while open */
	int32_t last;        /* newest dated entry; >= end once ended */
	int64_t created;     /* when its root row was entered (Unix seconds) */
	bool erased;         /* already deleted by retention */
	bool held;           /* the family is under legal hold */
	int open_cases;      /* families: cases not yet erased */
	int cases;           /* families: cases of any state */
};

struct store_case_list {
	struct store_case *items; /* owned; families after all other cases */
	int n, alloc;
};

/* Every case of the municipality as of today (a day number). */
enum rede_err store_cases_load(struct store_conn *c, int64_t municipality_id, int32_t today,
			       struct store_case_list *out);
void store_case_list_release(struct store_case_list *l);

#endif
