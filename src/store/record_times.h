/*
 * record_times.h - when a record was made on the user's device (issue 20).
 *
 * The records the web app can make offline (contacts, goal ratings, 1½-/3-
 * year visits, COS-P attendance, daycare scores) keep the client's time in
 * recorded_at (migration 0017) beside created_at, the time the record
 * arrived. Each function sets it on a row the caller has just written in
 * the same transaction (contacts keep theirs through store_contact_insert,
 * struct contact_row); recorded_at 0 stores NULL ("made online"), which
 * also clears an earlier client time when a record is replaced (COS-P
 * attendance and daycare scores are one per session/day).
 * Times are seconds since the epoch. No ownership to speak of.
 */
#ifndef REDE_STORE_RECORD_TIMES_H
#define REDE_STORE_RECORD_TIMES_H

#include <stdint.h>

#include "rede/store.h"

enum rede_err store_rating_recorded_at(struct store_conn *c, int64_t rating_id,
				       int64_t recorded_at);
enum rede_err store_hv_visit_recorded_at(struct store_conn *c, int64_t visit_id,
					 int64_t recorded_at);
enum rede_err store_cosp_attendance_recorded_at(struct store_conn *c, int64_t session_id,
						int64_t offer_id, int64_t recorded_at);
enum rede_err store_daycare_score_recorded_at(struct store_conn *c, int64_t goal_id,
					      const char *scored_on, int64_t recorded_at);

#endif
