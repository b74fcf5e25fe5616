/*
 * record_times.c - the client time (recorded_at) of records made offline;
 * see record_times.h. One UPDATE per record kind, keyed as the kind's
 * table is.
 */
#include "store/record_times.h"

static enum rede_err set_by_id(struct store_conn *c, const char *sql, int64_t id, int64_t t)
{
	struct store_stmt *st = store_prepare(c, sql);

	store_bind_all(st, STORE_INT0(t), STORE_INT(id));
	return store_run(st);
}

enum rede_err store_rating_recorded_at(struct store_conn *c, int64_t rating_id, int64_t recorded_at)
{
	return set_by_id(c, "UPDATE goal_rating SET recorded_at = ? WHERE id = ?", rating_id,
			 recorded_at);
}

enum rede_err store_hv_visit_recorded_at(struct store_conn *c, int64_t visit_id,
					 int64_t recorded_at)
{
	return set_by_id(c, "UPDATE hv_visit SET recorded_at = ? WHERE id = ?", visit_id,
			 recorded_at);
}

enum rede_err store_cosp_attendance_recorded_at(struct store_conn *c, int64_t session_id,
						int64_t offer_id, int64_t recorded_at)
{
	struct store_stmt *st = store_prepare(
		c,
		"UPDATE cosp_attendance SET recorded_at = ? WHERE session_id = ? AND offer_id = ?");

	store_bind_all(st, STORE_INT0(recorded_at), STORE_INT(session_id), STORE_INT(offer_id));
	return store_run(st);
}

enum rede_err store_daycare_score_recorded_at(struct store_conn *c, int64_t goal_id,
					      const char *scored_on, int64_t recorded_at)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE daycare_score SET recorded_at = ? WHERE goal_id = ? AND scored_on = ?");

	store_bind_all(st, STORE_INT0(recorded_at), STORE_INT(goal_id), STORE_TEXT(scored_on));
	return store_run(st);
}
