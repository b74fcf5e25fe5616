/*
 * audit.c - appending to and verifying the hash-chained audit log (see
 * audit.h). The append takes the chain head's row lock first (an UPDATE),
 * so on PostgreSQL two concurrent appenders serialise on it, and on SQLite
 * the write transaction already does.
 */
#include <stdio.h>
#include <string.h>

#include "rede/util.h"
#include "store/audit.h"

static void bind_opt_int(struct store_stmt *st, int idx, int64_t v)
{
	if (v)
		store_bind_int(st, idx, v);
	else
		store_bind_null(st, idx);
}

enum rede_err store_audit_append(struct store_conn *c, struct core_audit_entry *e)
{
	char at[25], prev[CORE_AUDIT_HASH_HEX], hash[CORE_AUDIT_HASH_HEX];
	const char *given_at = e->at;
	struct store_stmt *st;
	int64_t last_id = 0;
	enum rede_err err;

	err = store_run(store_prepare(c, "UPDATE audit_head SET last_id = last_id WHERE id = 1"));
	if (err)
		return err;
	st = store_prepare(c, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
	err = store_step(st);
	if (err == REDE_ROW) {
		last_id = store_col_int(st, 0);
		snprintf(prev, sizeof(prev), "%s", store_col_text(st, 1));
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		err = REDE_E_STORE; /* the head row is created by the migration */
	}
	store_finish(st);
	if (err)
		return err;

	if (!e->at) {
		rede_time_iso(rede_now_ms(), at);
		e->at = at;
	}
	e->id = last_id + 1;
	core_audit_hash(prev, e, hash);
	st = store_prepare(c, "INSERT INTO audit_log (id, at, municipality_id, user_id, username, "
			      "action, entity, entity_id, purpose, outcome, detail, prev_hash, "
			      "hash, purpose_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	store_bind_int(st, 1, e->id);
	store_bind_text(st, 2, e->at);
	bind_opt_int(st, 3, e->municipality_id);
	bind_opt_int(st, 4, e->user_id);
	store_bind_text(st, 5, e->username);
	store_bind_text(st, 6, e->action);
	store_bind_text(st, 7, e->entity);
	store_bind_text(st, 8, e->entity_id);
	store_bind_text(st, 9, e->purpose);
	store_bind_text(st, 10, e->outcome);
	store_bind_text(st, 11, e->detail);
	store_bind_text(st, 12, prev);
	store_bind_text(st, 13, hash);
	store_bind_text(st, 14, e->purpose_code);
	err = store_run(st);
	e->at = given_at;
	if (err)
		return err;
	st = store_prepare(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");
	store_bind_int(st, 1, e->id);
	store_bind_text(st, 2, hash);
	return store_run(st);
}

static enum rede_err verify_body(struct store_conn *c, void *arg)
{
	struct store_audit_report *r = arg;
	char prev[CORE_AUDIT_HASH_HEX], calc[CORE_AUDIT_HASH_HEX];
	struct store_stmt *st;
	int64_t expect_id = 1, head_id = 0;
	enum rede_err err;

	memset(r, 0, sizeof(*r));
	memcpy(prev, core_audit_genesis, sizeof(prev));
	st = store_prepare(c, "SELECT id, at, municipality_id, user_id, username, action, entity, "
			      "entity_id, purpose, outcome, detail, prev_hash, hash, purpose_code "
			      "FROM audit_log ORDER BY id");
	while ((err = store_step(st)) == REDE_ROW) {
		struct core_audit_entry e = {
			.id = store_col_int(st, 0),
			.at = store_col_text(st, 1),
			.municipality_id = store_col_int(st, 2),
			.user_id = store_col_int(st, 3),
			.username = store_col_text(st, 4),
			.action = store_col_text(st, 5),
			.entity = store_col_text(st, 6),
			.entity_id = store_col_text(st, 7),
			.purpose = store_col_text(st, 8),
			.outcome = store_col_text(st, 9),
			.detail = store_col_text(st, 10),
			.purpose_code = store_col_text(st, 13),
		};
		const char *stored_prev = store_col_text(st, 11);
		const char *stored = store_col_text(st, 12);

		r->checked++;
		if (e.id != expect_id) {
			r->first_bad_id = expect_id;
			snprintf(r->why, sizeof(r->why), "entry %lld is missing",
				 (long long)expect_id);
			break;
		}
		if (!stored_prev || strcmp(stored_prev, prev)) {
			r->first_bad_id = e.id;
			snprintf(r->why, sizeof(r->why),
				 "does not link to the previous entry (it or its "
				 "predecessor was changed)");
			break;
		}
		core_audit_hash(prev, &e, calc);
		if (!stored || strcmp(stored, calc)) {
			r->first_bad_id = e.id;
			snprintf(r->why, sizeof(r->why), "content does not match its hash "
							 "(the entry was changed)");
			break;
		}
		memcpy(prev, calc, sizeof(prev));
		expect_id++;
	}
	store_finish(st);
	if (err != REDE_ROW && err != REDE_DONE)
		return err;
	if (r->first_bad_id)
		return REDE_OK;
	st = store_prepare(c, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
	err = store_step(st);
	if (err == REDE_ROW) {
		head_id = store_col_int(st, 0);
		if (head_id != expect_id - 1 || strcmp(store_col_text(st, 1), prev)) {
			r->first_bad_id = expect_id;
			snprintf(r->why, sizeof(r->why),
				 "the chain head names entry %lld but the log ends at %lld "
				 "(newest entries removed)",
				 (long long)head_id, (long long)(expect_id - 1));
		}
		err = REDE_OK;
	} else if (err == REDE_DONE) {
		r->first_bad_id = 1;
		snprintf(r->why, sizeof(r->why), "the chain head is missing");
		err = REDE_OK;
	}
	store_finish(st);
	return err;
}

enum rede_err store_audit_verify(struct store *s, struct store_audit_report *r)
{
	return store_tx_run(s, STORE_TX_READ, verify_body, r);
}
