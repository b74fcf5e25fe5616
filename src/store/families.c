/*
 * families.c - families, persons and consents (see families.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/families.h"
#include "store/history.h"
#include "store/search.h"

static const struct store_col family_cols[] = {
	STORE_COL("f.id", STORE_COL_INT, struct family_row, id),
	STORE_COL("f.municipality_id", STORE_COL_INT, struct family_row, municipality_id),
	STORE_COL("f.name", STORE_COL_STR, struct family_row, name),
	STORE_COL("f.version", STORE_COL_INT, struct family_row, version),
};

/* A person as read: lives_with_child is an int in the row, read here as
 * int64 (-1 for NULL) and narrowed by person_from_row. */
struct person_read {
	struct person_row p;
	int64_t lives_with_child;
};
static const struct store_col person_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct person_read, p.id),
	STORE_COL("family_id", STORE_COL_INT, struct person_read, p.family_id),
	STORE_COL("kind", STORE_COL_TEXT, struct person_read, p.kind),
	STORE_COL("given_name", STORE_COL_STR, struct person_read, p.given_name),
	STORE_COL("family_name", STORE_COL_STR, struct person_read, p.family_name),
	STORE_COL("cpr_box", STORE_COL_STR, struct person_read, p.cpr_box),
	STORE_COL("cpr_hash", STORE_COL_STR, struct person_read, p.cpr_hash),
	STORE_COL("birth_date", STORE_COL_TEXT, struct person_read, p.birth_date),
	STORE_COL("expected_birth_date", STORE_COL_TEXT, struct person_read, p.expected_birth_date),
	STORE_COL("phone", STORE_COL_STR, struct person_read, p.phone),
	STORE_COL("relation", STORE_COL_TEXT, struct person_read, p.relation),
	STORE_COL("lives_with_child", STORE_COL_INTM1, struct person_read, lives_with_child),
	STORE_COL("language", STORE_COL_STR, struct person_read, p.language),
	STORE_COL("interpreter_needed", STORE_COL_BOOL, struct person_read, p.interpreter_needed),
	STORE_COL("version", STORE_COL_INT, struct person_read, p.version),
};

static const struct store_col consent_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct consent_row, id),
	STORE_COL("family_id", STORE_COL_INT, struct consent_row, family_id),
	STORE_COL("purpose", STORE_COL_TEXT, struct consent_row, purpose),
	STORE_COL("guardian_id", STORE_COL_INT, struct consent_row, guardian_id),
	STORE_COL("given_on", STORE_COL_TEXT, struct consent_row, given_on),
	STORE_COL("withdrawn_on", STORE_COL_TEXT, struct consent_row, withdrawn_on),
	STORE_COL("version", STORE_COL_INT, struct consent_row, version),
};

static void text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void family_row_release(struct family_row *f)
{
	free(f->name);
	memset(f, 0, sizeof(*f));
}

void person_row_release(struct person_row *p)
{
	free(p->given_name);
	free(p->family_name);
	free(p->cpr_box);
	free(p->cpr_hash);
	free(p->phone);
	free(p->language);
	memset(p, 0, sizeof(*p));
}

enum rede_err store_family_create(struct store_conn *c, int64_t municipality_id, const char *name,
				  const char *search_key, int64_t created_by, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO family (municipality_id, name, search_key, created_at, created_by) "
		   "VALUES (?, ?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(name), STORE_TEXT(search_key),
		       STORE_INT(rede_now()), STORE_INT(created_by));
	enum rede_err err = store_run_int(st, id);

	if (!err)
		err = store_search_words_set(c, municipality_id, *id, 0, search_key, false);
	return err;
}

static void family_from_row(struct store_stmt *st, struct family_row *f)
{
	family_row_release(f);
	store_read_row(st, family_cols, STORE_NCOLS(family_cols), f);
}

