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

/* municipality and period only: a person's work counts wherever it was */
static const struct store_rq_query support_hp_work = RQ_GROUPED(
	"cl.municipality_id", "ef.user_key, sum(ef.minutes)",
	"FROM enrolment e JOIN closure cl ON cl.enrolment_id = e.id JOIN contact_effort ef ON"
	" ef.enrolment_id = e.id",
	"e.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ?",
	"ef.user_key");

struct store_rq_rows *store_rq_support_hp_work(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &support_hp_work, 0, STORE_INT(s->municipality_id),
		       STORE_TEXT(s->from), STORE_TEXT(s->to));
}

static const struct store_rq_query support_visit_work = RQ_GROUPED(
	"vi.municipality_id", "vi.health_visitor_id, sum(vi.minutes)",
	"FROM hv_visit vi JOIN hv_offer o ON o.id = vi.offer_id",
	"o.programme = ? AND vi.visited_on >= ? AND vi.visited_on <= ?", "vi.health_visitor_id");

struct store_rq_rows *store_rq_support_visit_work(struct store_conn *c,
						  const struct store_rq_scope *s,
						  const char *programme)
{
	return RQ_OPEN(c, s, &support_visit_work, 0, STORE_INT(s->municipality_id),
		       STORE_TEXT(programme), STORE_TEXT(s->from), STORE_TEXT(s->to));
}

static const struct store_rq_query support_cosp_work =
	RQ_GROUPED("cc.municipality_id", "f.user_id, count(*) * ?",
		   "FROM cosp_session se JOIN cosp_facilitator f ON f.course_id = se.course_id JOIN"
		   " cosp_course cc ON cc.id = se.course_id",
		   "se.held_on >= ? AND se.held_on <= ?", "f.user_id");

struct store_rq_rows *store_rq_support_cosp_work(struct store_conn *c,
						 const struct store_rq_scope *s,
						 int64_t session_minutes)
{
	return RQ_OPEN(c, s, &support_cosp_work, 1, STORE_INT(session_minutes),
		       STORE_INT(s->municipality_id), STORE_TEXT(s->from), STORE_TEXT(s->to));
}
