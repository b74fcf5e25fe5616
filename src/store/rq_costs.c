/*
 * rq_costs.c - the queries of the cost report (src/report/r_costs.c):
 * staff minutes and their hourly cost per programme, goals met, and the
 * COS-P families completing, as the COS-P report counts them.
 */
#include "store/report_sql.h"

/* Closed courses, all their contacts' minutes (from the per-course,
 * per-recorder totals of migration 0006; the course's programme is on its
 * closure, 0035). One row; over no courses a municipality's grouped row is
 * absent and reads 0 (store_rq_int). */
static const struct store_rq_query cost_hp = RQ_ONE_ROW(
	"cl.municipality_id",
	"count(DISTINCT cl.enrolment_id), COALESCE(sum(ef.minutes), 0), COALESCE(sum(ef.minutes *"
	" u.hourly_cost_ore), 0), COALESCE(sum(CASE WHEN u.hourly_cost_ore IS NULL THEN"
	" ef.minutes ELSE 0 END), 0)",
	"FROM closure cl LEFT JOIN contact_effort ef ON ef.enrolment_id = cl.enrolment_id"
	" LEFT JOIN app_user u ON u.id = ef.user_key",
	"cl.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ? AND " REPORT_COURSE_UNIT_SQL(
		"cl.enrolment_id"));

struct store_rq_rows *store_rq_cost_hp(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &cost_hp, 0, RQ_SCOPE_ARGS(s));
}

static const struct store_rq_query cost_visits = RQ_ONE_ROW(
	"v.municipality_id",
	"count(*), COALESCE(sum(v.minutes), 0), COALESCE(sum(v.minutes * u.hourly_cost_ore), 0),"
	" COALESCE(sum(CASE WHEN u.hourly_cost_ore IS NULL THEN v.minutes ELSE 0 END), 0)",
	"FROM hv_visit v JOIN hv_offer o ON o.id = v.offer_id JOIN app_user u ON u.id ="
	" v.health_visitor_id",
	"o.programme = ? AND v.visited_on >= ? AND v.visited_on <= ? AND " REPORT_UNIT_SQL(
		"o.unit_id"));

struct store_rq_rows *store_rq_cost_visits(struct store_conn *c, const struct store_rq_scope *s,
					   const char *programme)
{
	return RQ_OPEN(c, s, &cost_visits, 0, STORE_INT(s->municipality_id), STORE_TEXT(programme),
		       STORE_TEXT(s->from), STORE_TEXT(s->to), RQ_UNIT_ARGS(s));
}

/* Sessions held in the period times facilitators. */
static const struct store_rq_query cost_cosp_sessions = RQ_ONE_ROW(
	"cc.municipality_id",
	"count(*), COALESCE(sum(u.hourly_cost_ore), 0), COALESCE(sum(CASE WHEN"
	" u.hourly_cost_ore IS NULL THEN 1 ELSE 0 END), 0)",
	"FROM cosp_session se JOIN cosp_course cc ON cc.id = se.course_id JOIN cosp_facilitator f"
	" ON f.course_id = cc.id JOIN app_user u ON u.id = f.user_id",
	"se.held_on >= ? AND se.held_on <= ? AND " REPORT_UNIT_SQL("cc.unit_id"));

struct store_rq_rows *store_rq_cost_cosp_sessions(struct store_conn *c,
						  const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &cost_cosp_sessions, 0, RQ_SCOPE_ARGS(s));
}

/* Only offers ever placed in a course whose last session (kept on the
 * course, migration 0035) falls in the period can count: the course they
 * stood in at the period's end is one of those. Implied by the conditions
 * after it, so it changes no count; it lets PostgreSQL start from the
 * courses that ended in the period (cosp_course_last) and read the history
 * of their offers only, and SQLite test it per offer with two probes. */
#define COST_COSP_PLACED_SQL                                                                       \
	"EXISTS (SELECT 1 FROM cosp_offer_state p JOIN cosp_course pc ON pc.id = p.course_id"      \
	" WHERE p.offer_id = o.id AND p.event = 'placed' AND pc.last_held_on >= ? AND"             \
	" pc.last_held_on <= ?)"

/* From the offer's history as it stood at the period's end: the offers
 * accepted, placed and not dropped out whose course's last session falls
 * in the period and who attended enough of it. The m_ pieces give the
 * grouped form (rq_rows.c); one row, and over no offers a municipality's
 * grouped row is absent and reads 0 (store_rq_int). "Not dropped out" is
 * the dropped-out value 0 (report_sql.h: never a bare NOT EXISTS, which
 * PostgreSQL planned as 2.1 million comparisons nationally; as a value it
 * is one index probe per offer). */
#define COST_COSP_COMPLETED_SQL(m_out, m_y, m_where, m_group)                                              \
	"SELECT " m_out "count(*) FROM (SELECT " m_y "o.id AS id, " REPORT_COSP_COURSE_SQL(                \
		"o.id") " AS course_id FROM cosp_offer o WHERE " m_where COST_COSP_PLACED_SQL              \
			" AND " REPORT_COSP_ACCEPTED_SQL("o.id") " AND " REPORT_COSP_DROPPED_SQL(          \
				"o.id") " = 0) y JOIN cosp_course cc ON cc.id = y.course_id WHERE"         \
					" cc.last_held_on >= ? AND cc.last_held_on <= ? AND (SELECT"       \
					" count(*) FROM cosp_attendance a JOIN cosp_session se ON se.id =" \
					" a.session_id WHERE a.offer_id = y.id AND se.course_id = cc.id"   \
					" AND a.attended = 1) >= ? AND " REPORT_UNIT_SQL(                  \
						"cc.unit_id") m_group

static const struct store_rq_query cost_cosp_completed = {
	COST_COSP_COMPLETED_SQL("", "", "o.municipality_id = ? AND ", ""),
	COST_COSP_COMPLETED_SQL("y.rq_m, ", "o.municipality_id AS rq_m, ", "",
				" GROUP BY y.rq_m ORDER BY y.rq_m"),
	true, true};

struct store_rq_rows *store_rq_cost_cosp_completed(struct store_conn *c,
						   const struct store_rq_scope *s,
						   int64_t min_attended)
{
	return RQ_OPEN(c, s, &cost_cosp_completed, 1, STORE_TEXT(s->to),
		       STORE_INT(s->municipality_id), STORE_TEXT(s->from), STORE_TEXT(s->to),
		       STORE_TEXT(s->to), STORE_TEXT(s->to), STORE_TEXT(s->from), STORE_TEXT(s->to),
		       STORE_INT(min_attended), RQ_UNIT_ARGS(s));
}
