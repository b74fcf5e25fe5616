/*
 * imports.c - SQL of the import's source keys (store/imports.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/imports.h"

static const struct store_col import_key_cols[] = {
	STORE_COL("entity", STORE_COL_TEXT, struct import_key_row, entity),
	STORE_COL("entity_id", STORE_COL_INT, struct import_key_row, entity_id),
	STORE_COL("fingerprint", STORE_COL_TEXT, struct import_key_row, fingerprint),
};

enum rede_err store_import_key_get(struct store_conn *c, int64_t municipality_id, const char *kind,
				   const char *source_key, struct import_key_row *out)
{
	size_t n = sizeof(import_key_cols) / sizeof(import_key_cols[0]);
	struct store_stmt *st =
		store_prepare_select(c, import_key_cols, n,
				     "FROM import_key WHERE municipality_id = ? AND kind = ? AND "
				     "source_key = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(kind), STORE_TEXT(source_key));
	err = store_step_one(st);
	if (!err)
		store_read_row(st, import_key_cols, n, out);
	store_finish(st);
	return err;
}

enum rede_err store_import_key_put(struct store_conn *c, int64_t municipality_id, const char *kind,
				   const char *source_key, const struct import_key_row *row,
				   int64_t user_id, int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO import_key (municipality_id, kind, source_key, entity, entity_id, "
		   "fingerprint, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(kind), STORE_TEXT(source_key),
		       STORE_TEXT(row->entity), STORE_INT(row->entity_id),
		       STORE_TEXT(row->fingerprint), STORE_INT0(user_id), STORE_INT(now));
	return store_run(st);
}
