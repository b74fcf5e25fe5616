/*
 * test_audit.c - the audit chain's MAC and anchors against a real database
 * (SQLite, or PostgreSQL when REDE_TEST_DB is a postgres:// URL; make test
 * runs both): the rewrites someone who can write the database file would
 * try - delete a user's entries, renumber, re-hash with the unkeyed hash
 * the chain used before, or with a guessed key - are found; a rewrite with
 * the real key and a cut-off tail are found against an anchor; an intact
 * chain passes; migration 0009 re-seals an old unkeyed chain, on record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "rede/core.h"
#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"

#include "fixture.h"

static struct fixture fx;
static struct store *s;
static unsigned char key[CORE_AUDIT_KEY_BYTES];

static int setup(void **state)
{
	(void)state;

	if (fixture_open(&fx, "audit", 2, FIXTURE_MIGRATE))
		return -1;
	s = fx.s;
	/* a key of its own, set after migrating: the chain is sealed with it */
	randombytes_buf(key, sizeof(key));
	store_audit_key_set(s, key);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

static void exec_sql(const char *sql)
{
	fixture_exec(s, sql);
}

static void empty_log(void)
{
	char sql[160];

	exec_sql("DELETE FROM audit_log");
	snprintf(sql, sizeof(sql), "UPDATE audit_head SET last_id = 0, last_hash = '%s'",
		 core_audit_genesis);
	exec_sql(sql);
}

/* n entries through the real append; user_id cycles 1, 2, 3. */
static enum rede_err append_body(struct store_conn *c, void *arg)
{
	int n = *(int *)arg;

	for (int i = 0; i < n; i++) {
		char detail[32];
		struct core_audit_entry e = {.action = "read",
					     .entity = "family",
					     .entity_id = "7",
					     .purpose = "test",
					     .outcome = "ok",
					     .municipality_id = 1,
					     .user_id = 1 + i % 3,
					     .username = "u",
					     .detail = detail};
		snprintf(detail, sizeof(detail), "entry %d", i);
		enum rede_err err = store_audit_append(c, &e);
		if (err)
			return err;
	}
	return REDE_OK;
}

static void append(int n)
{
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, append_body, &n), REDE_OK);
}

static struct store_audit_report verify(const struct store_audit_anchor *a, size_t n)
{
	struct store_audit_report r;

	assert_int_equal(store_audit_verify_anchored(s, a, n, &r), REDE_OK);
	return r;
}

/* The anchor `rede audit anchor` would write now. */
static struct store_audit_anchor anchor_now(void)
{
	struct store_audit_report r = verify(NULL, 0);
	struct store_audit_anchor a = {.id = r.last_id};

	assert_int_equal(r.first_bad_id, 0);
	memcpy(a.mac, r.last_mac, sizeof(a.mac));
	snprintf(a.at, sizeof(a.at), "2026-01-01T00:00:00.000Z");
	return a;
}

/* ---- the rewrite: drop one user's entries, renumber, re-chain ---- */

struct row {
	struct core_audit_entry e;
	char at[32], detail[64];
};

struct rewrite {
	const unsigned char *mac_key; /* NULL: the unkeyed hash of old */
	int64_t drop_user;
	struct row *rows;
	int n;
};

static enum rede_err rewrite_body(struct store_conn *c, void *arg)
{
	struct rewrite *w = arg;
	struct store_stmt *st;
	char prev[CORE_AUDIT_HASH_HEX], mac[CORE_AUDIT_HASH_HEX];
	int64_t id = 0;
	enum rede_err err;

