/*
 * audit.h - the append-only, hash-chained audit log in the database.
 *
 * Every entry carries the hash of the one before it (core_audit_hash), and
 * the single-row audit_head table holds the newest id and hash. Appending
 * updates audit_head first, which serialises appenders on both backends.
 * Entries for a change are appended inside the change's transaction.
 */
#ifndef REDE_STORE_AUDIT_H
#define REDE_STORE_AUDIT_H

#include <stdint.h>

#include "rede/core.h"
#include "rede/store.h"

/* Append e inside the caller's (write) transaction. Sets e->id; e->at is
 * filled with the current UTC time when NULL. */
enum rede_err store_audit_append(struct store_conn *c, struct core_audit_entry *e);

struct store_audit_report {
	int64_t checked;        /* entries examined */
	int64_t first_bad_id;   /* 0 when intact */
	char why[160];          /* English reason when broken */
};
/* Walk the chain in id order and compare with audit_head. Returns REDE_OK
 * when the walk completed (look at r->first_bad_id for the verdict). */
enum rede_err store_audit_verify(struct store *s, struct store_audit_report *r);

#endif