enum rede_err store_family_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct family_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, family_cols, STORE_NCOLS(family_cols),
				     "FROM family f WHERE f.id = ? AND f.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		family_from_row(st, out);
	store_finish(st);
	return err;
}

static const struct store_col referral_case_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct family_case_row, id),
	STORE_COL("programme", STORE_COL_TEXT, struct family_case_row, programme),
	STORE_COL("status", STORE_COL_TEXT, struct family_case_row, status),
	STORE_COL("referred_on", STORE_COL_TEXT, struct family_case_row, referred_on),
};
static const struct store_col enrolment_case_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct family_case_row, id),
	STORE_COL("programme", STORE_COL_TEXT, struct family_case_row, programme),
	STORE_COL("status", STORE_COL_TEXT, struct family_case_row, status),
	STORE_COL("start_on", STORE_COL_TEXT, struct family_case_row, start_on),
	STORE_COL("planned_end_on", STORE_COL_TEXT, struct family_case_row, planned_end_on),
	STORE_COL("closed_on", STORE_COL_TEXT, struct family_case_row, closed_on),
};

static enum rede_err each_case(struct store_conn *c, const struct store_col *cols, size_t n,
			       const char *rest, int64_t family_id,
			       int (*fn)(const struct family_case_row *r, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare_select(c, cols, n, rest);
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct family_case_row r = {0};

		store_read_row(st, cols, n, &r);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_family_referrals(struct store_conn *c, int64_t family_id,
				     int (*fn)(const struct family_case_row *r, void *arg),
				     void *arg)
{
	return each_case(c, referral_case_cols,
			 sizeof(referral_case_cols) / sizeof(referral_case_cols[0]),
			 "FROM referral WHERE family_id = ? ORDER BY id", family_id, fn, arg);
}

enum rede_err store_family_enrolments(struct store_conn *c, int64_t family_id,
				      int (*fn)(const struct family_case_row *r, void *arg),
				      void *arg)
{
	return each_case(c, enrolment_case_cols,
			 sizeof(enrolment_case_cols) / sizeof(enrolment_case_cols[0]),
			 "FROM enrolment WHERE family_id = ? ORDER BY id", family_id, fn, arg);
}

enum rede_err store_family_child(struct store_conn *c, int64_t family_id, int64_t *child_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT id FROM person WHERE family_id = ? AND kind = 'child' ORDER BY id");

	store_bind_all(st, STORE_INT(family_id));
	return store_run_int(st, child_id);
}

enum rede_err store_person_cpr_hash_each(struct store_conn *c, int64_t municipality_id,
					 int (*fn)(const char *cpr_hash, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare(c, "SELECT cpr_hash FROM person WHERE "
						 "municipality_id = ? AND cpr_hash IS NOT NULL");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id));
	while ((err = store_step(st)) == REDE_ROW)
		if (fn(store_col_text(st, 0), arg))
			break;
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* A caller with few families (a home pedagogue, a health visitor): those
 * families drive the query (CROSS JOIN keeps SQLite to that order), each
 * checked for every word's prefix among its own words - a subquery with
 * LIMIT on (family_id, word), so neither backend hashes or scans every
 * word of the municipality with the prefix (issue 22 goal 3). */
static struct store_stmt *search_narrow(struct store_conn *c, const struct access_who *who,
					const char **words, char (*upper)[512], size_t used,
					int *idx)
{
	char *sel = store_select_sql(family_cols, STORE_NCOLS(family_cols), "FROM");
	struct store_stmt *st;
	struct buf sql;

	buf_init(&sql, 0);
	buf_printf(&sql,
		   "%s (%s) h CROSS JOIN family f WHERE f.id = h.id AND f.municipality_id = ? "
		   "AND f.deleted_at IS NULL",
		   sel, store_access_family_narrow_sql());
	free(sel);
	for (size_t i = 0; i < used; i++)
		buf_adds(&sql, " AND (SELECT 1 FROM search_word w WHERE w.family_id = f.id AND "
			       "w.word >= ? AND w.word < ? LIMIT 1) IS NOT NULL");
	buf_adds(&sql, " ORDER BY f.id DESC LIMIT ?");
	st = store_prepare(c, sql.data);
	buf_release(&sql);
	*idx = store_access_family_narrow_bind(st, 1, who);
	*idx = store_bind_list(st, *idx,
			       (const struct store_arg[]){STORE_INT(who->municipality_id)}, 1);
	for (size_t i = 0; i < used; i++) /* one pair per search word */
		*idx = store_bind_list(
			st, *idx,
			(const struct store_arg[]){STORE_TEXT(words[i]), STORE_TEXT(upper[i])}, 2);
	return st;
}

/* Anyone else: the first word's range drives the query (CROSS JOIN keeps
 * SQLite from scanning every family of the municipality by the access
 * filter's municipality_id instead); each further word narrows it, and the
 * access rule is a set gathered once, not run per hit. */
static struct store_stmt *search_wide(struct store_conn *c, const struct access_who *who,
				      const char **words, char (*upper)[512], size_t used, int *idx)
{
	char *sel =
		store_select_sql(family_cols, STORE_NCOLS(family_cols), "FROM (SELECT DISTINCT ");
	struct store_stmt *st;
	struct buf sql;

	buf_init(&sql, 0);
	buf_adds(&sql, sel);
	free(sel);
	buf_adds(&sql, "w.family_id AS id FROM search_word w WHERE w.municipality_id = ? AND "
		       "w.word >= ? AND w.word < ?");
	for (size_t i = 1; i < used; i++)
		buf_adds(&sql, " AND w.family_id IN (SELECT v.family_id FROM search_word v WHERE "
			       "v.municipality_id = ? AND v.word >= ? AND v.word < ?)");
	buf_printf(&sql,
		   ") h CROSS JOIN family f WHERE f.id = h.id AND %s ORDER BY f.id DESC "
		   "LIMIT ?",
		   store_access_family_set_sql());
	st = store_prepare(c, sql.data);
	buf_release(&sql);
	*idx = 1;
	for (size_t i = 0; i < used; i++) /* one triple per search word */
		*idx = store_bind_list(st, *idx,
				       (const struct store_arg[]){STORE_INT(who->municipality_id),
								  STORE_TEXT(words[i]),
								  STORE_TEXT(upper[i])},
				       3);
	*idx = store_access_family_filter_bind(st, *idx, who);
	return st;
}

/* Through the word index of search.c (search_word rows). */
enum rede_err store_family_search(struct store_conn *c, const struct access_who *who,
				  const char *key, int limit,
				  int (*fn)(const struct family_row *f, void *arg), void *arg)
{
	const char *words[SEARCH_QUERY_WORDS];
	char upper[SEARCH_QUERY_WORDS][512];
	char *k = xstrdup(key ? key : "");
	size_t n = search_split(k, words, SEARCH_QUERY_WORDS), used = 0;
	struct family_row f = {0};
	struct store_stmt *st = NULL;
	enum rede_err err = REDE_OK;
	int idx;

	for (size_t i = 0; i < n; i++) {
		/* no upper bound (a word ending in U+10FFFF): it matches nothing real */
		if (!search_prefix_upper(words[i], upper[used], sizeof(upper[used])))
			goto done;
		words[used++] = words[i];
	}
	if (!used)
		goto done;
	/* planned for these words: the prepared search's generic plan, which
	 * PostgreSQL keeps from the sixth search on a connection, took 26-95 ms
	 * where a plan for the prefix takes 3-8 ms (docs/PERFORMANCE.md "A
	 * report's plans for its own period") */
	err = store_tx_custom_plans(c);
	if (err)
		goto done;
	st = store_access_family_is_narrow(who) ? search_narrow(c, who, words, upper, used, &idx)
						: search_wide(c, who, words, upper, used, &idx);
	store_bind_list(st, idx, (const struct store_arg[]){STORE_INT(limit)}, 1);
	while ((err = store_step(st)) == REDE_ROW) {
		family_from_row(st, &f);
		if (fn(&f, arg))
			break;
	}
	store_finish(st);
	err = err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
done:
	family_row_release(&f);
	free(k);
	return err;
}

enum rede_err store_person_create(struct store_conn *c, int64_t municipality_id,
				  struct person_row *p, const char *search_key)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO person (municipality_id, family_id, kind, given_name, family_name, "
		"search_key, cpr_box, cpr_hash, birth_date, expected_birth_date, phone, relation, "
		"lives_with_child, language, interpreter_needed, created_at) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");

	/* lives_with_child: negative (unknown) binds NULL, 0 is "no" */
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(p->family_id), STORE_TEXT(p->kind),
		       STORE_TEXT(p->given_name), STORE_TEXT(p->family_name),
		       STORE_TEXT(search_key), STORE_TEXT0(p->cpr_box), STORE_TEXT0(p->cpr_hash),
		       STORE_TEXT0(p->birth_date), STORE_TEXT0(p->expected_birth_date),
		       STORE_TEXT0(p->phone), STORE_TEXT0(p->relation),
		       p->lives_with_child < 0 ? STORE_TEXT(NULL) : STORE_INT(p->lives_with_child),
		       STORE_TEXT0(p->language), STORE_INT(p->interpreter_needed ? 1 : 0),
		       STORE_INT(rede_now()));
	p->version = 1;
	enum rede_err err = store_run_int(st, &p->id);

	if (!err)
		err = store_search_words_set(c, municipality_id, p->family_id, p->id, search_key,
					     false);
	return err;
}