	w->n = 0;
	st = store_prepare(c, "SELECT at, user_id, detail FROM audit_log WHERE user_id <> ? "
			      "ORDER BY id");
	store_bind_int(st, 1, w->drop_user);
	while ((err = store_step(st)) == REDE_ROW) {
		struct row *r = &w->rows[w->n++];
		snprintf(r->at, sizeof(r->at), "%s", store_col_text(st, 0));
		snprintf(r->detail, sizeof(r->detail), "%s", store_col_text(st, 2));
		r->e = (struct core_audit_entry){.at = r->at,
						 .action = "read",
						 .entity = "family",
						 .entity_id = "7",
						 .purpose = "test",
						 .outcome = "ok",
						 .municipality_id = 1,
						 .user_id = store_col_int(st, 1),
						 .username = "u",
						 .detail = r->detail};
	}
	store_finish(st);
	if (err != REDE_DONE)
		return err;
	err = store_run(store_prepare(c, "DELETE FROM audit_log"));
	memcpy(prev, core_audit_genesis, sizeof(prev));
	for (int i = 0; i < w->n && !err; i++) {
		struct core_audit_entry *e = &w->rows[i].e;
		e->id = ++id;
		core_audit_mac(w->mac_key, prev, e, mac);
		st = store_prepare(c, "INSERT INTO audit_log (id, at, municipality_id, user_id, "
				      "username, action, entity, entity_id, purpose, outcome, "
				      "detail, prev_hash, hash) VALUES (?, ?, 1, ?, 'u', 'read', "
				      "'family', '7', 'test', 'ok', ?, ?, ?)");
		store_bind_int(st, 1, e->id);
		store_bind_text(st, 2, e->at);
		store_bind_int(st, 3, e->user_id);
		store_bind_text(st, 4, e->detail);
		store_bind_text(st, 5, prev);
		store_bind_text(st, 6, mac);
		err = store_run(st);
		memcpy(prev, mac, sizeof(prev));
	}
	if (err)
		return err;
	st = store_prepare(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, prev);
	return store_run(st);
}

static void rewrite(const unsigned char *mac_key, int64_t drop_user)
{
	struct rewrite w = {.mac_key = mac_key, .drop_user = drop_user};

	w.rows = xcalloc(1000, sizeof(*w.rows));
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, rewrite_body, &w), REDE_OK);
	free(w.rows);
}

static void valid_chain_passes(void **state)
{
	struct store_audit_anchor a[2];
	struct store_audit_report r;
	(void)state;

	empty_log();
	a[0] = anchor_now(); /* an anchor of the empty log */
	assert_int_equal(a[0].id, 0);
	append(30);
	a[1] = anchor_now();
	assert_int_equal(a[1].id, 30);
	append(10);
	r = verify(a, 2);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, 40);
	assert_int_equal(r.anchors, 2);
	assert_int_equal(r.last_id, 40);
}

/* ---- many at once: the server's queue of read entries ---- */

#define MANY 150 /* 3 one by one, then two statements of 64 rows and 19 one by one */

struct many {
	struct core_audit_entry e[MANY];
	char at[MANY][48], detail[MANY][48];
	bool at_once;
};

static void many_fill(struct many *m)
{
	for (unsigned i = 0; i < MANY; i++) {
		snprintf(m->at[i], sizeof(m->at[i]), "2026-12-06T12:%02d:%02d.%03dZ", i / 60,
			 i % 60, i);
		snprintf(m->detail[i], sizeof(m->detail[i]), "læst af Søren Ærø %u", i);
		m->e[i] =
			(struct core_audit_entry){.at = m->at[i],
						  .action = i % 7 ? "read" : "search",
						  .entity = "family",
						  .entity_id = i % 5 ? "7" : NULL,
						  .purpose = "test",
						  .outcome = "ok",
						  .municipality_id = 1,
						  .user_id = i % 4 ? 1 + i % 3 : 0,
						  .username = "u",
						  .detail = m->detail[i],
						  .purpose_code = i % 3 ? NULL : "parent_request"};
	}
}

static enum rede_err many_body(struct store_conn *c, void *arg)
{
	struct many *m = arg;
	enum rede_err err = REDE_OK;

	/* a chain to go on from: the first three one by one either way */
	for (int i = 0; i < MANY && !err; i++)
		if (i < 3 || !m->at_once)
			err = store_audit_append(c, &m->e[i]);
	if (!err && m->at_once)
		err = store_audit_append_many(c, m->e + 3, MANY - 3);
	return err;
}

/* Every column of the log in id order, NULL as \N. */
static enum rede_err dump_body(struct store_conn *c, void *arg)
{
	struct buf *b = arg;
	struct store_stmt *st = store_prepare(
		c,
		"SELECT id, at, municipality_id, user_id, username, action, entity, entity_id, "
		"purpose, outcome, detail, prev_hash, hash, purpose_code FROM audit_log ORDER BY id");
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW)
		for (int k = 0; k < 14; k++)
			buf_printf(b, "%s%c", store_col_null(st, k) ? "\\N" : store_col_text(st, k),
				   k == 13 ? '\n' : '|');
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static char *dump(void)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(store_tx_run(s, STORE_TX_READ, dump_body, &b), REDE_OK);
	return b.data;
}

