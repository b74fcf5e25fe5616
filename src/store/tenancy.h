/*
 * tenancy.h - municipalities and their units in the store.
 *
 * Every row in Rede belongs to one municipality; these are the roots.
 * Lookups that take a municipality_id return REDE_E_NOTFOUND for another
 * municipality's row, so callers answer 404 and never reveal existence.
 */
#ifndef REDE_STORE_TENANCY_H
#define REDE_STORE_TENANCY_H

#include <stdint.h>

#include "rede/store.h"

struct municipality_row {
	int64_t id;
	char code[16];
	char name[128];
};

struct unit_row {
	int64_t id;
	int64_t municipality_id;
	char kind[32];
	char name[160];
	int64_t version;
};

enum rede_err store_municipality_add(struct store_conn *c, const char *code, const char *name,
				     int64_t *id);
enum rede_err store_municipality_by_code(struct store_conn *c, const char *code,
					 struct municipality_row *out);
enum rede_err store_municipality_get(struct store_conn *c, int64_t id,
				     struct municipality_row *out);
/* Every municipality, ordered by code; fn returns non-zero to stop. */
enum rede_err store_municipality_each(struct store_conn *c,
				      int (*fn)(const struct municipality_row *m, void *arg),
				      void *arg);
/* The only municipality, when the database has exactly one (CLI default). */
enum rede_err store_municipality_single(struct store_conn *c, struct municipality_row *out);

enum rede_err store_unit_add(struct store_conn *c, int64_t municipality_id, const char *kind,
			     const char *name, int64_t *id);
enum rede_err store_unit_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct unit_row *out);
/* Call fn for each unit of a municipality ordered by name; fn returns
 * non-zero to stop. */
enum rede_err store_unit_each(struct store_conn *c, int64_t municipality_id,
			      int (*fn)(const struct unit_row *u, void *arg), void *arg);

#endif