enum rede_err store_family_update(struct store_conn *c, struct family_row *f,
				  const char *search_key)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE family SET name = ?, search_key = ?, version = version + 1 WHERE id = ? "
		   "AND version = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(f->name), STORE_TEXT(search_key), STORE_INT(f->id),
		       STORE_INT(f->version));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_CONFLICT;
	if (!err)
		f->version++;
	if (!err)
		err = store_search_words_set(c, f->municipality_id, f->id, 0, search_key, true);
	return err;
}

enum rede_err store_person_update(struct store_conn *c, struct person_row *p,
				  const char *search_key)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE person SET given_name = ?, family_name = ?, search_key = ?, phone = ?, "
		   "relation = ?, lives_with_child = ?, language = ?, interpreter_needed = ?, "
		   "expected_birth_date = ?, version = version + 1 WHERE id = ? AND version = ?");
	int64_t mid = 0;
	enum rede_err err;

	/* lives_with_child: negative (unknown) binds NULL, 0 is "no" */
	store_bind_all(st, STORE_TEXT(p->given_name), STORE_TEXT(p->family_name),
		       STORE_TEXT(search_key), STORE_TEXT0(p->phone), STORE_TEXT0(p->relation),
		       p->lives_with_child < 0 ? STORE_TEXT(NULL) : STORE_INT(p->lives_with_child),
		       STORE_TEXT0(p->language), STORE_INT(p->interpreter_needed ? 1 : 0),
		       STORE_TEXT0(p->expected_birth_date), STORE_INT(p->id),
		       STORE_INT(p->version));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_CONFLICT;
	if (!err)
		p->version++;
	if (!err) {
		st = store_prepare(c, "SELECT municipality_id FROM family WHERE id = ?");
		store_bind_all(st, STORE_INT(p->family_id));
		err = store_run_int(st, &mid);
	}
	if (!err)
		err = store_search_words_set(c, mid, p->family_id, p->id, search_key, true);
	return err;
}