/* store_audit_append_many writes what as many store_audit_append would:
 * the same ids, links and MACs, column for column; the chain verifies. */
static void many_is_one_by_one(void **state)
{
	static struct many m;
	struct store_audit_report r;
	char *one, *all;
	(void)state;

	empty_log();
	many_fill(&m);
	m.at_once = false;
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, many_body, &m), REDE_OK);
	one = dump();
	empty_log();
	many_fill(&m);
	m.at_once = true;
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, many_body, &m), REDE_OK);
	assert_int_equal(m.e[MANY - 1].id, MANY);
	assert_ptr_equal(m.e[MANY - 1].at, m.at[MANY - 1]); /* the caller's strings stay */
	all = dump();
	assert_string_equal(all, one);
	assert_true(strstr(all, "Søren Ærø 149") != NULL);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, MANY);
	assert_int_equal(r.last_id, MANY);
	append(2); /* and the one-by-one append goes on from it */
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, MANY + 2);
	free(one);
	free(all);
}

static void unkeyed_rewrite_is_found(void **state)
{
	unsigned char guess[CORE_AUDIT_KEY_BYTES];
	struct store_audit_report r;
	(void)state;

	empty_log();
	append(60);
	/* the rewrite of issue 14: a user's entries gone, the rest renumbered
	 * and re-hashed the way the chain was made before the MAC */
	rewrite(NULL, 2);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 1);
	assert_non_null(strstr(r.why, "MAC"));
	/* nor does any other key than the audit key make it verify */
	empty_log();
	append(60);
	randombytes_buf(guess, sizeof(guess));
	rewrite(guess, 2);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 1);
}

static void keyed_rewrite_is_found_by_an_anchor(void **state)
{
	struct store_audit_anchor a;
	struct store_audit_report r;
	(void)state;

	empty_log();
	append(60);
	a = anchor_now();
	/* whoever holds the audit key can make a chain that verifies ... */
	rewrite(key, 3);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, 40);
	/* ... but not one that still matches the anchor: shorter ... */
	r = verify(&a, 1);
	assert_int_equal(r.first_bad_id, 41);
	assert_non_null(strstr(r.why, "entries were removed"));
	/* ... or, with entries added to reach the anchored id, different */
	append(30);
	r = verify(&a, 1);
	assert_int_equal(r.first_bad_id, 60);
	assert_non_null(strstr(r.why, "rewritten"));
}

static void truncation_is_found_by_an_anchor(void **state)
{
	struct store_audit_anchor a;
	struct store_audit_report r;
	(void)state;

	empty_log();
	append(50);
	a = anchor_now();
	/* cut the newest entries and point the head at the new last one: its
	 * MAC is in the row, no key is needed */
	exec_sql("DELETE FROM audit_log WHERE id > 45");
	exec_sql("UPDATE audit_head SET last_id = 45, last_hash = (SELECT hash FROM audit_log "
		 "WHERE id = 45)");
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0); /* not visible without an anchor */
	r = verify(&a, 1);
	assert_int_equal(r.first_bad_id, 46);
	assert_non_null(strstr(r.why, "ends at entry 45"));
	/* an older anchor alone says nothing about what came after it */
	empty_log();
	append(20);
	a = anchor_now();
	append(20);
	exec_sql("DELETE FROM audit_log WHERE id > 30");
	exec_sql("UPDATE audit_head SET last_id = 30, last_hash = (SELECT hash FROM audit_log "
		 "WHERE id = 30)");
	r = verify(&a, 1);
	assert_int_equal(r.first_bad_id, 0);
}

static void no_key_no_record(void **state)
{
	struct store *bare;
	struct store_audit_report r;
	char *msg = NULL;
	int n = 1;
	(void)state;

	bare = store_open(fx.url, 1, &msg);
	assert_non_null(bare);
	assert_int_equal(store_tx_run(bare, STORE_TX_WRITE, append_body, &n), REDE_E_CRYPTO);
	assert_int_equal(store_audit_verify(bare, &r), REDE_E_CRYPTO);
	store_close(bare);
}

/* ---- migration 0009 on a chain made before it ---- */

static enum rede_err legacy_body(struct store_conn *c, void *arg)
{
	int n = *(int *)arg;
	char prev[CORE_AUDIT_HASH_HEX], hash[CORE_AUDIT_HASH_HEX];
	struct store_stmt *st;
	enum rede_err err = REDE_OK;

