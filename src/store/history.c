/*
 * history.c - writing the dated history of report states (see history.h).
 * The report builders read it with "the newest row on or before the
 * period's last day" (src/report/r_*.c).
 */
#include <string.h>

#include "rede/util.h"
#include "store/history.h"

/* The course's copy of its history (migration 0030): the column of each
 * status, read back from the history row just written or kept, so it is
 * that row's day whichever of the two won. */
static const struct {
	const char *status, *sql;
} course_dates[] = {
	{"planned", "UPDATE enrolment SET state_planned_on = (SELECT s.effective_on FROM "
		    "enrolment_state s WHERE s.enrolment_id = enrolment.id AND s.status = "
		    "'planned') WHERE id = ?"},
	{"active", "UPDATE enrolment SET state_active_on = (SELECT s.effective_on FROM "
		   "enrolment_state s WHERE s.enrolment_id = enrolment.id AND s.status = 'active') "
		   "WHERE id = ?"},
	{"closed", "UPDATE enrolment SET state_closed_on = (SELECT s.effective_on FROM "
		   "enrolment_state s WHERE s.enrolment_id = enrolment.id AND s.status = 'closed') "
		   "WHERE id = ?"},
};

enum rede_err store_enrolment_state_add(struct store_conn *c, int64_t enrolment_id,
					const char *status, const char *on)
{
	struct store_stmt *st;
	const char *copy = NULL;
	enum rede_err err;

	if (!on || !*on)
		return REDE_OK;
	for (size_t i = 0; i < sizeof(course_dates) / sizeof(course_dates[0]); i++)
		if (!strcmp(status, course_dates[i].status))
			copy = course_dates[i].sql;
	if (!copy)
		return REDE_E_INVALID; /* not a status of a course */
	st = store_prepare(c, "INSERT INTO enrolment_state (enrolment_id, status, effective_on, "
			      "recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT (enrolment_id, status) "
			      "DO NOTHING");
	store_bind_all(st, STORE_INT(enrolment_id), STORE_TEXT(status), STORE_TEXT(on),
		       STORE_INT(rede_now()));
	err = store_run(st);
	if (!err) {
		st = store_prepare(c, copy);
		store_bind_all(st, STORE_INT(enrolment_id));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_hv_offer_state_add(struct store_conn *c, int64_t offer_id, const char *status,
				       const char *on, const char *decline_reason)
{
	struct store_stmt *st;

	if (!on || !*on)
		return REDE_OK;
	st = store_prepare(c, "INSERT INTO hv_offer_state (offer_id, status, effective_on, "
			      "decline_reason, recorded_at) VALUES (?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_INT(offer_id), STORE_TEXT(status), STORE_TEXT(on),
		       STORE_TEXT0(decline_reason), STORE_INT(rede_now()));
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
	store_bind_all(st, STORE_INT(offer_id), STORE_TEXT(event), STORE_TEXT(on),
		       STORE_INT0(course_id), STORE_INT0(rating), STORE_INT(rede_now()));
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
	store_bind_all(st, STORE_INT(consent_id), STORE_TEXT(event), STORE_TEXT(on),
		       STORE_INT(rede_now()));
	return store_run(st);
}
