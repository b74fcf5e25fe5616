/*
 * retention.c - retention schedules, legal holds and deleting a case's
 * personal data (see retention.h for what goes and what stays).
 */
#include <stdio.h>
#include <string.h>

#include "rede/util.h"
#include "store/retention.h"

/* ---- schedules ---- */

/* A rule as read; runs_from (the statement's) is parsed by the caller. */
struct rule_read {
	int64_t months;
	const char *runs_from;
};
static const struct store_col rule_cols[] = {
	STORE_COL("months", STORE_COL_INT, struct rule_read, months),
	STORE_COL("runs_from", STORE_COL_CSTR, struct rule_read, runs_from),
};

/* The rules in force: the default row with the municipality's own over it. */
static const struct store_col rule_row_cols[] = {
	STORE_COL("d.kind", STORE_COL_TEXT, struct retention_rule_row, kind),
	STORE_COL("d.programme", STORE_COL_TEXT, struct retention_rule_row, programme),
	STORE_COL("COALESCE(m.months, d.months)", STORE_COL_INT, struct retention_rule_row, months),
	STORE_COL("COALESCE(m.runs_from, d.runs_from)", STORE_COL_TEXT, struct retention_rule_row,
		  runs_from),
	STORE_COL("COALESCE(m.legal_basis, d.legal_basis)", STORE_COL_TEXT,
		  struct retention_rule_row, legal_basis),
	STORE_COL("CASE WHEN m.kind IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL,
		  struct retention_rule_row, own),
};

enum rede_err store_retention_rule(struct store_conn *c, int64_t municipality_id,
				   enum core_case_kind kind, const char *programme,
				   struct core_retention_rule *out)
{
	struct store_stmt *st = store_prepare_select(
		c, rule_cols, STORE_NCOLS(rule_cols),
		"FROM retention_rule WHERE kind = ? AND programme = ? "
		"AND (municipality_id = ? OR municipality_id = 0) ORDER BY municipality_id DESC "
		"LIMIT 1");
	struct rule_read r;
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(core_case_kind_names[kind]), STORE_TEXT(programme),
		       STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err) {
		store_read_row(st, rule_cols, STORE_NCOLS(rule_cols), &r);
		out->months = r.months;
		out->from = core_retention_event_parse(r.runs_from);
		if (out->from == RET_FROM__COUNT)
			out->from = RET_FROM_END;
	}
	store_finish(st);
	return err;
}

enum rede_err store_retention_rules_each(struct store_conn *c, int64_t municipality_id,
					 void (*fn)(void *arg, const struct retention_rule_row *r),
					 void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, rule_row_cols, STORE_NCOLS(rule_row_cols),
		"FROM retention_rule d LEFT JOIN retention_rule m ON m.municipality_id = ? "
		"AND m.kind = d.kind AND m.programme = d.programme AND m.municipality_id <> 0 "
		"WHERE d.municipality_id = 0 ORDER BY d.kind, d.programme");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct retention_rule_row r = {0};

		store_read_row(st, rule_row_cols, STORE_NCOLS(rule_row_cols), &r);
		fn(arg, &r);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_retention_rule_set(struct store_conn *c, int64_t municipality_id,
				       enum core_case_kind kind, const char *programme,
				       int64_t months, enum core_retention_event from,
				       const char *legal_basis)
{
	struct store_stmt *st;
	char basis[1024] = "";
	enum rede_err err;

	st = store_prepare(c, "SELECT legal_basis FROM retention_rule WHERE kind = ? AND "
			      "programme = ? AND (municipality_id = ? OR municipality_id = 0) "
			      "ORDER BY municipality_id DESC LIMIT 1");
	store_bind_all(st, STORE_TEXT(core_case_kind_names[kind]), STORE_TEXT(programme),
		       STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		store_col_copy(st, 0, basis, sizeof(basis));
	store_finish(st);
	if (err)
		return err;
	if (legal_basis)
		snprintf(basis, sizeof(basis), "%s", legal_basis);
	st = store_prepare(c, "DELETE FROM retention_rule WHERE municipality_id = ? AND kind = ? "
			      "AND programme = ?");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(core_case_kind_names[kind]),
		       STORE_TEXT(programme));
	err = store_run(st);
	if (err)
		return err;
	st = store_prepare(c,
			   "INSERT INTO retention_rule (municipality_id, kind, programme, months, "
			   "runs_from, legal_basis, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(core_case_kind_names[kind]),
		       STORE_TEXT(programme), STORE_INT(months),
		       STORE_TEXT(core_retention_event_names[from]), STORE_TEXT(basis),
		       STORE_INT(rede_now()));
	return store_run(st);
}

