/*
 * rq_visits.c - the queries of the report on the visits at 1½ and 3
 * years (src/report/r_visits.c): the period's offers as they stood at its
 * end, and the visits held in it.
 */
#include "store/report_sql.h"

struct store_stmt *store_rq_visit_offers(struct store_conn *c, const struct store_rq_scope *s)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT programme, status, visited, social_measures, criterion, "
		"decline_reason, month, within, outside, rating, count(*) FROM ("
		" SELECT o.programme AS programme, COALESCE(h.status, '') AS status,"
		"  CASE WHEN v.id IS NOT NULL AND v.visited_on <= ? THEN 1 ELSE 0 END AS visited,"
		"  o.social_measures AS social_measures, o.criterion AS criterion,"
		"  COALESCE(h.decline_reason, '') AS decline_reason,"
		"  substr(o.offered_on, 1, 7) AS month,"
		"  COALESCE(v.referral_within, 0) AS within,"
		"  COALESCE(v.referral_outside, 0) AS outside,"
		"  COALESCE(v.parent_rating, -1) AS rating"
		" FROM hv_offer o LEFT JOIN hv_visit v ON v.offer_id = o.id"
		" LEFT JOIN hv_offer_state h ON h.id = (SELECT hs.id FROM hv_offer_state hs"
		"  WHERE hs.offer_id = o.id AND hs.effective_on <= ?"
		"  ORDER BY hs.effective_on DESC, hs.id DESC LIMIT 1)"
		" WHERE o.municipality_id = ? AND o.offered_on >= ? AND o.offered_on <= ? "
		"AND " REPORT_UNIT_SQL(
			"o.unit_id") ") x GROUP BY programme, status, visited, "
				     "social_measures, criterion, decline_reason, month, within, "
				     "outside, rating");

	store_rq_bind_scope(st, store_bind_all(st, STORE_TEXT(s->to), STORE_TEXT(s->to)), s);
	return st;
}

struct store_stmt *store_rq_visits_held(struct store_conn *c, const struct store_rq_scope *s)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT o.programme, substr(v.visited_on, 1, 7), count(*) FROM hv_visit v "
		   "JOIN hv_offer o ON o.id = v.offer_id WHERE v.municipality_id = ? AND "
		   "v.visited_on >= ? AND v.visited_on <= ? AND " REPORT_UNIT_SQL(
			   "o.unit_id") " GROUP BY o.programme, substr(v.visited_on, 1, 7)");

	store_rq_bind_scope(st, 1, s);
	return st;
}
