/*
 * referrals.c - referrals, risk factors and visitation decisions (see
 * referrals.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core_visitation.h"
#include "rede/util.h"
#include "store/referrals.h"

#define REFERRAL_COL(expr, kind, field) STORE_COL(expr, kind, struct referral_row, field)
static const struct store_col referral_cols[] = {
	REFERRAL_COL("r.id", STORE_COL_INT, id),
	REFERRAL_COL("r.municipality_id", STORE_COL_INT, municipality_id),
	REFERRAL_COL("r.family_id", STORE_COL_INT, family_id),
	REFERRAL_COL("r.child_id", STORE_COL_INT, child_id),
	REFERRAL_COL("r.programme", STORE_COL_TEXT, programme),
	REFERRAL_COL("r.source", STORE_COL_TEXT, source),
	REFERRAL_COL("r.channel", STORE_COL_STR, channel),
	REFERRAL_COL("r.reason", STORE_COL_STR, reason),
	REFERRAL_COL("r.topi", STORE_COL_TEXT, topi),
	REFERRAL_COL("r.section52", STORE_COL_BOOL, section52),
	REFERRAL_COL("r.referred_on", STORE_COL_TEXT, referred_on),
	REFERRAL_COL("r.referred_by", STORE_COL_INT, referred_by),
	REFERRAL_COL("r.status", STORE_COL_TEXT, status),
	REFERRAL_COL("r.version", STORE_COL_INT, version),
	REFERRAL_COL("(SELECT name FROM family WHERE id = r.family_id)", STORE_COL_STR,
		     family_name),
	REFERRAL_COL("(SELECT given_name || ' ' || family_name FROM person WHERE id = r.child_id)",
		     STORE_COL_STR, child_name),
	REFERRAL_COL("(SELECT id FROM enrolment WHERE referral_id = r.id)", STORE_COL_INT0,
		     enrolment_id),
};
#define NREFERRAL_COLS (sizeof(referral_cols) / sizeof(referral_cols[0]))

static void text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void referral_row_release(struct referral_row *r)
{
	free(r->channel);
	free(r->reason);
	free(r->family_name);
	free(r->child_name);
	memset(r, 0, sizeof(*r));
}

enum rede_err store_risk_factor_known(struct store_conn *c, int64_t municipality_id,
				      const char *code, bool *known)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM risk_factor WHERE code = ? AND active = 1 AND "
		   "(municipality_id = 0 OR municipality_id = ?)");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(code), STORE_INT(municipality_id));
	err = store_run_int(st, &n);
	*known = n > 0;
	return err;
}

/* A risk factor as the callback sees it: the statement's texts. */
struct risk_factor_read {
	const char *code, *kind, *label;
};
static const struct store_col risk_factor_cols[] = {
	STORE_COL("code", STORE_COL_CSTR, struct risk_factor_read, code),
	STORE_COL("kind", STORE_COL_CSTR, struct risk_factor_read, kind),
	STORE_COL("label", STORE_COL_CSTR, struct risk_factor_read, label),
};
#define NRISK_FACTOR_COLS (sizeof(risk_factor_cols) / sizeof(risk_factor_cols[0]))

