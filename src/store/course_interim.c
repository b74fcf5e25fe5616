/*
 * course_interim.c - INTERIM weak definitions of the two families/referrals
 * store functions the course code calls (declared in store/enrolments.h
 * until store/families.h and store/referrals.h exist). They are weak, so
 * the real ones in families.c / referrals.c replace them at link time
 * without a clash; delete this file once those have landed.
 */
#include <stdio.h>

#include "store/enrolments.h"

__attribute__((weak)) enum rede_err store_consent_active(struct store_conn *c, int64_t family_id,
							 const char *purpose,
							 const char *on_date, bool *active)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM consent WHERE family_id = ? AND purpose = ? AND "
		   "given_on <= ? AND (withdrawn_on IS NULL OR withdrawn_on > ?)");
	int64_t n = 0;
	enum rede_err err;

	store_bind_int(st, 1, family_id);
	store_bind_text(st, 2, purpose);
	store_bind_text(st, 3, on_date);
	store_bind_text(st, 4, on_date);
	err = store_run_int(st, &n);
	*active = n > 0;
	return err;
}

__attribute__((weak)) enum rede_err store_referral_get_basic(struct store_conn *c,
							     int64_t municipality_id,
							     int64_t referral_id,
							     int64_t *family_id,
							     int64_t *child_id, char status[32])
{
	struct store_stmt *st = store_prepare(
		c, "SELECT family_id, child_id, status FROM referral WHERE id = ? AND "
		   "municipality_id = ?");
	enum rede_err err;

	store_bind_int(st, 1, referral_id);
	store_bind_int(st, 2, municipality_id);
	err = store_step(st);
	if (err == REDE_ROW) {
		*family_id = store_col_int(st, 0);
		*child_id = store_col_int(st, 1);
		snprintf(status, 32, "%s", store_col_text(st, 2));
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_NOTFOUND;
	}
	store_finish(st);
	return err;
}
