/*
 * report_sql.h - the SQL fragments the report queries share (the unit
 * filter, the states of a COS-P offer as of a day) and the binding of
 * their scope. Private to src/store/rq_*.c.
 */
#ifndef REDE_STORE_REPORT_SQL_H
#define REDE_STORE_REPORT_SQL_H

#include "store/report_queries.h"

/* ---- the scope of every report query ----
 * Every builder query has the shape
 *   ... WHERE x.municipality_id = ? AND <date> BETWEEN ? AND ? AND <unit filter>
 * The unit filter is a constant SQL text with four parameters. */
#define REPORT_UNIT_SQL(col)                                                                       \
	"(? = 0 OR " col " = ?) AND (? = 0 OR " col                                                \
	" IN (SELECT unit_id FROM unit_member WHERE user_id = ?))"
/* The same for a referral (ref is its id): through the course it led to,
 * if any. The enrolment is looked up only when a unit filter is on, so a
 * whole-municipality report does not pay a lookup per referral. Bound by
 * store_rq_bind_unit too. */
#define REPORT_REFERRAL_UNIT_SQL(ref)                                                              \
	"(? = 0 OR EXISTS (SELECT 1 FROM enrolment ue WHERE ue.referral_id = " ref                 \
	" AND ue.unit_id = ?)) AND (? = 0 OR EXISTS (SELECT 1 FROM enrolment ue WHERE "            \
	"ue.referral_id = " ref " AND ue.unit_id IN (SELECT unit_id FROM unit_member WHERE "       \
	"user_id = ?)))"
/* The same for a staff member (col is a user id): members of the unit,
 * or of one of the caller's units. Bound by store_rq_bind_unit too. */
#define REPORT_STAFF_UNIT_SQL(col)                                                                 \
	"(? = 0 OR EXISTS (SELECT 1 FROM unit_member um WHERE um.user_id = " col                   \
	" AND um.unit_id = ?)) AND (? = 0 OR EXISTS (SELECT 1 FROM unit_member um JOIN "           \
	"unit_member me ON me.unit_id = um.unit_id WHERE um.user_id = " col                        \
	" AND me.user_id = ?))"
/* ---- states as of the period's last day (migration 0010) ----
 * A COS-P family's state on the day bound to the one ? of each fragment,
 * from the offer's history (cosp_offer_state; o is the offer id): the
 * newest answer on or before it is a yes; the course it was placed on by
 * then (NULL: none); dropped out by then; the newest rating by then (NULL:
 * none). */
#define REPORT_COSP_ACCEPTED_SQL(o)                                                                \
	"((SELECT cs.event FROM cosp_offer_state cs WHERE cs.offer_id = " o                        \
	" AND cs.event IN ('accepted', 'declined') AND cs.effective_on <= ? ORDER BY "             \
	"cs.effective_on DESC, cs.id DESC LIMIT 1) = 'accepted')"
#define REPORT_COSP_COURSE_SQL(o)                                                                  \
	"(SELECT cs.course_id FROM cosp_offer_state cs WHERE cs.offer_id = " o                     \
	" AND cs.event = 'placed' AND cs.effective_on <= ? ORDER BY cs.effective_on DESC, cs.id "  \
	"DESC LIMIT 1)"
#define REPORT_COSP_DROPPED_SQL(o)                                                                 \
	"EXISTS (SELECT 1 FROM cosp_offer_state cs WHERE cs.offer_id = " o                         \
	" AND cs.event = 'dropped_out' AND cs.effective_on <= ?)"
#define REPORT_COSP_RATING_SQL(o)                                                                  \
	"(SELECT cs.rating FROM cosp_offer_state cs WHERE cs.offer_id = " o                        \
	" AND cs.event = 'rated' AND cs.effective_on <= ? ORDER BY cs.effective_on DESC, cs.id "   \
	"DESC LIMIT 1)"

/* Bind the four parameters of REPORT_UNIT_SQL from idx; returns the next. */
int store_rq_bind_unit(struct store_stmt *st, int idx, const struct store_rq_scope *s);
/* Bind the common shape "municipality_id = ? AND <date> >= ? AND <date> <= ?
 * AND <unit filter>" (municipality, period, unit) from idx; returns the next. */
int store_rq_bind_scope(struct store_stmt *st, int idx, const struct store_rq_scope *s);

#endif
