/*
 * rq_sparring.c - the queries of the faglig sparring report
 * (src/report/r_sparring.c) and of sparring and training as overhead in
 * the cost report (src/report/r_support.c): the staff in scope, the
 * sessions they took part in, their training hours, and each person's own
 * work per programme to spread it over.
 */
#include "store/report_sql.h"

struct store_rq_rows *store_rq_sparring_staff(struct store_conn *c, const struct store_rq_scope *s)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT u.id, u.roles, u.created_at FROM app_user u WHERE u.municipality_id = ? "
		   "AND u.disabled_at IS NULL AND u.is_service = 0 AND " REPORT_STAFF_UNIT_SQL(
			   "u.id") " ORDER BY u.id");

	store_rq_bind_unit(st, store_bind_all(st, STORE_INT(s->municipality_id)), s);
	return store_rq_of(st);
}

struct store_rq_rows *store_rq_sparring_sessions(struct store_conn *c,
						 const struct store_rq_scope *s)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT s.id, substr(s.held_on, 1, 7), s.form, s.minutes FROM sparring_session "
		   "s JOIN sparring_participant p ON p.session_id = s.id WHERE s.municipality_id "
		   "= ? AND s.held_on >= ? AND s.held_on <= ? AND " REPORT_STAFF_UNIT_SQL(
			   "p.user_id") " ORDER BY s.id");

	store_rq_bind_scope(st, 1, s);
	return store_rq_of(st);
}

static const struct store_rq_query support_sparring = RQ_GROUPED(
	"s.municipality_id", "p.user_id, sum(s.minutes)",
	"FROM sparring_session s JOIN sparring_participant p ON p.session_id = s.id",
	"s.held_on >= ? AND s.held_on <= ? AND " REPORT_STAFF_UNIT_SQL("p.user_id"), "p.user_id");

struct store_rq_rows *store_rq_support_sparring(struct store_conn *c,
						const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &support_sparring, 0, RQ_SCOPE_ARGS(s));
}

static const struct store_rq_query support_training = RQ_GROUPED(
	"sc.municipality_id", "sc.user_id, sum(sc.hours * 60)", "FROM staff_competence sc",
	"COALESCE(sc.ended_on, sc.obtained_on) >= ? AND COALESCE(sc.ended_on, sc.obtained_on) <= ?"
	" AND sc.hours IS NOT NULL AND " REPORT_STAFF_UNIT_SQL("sc.user_id"),
	"sc.user_id");

struct store_rq_rows *store_rq_support_training(struct store_conn *c,
						const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &support_training, 0, RQ_SCOPE_ARGS(s));
}

struct store_rq_rows *store_rq_support_hourly_cost(struct store_conn *c, int64_t user_id)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT hourly_cost_ore FROM app_user WHERE id = ?");

	store_bind_all(st, STORE_INT(user_id));
	return store_rq_of(st);
}

/* ---- each person's own work, to spread their support time over ----
 * Municipality and period only: a person's work counts wherever it was.
 * report_costs_support adds it only for the persons found above, and
 * reads none where nobody was found. The grouped forms (PostgreSQL, run
 * once for every municipality of a family, rq_rows.c) read the same rows,
 * but only of the municipalities that have someone with sparring or
 * training in the period (SUPPORT_MUNIS_SQL: the two queries above
 * without their unit filter, so a superset of where anyone is found),
 * which is what the one form skips on its own. Without it the grouped
 * form summed every municipality's closed courses' work nationally for
 * the few who have support time (docs/PERFORMANCE.md "Support work only
 * where there is support"). Their parameters are the one form's without
 * the municipality, in the same order, named once in the row p. */
#define SUPPORT_MUNIS_SQL                                                                          \
	"JOIN LATERAL (SELECT s.municipality_id FROM sparring_session s JOIN sparring_participant" \
	" sp ON sp.session_id = s.id WHERE s.held_on >= p.from_day AND s.held_on <= p.to_day"      \
	" UNION SELECT sc.municipality_id FROM staff_competence sc WHERE"                          \
	" COALESCE(sc.ended_on, sc.obtained_on) >= p.from_day AND"                                 \
	" COALESCE(sc.ended_on, sc.obtained_on) <= p.to_day AND sc.hours IS NOT NULL) sm ON true"