enum rede_err store_risk_factor_each(struct store_conn *c, int64_t municipality_id,
				     int (*fn)(const char *code, const char *kind,
					       const char *label, void *arg),
				     void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, risk_factor_cols, NRISK_FACTOR_COLS,
		"FROM risk_factor WHERE active = 1 AND "
		"(municipality_id = 0 OR municipality_id = ?) ORDER BY kind DESC, code");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct risk_factor_read f;

		store_read_row(st, risk_factor_cols, NRISK_FACTOR_COLS, &f);
		if (fn(f.code, f.kind, f.label, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_referral_create(struct store_conn *c, struct referral_row *r)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO referral (municipality_id, family_id, child_id, programme, source, "
		"channel, reason, topi, section52, referred_on, referred_by, status, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->family_id),
		       STORE_INT(r->child_id), STORE_TEXT(r->programme), STORE_TEXT(r->source),
		       STORE_TEXT(r->channel && *r->channel ? r->channel : NULL),
		       STORE_TEXT(r->reason), STORE_TEXT(r->topi[0] ? r->topi : NULL),
		       STORE_INT(r->section52 ? 1 : 0), STORE_TEXT(r->referred_on),
		       STORE_INT(r->referred_by), STORE_INT(rede_now()));
	err = store_run_int(st, &r->id);
	for (int i = 0; !err && i < r->nrisks; i++) {
		st = store_prepare(c,
				   "INSERT INTO referral_risk (referral_id, code) VALUES (?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_TEXT(r->risks[i]));
		err = store_run(st);
	}
	text(r->status, sizeof(r->status), "pending");
	r->version = 1;
	return err;
}

static void referral_from_row(struct store_stmt *st, struct referral_row *r)
{
	referral_row_release(r);
	store_read_row(st, referral_cols, NREFERRAL_COLS, r);
}

/* A referral's risk and its factor's kind (the statement's texts). */
struct risk_read {
	int64_t referral_id;
	const char *code, *kind;
};
static const struct store_col risk_cols[] = {
	STORE_COL("rr.referral_id", STORE_COL_INT, struct risk_read, referral_id),
	STORE_COL("rr.code", STORE_COL_CSTR, struct risk_read, code),
	STORE_COL("f.kind", STORE_COL_CSTR, struct risk_read, kind),
};
#define NRISK_COLS (sizeof(risk_cols) / sizeof(risk_cols[0]))

/* The risks of rows[0 .. min(n, STORE_BATCH)) in one query (a list of 500
 * referrals: 8 statements, not 500), each factor the built-in or the
 * referral's municipality's own. */
static enum rede_err load_risks(struct store_conn *c, struct referral_row *rows, size_t n)
{
	struct store_stmt *st = store_prepare_select(
		c, risk_cols, NRISK_COLS,
		"FROM referral_risk rr JOIN referral x ON x.id = rr.referral_id "
		"JOIN risk_factor f ON f.code = rr.code AND (f.municipality_id = 0 OR "
		"f.municipality_id = x.municipality_id) WHERE rr.referral_id IN (" STORE_BATCH_PLACES
		") ORDER BY rr.referral_id, rr.code");
	int64_t ids[STORE_BATCH];
	size_t k = STORE_BATCH_IDS(ids, rows, n);
	enum rede_err err;

	for (size_t i = 0; i < k; i++)
		rows[i].nrisks = rows[i].parent_risks = rows[i].child_risks = 0;
	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		struct risk_read q;
		struct referral_row *r;
		long i;

		store_read_row(st, risk_cols, NRISK_COLS, &q);
		i = store_batch_find(ids, k, q.referral_id);
		if (i < 0)
			continue;
		r = &rows[i];
		if (r->nrisks < REFERRAL_MAX_RISKS)
			text(r->risks[r->nrisks++], sizeof(r->risks[0]), q.code);
		if (!strcmp(q.kind, "parent"))
			r->parent_risks++;
		else
			r->child_risks++;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_referral_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct referral_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, referral_cols, NREFERRAL_COLS,
				     "FROM referral r WHERE r.id = ? AND r.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		referral_from_row(st, out);
	store_finish(st);
	return err ? err : load_risks(c, out, 1);
}

enum rede_err store_referral_list(struct store_conn *c, const struct access_who *who,
				  const char *status,
				  int (*fn)(const struct referral_row *r, void *arg), void *arg)
{
	char *rest = xasprintf("FROM referral r JOIN family f ON f.id = r.family_id WHERE "
			       "r.municipality_id = ? AND %s AND (CAST(? AS TEXT) IS NULL OR "
			       "r.status = ?) ORDER BY r.id DESC LIMIT 500",
			       store_access_family_list_sql(who));
	struct store_stmt *st = store_prepare_select(c, referral_cols, NREFERRAL_COLS, rest);
	struct referral_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(who->municipality_id));
	store_bind_list(st, store_access_family_list_bind(st, 2, who),
			(const struct store_arg[]){STORE_TEXT(status), STORE_TEXT(status)}, 2);
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		referral_from_row(st, &rows[n++]);
	}
	store_finish(st);
	free(rest);
	if (err == REDE_DONE)
		err = REDE_OK;
	for (size_t i = 0; i < n && !err; i++) {
		if (i % STORE_BATCH == 0)
			err = load_risks(c, rows + i, n - i);
		if (!err && fn(&rows[i], arg))
			break;
	}
	for (size_t i = 0; i < n; i++)
		referral_row_release(&rows[i]);
	free(rows);
	return err;
}