/* ---- deleting ---- */

enum rede_err store_retention_held(struct store_conn *c, int64_t family_id, bool *held)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT count(*) FROM legal_hold WHERE family_id = "
				 "? AND cleared_at IS NULL");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	err = store_run_int(st, &n);
	*held = n > 0;
	return err;
}

/* Run a list of statements each binding the one id (and none else). */
static enum rede_err run_all(struct store_conn *c, const char *const *sql, size_t n, int64_t id)
{
	enum rede_err err = REDE_OK;

	for (size_t i = 0; i < n && !err; i++) {
		struct store_stmt *st = store_prepare(c, sql[i]);

		store_bind_all(st, STORE_INT(id));
		err = store_run(st);
	}
	return err;
}

/* Mark the root row; NOTFOUND when it was marked already. */
static enum rede_err mark(struct store_conn *c, const char *sql, int64_t id, int64_t now)
{
	struct store_stmt *st = store_prepare(c, sql);
	enum rede_err err;

	store_bind_all(st, STORE_INT(now), STORE_INT(id));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_NOTFOUND;
	return err;
}

static enum rede_err erase_referral(struct store_conn *c, int64_t id, int64_t now)
{
	static const char *const sql[] = {
		"DELETE FROM referral_risk WHERE referral_id = ?",
		"UPDATE visitation_decision SET reason = NULL, other_intervention = NULL, "
		"section52_justification = NULL, assessment = '{}' WHERE referral_id = ?",
	};
	enum rede_err err = run_all(c, sql, sizeof(sql) / sizeof(sql[0]), id);

	return err ? err
		   : mark(c,
			  "UPDATE referral SET reason = '', topi = NULL, section52 = 0, "
			  "erased_at = ? WHERE id = ? AND erased_at IS NULL",
			  id, now);
}

static enum rede_err erase_course(struct store_conn *c, const struct store_case *k, int64_t now)
{
	static const char *const sql[] = {
		"DELETE FROM contact_goal WHERE contact_id IN (SELECT id FROM contact WHERE "
		"enrolment_id = ?)",
		"DELETE FROM contact WHERE enrolment_id = ?",
		"DELETE FROM goal_rating WHERE goal_id IN (SELECT id FROM goal WHERE enrolment_id = ?)",
		"UPDATE goal SET text = '' WHERE enrolment_id = ?",
		"UPDATE closure SET other_intervention = NULL, onward_referral = NULL WHERE "
		"enrolment_id = ?",
		/* COS-P */
		"DELETE FROM cosp_offer_acquaintance WHERE offer_id IN (SELECT id FROM cosp_offer "
		"WHERE enrolment_id = ?)",
		"UPDATE cosp_offer SET decline_reason = NULL, placement_note = NULL, "
		"dropout_reason = NULL WHERE enrolment_id = ?",
		/* family groups */
		"UPDATE family_group_member SET left_reason = NULL WHERE enrolment_id = ?",
		"UPDATE family_group_goal SET text = '' WHERE member_id IN (SELECT id FROM "
		"family_group_member WHERE enrolment_id = ?)",
		"UPDATE daycare_score SET did = NULL WHERE goal_id IN (SELECT g.id FROM "
		"family_group_goal g JOIN family_group_member m ON m.id = g.member_id WHERE "
		"m.enrolment_id = ?)",
		"UPDATE status_meeting SET note = NULL WHERE member_id IN (SELECT id FROM "
		"family_group_member WHERE enrolment_id = ?)",
		/* faglig sparring: the note on the discussed course (the session stays) */
		"UPDATE sparring_case SET note = NULL WHERE enrolment_id = ?",
	};
	enum rede_err err = run_all(c, sql, sizeof(sql) / sizeof(sql[0]), k->id);

