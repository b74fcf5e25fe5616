/*
 * rq_visits.c - the queries of the report on the visits at 1½ and 3
 * years (src/report/r_visits.c): the period's offers as they stood at its
 * end, and the visits held in it.
 */
#include "store/report_sql.h"

/* The offer's status (and decline reason) as it stood at the period's end:
 * its latest state on or before that day, the later-recorded first on the
 * same day. No state by then reads ''.
 * One municipality (SQLite, and PostgreSQL for one): each is read by its
 * own probe of hv_offer_state_status, which holds both (migration 0033):
 * joining the state row by an id found in a subquery made PostgreSQL hash
 * every offer state ever recorded and run the subquery twice an offer.
 * Grouped (PostgreSQL only, rq_rows.c): one LATERAL probe gives both, half
 * the probes (docs/PERFORMANCE.md "The visits' offer state in one probe").
 * Its parameters are the one form's without the municipality, in the same
 * order: the period's end three times (the LATERAL's LEAST of two stands
 * for the one form's two probes), then the scope. */
#define VISIT_STATE_SQL(col)                                                                       \
	"COALESCE((SELECT hs." col " FROM hv_offer_state hs WHERE hs.offer_id = o.id AND"          \
	" hs.effective_on <= ? ORDER BY hs.effective_on DESC, hs.id DESC LIMIT 1), '')"
#define VISIT_OFFER_COLS                                                                           \
	"programme, status, visited, social_measures, criterion, decline_reason, month, within,"   \
	" outside, rating"
#define VISIT_OFFER_INNER(status, decline)                                                         \
	"o.programme AS programme, " status " AS status,"                                          \
	" CASE WHEN v.id IS NOT NULL AND v.visited_on <= ? THEN 1 ELSE 0 END AS visited,"          \
	" o.social_measures AS social_measures, o.criterion AS criterion, " decline                \
	" AS decline_reason,"                                                                      \
	" substr(o.offered_on, 1, 7) AS month,"                                                    \
	" COALESCE(v.referral_within, 0) AS within,"                                               \
	" COALESCE(v.referral_outside, 0) AS outside,"                                             \
	" COALESCE(v.parent_rating, -1) AS rating"
#define VISIT_OFFER_FROM "FROM hv_offer o LEFT JOIN hv_visit v ON v.offer_id = o.id"
#define VISIT_OFFER_WHERE                                                                          \
	"o.offered_on >= ? AND o.offered_on <= ? AND " REPORT_UNIT_SQL("o.unit_id")

static const struct store_rq_query visit_offers = {
	RQ_OVER_ONE_SQL(
		"o.municipality_id", VISIT_OFFER_COLS ", count(*)",
		VISIT_OFFER_INNER(VISIT_STATE_SQL("status"), VISIT_STATE_SQL("decline_reason")),
		VISIT_OFFER_FROM, VISIT_OFFER_WHERE, VISIT_OFFER_COLS),
	RQ_OVER_ALL_SQL(
		"o.municipality_id", VISIT_OFFER_COLS ", count(*)",
		VISIT_OFFER_INNER("COALESCE(hs.status, '')", "COALESCE(hs.decline_reason, '')"),
		VISIT_OFFER_FROM " LEFT JOIN LATERAL (SELECT s.status, s.decline_reason FROM"
				 " hv_offer_state s WHERE s.offer_id = o.id AND s.effective_on"
				 " <= LEAST(?, ?) ORDER BY s.effective_on DESC, s.id DESC"
				 " LIMIT 1) hs ON true",
		VISIT_OFFER_WHERE, VISIT_OFFER_COLS),
	false, true};

struct store_rq_rows *store_rq_visit_offers(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &visit_offers, 3, STORE_TEXT(s->to), STORE_TEXT(s->to),
		       STORE_TEXT(s->to), RQ_SCOPE_ARGS(s));
}

static const struct store_rq_query visits_held =
	RQ_GROUPED("v.municipality_id", "o.programme, substr(v.visited_on, 1, 7), count(*)",
		   "FROM hv_visit v JOIN hv_offer o ON o.id = v.offer_id",
		   "v.visited_on >= ? AND v.visited_on <= ? AND " REPORT_UNIT_SQL("o.unit_id"),
		   "o.programme, substr(v.visited_on, 1, 7)");

struct store_rq_rows *store_rq_visits_held(struct store_conn *c, const struct store_rq_scope *s)
{
	return RQ_OPEN(c, s, &visits_held, 0, RQ_SCOPE_ARGS(s));
}