enum rede_err store_referral_decide(struct store_conn *c, struct referral_row *r,
				    const char *outcome, const char *reason,
				    const char *other_intervention, const char *justification,
				    const char *assessment_json, const char *decided_on,
				    int64_t decided_by)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE referral SET status = ?, version = version + 1 WHERE id = ? AND "
		   "version = ?");
	enum rede_err err;
	int64_t id, ok, failed;

	store_bind_all(st, STORE_TEXT(outcome), STORE_INT(r->id), STORE_INT(r->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	store_visitation_reason_masks(assessment_json, &ok, &failed);
	st = store_prepare(
		c, "INSERT INTO visitation_decision (municipality_id, referral_id, "
		   "outcome, reason, other_intervention, section52_justification, "
		   "assessment, decided_on, decided_by, created_at, reasons_ok, "
		   "reasons_failed, programme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT "
		   "r.programme FROM referral r WHERE r.id = ?)) RETURNING id");
	store_bind_all(
		st, STORE_INT(r->municipality_id), STORE_INT(r->id), STORE_TEXT(outcome),
		STORE_TEXT(reason && *reason ? reason : NULL),
		STORE_TEXT(other_intervention && *other_intervention ? other_intervention : NULL),
		STORE_TEXT(justification && *justification ? justification : NULL),
		STORE_TEXT(assessment_json), STORE_TEXT(decided_on), STORE_INT(decided_by),
		STORE_INT(rede_now()), STORE_INT(ok), STORE_INT(failed), STORE_INT(r->id));
	err = store_run_int(st, &id);
	if (!err) {
		st = store_prepare(
			c,
			"UPDATE referral SET last_decided_on = (SELECT d.decided_on FROM "
			"visitation_decision d WHERE d.referral_id = referral.id ORDER BY "
			"d.decided_on DESC, d.id DESC LIMIT 1), last_outcome = (SELECT d.outcome "
			"FROM visitation_decision d WHERE d.referral_id = referral.id ORDER BY "
			"d.decided_on DESC, d.id DESC LIMIT 1) WHERE id = ?");
		store_bind_all(st, STORE_INT(r->id));
		err = store_run(st);
	}
	if (!err) {
		r->version++;
		text(r->status, sizeof(r->status), outcome);
	}
	return err;
}

json_t *store_visitation_assessment_json(const struct visitation_assessment *a)
{
	json_t *reasons = json_array();

	for (int i = 0; i < a->n; i++)
		json_array_append_new(reasons,
				      json_pack("{s:s, s:b, s:s}", "code", a->reasons[i].code, "ok",
						a->reasons[i].ok, "text", a->reasons[i].text));
	return json_pack("{s:b, s:o}", "in_target_group", a->in_target_group, "reasons", reasons);
}

void store_visitation_reason_masks(const char *assessment_json, int64_t *ok, int64_t *failed)
{
	json_t *a = assessment_json ? json_loads(assessment_json, 0, NULL) : NULL, *x;
	size_t i;

	*ok = *failed = 0;
	json_array_foreach(json_object_get(a, "reasons"), i, x)
	{
		const char *code = json_string_value(json_object_get(x, "code"));

		for (int k = 0; code && k < REASON__COUNT; k++)
			if (!strcmp(code, visitation_reason_codes[k])) {
				if (json_is_true(json_object_get(x, "ok")))
					*ok |= INT64_C(1) << k;
				else
					*failed |= INT64_C(1) << k;
			}
	}
	json_decref(a);
}

/* A decision's stored assessment (the statement's text). */
struct assessment_read {
	int64_t id;
	const char *assessment;
};
static const struct store_col assessment_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct assessment_read, id),
	STORE_COL("assessment", STORE_COL_CSTR, struct assessment_read, assessment),
};
#define NASSESSMENT_COLS (sizeof(assessment_cols) / sizeof(assessment_cols[0]))

enum rede_err store_visitation_backfill_masks(struct store_conn *c)
{
	struct store_stmt *st = store_prepare_select(c, assessment_cols, NASSESSMENT_COLS,
						     "FROM visitation_decision ORDER BY id");
	struct {
		int64_t id, ok, failed;
	} *rows = NULL;
	size_t n = 0, cap = 0;
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct assessment_read a;

		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		store_read_row(st, assessment_cols, NASSESSMENT_COLS, &a);
		rows[n].id = a.id;
		store_visitation_reason_masks(a.assessment, &rows[n].ok, &rows[n].failed);
		n++;
	}
	store_finish(st);
	if (err != REDE_DONE)
		goto done;
	err = REDE_OK;
	for (size_t i = 0; !err && i < n; i++) {
		st = store_prepare(c, "UPDATE visitation_decision SET reasons_ok = ?, "
				      "reasons_failed = ? WHERE id = ?");
		store_bind_all(st, STORE_INT(rows[i].ok), STORE_INT(rows[i].failed),
			       STORE_INT(rows[i].id));
		err = store_run(st);
	}
done:
	free(rows);
	return err;
}

/* A referral's family, child and status (the statement's text). */
struct basic_read {
	int64_t family_id, child_id;
	const char *status;
};
static const struct store_col basic_cols[] = {
	STORE_COL("family_id", STORE_COL_INT, struct basic_read, family_id),
	STORE_COL("child_id", STORE_COL_INT, struct basic_read, child_id),
	STORE_COL("status", STORE_COL_CSTR, struct basic_read, status),
};
#define NBASIC_COLS (sizeof(basic_cols) / sizeof(basic_cols[0]))

enum rede_err store_referral_get_basic(struct store_conn *c, int64_t municipality_id,
				       int64_t referral_id, int64_t *family_id, int64_t *child_id,
				       char status[32])
{
	struct store_stmt *st = store_prepare_select(
		c, basic_cols, NBASIC_COLS, "FROM referral WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(referral_id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err) {
		struct basic_read b;

		store_read_row(st, basic_cols, NBASIC_COLS, &b);
		*family_id = b.family_id;
		*child_id = b.child_id;
		text(status, 32, b.status);
	}
	store_finish(st);
	return err;
}