static void person_from_row(struct store_stmt *st, struct person_row *p)
{
	struct person_read r;

	person_row_release(p);
	memset(&r, 0, sizeof(r));
	store_read_row(st, person_cols, STORE_NCOLS(person_cols), &r);
	r.p.lives_with_child = (int)r.lives_with_child;
	*p = r.p; /* the strings move to p */
}

static enum rede_err person_one(struct store_stmt *st, struct person_row *out)
{
	enum rede_err err = store_step_one(st);

	if (!err)
		person_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_person_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct person_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, person_cols, STORE_NCOLS(person_cols),
				     "FROM person WHERE id = ? AND municipality_id = ?");
	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	return person_one(st, out);
}

enum rede_err store_person_by_cpr_hash(struct store_conn *c, int64_t municipality_id,
				       const char *cpr_hash, struct person_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, person_cols, STORE_NCOLS(person_cols),
				     "FROM person WHERE cpr_hash = ? AND municipality_id = ?");
	store_bind_all(st, STORE_TEXT(cpr_hash), STORE_INT(municipality_id));
	return person_one(st, out);
}

enum rede_err store_person_each(struct store_conn *c, int64_t family_id,
				int (*fn)(const struct person_row *p, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, person_cols, STORE_NCOLS(person_cols),
				     "FROM person WHERE family_id = ? ORDER BY kind, id");
	struct person_row p = {0};
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	while ((err = store_step(st)) == REDE_ROW) {
		person_from_row(st, &p);
		if (fn(&p, arg))
			break;
	}
	store_finish(st);
	person_row_release(&p);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_consent_give(struct store_conn *c, int64_t municipality_id,
				 struct consent_row *r, int64_t recorded_by)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO consent (municipality_id, family_id, purpose, guardian_id, given_on, "
		"recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(r->family_id),
		       STORE_TEXT(r->purpose), STORE_INT(r->guardian_id), STORE_TEXT(r->given_on),
		       STORE_INT(recorded_by), STORE_INT(rede_now()));
	enum rede_err err;

	r->version = 1;
	r->withdrawn_on[0] = 0;
	err = store_run_int(st, &r->id);
	return err ? err : store_consent_state_add(c, r->id, "given", r->given_on);
}

