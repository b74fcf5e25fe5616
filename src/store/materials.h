/*
 * materials.h - the materials catalog of the 1½- and 3-year visits
 * (DOMAIN §1.5) and which materials each health visitor knows and uses,
 * in the store.
 *
 * The catalog is the built-in list (municipality_id 0, inserted by
 * migration 0003) plus a municipality's own additions; a code names one
 * material within a municipality (an addition never reuses a built-in
 * code). Ownership: struct material_row owns label.
 */
#ifndef REDE_STORE_MATERIALS_H
#define REDE_STORE_MATERIALS_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"
#include "store/health_visits.h"

struct material_row {
	int64_t municipality_id; /* 0 = built in */
	char code[HV_CODE_SIZE];
	char age_group[8]; /* core_hv_age_group_names */
	char kind[24];     /* core_material_kind_names */
	char *label;
	bool kept_by_family;
	bool active;
};
void material_row_release(struct material_row *m);

/* The catalog of a municipality (built in and its own), by age group and
 * code; age_group NULL = all. The row is released after fn. */
enum rede_err store_material_each(struct store_conn *c, int64_t municipality_id,
				  const char *age_group,
				  int (*fn)(const struct material_row *m, void *arg), void *arg);
/* One material of the municipality's catalog; REDE_E_NOTFOUND if none. */
enum rede_err store_material_get(struct store_conn *c, int64_t municipality_id, const char *code,
				 struct material_row *out);
/* Add m to the municipality's catalog (m->municipality_id is set).
 * REDE_E_CONFLICT when the code is taken (built in or its own). */
enum rede_err store_material_insert(struct store_conn *c, int64_t municipality_id,
				    struct material_row *m);

/* What a health visitor says about one material, and how many of the
 * visits they made used it. */
struct material_staff_row {
	const struct material_row *material;
	bool knows;
	bool uses;
	int64_t used_in_visits;
	int64_t updated_at; /* 0 = never answered */
};
/* Every material of the catalog with the user's answer. */
enum rede_err store_material_staff_each(struct store_conn *c, int64_t municipality_id,
					int64_t user_id,
					int (*fn)(const struct material_staff_row *r, void *arg),
					void *arg);
/* Record the user's answer for one material (insert or replace). */
enum rede_err store_material_staff_set(struct store_conn *c, int64_t municipality_id,
				       int64_t user_id, const char *code, bool knows, bool uses);

#endif
