/*
 * copy.h - copying a whole database table by table (rede copy). Rows are
 * copied verbatim, ids included, so the audit chain (whose hashes cover
 * the ids) still verifies on the destination.
 */
#ifndef REDE_STORE_COPY_H
#define REDE_STORE_COPY_H

#include <stdint.h>

#include "rede/store.h"
#include "store/tables.h"

/* Rows in table; -1 when it cannot be read. */
int64_t store_copy_count(struct store_conn *c, const char *table);
/* Copy table t from src (inside the caller's read transaction) to dst, in
 * one write transaction of dst (rows the migrations seeded are replaced;
 * auto ids continue after the copied ones). *done counts the rows copied
 * so far of total; progress, when not NULL, is told every 1000 rows. */
enum rede_err store_copy_table(struct store_conn *src, struct store_conn *dst,
			       const struct store_table *t, int64_t *done, int64_t total,
			       void (*progress)(int64_t done, int64_t total, const char *table));

/* Something of the destination set aside during the copy: the statement
 * that dropped it (name) and the one that builds it again (sql). */
struct store_copy_index {
	char *name, *sql;
};
/* Drop the destination's secondary indexes (those not behind a primary
 * key or unique constraint) and, on PostgreSQL, its foreign keys before
 * the copy, handing back what builds them again: *out (owned by the
 * caller, store_copy_indexes_free) of *n. */
enum rede_err store_copy_indexes_drop(struct store_conn *c, struct store_copy_index **out, int *n);
/* Build them again after the data (the foreign keys checked then, each
 * with one query), and on PostgreSQL ANALYZE. */
enum rede_err store_copy_indexes_build(struct store_conn *c, const struct store_copy_index *ix,
				       int n);
void store_copy_indexes_free(struct store_copy_index *ix, int n);

#endif
