/*
 * audit.c - appending to, verifying and re-sealing the MAC-chained audit
 * log (see audit.h). The append takes the chain head's row lock first (an
 * UPDATE), so on PostgreSQL two concurrent appenders serialise on it, and
 * on SQLite the write transaction already does. Verifying and re-sealing
 * read the log in batches by id, so neither holds the whole log in memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/audit.h"
#include "store/backend.h"

/* Entries read per statement while walking the chain. */
#define WALK_BATCH 2000
/* Entries written per INSERT by store_audit_append_many (14 values each,
 * well inside SQLite's 32 766 parameters). */
#define AUDIT_INSERT_ROWS 64

/* A log row as read: the entry and the chain links stored with it; the
 * strings are the statement's, valid until its next step. */
struct audit_row {
	struct core_audit_entry e;
	const char *prev_hash;
	const char *hash;
};
#define AUDIT_COL(expr, kind, field) STORE_COL(expr, kind, struct audit_row, field)
/* Every column but purpose_code, which ends the list. */
#define AUDIT_ENTRY_COLS                                                                           \
	AUDIT_COL("id", STORE_COL_INT, e.id), AUDIT_COL("at", STORE_COL_CSTR, e.at),               \
		AUDIT_COL("municipality_id", STORE_COL_INT, e.municipality_id),                    \
		AUDIT_COL("user_id", STORE_COL_INT, e.user_id),                                    \
		AUDIT_COL("username", STORE_COL_CSTR, e.username),                                 \
		AUDIT_COL("action", STORE_COL_CSTR, e.action),                                     \
		AUDIT_COL("entity", STORE_COL_CSTR, e.entity),                                     \
		AUDIT_COL("entity_id", STORE_COL_CSTR, e.entity_id),                               \
		AUDIT_COL("purpose", STORE_COL_CSTR, e.purpose),                                   \
		AUDIT_COL("outcome", STORE_COL_CSTR, e.outcome),                                   \
		AUDIT_COL("detail", STORE_COL_CSTR, e.detail),                                     \
		AUDIT_COL("prev_hash", STORE_COL_CSTR, prev_hash),                                 \
		AUDIT_COL("hash", STORE_COL_CSTR, hash)
static const struct store_col entry_cols[] = {
	AUDIT_ENTRY_COLS,
	AUDIT_COL("purpose_code", STORE_COL_CSTR, e.purpose_code),
};
/* The same columns as the log stood before migration 0012 added
 * purpose_code: migration 0009 (re-sealing) runs on such a log. */
static const struct store_col entry_cols_before_0012[] = {
	AUDIT_ENTRY_COLS,
	AUDIT_COL("NULL AS purpose_code", STORE_COL_CSTR, e.purpose_code),
};
_Static_assert(sizeof(entry_cols_before_0012) == sizeof(entry_cols),
	       "both entry lists read the same row");

/* The chain head; last_hash is the statement's, valid until its next step. */
struct head_row {
	int64_t last_id;
	const char *last_hash;
};
static const struct store_col head_cols[] = {
	STORE_COL("last_id", STORE_COL_INT, struct head_row, last_id),
	STORE_COL("last_hash", STORE_COL_CSTR, struct head_row, last_hash),
};
#define HEAD_FROM "FROM audit_head WHERE id = 1"

/* The batch of entries after a "?" id, by one of the entry lists; the
 * caller frees it. */
static char *entry_batch_sql(const struct store_col *cols)
{
	char rest[96];

	snprintf(rest, sizeof(rest), "FROM audit_log WHERE id > ? ORDER BY id LIMIT %d",
		 WALK_BATCH);
	return store_select_sql(cols, STORE_NCOLS(entry_cols), rest);
}

/* Lock the chain's head for this transaction (the UPDATE takes the row
 * lock on PostgreSQL, the write lock on SQLite) and read it: the last id
 * and its hash, into prev. */
static enum rede_err head_take(struct store_conn *c, int64_t *last_id, char *prev)
{
	struct store_stmt *st;
	struct head_row h;
	enum rede_err err;

