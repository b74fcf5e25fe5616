/*
 * imports.h - the source keys of imported rows (table import_key, migration
 * 0016): what a key of a file became and the fingerprint of its cells, so a
 * re-import creates nothing and a changed row is a conflict (issue 19).
 */
#ifndef REDE_STORE_IMPORTS_H
#define REDE_STORE_IMPORTS_H

#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

struct import_key_row {
	char entity[32];
	int64_t entity_id;
	char fingerprint[CRYPTO_HASH_HEX];
};

/* The row for (municipality, kind, key): REDE_OK, REDE_E_NOTFOUND. */
enum rede_err store_import_key_get(struct store_conn *c, int64_t municipality_id, const char *kind,
				   const char *source_key, struct import_key_row *out);
/* Record a new key (REDE_E_CONFLICT when it exists). */
enum rede_err store_import_key_put(struct store_conn *c, int64_t municipality_id, const char *kind,
				   const char *source_key, const struct import_key_row *row,
				   int64_t user_id, int64_t now);

#endif