	memcpy(prev, core_audit_genesis, sizeof(prev));
	for (int i = 1; i <= n && !err; i++) {
		struct core_audit_entry e = {.id = i,
					     .at = "2025-05-01T10:00:00.000Z",
					     .action = "create",
					     .entity = "family",
					     .entity_id = "9",
					     .purpose = "POST /api/v1/families",
					     .outcome = "ok",
					     .municipality_id = 1,
					     .user_id = 1,
					     .username = "old"};
		core_audit_hash(prev, &e, hash);
		st = store_prepare(c,
				   "INSERT INTO audit_log (id, at, municipality_id, user_id, "
				   "username, action, entity, entity_id, purpose, outcome, "
				   "detail, prev_hash, hash) VALUES (?, ?, 1, 1, 'old', 'create', "
				   "'family', '9', 'POST /api/v1/families', 'ok', NULL, ?, ?)");
		store_bind_int(st, 1, i);
		store_bind_text(st, 2, e.at);
		store_bind_text(st, 3, prev);
		store_bind_text(st, 4, hash);
		err = store_run(st);
		memcpy(prev, hash, sizeof(prev));
	}
	if (err)
		return err;
	st = store_prepare(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");
	store_bind_int(st, 1, n);
	store_bind_text(st, 2, prev);
	return store_run(st);
}

/* Put the database back to before 0009 with an unkeyed chain of n. */
static void make_legacy(int n)
{
	empty_log();
	exec_sql("DELETE FROM schema_version WHERE version = 9");
	exec_sql("ALTER TABLE idempotency DROP COLUMN fingerprint");
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, legacy_body, &n), REDE_OK);
}

static enum rede_err last_detail_body(struct store_conn *c, void *arg)
{
	struct store_stmt *st = store_prepare(c, "SELECT action, detail FROM audit_log "
						 "ORDER BY id DESC LIMIT 1");
	enum rede_err err = store_step_one(st);

	if (!err)
		snprintf(arg, 512, "%s|%s", store_col_text(st, 0), store_col_text(st, 1));
	store_finish(st);
	return err;
}

static void migration_reseals(void **state)
{
	struct store_audit_report r;
	char last[512], *msg = NULL;
	int applied = 0;
	(void)state;

	make_legacy(25);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 1); /* unkeyed: not a MAC under the key */
	assert_int_equal(store_migrate(s, &applied, &msg), REDE_OK);
	assert_int_equal(applied, 1);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, 26);
	assert_int_equal(store_tx_run(s, STORE_TX_READ, last_detail_body, last), REDE_OK);
	assert_non_null(strstr(last, "reseal|re-sealed 25 entries"));
	assert_non_null(strstr(last, "(head 25 "));
	assert_non_null(strstr(last, "was intact"));
	exec_sql("SELECT fingerprint FROM idempotency");

	/* a chain already broken before is re-sealed too, and says so */
	make_legacy(10);
	exec_sql("UPDATE audit_log SET entity_id = '10' WHERE id = 4");
	assert_int_equal(store_migrate(s, &applied, &msg), REDE_OK);
	r = verify(NULL, 0);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(store_tx_run(s, STORE_TX_READ, last_detail_body, last), REDE_OK);
	assert_non_null(strstr(last, "already broken at entry 4"));
}

static void migration_needs_the_key(void **state)
{
	struct store *bare;
	char *msg = NULL;
	(void)state;

	make_legacy(3);
	bare = store_open(fx.url, 1, &msg);
	assert_non_null(bare);
	assert_int_equal(store_migrate(bare, NULL, &msg), REDE_E_CRYPTO);
	free(msg);
	msg = NULL;
	store_close(bare);
	/* nothing of it was applied: with the key it goes through */
	assert_int_equal(store_migrate(s, NULL, &msg), REDE_OK);
	assert_int_equal(verify(NULL, 0).first_bad_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_chain_passes),
		cmocka_unit_test(many_is_one_by_one),
		cmocka_unit_test(unkeyed_rewrite_is_found),
		cmocka_unit_test(keyed_rewrite_is_found_by_an_anchor),
		cmocka_unit_test(truncation_is_found_by_an_anchor),
		cmocka_unit_test(no_key_no_record),
		cmocka_unit_test(migration_reseals),
		cmocka_unit_test(migration_needs_the_key),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