	err = store_run(store_prepare(c, "UPDATE audit_head SET last_id = last_id WHERE id = 1"));
	if (err)
		return err;
	st = store_prepare_select(c, head_cols, STORE_NCOLS(head_cols), HEAD_FROM);
	err = store_step(st);
	if (err == REDE_ROW) {
		store_read_row(st, head_cols, STORE_NCOLS(head_cols), &h);
		*last_id = h.last_id;
		snprintf(prev, CORE_AUDIT_HASH_HEX, "%s", h.last_hash);
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_STORE; /* the head row is created by the migration */
	}
	store_finish(st);
	return err;
}

static enum rede_err head_put(struct store_conn *c, int64_t last_id, const char *hash)
{
	struct store_stmt *st =
		store_prepare(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");

	store_bind_all(st, STORE_INT(last_id), STORE_TEXT(hash));
	return store_run(st);
}

#define AUDIT_INSERT_COLS                                                                          \
	"INSERT INTO audit_log (id, at, municipality_id, user_id, username, action, entity, "      \
	"entity_id, purpose, outcome, detail, prev_hash, hash"
#define AUDIT_ROW_ARGS 14 /* the columns above and purpose_code */

/* Insert entries e[0..n) with their links (prev[i], hash[i]) in one
 * statement; with_code false: without the purpose_code column. */
static enum rede_err insert_rows(struct store_conn *c, const struct core_audit_entry *e, size_t n,
				 char (*prev)[CORE_AUDIT_HASH_HEX],
				 char (*hash)[CORE_AUDIT_HASH_HEX], bool with_code)
{
	int per = with_code ? AUDIT_ROW_ARGS : AUDIT_ROW_ARGS - 1, idx = 1;
	struct store_stmt *st;
	struct buf sql;

	buf_init(&sql, 0);
	buf_adds(&sql, with_code ? AUDIT_INSERT_COLS ", purpose_code) VALUES "
				 : AUDIT_INSERT_COLS ") VALUES ");
	for (size_t i = 0; i < n; i++) {
		buf_adds(&sql, i ? ", (" : "(");
		for (int k = 0; k < per; k++)
			buf_adds(&sql, k ? ", ?" : "?");
		buf_adds(&sql, ")");
	}
	st = store_prepare(c, sql.data);
	buf_release(&sql);
	for (size_t i = 0; i < n; i++) {
		const struct store_arg args[] = {STORE_INT(e[i].id),
						 STORE_TEXT(e[i].at),
						 STORE_INT0(e[i].municipality_id),
						 STORE_INT0(e[i].user_id),
						 STORE_TEXT(e[i].username),
						 STORE_TEXT(e[i].action),
						 STORE_TEXT(e[i].entity),
						 STORE_TEXT(e[i].entity_id),
						 STORE_TEXT(e[i].purpose),
						 STORE_TEXT(e[i].outcome),
						 STORE_TEXT(e[i].detail),
						 STORE_TEXT(prev[i]),
						 STORE_TEXT(hash[i]),
						 STORE_TEXT(e[i].purpose_code)};

		idx = store_bind_list(st, idx, args, (size_t)per);
	}
	return store_run(st);
}

/* Append e[0..n) after the head: ids, times (the current UTC time where
 * NULL, the caller's string given back after), links and MACs, the rows
 * AUDIT_INSERT_ROWS to a statement and the rest one by one (two statement
 * texts in the connection's cache), the head written once. with_code
 * false: rows without the purpose_code column (append's single entry
 * without one, which migrations before 0012 write). */
static enum rede_err append_entries(struct store_conn *c, struct core_audit_entry *e, size_t n,
				    bool with_code)
{
	const unsigned char *key = store_conn_audit_key(c);
	char(*prev)[CORE_AUDIT_HASH_HEX] = NULL, (*mac)[CORE_AUDIT_HASH_HEX] = NULL;
	char(*at)[25] = NULL;
	const char **given_at = NULL;
	int64_t last_id = 0;
	enum rede_err err;

	if (!n)
		return REDE_OK;
	if (!key) {
		log_error("audit: no audit key was loaded; nothing can be put on record");
		return REDE_E_CRYPTO;
	}
	prev = xmalloc(n * sizeof(*prev));
	mac = xmalloc(n * sizeof(*mac));
	at = xmalloc(n * sizeof(*at));
	given_at = xmalloc(n * sizeof(*given_at));
	err = head_take(c, &last_id, prev[0]);
	for (size_t i = 0; i < n && !err; i++) {
		given_at[i] = e[i].at;
		if (!e[i].at) {
			rede_time_iso(rede_now_ms(), at[i]);
			e[i].at = at[i];
		}
		e[i].id = last_id + 1 + (int64_t)i;
		if (i)
			memcpy(prev[i], mac[i - 1], sizeof(prev[i]));
		core_audit_mac(key, prev[i], &e[i], mac[i]);
	}
	for (size_t i = 0; i < n && !err;) {
		size_t k = n - i >= AUDIT_INSERT_ROWS ? AUDIT_INSERT_ROWS : 1;

		err = insert_rows(c, &e[i], k, &prev[i], &mac[i], with_code);
		i += k;
	}
	for (size_t i = 0; i < n; i++)
		e[i].at = given_at[i];
	if (!err)
		err = head_put(c, e[n - 1].id, mac[n - 1]);
	free(prev);
	free(mac);
	free(at);
	free(given_at);
	return err;
}

enum rede_err store_audit_append(struct store_conn *c, struct core_audit_entry *e)
{
	/* purpose_code only when there is one: an entry without it is also
	 * written by migrations that run before 0012 made the column (0009's
	 * re-seal entry) */
	return append_entries(c, e, 1, e->purpose_code != NULL);
}

enum rede_err store_audit_append_many(struct store_conn *c, struct core_audit_entry *e, size_t n)
{
	return append_entries(c, e, n, true);
}

/* ---- walking the chain ---- */

struct walk {
	const unsigned char *key;                 /* NULL: the unkeyed hashes before 0009 */
	const struct store_audit_anchor *anchors; /* sorted by id */
	size_t nanchors, next;
	struct store_audit_report *r;
	char prev[CORE_AUDIT_HASH_HEX];
	int64_t expect_id;
	const struct store_col *cols; /* NULL: entry_cols */
};

static void bad(struct walk *w, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad(struct walk *w, int64_t id, const char *fmt, ...)
{
	va_list ap;

	w->r->first_bad_id = id;
	va_start(ap, fmt);
	vsnprintf(w->r->why, sizeof(w->r->why), fmt, ap);
	va_end(ap);
}

/* Check one entry; false when the chain is broken at it. */
static bool walk_entry(struct walk *w, const struct audit_row *r)
{
	struct core_audit_entry e = r->e;
	const char *stored_prev = r->prev_hash;
	const char *stored = r->hash;
	char calc[CORE_AUDIT_HASH_HEX];

	w->r->checked++;
	if (e.id != w->expect_id) {
		bad(w, w->expect_id, "entry %lld is missing", (long long)w->expect_id);
		return false;
	}
	if (!stored_prev || strcmp(stored_prev, w->prev)) {
		bad(w, e.id,
		    "does not link to the previous entry (it or its predecessor "
		    "was changed)");
		return false;
	}
	core_audit_mac(w->key, w->prev, &e, calc);
	if (!stored || strcmp(stored, calc)) {
		bad(w, e.id,
		    "content does not match its MAC (the entry was changed, or "
		    "this is not the audit key the log was sealed with)");
		return false;
	}
	for (; w->next < w->nanchors && w->anchors[w->next].id == e.id; w->next++) {
		w->r->anchors++;
		if (strcmp(w->anchors[w->next].mac, calc)) {
			bad(w, e.id,
			    "entry %lld is not the one anchored at %s: the log up to "
			    "it was rewritten",
			    (long long)e.id, w->anchors[w->next].at);
			return false;
		}
	}
	memcpy(w->prev, calc, sizeof(w->prev));
	w->expect_id++;
	return true;
}

static enum rede_err walk(struct store_conn *c, struct walk *w)
{
	const struct store_col *cols = w->cols ? w->cols : entry_cols;
	struct store_stmt *st;
	struct audit_row row;
	struct head_row h;
	char *sql;
	bool ok;
	int64_t after = 0, rows, last;
	enum rede_err err;

	memset(w->r, 0, sizeof(*w->r));
	memcpy(w->prev, core_audit_genesis, sizeof(w->prev));
	w->expect_id = 1;
	for (w->next = 0; w->next < w->nanchors && w->anchors[w->next].id <= 0; w->next++)
		w->r->anchors++; /* taken on an empty log: nothing to compare */
	sql = entry_batch_sql(cols);
	do {
		ok = true;
		rows = 0;
		st = store_prepare(c, sql);
		store_bind_all(st, STORE_INT(after));
		while ((err = store_step(st)) == REDE_ROW) {
			rows++;
			store_read_row(st, cols, STORE_NCOLS(entry_cols), &row);
			after = row.e.id;
			ok = walk_entry(w, &row);
			if (!ok)
				break;
		}
		store_finish(st);
	} while (ok && err == REDE_DONE && rows == WALK_BATCH);
	free(sql);
	if (!ok)
		return REDE_OK;
	if (err != REDE_DONE)
		return err;

	last = w->expect_id - 1;
	st = store_prepare_select(c, head_cols, STORE_NCOLS(head_cols), HEAD_FROM);
	err = store_step(st);
	if (err == REDE_ROW) {
		store_read_row(st, head_cols, STORE_NCOLS(head_cols), &h);
		if (h.last_id != last || strcmp(h.last_hash, w->prev))
			bad(w, last + 1,
			    "the chain head names entry %lld but the log ends at "
			    "%lld (newest entries removed)",
			    (long long)h.last_id, (long long)last);
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		bad(w, 1, "the chain head is missing");
		err = REDE_OK;
	}
	store_finish(st);
	if (err || w->r->first_bad_id)
		return err;
	if (w->next < w->nanchors) {
		bad(w, last + 1,
		    "the anchor of %s names entry %lld but the log ends at entry "
		    "%lld (entries were removed)",
		    w->anchors[w->next].at, (long long)w->anchors[w->next].id, (long long)last);
		return REDE_OK;
	}
	w->r->last_id = last;
	memcpy(w->r->last_mac, w->prev, sizeof(w->r->last_mac));
	return REDE_OK;
}

static enum rede_err verify_body(struct store_conn *c, void *arg)
{
	struct walk *w = arg;

	w->key = store_conn_audit_key(c);
	if (!w->key) {
		log_error("audit: no audit key was loaded; the chain cannot be checked");
		return REDE_E_CRYPTO;
	}
	return walk(c, w);
}

static int anchor_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct store_audit_anchor *)a)->id;
	int64_t y = ((const struct store_audit_anchor *)b)->id;

	return x < y ? -1 : x > y;
}