	if (!err)
		err = mark(
			c,
			"UPDATE enrolment SET extension_reason = NULL, erased_at = ? WHERE id = ? "
			"AND erased_at IS NULL",
			k->id, now);
	if (!err && k->referral_id) {
		err = erase_referral(c, k->referral_id, now);
		if (err == REDE_E_NOTFOUND)
			err = REDE_OK;
	}
	return err;
}

static enum rede_err erase_offer(struct store_conn *c, int64_t id, int64_t now)
{
	static const char *const sql[] = {
		"DELETE FROM hv_offer_attempt WHERE offer_id = ?",
		"UPDATE hv_visit SET topic_other = NULL, referral_within_to = NULL, "
		"referral_outside_to = NULL, note = NULL WHERE offer_id = ?",
	};
	enum rede_err err = run_all(c, sql, sizeof(sql) / sizeof(sql[0]), id);

	return err ? err
		   : mark(c,
			  "UPDATE hv_offer SET decline_text = NULL, erased_at = ? WHERE id = ? "
			  "AND erased_at IS NULL",
			  id, now);
}

static enum rede_err erase_handover(struct store_conn *c, int64_t id, int64_t now)
{
	static const char *const sql[] = {"DELETE FROM handover_item WHERE handover_id = ?"};
	enum rede_err err = run_all(c, sql, 1, id);

	return err ? err
		   : mark(c, "UPDATE handover SET erased_at = ? WHERE id = ? AND erased_at IS NULL",
			  id, now);
}

/* Cases of the family not yet erased (any kind). */
static enum rede_err family_open_cases(struct store_conn *c, int64_t family_id, int64_t *n)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT (SELECT count(*) FROM enrolment WHERE family_id = ? AND erased_at IS NULL) + "
		"(SELECT count(*) FROM referral r WHERE r.family_id = ? AND r.erased_at IS NULL AND "
		" NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.referral_id = r.id)) + "
		"(SELECT count(*) FROM hv_offer WHERE family_id = ? AND erased_at IS NULL) + "
		"(SELECT count(*) FROM handover WHERE family_id = ? AND erased_at IS NULL)");

	store_bind_all(st, STORE_INT(family_id), STORE_INT(family_id), STORE_INT(family_id),
		       STORE_INT(family_id));
	return store_run_int(st, n);
}

static enum rede_err erase_family(struct store_conn *c, int64_t id, int64_t now)
{
	static const char *const sql[] = {
		"DELETE FROM search_word WHERE family_id = ?",
		"DELETE FROM hv_criterion WHERE family_id = ?",
		"DELETE FROM cosp_offer_acquaintance WHERE family_id = ?",
		"UPDATE person SET given_name = '', family_name = '', search_key = '', cpr_box = NULL, "
		"cpr_hash = NULL, birth_date = NULL, expected_birth_date = NULL, phone = NULL, "
		"relation = NULL, lives_with_child = NULL, language = NULL, interpreter_needed = 0, "
		"version = version + 1 WHERE family_id = ?",
	};
	int64_t open = 0;
	enum rede_err err = family_open_cases(c, id, &open);

	if (err)
		return err;
	if (open)
		return REDE_E_CONFLICT;
	err = run_all(c, sql, sizeof(sql) / sizeof(sql[0]), id);
	return err ? err
		   : mark(c,
			  "UPDATE family SET name = '', search_key = '', deleted_at = ?, "
			  "version = version + 1 WHERE id = ? AND deleted_at IS NULL",
			  id, now);
}

enum rede_err store_retention_erase(struct store_conn *c, const struct store_case *k, int64_t now)
{
	switch (k->kind) {
	case CASE_COURSE: return erase_course(c, k, now);
	case CASE_REFERRAL: return erase_referral(c, k->id, now);
	case CASE_HEALTH_VISIT: return erase_offer(c, k->id, now);
	case CASE_HANDOVER: return erase_handover(c, k->id, now);
	case CASE_FAMILY: return erase_family(c, k->id, now);
	default: return REDE_E_STORE;
	}
}

