/*
 * handovers.h - handover conversations when a child starts in daycare
 * (overleveringssamtale, DOMAIN §1.6) in the store: date, institution,
 * participants and the items that were shared.
 *
 * Two ways in, two rules (both in store/access.c): staff reach a handover
 * through the family (store_access_family); a daycare user reaches it only
 * while it is shared (store_access_handover, store_handover_each_daycare):
 * the user belongs to the handover's institution AND the parents'
 * share_daycare consent is in force on the day asked about. What a daycare
 * user gets is the items; the handler decides the shape.
 *
 * Ownership: struct handover_row owns the item texts;
 * handover_row_release frees them.
 */
#ifndef REDE_STORE_HANDOVERS_H
#define REDE_STORE_HANDOVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/store.h"

#define HANDOVER_MAX_ITEMS 32
#define HANDOVER_TEXT_MAX 4000

struct handover_item {
	char topic[32];
	char *text;
};

struct handover_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	int64_t unit_id;
	char held_on[11];
	char participants[160]; /* comma list */
	int64_t recorded_by;
	int64_t created_at;
	struct handover_item items[HANDOVER_MAX_ITEMS];
	size_t nitems;
};
void handover_row_init(struct handover_row *r);
void handover_row_release(struct handover_row *r);

/* Insert with its items; sets id and created_at. */
enum rede_err store_handover_insert(struct store_conn *c, struct handover_row *r);
enum rede_err store_handover_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct handover_row *out);
/* Handovers of a family, newest first. */
enum rede_err store_handover_each_family(struct store_conn *c, int64_t family_id,
					 int (*fn)(const struct handover_row *r, void *arg),
					 void *arg);
/* The handovers a daycare user may see on day, newest first. */
enum rede_err store_handover_each_daycare(struct store_conn *c, int64_t municipality_id,
					  int64_t user_id, const char *day,
					  int (*fn)(const struct handover_row *r, void *arg),
					  void *arg);

#endif
