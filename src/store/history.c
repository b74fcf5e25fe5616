/*
 * history.c - writing the dated history of report states (see history.h).
 * The report builders read it with "the newest row on or before the
 * period's last day" (src/report/r_*.c).
 */
#include "store/history.h"
#include "rede/util.h"

enum rede_err store_enrolment_state_add(struct store_conn *c, int64_t enrolment_id,
					const char *status, const char *on)
{
	struct store_stmt *st;

	if (!on || !*on)
		return REDE_OK;
	st = store_prepare(c, "INSERT INTO enrolment_state (enrolment_id, status, effective_on, "
			      "recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (enrolment_id, status) "
			      "DO NOTHING");
	store_bind_int(st, 1, enrolment_id);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, on);
	store_bind_int(st, 4, rede_now());
	return store_run(st);
}

enum rede_err store_hv_offer_state_add(struct store_conn *c, int64_t offer_id, const char *status,
				       const char *on, const char *decline_reason)
{
	struct store_stmt *st;

	if (!on || !*on)
		return REDE_OK;
	st = store_prepare(c, "INSERT INTO hv_offer_state (offer_id, status, effective_on, "
			      "decline_reason, recorded_at) VALUES (?, ?, ?, ?, ?)");
	store_bind_int(st, 1, offer_id);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, on);
	store_bind_text0(st, 4, decline_reason);
	store_bind_int(st, 5, rede_now());
	return store_run(st);
}

enum rede_err store_cosp_offer_state_add(struct store_conn *c, int64_t offer_id, const char *event,
					 const char *on, int64_t course_id, int64_t rating)
{
	struct store_stmt *st;

	if (!on || !*on)
		return REDE_OK;
	st = store_prepare(c, "INSERT INTO cosp_offer_state (offer_id, event, effective_on, "
			      "course_id, rating, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
	store_bind_int(st, 1, offer_id);
	store_bind_text(st, 2, event);
	store_bind_text(st, 3, on);
	store_bind_int0(st, 4, course_id);
	if (rating)
		store_bind_int(st, 5, rating);
	else
		store_bind_null(st, 5);
	store_bind_int(st, 6, rede_now());
	return store_run(st);
}

enum rede_err store_consent_state_add(struct store_conn *c, int64_t consent_id, const char *event,
				      const char *on)
{
	struct store_stmt *st;

	if (!on || !*on)
		return REDE_OK;
	st = store_prepare(c, "INSERT INTO consent_state (consent_id, event, effective_on, "
			      "recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (consent_id, event) DO "
			      "NOTHING");
	store_bind_int(st, 1, consent_id);
	store_bind_text(st, 2, event);
	store_bind_text(st, 3, on);
	store_bind_int(st, 4, rede_now());
	return store_run(st);
}
