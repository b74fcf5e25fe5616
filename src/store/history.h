/*
 * history.h - the dated history of the states the reports read "as they
 * stood at the end of the period" (migration 0010, issue 15): a visit
 * offer's answers, a COS-P family's answer, placement, dropout and rating,
 * a course's status, a consent. The current rows keep only the latest
 * state (a cancellation overwrites the yes before it); these rows keep
 * every change with the day it took effect, so a report for a period that
 * ended before the change still says what was true on its last day.
 *
 * The store functions that make the changes call these in the caller's
 * transaction (hv_offer and hv_visit in health_visits.c, cosp_offer and the
 * COS-P enrolment in cosp.c, enrolment in enrolments.c, family-group
 * members in fgroups.c, consents in families.c), so the history is never
 * behind. A date that is empty is not recorded (nothing to place it by).
 */
#ifndef REDE_STORE_HISTORY_H
#define REDE_STORE_HISTORY_H

#include <stdint.h>

#include "rede/store.h"

/* The enrolment reached status (planned, active, closed) on the day on.
 * Each status is recorded once, the first time: a repeat is a no-op. */
enum rede_err store_enrolment_state_add(struct store_conn *c, int64_t enrolment_id,
					const char *status, const char *on);

/* The visit offer's status became status (accepted, declined,
 * never_reached, visited) on the day on; decline_reason with declined. */
enum rede_err store_hv_offer_state_add(struct store_conn *c, int64_t offer_id, const char *status,
				       const char *on, const char *decline_reason);

/* A COS-P offer's event (accepted, declined, placed with course_id,
 * dropped_out, rated with rating) on the day on. */
enum rede_err store_cosp_offer_state_add(struct store_conn *c, int64_t offer_id, const char *event,
					 const char *on, int64_t course_id, int64_t rating);

/* A consent was given or withdrawn on the day on (each once). */
enum rede_err store_consent_state_add(struct store_conn *c, int64_t consent_id, const char *event,
				      const char *on);

#endif