enum rede_err store_retention_purge_idempotency(struct store_conn *c, int64_t before, int64_t *n)
{
	struct store_stmt *st = store_prepare(c, "DELETE FROM idempotency WHERE created_at < ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(before));
	err = store_run(st);
	*n = err ? 0 : store_changes(c);
	return err;
}

enum rede_err store_retention_run_add(struct store_conn *c, int64_t municipality_id,
				      const char *ran_on, const char *covered_through,
				      const char *counts, const char *by, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO retention_run (municipality_id, ran_on, covered_through, counts, "
		   "ran_at, ran_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(ran_on),
		       STORE_TEXT0(covered_through), STORE_TEXT(counts), STORE_INT(rede_now()),
		       STORE_TEXT(by));
	return store_run_int(st, id);
}

/* ---- legal holds ---- */

static const struct store_col hold_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct legal_hold_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct legal_hold_row, municipality_id),
	STORE_COL("family_id", STORE_COL_INT, struct legal_hold_row, family_id),
	STORE_COL("reason", STORE_COL_TEXT, struct legal_hold_row, reason),
	STORE_COL("set_at", STORE_COL_INT, struct legal_hold_row, set_at),
	STORE_COL("set_by", STORE_COL_TEXT, struct legal_hold_row, set_by),
	STORE_COL("cleared_at", STORE_COL_INT0, struct legal_hold_row, cleared_at),
	STORE_COL("cleared_by", STORE_COL_TEXT, struct legal_hold_row, cleared_by),
	STORE_COL("clear_reason", STORE_COL_TEXT, struct legal_hold_row, clear_reason),
};

static void hold_from_row(struct store_stmt *st, struct legal_hold_row *h)
{
	memset(h, 0, sizeof(*h));
	store_read_row(st, hold_cols, STORE_NCOLS(hold_cols), h);
}

static enum rede_err hold_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			      struct legal_hold_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, hold_cols, STORE_NCOLS(hold_cols),
				     "FROM legal_hold WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		hold_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_legal_hold_set(struct store_conn *c, int64_t municipality_id, int64_t family_id,
				   const char *reason, const char *by, struct legal_hold_row *out)
{
	struct store_stmt *st;
	int64_t n = 0, id = 0;
	bool held;
	enum rede_err err;

	st = store_prepare(c,
			   "SELECT count(*) FROM family WHERE id = ? AND municipality_id = ? AND "
			   "deleted_at IS NULL");
	store_bind_all(st, STORE_INT(family_id), STORE_INT(municipality_id));
	err = store_run_int(st, &n);
	if (err)
		return err;
	if (!n)
		return REDE_E_NOTFOUND;
	err = store_retention_held(c, family_id, &held);
	if (err)
		return err;
	if (held)
		return REDE_E_CONFLICT;
	st = store_prepare(c, "INSERT INTO legal_hold (municipality_id, family_id, reason, set_at, "
			      "set_by) VALUES (?, ?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(family_id), STORE_TEXT(reason),
		       STORE_INT(rede_now()), STORE_TEXT(by));
	err = store_run_int(st, &id);
	return err ? err : hold_get(c, municipality_id, id, out);
}

enum rede_err store_legal_hold_clear(struct store_conn *c, int64_t municipality_id, int64_t id,
				     const char *reason, const char *by, struct legal_hold_row *out)
{
	struct store_stmt *st;
	enum rede_err err = hold_get(c, municipality_id, id, out);

	if (err)
		return err;
	if (out->cleared_at)
		return REDE_E_CONFLICT;
	st = store_prepare(c,
			   "UPDATE legal_hold SET cleared_at = ?, cleared_by = ?, clear_reason = "
			   "? WHERE id = ? AND cleared_at IS NULL");
	store_bind_all(st, STORE_INT(rede_now()), STORE_TEXT(by), STORE_TEXT(reason),
		       STORE_INT(id));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_CONFLICT;
	return err ? err : hold_get(c, municipality_id, id, out);
}

enum rede_err store_legal_holds_each(struct store_conn *c, int64_t municipality_id,
				     int64_t family_id,
				     void (*fn)(void *arg, const struct legal_hold_row *h),
				     void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, hold_cols, STORE_NCOLS(hold_cols),
				     "FROM legal_hold WHERE municipality_id = ? AND "
				     "(? = 0 OR family_id = ?) ORDER BY id DESC");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(family_id), STORE_INT(family_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct legal_hold_row h;

		hold_from_row(st, &h);
		fn(arg, &h);
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}