static void consent_from_row(struct store_stmt *st, struct consent_row *r)
{
	store_read_row(st, consent_cols, STORE_NCOLS(consent_cols), r);
}

enum rede_err store_consent_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				struct consent_row *out)
{
	struct store_stmt *st =
		store_prepare_select(c, consent_cols, STORE_NCOLS(consent_cols),
				     "FROM consent WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		consent_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_consent_withdraw(struct store_conn *c, struct consent_row *r,
				     const char *withdrawn_on)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE consent SET withdrawn_on = ?, version = version + 1 WHERE id = ? AND "
		   "version = ? AND withdrawn_on IS NULL");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(withdrawn_on), STORE_INT(r->id), STORE_INT(r->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	r->version++;
	text(r->withdrawn_on, sizeof(r->withdrawn_on), withdrawn_on);
	return store_consent_state_add(c, r->id, "withdrawn", withdrawn_on);
}

enum rede_err store_consent_each(struct store_conn *c, int64_t family_id,
				 int (*fn)(const struct consent_row *r, void *arg), void *arg)
{
	struct store_stmt *st =
		store_prepare_select(c, consent_cols, STORE_NCOLS(consent_cols),
				     "FROM consent WHERE family_id = ? ORDER BY id");
	struct consent_row r;
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	while ((err = store_step(st)) == REDE_ROW) {
		consent_from_row(st, &r);
		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_consent_active(struct store_conn *c, int64_t family_id, const char *purpose,
				   const char *on_date, bool *active)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM consent WHERE family_id = ? AND purpose = ? AND "
		   "given_on <= ? AND (withdrawn_on IS NULL OR withdrawn_on > ?)");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id), STORE_TEXT(purpose), STORE_TEXT(on_date),
		       STORE_TEXT(on_date));
	err = store_run_int(st, &n);
	*active = !err && n > 0;
	return err;
}
