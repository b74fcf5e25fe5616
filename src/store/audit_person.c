/*
 * audit_person.c - the audit entries about a person (audit_person.h).
 */
#include "store/audit_person.h"

#define ACCESS_COL(expr, field) STORE_COL(expr, STORE_COL_CSTR, struct audit_person_access, field)
/* An access as the callback sees it: the statement's texts, valid until
 * the next step (a NULL purpose becomes "" after the read). */
static const struct store_col access_cols[] = {
	ACCESS_COL("a.at", at),
	ACCESS_COL("a.action", action),
	ACCESS_COL("a.purpose", purpose),
	ACCESS_COL("a.outcome", outcome),
};
#define NACCESS_COLS (sizeof(access_cols) / sizeof(access_cols[0]))

/* Every audit entry about the person or their family's case. Entity ids
 * are stored as text; the joins compare them as text on both backends.
 * Every placeholder is the CPR lookup hash. */
static const char person_rest[] =
	"FROM audit_log a WHERE "
	"(a.entity = 'person' AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM person WHERE "
	"  family_id IN (SELECT family_id FROM person WHERE cpr_hash = ?) AND "
	"  (cpr_hash = ? OR kind = 'child'))) "
	"OR (a.entity = 'family' AND a.entity_id IN (SELECT CAST(family_id AS TEXT) FROM person "
	"  WHERE cpr_hash = ?)) "
	"OR (a.entity = 'referral' AND a.entity_id IN (SELECT CAST(r.id AS TEXT) FROM referral r "
	"  JOIN person p ON p.family_id = r.family_id WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'enrolment' AND a.entity_id IN (SELECT CAST(e.id AS TEXT) FROM enrolment e "
	"  JOIN person p ON p.family_id = e.family_id WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'goal' AND a.entity_id IN (SELECT CAST(g.id AS TEXT) FROM goal g "
	"  JOIN enrolment e ON e.id = g.enrolment_id JOIN person p ON p.family_id = e.family_id "
	"  WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'contact' AND a.entity_id IN (SELECT CAST(k.id AS TEXT) FROM contact k "
	"  JOIN enrolment e ON e.id = k.enrolment_id JOIN person p ON p.family_id = e.family_id "
	"  WHERE p.cpr_hash = ?)) "
	"ORDER BY a.id";

enum rede_err store_audit_person_find(struct store_conn *c, const char *cpr_hash,
				      int64_t *person_id)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT id FROM person WHERE cpr_hash = ? ORDER BY id");

	store_bind_all(st, STORE_TEXT(cpr_hash));
	return store_run_int(st, person_id);
}

enum rede_err store_audit_person_each(struct store_conn *c, const char *cpr_hash,
				      int (*fn)(const struct audit_person_access *a, void *arg),
				      void *arg)
{
	struct store_stmt *st = store_prepare_select(c, access_cols, NACCESS_COLS, person_rest);
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(cpr_hash), STORE_TEXT(cpr_hash), STORE_TEXT(cpr_hash),
		       STORE_TEXT(cpr_hash), STORE_TEXT(cpr_hash), STORE_TEXT(cpr_hash),
		       STORE_TEXT(cpr_hash));
	while ((err = store_step(st)) == REDE_ROW) {
		struct audit_person_access a;

		store_read_row(st, access_cols, NACCESS_COLS, &a);
		if (!a.purpose)
			a.purpose = "";

		if (fn(&a, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}