#define SUPPORT_PERIOD_SQL "(SELECT CAST(? AS TEXT) AS from_day, CAST(? AS TEXT) AS to_day) p "

static const struct store_rq_query support_hp_work = {
	RQ_GROUPED_ONE_SQL(
		"cl.municipality_id", "ef.user_key, sum(ef.minutes)",
		"FROM closure cl JOIN contact_effort ef ON ef.enrolment_id = cl.enrolment_id",
		"cl.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ?",
		"ef.user_key"),
	"SELECT cl.municipality_id, ef.user_key, sum(ef.minutes) FROM " SUPPORT_PERIOD_SQL
		SUPPORT_MUNIS_SQL " JOIN closure cl ON cl.municipality_id = sm.municipality_id JOIN"
	" contact_effort ef ON ef.enrolment_id = cl.enrolment_id"
	" WHERE cl.programme = 'home_pedagogue' AND cl.closed_on >= p.from_day AND"
	" cl.closed_on <= p.to_day GROUP BY cl.municipality_id, ef.user_key"
	" ORDER BY cl.municipality_id",
	false, true};

struct store_rq_rows *store_rq_support_hp_work(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &support_hp_work, 0, STORE_INT(s->municipality_id),
		       STORE_TEXT(s->from), STORE_TEXT(s->to));
}

static const struct store_rq_query support_visit_work = {
	RQ_GROUPED_ONE_SQL("vi.municipality_id", "vi.health_visitor_id, sum(vi.minutes)",
			   "FROM hv_visit vi JOIN hv_offer o ON o.id = vi.offer_id",
			   "o.programme = ? AND vi.visited_on >= ? AND vi.visited_on <= ?",
			   "vi.health_visitor_id"),
	"SELECT vi.municipality_id, vi.health_visitor_id, sum(vi.minutes) FROM (SELECT CAST(? AS"
	" TEXT) AS programme) g, " SUPPORT_PERIOD_SQL SUPPORT_MUNIS_SQL
	" JOIN hv_visit vi ON vi.municipality_id = sm.municipality_id JOIN hv_offer o ON o.id ="
	" vi.offer_id WHERE o.programme = g.programme AND vi.visited_on >= p.from_day AND"
	" vi.visited_on <= p.to_day GROUP BY vi.municipality_id, vi.health_visitor_id"
	" ORDER BY vi.municipality_id",
	false, true};

struct store_rq_rows *store_rq_support_visit_work(struct store_conn *c,
						  const struct store_rq_scope *s,
						  const char *programme)
{
	return RQ_OPEN(c, s, &support_visit_work, 0, STORE_INT(s->municipality_id),
		       STORE_TEXT(programme), STORE_TEXT(s->from), STORE_TEXT(s->to));
}

static const struct store_rq_query support_cosp_work = {
	RQ_GROUPED_ONE_SQL("cc.municipality_id", "f.user_id, count(*) * ?",
			   "FROM cosp_session se JOIN cosp_facilitator f ON f.course_id ="
			   " se.course_id JOIN cosp_course cc ON cc.id = se.course_id",
			   "se.held_on >= ? AND se.held_on <= ?", "f.user_id"),
	"SELECT cc.municipality_id, f.user_id, count(*) * ? FROM " SUPPORT_PERIOD_SQL
		SUPPORT_MUNIS_SQL
	" JOIN cosp_course cc ON cc.municipality_id = sm.municipality_id JOIN"
	" cosp_session se ON se.course_id = cc.id JOIN cosp_facilitator f ON f.course_id ="
	" se.course_id WHERE se.held_on >= p.from_day AND se.held_on <= p.to_day"
	" GROUP BY cc.municipality_id, f.user_id ORDER BY cc.municipality_id",
	false, true};

struct store_rq_rows *store_rq_support_cosp_work(struct store_conn *c,
						 const struct store_rq_scope *s,
						 int64_t session_minutes)
{
	return RQ_OPEN(c, s, &support_cosp_work, 1, STORE_INT(session_minutes),
		       STORE_INT(s->municipality_id), STORE_TEXT(s->from), STORE_TEXT(s->to));
}