enum rede_err store_audit_verify_anchored(struct store *s, const struct store_audit_anchor *a,
					  size_t n, struct store_audit_report *r)
{
	struct store_audit_anchor *sorted = NULL;
	struct walk w = {.r = r};
	enum rede_err err;

	if (n) {
		sorted = xmalloc(n * sizeof(*sorted));
		memcpy(sorted, a, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), anchor_cmp);
	}
	w.anchors = sorted;
	w.nanchors = n;
	err = store_tx_run(s, STORE_TX_READ, verify_body, &w);
	free(sorted);
	return err;
}

enum rede_err store_audit_verify(struct store *s, struct store_audit_report *r)
{
	return store_audit_verify_anchored(s, NULL, 0, r);
}

/* ---- re-sealing a chain made before the MAC (migration 0009) ---- */

struct owned_entry {
	struct core_audit_entry e;
	char *s[8]; /* the strings e points at, owned */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void owned_from_row(struct owned_entry *o, struct store_stmt *st)
{
	struct audit_row r;
	struct core_audit_entry e;

	store_read_row(st, entry_cols_before_0012, STORE_NCOLS(entry_cols), &r);
	e = r.e;

	o->e = e;
	o->e.at = o->s[0] = dup_or_null(e.at);
	o->e.username = o->s[1] = dup_or_null(e.username);
	o->e.action = o->s[2] = dup_or_null(e.action);
	o->e.entity = o->s[3] = dup_or_null(e.entity);
	o->e.entity_id = o->s[4] = dup_or_null(e.entity_id);
	o->e.purpose = o->s[5] = dup_or_null(e.purpose);
	o->e.outcome = o->s[6] = dup_or_null(e.outcome);
	o->e.detail = o->s[7] = dup_or_null(e.detail);
}

static void owned_release(struct owned_entry *o)
{
	for (size_t i = 0; i < sizeof(o->s) / sizeof(o->s[0]); i++)
		free(o->s[i]);
}

/* Re-seal the entries after id `after` (one batch) chaining from prev;
 * *n gets how many there were. */
static enum rede_err reseal_batch(struct store_conn *c, const unsigned char *key, int64_t *after,
				  char prev[CORE_AUDIT_HASH_HEX], int64_t *n)
{
	struct owned_entry *rows = xcalloc(WALK_BATCH, sizeof(*rows));
	struct store_stmt *st;
	char *sql = entry_batch_sql(entry_cols_before_0012), mac[CORE_AUDIT_HASH_HEX];
	int64_t got = 0;
	enum rede_err err;

	st = store_prepare(c, sql);
	free(sql);
	store_bind_all(st, STORE_INT(*after));
	while ((err = store_step(st)) == REDE_ROW)
		owned_from_row(&rows[got++], st);
	store_finish(st);
	if (err != REDE_DONE)
		goto out;
	err = REDE_OK;
	for (int64_t i = 0; i < got && !err; i++) {
		core_audit_mac(key, prev, &rows[i].e, mac);
		st = store_prepare(c, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
		store_bind_all(st, STORE_TEXT(prev), STORE_TEXT(mac), STORE_INT(rows[i].e.id));
		err = store_run(st);
		memcpy(prev, mac, CORE_AUDIT_HASH_HEX);
		*after = rows[i].e.id;
	}
out:
	for (int64_t i = 0; i < got; i++)
		owned_release(&rows[i]);
	free(rows);
	*n = got;
	return err;
}

enum rede_err store_audit_reseal(struct store_conn *c)
{
	const unsigned char *key = store_conn_audit_key(c);
	struct store_audit_report old;
	struct walk w = {.r = &old, .cols = entry_cols_before_0012};
	struct core_audit_entry e = {0};
	struct store_stmt *st;
	struct head_row h;
	char prev[CORE_AUDIT_HASH_HEX], head_mac[CORE_AUDIT_HASH_HEX], *detail = NULL;
	int64_t total = 0, n, after = 0, head_id = 0;
	enum rede_err err;

	err = store_run_int(store_prepare(c, "SELECT count(*) FROM audit_log"), &total);
	if (err || total == 0)
		return err;
	if (!key) {
		log_error("migration 0009 re-seals the audit log with the audit key: give the "
			  "audit key file (rede migrate --audit-key FILE, docs/OPERATIONS.md)");
		return REDE_E_CRYPTO;
	}
	/* the chain as it was made: unkeyed */
	err = walk(c, &w);
	if (err)
		return err;
	st = store_prepare_select(c, head_cols, STORE_NCOLS(head_cols), HEAD_FROM);
	err = store_step_one(st);
	if (!err) {
		store_read_row(st, head_cols, STORE_NCOLS(head_cols), &h);
		head_id = h.last_id;
		snprintf(head_mac, sizeof(head_mac), "%s", h.last_hash);
	}
	store_finish(st);
	if (err)
		return err;
	memcpy(prev, core_audit_genesis, sizeof(prev));
	do {
		err = reseal_batch(c, key, &after, prev, &n);
	} while (!err && n == WALK_BATCH);
	if (err)
		return err;
	st = store_prepare(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");
	store_bind_all(st, STORE_INT(after), STORE_TEXT(prev));
	err = store_run(st);
	if (err)
		return err;
	if (old.first_bad_id)
		detail = xasprintf("re-sealed %lld entries with the keyed MAC; the unkeyed chain "
				   "(head %lld %s) was already broken at entry %lld: %s",
				   (long long)total, (long long)head_id, head_mac,
				   (long long)old.first_bad_id, old.why);
	else
		detail = xasprintf("re-sealed %lld entries with the keyed MAC; the unkeyed chain "
				   "(head %lld %s) was intact",
				   (long long)total, (long long)head_id, head_mac);
	if (old.first_bad_id)
		log_warn("audit: the chain was broken at entry %lld before re-sealing (%s); "
			 "this is on record in the re-seal entry",
			 (long long)old.first_bad_id, old.why);
	e.username = "rede migrate";
	e.action = "reseal";
	e.entity = "audit_log";
	e.purpose = "migration 0009_audit_mac";
	e.outcome = "ok";
	e.detail = detail;
	err = store_audit_append(c, &e);
	free(detail);
	return err;
}
