/*
 * rq_home_pedagogue.c - the queries of the home-pedagogue report
 * (src/report/r_home_pedagogue.c): referrals and their visitation
 * outcome, decision reasons, course states from their history
 * (enrolment_state as copied onto the course, migration 0030), closed
 * courses with their evaluation, and goals.
 */
#include "store/report_sql.h"

/* The outcome in force at the period's end: the referral's newest
 * decision (kept on the referral, migration 0006) when it was made by
 * then, else the newest one made by then. */
static const struct store_rq_query hp_referrals = RQ_GROUPED_OVER(
	"r.municipality_id", "source, channel, outcome, count(*)",
	"r.source AS source, COALESCE(r.channel, '') AS channel,"
	" CASE WHEN r.last_decided_on IS NULL THEN '' WHEN r.last_decided_on <= ? THEN"
	" r.last_outcome ELSE COALESCE((SELECT d.outcome FROM visitation_decision d"
	" WHERE d.referral_id = r.id AND d.decided_on <= ? ORDER BY d.decided_on DESC,"
	" d.id DESC LIMIT 1), '') END AS outcome",
	"FROM referral r",
	"r.programme = 'home_pedagogue' AND r.referred_on >= ? AND r.referred_on <= ? AND " REPORT_REFERRAL_UNIT_SQL(
		"r.id"),
	"source, channel, outcome");

struct store_rq_rows *store_rq_hp_referrals(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &hp_referrals, 2, STORE_TEXT(s->to), STORE_TEXT(s->to),
		       RQ_SCOPE_ARGS(s));
}

/* The decisions made in the period on the programme's referrals, by their
 * reasons; the programme is copied onto the decision (migration 0035). */
static const struct store_rq_query hp_decisions = RQ_GROUPED(
	"d.municipality_id", "d.reasons_ok, d.reasons_failed, count(*)",
	"FROM visitation_decision d",
	"d.programme = 'home_pedagogue' AND d.decided_on >= ? AND d.decided_on <= ? AND " REPORT_REFERRAL_UNIT_SQL(
		"d.referral_id"),
	"d.reasons_ok, d.reasons_failed");

struct store_rq_rows *store_rq_hp_decisions(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &hp_decisions, 0, RQ_SCOPE_ARGS(s));
}

/* From the course's status history (enrolment_state, migration 0010, as
 * copied onto the course by migration 0030: state_<status>_on):
 * started = its start meeting was held in the period; active at the end =
 * started by then and not closed by then; planned at the end = planned
 * (its referral accepted) by then, neither started nor closed by then. */
static const struct store_rq_query hp_course_states = RQ_ONE_ROW(
	"e.municipality_id",
	"sum(CASE WHEN e.state_active_on >= ? AND e.state_active_on <= ? THEN 1 ELSE 0 END),"
	" sum(CASE WHEN e.state_active_on <= ? AND (e.state_closed_on IS NULL OR"
	" e.state_closed_on > ?) THEN 1 ELSE 0 END), sum(CASE WHEN e.state_planned_on <= ? AND"
	" (e.state_active_on IS NULL OR e.state_active_on > ?) AND (e.state_closed_on IS NULL"
	" OR e.state_closed_on > ?) THEN 1 ELSE 0 END)",
	"FROM enrolment e", "e.programme = 'home_pedagogue' AND " REPORT_UNIT_SQL("e.unit_id"));

struct store_rq_rows *store_rq_hp_course_states(struct store_conn *c,
						const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &hp_course_states, 7, STORE_TEXT(s->from), STORE_TEXT(s->to),
		       STORE_TEXT(s->to), STORE_TEXT(s->to), STORE_TEXT(s->to), STORE_TEXT(s->to),
		       STORE_TEXT(s->to), STORE_INT(s->municipality_id), RQ_UNIT_ARGS(s));
}

/* started = its start meeting was held on or before the closing day (the
 * others never started: the family left before): the course's active row
 * of enrolment_state, as copied onto it (state_active_on, migration 0030).
 * The minutes are those of every contact that took place on the course,
 * kept on its closure (held_minutes, migration 0035). */
static const struct store_rq_query hp_closed = RQ_ROWS(
	"cl.municipality_id",
	"e.start_on, cl.closed_on, cl.reason, cl.eval_parenting, cl.eval_learning_environment,"
	" cl.eval_child_development, cl.eval_daycare_cooperation, cl.eval_good_parent,"
	" cl.held_minutes, CASE WHEN e.state_active_on <= cl.closed_on THEN 1 ELSE 0 END",
	"FROM enrolment e JOIN closure cl ON cl.enrolment_id = e.id",
	"e.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ? AND " REPORT_UNIT_SQL(
		"e.unit_id"));

struct store_rq_rows *store_rq_hp_closed(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &hp_closed, 0, RQ_SCOPE_ARGS(s));
}

/* The goals of the courses closed in the period, by theme and attainment;
 * the course's programme is on its closure (migration 0035). */
static const struct store_rq_query hp_goals = RQ_GROUPED(
	"cl.municipality_id", "g.theme, COALESCE(g.attainment, ''), count(*)",
	"FROM goal g JOIN closure cl ON cl.enrolment_id = g.enrolment_id",
	"cl.programme = 'home_pedagogue' AND cl.closed_on >= ? AND cl.closed_on <= ? AND " REPORT_COURSE_UNIT_SQL(
		"cl.enrolment_id"),
	"g.theme, COALESCE(g.attainment, '')");

struct store_rq_rows *store_rq_hp_goals(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &hp_goals, 0, RQ_SCOPE_ARGS(s));
}
