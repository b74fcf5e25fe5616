/*
 * rq_cosp.c - the queries of the COS-P report (src/report/r_cosp.c): the
 * trained staff and the period's offers as they stood at its end, from
 * the offers' history (cosp_offer_state, migration 0010).
 */
#include "store/report_sql.h"

static const struct store_rq_query cosp_trained = RQ_ONE_ROW(
	"sc.municipality_id", "count(DISTINCT sc.user_id)", "FROM staff_competence sc",
	"sc.competence = 'cosp' AND sc.obtained_on <= ? AND " REPORT_STAFF_UNIT_SQL("sc.user_id"));

struct store_rq_rows *store_rq_cosp_trained(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &cosp_trained, 0, STORE_INT(s->municipality_id), STORE_TEXT(s->to),
		       RQ_UNIT_ARGS(s));
}

/* The period's offers as they stood at its end (y), whether each
 * completed (x), counted by month, acceptance, completion and rating. The
 * m_ pieces give the grouped form (rq_rows.c): the municipality as rq_m
 * through each level, or the one municipality's condition. */
#define COSP_OFFERS_SQL(m_out, m_x, m_y, m_where, m_order)                                                                             \
	"SELECT " m_out "month, accepted, completed, rating, count(*) FROM ("                                                          \
	" SELECT " m_x "y.month AS month, y.accepted AS accepted,"                                                                     \
	"  CASE WHEN y.accepted = 1 AND y.course_id IS NOT NULL AND y.dropped = 0"                                                     \
	"   AND (SELECT lc.last_held_on FROM cosp_course lc WHERE lc.id ="                                                             \
	"    y.course_id) <= ?"                                                                                                        \
	"   AND (SELECT count(*) FROM cosp_attendance a JOIN cosp_session s ON s.id ="                                                 \
	"    a.session_id WHERE a.offer_id = y.id AND s.course_id = y.course_id AND"                                                   \
	"    a.attended = 1) >= ?"                                                                                                     \
	"   THEN 1 ELSE 0 END AS completed, y.rating AS rating"                                                                        \
	" FROM (SELECT " m_y "o.id AS id, substr(o.offered_on, 1, 7) AS month,"                                                        \
	"  CASE WHEN " REPORT_COSP_ACCEPTED_SQL(                                                                                       \
		"o.id") " THEN 1 ELSE 0 END AS accepted,"                                                                              \
			"  " REPORT_COSP_COURSE_SQL(                                                                                   \
				"o.id") " AS course_id,"                                                                               \
					"  " REPORT_COSP_DROPPED_SQL(                                                                  \
						"o.id") " AS dropped,"                                                                 \
							"  COALESCE(" REPORT_COSP_RATING_SQL(                                          \
								"o.id") ", 0) AS rating"                                               \
									" FROM cosp_offer o JOIN enrolment e ON e.id = o.enrolment_id" \
									" LEFT JOIN cosp_course cc ON cc.id = o.course_id"             \
									" WHERE " m_where                                              \
									"o.offered_on >= ? AND o.offered_on <= ?"                      \
									" AND " REPORT_UNIT_SQL(                                       \
										"COALESCE(cc.unit_id, e.unit_id)") ") y) x"            \
														   " GROUP BY " m_out  \
														   "month, accepted, completed, rating" m_order

static const struct store_rq_query cosp_offers = {
	COSP_OFFERS_SQL("", "", "", "o.municipality_id = ? AND ", ""),
	COSP_OFFERS_SQL("rq_m, ", "y.rq_m AS rq_m, ", "o.municipality_id AS rq_m, ", "",
			" ORDER BY rq_m"),
	false, true};

struct store_rq_rows *store_rq_cosp_offers(struct store_conn *c, const struct store_rq_scope *s,
					   int64_t min_attended)
{
	return RQ_OPEN(c, s, &cosp_offers, 6, STORE_TEXT(s->to), STORE_INT(min_attended),
		       STORE_TEXT(s->to), STORE_TEXT(s->to), STORE_TEXT(s->to), STORE_TEXT(s->to),
		       RQ_SCOPE_ARGS(s));
}
