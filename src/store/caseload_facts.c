/*
 * caseload_facts.c - caseload_open kept on write (see caseload_facts.h).
 */
#include "store/caseload_facts.h"
#include "rede/core_programme.h"

enum rede_err store_caseload_open_refresh(struct store_conn *c, int64_t enrolment_id)
{
	struct store_stmt *st =
		store_prepare(c, "DELETE FROM caseload_open WHERE enrolment_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(enrolment_id));
	err = store_run(st);
	if (err)
		goto out;
	/* the same condition as migration 0028's fill */
	st = store_prepare(c, "INSERT INTO caseload_open (user_id, enrolment_id) "
			      "SELECT s.user_id, s.enrolment_id FROM enrolment_staff s "
			      "JOIN enrolment e ON e.id = s.enrolment_id WHERE e.id = ? AND "
			      "e.programme = ? AND e.status IN ('planned', 'active')");
	store_bind_all(st, STORE_INT(enrolment_id), STORE_TEXT(PROGRAMME_HOME_PEDAGOGUE));
	err = store_run(st);
out:
	return err;
}
