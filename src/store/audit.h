/*
 * audit.h - the append-only, MAC-chained audit log in the database.
 *
 * Every entry carries the MAC of the one before it (core_audit_mac, keyed
 * with the audit key, which lives in a file outside the database), and the
 * single-row audit_head table holds the newest id and MAC. Appending
 * updates audit_head first, which serialises appenders on both backends.
 * Entries for a change are appended inside the change's transaction.
 *
 * What the key does and does not prove: without the key nobody can make a
 * chain that verifies, so rows changed, removed in the middle, renumbered
 * or re-hashed are found. Removing the newest entries (and pointing the
 * head at an older one) and anything done by a holder of the key are found
 * only against an anchor: the head's id and MAC written down outside the
 * database (`rede audit anchor`) at a time the log was intact.
 */
#ifndef REDE_STORE_AUDIT_H
#define REDE_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "rede/core.h"
#include "rede/store.h"

/* Give the store its audit key (copied into protected memory, freed with
 * the store). Appending and verifying need it: without it they fail with
 * REDE_E_CRYPTO. Call before the store is used by more than one thread. */
void store_audit_key_set(struct store *s, const unsigned char key[CORE_AUDIT_KEY_BYTES]);

/* Append e inside the caller's (write) transaction. Sets e->id; e->at is
 * filled with the current UTC time when NULL. */
enum rede_err store_audit_append(struct store_conn *c, struct core_audit_entry *e);
/* Append e[0..n) in order inside the caller's (write) transaction, as n
 * calls of store_audit_append would - the same ids, times and hashes - but
 * with the head read and written once and the rows inserted AUDIT_INSERT_ROWS
 * to a statement: for the server's queue of read entries (http/audit_queue.c),
 * which one entry at a time (four statements each) could not keep up with
 * the reads a PostgreSQL server answers. Needs the schema of migration 0012
 * or later (purpose_code). */
enum rede_err store_audit_append_many(struct store_conn *c, struct core_audit_entry *e, size_t n);

/* A point of the chain kept outside the database. */
struct store_audit_anchor {
	int64_t id;                    /* newest entry then; 0 for an empty log */
	char mac[CORE_AUDIT_HASH_HEX]; /* its MAC (the genesis value for id 0) */
	char at[32];                   /* when the anchor was taken, UTC ISO-8601 */
};
struct store_audit_report {
	int64_t checked;      /* entries examined */
	int64_t first_bad_id; /* 0 when intact */
	int anchors;          /* anchors compared */
	char why[224];        /* English reason when broken */
	/* when intact: the newest entry and its MAC (what an anchor keeps) */
	int64_t last_id;
	char last_mac[CORE_AUDIT_HASH_HEX];
};
/* Walk the chain in id order, recompute every MAC with the store's key
 * and compare with audit_head. Returns REDE_OK when the walk completed
 * (look at r->first_bad_id for the verdict). */
enum rede_err store_audit_verify(struct store *s, struct store_audit_report *r);
/* The same, and each anchor's entry must still carry the anchor's MAC:
 * a rewrite, even with the key, or a truncation before an anchor breaks
 * it. */
enum rede_err store_audit_verify_anchored(struct store *s, const struct store_audit_anchor *a,
					  size_t n, struct store_audit_report *r);

/* The migration that turned the unkeyed chain into the MAC. */
#define STORE_AUDIT_MAC_MIGRATION 9

/* Migration 0009's data step: check the chain as it was made (unkeyed
 * hashes), then re-seal every entry with the MAC under the store's key and
 * put that on record as an entry of its own (action "reseal"), naming the
 * old head and whether the old chain was intact. An empty log needs no
 * key and gets no entry. */
enum rede_err store_audit_reseal(struct store_conn *c);

#endif
