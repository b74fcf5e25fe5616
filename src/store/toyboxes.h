/*
 * toyboxes.h - toy boxes (kasser med legetøj, DOMAIN §1.5) as physical
 * inventory in the store: the boxes, their checkouts to a visit (named by
 * its offer, since the box leaves before the visit is recorded), returns
 * that start the quarantine, and write-offs of lost or damaged boxes.
 *
 * A box's state is not stored: core_toybox_state derives it from the
 * facts loaded here (written off, an open checkout, the newest return)
 * and the current time. At most one checkout per box is open (a unique
 * index); every change bumps the box's version, so two concurrent
 * checkouts of one box cannot both succeed.
 */
#ifndef REDE_STORE_TOYBOXES_H
#define REDE_STORE_TOYBOXES_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_health_visit.h"
#include "rede/store.h"

#define TOYBOX_LABEL_SIZE 128

struct toybox_row {
	int64_t id;
	int64_t municipality_id;
	char label[TOYBOX_LABEL_SIZE];
	char age_group[8];         /* core_hv_age_group_names */
	int64_t written_off_at;    /* 0 = in use */
	char write_off_reason[16]; /* core_toybox_write_off_names */
	char write_off_note[1024];
	int64_t written_off_by;
	int64_t created_at;
	int64_t version;
	/* derived */
	int64_t open_checkout_id; /* 0 = not out */
	int64_t open_offer_id;
	int64_t open_by;
	int64_t open_at;
	int64_t last_returned_at; /* 0 = never returned */
};

/* The quarantine parameter of a municipality (toybox.quarantine_hours). */
enum rede_err store_toybox_params(struct store_conn *c, int64_t municipality_id,
				  struct core_toybox_params *out);
/* The facts core_toybox_state needs. */
void toybox_facts(const struct toybox_row *b, struct core_toybox_facts *f);

/* Insert (sets id, created_at, version = 1). REDE_E_CONFLICT when the
 * label is taken in the municipality. */
enum rede_err store_toybox_insert(struct store_conn *c, struct toybox_row *b);
enum rede_err store_toybox_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct toybox_row *out);
/* The municipality's boxes by label; age_group NULL = all. */
enum rede_err store_toybox_each(struct store_conn *c, int64_t municipality_id,
				const char *age_group,
				int (*fn)(const struct toybox_row *b, void *arg), void *arg);

/* Check the box out to an offer's visit at now, when its stored version
 * equals b->version (bumps it). REDE_E_CONFLICT when stale or already out. */
enum rede_err store_toybox_checkout(struct store_conn *c, struct toybox_row *b, int64_t offer_id,
				    int64_t user_id, int64_t now);
/* Close the open checkout at now (the return date starts the quarantine). */
enum rede_err store_toybox_return(struct store_conn *c, struct toybox_row *b, int64_t user_id,
				  int64_t now);
/* Write the box off at now with a reason and note (NULL = none). */
enum rede_err store_toybox_write_off(struct store_conn *c, struct toybox_row *b, const char *reason,
				     const char *note, int64_t user_id, int64_t now);

struct toybox_checkout_row {
	int64_t id;
	int64_t offer_id;
	int64_t checked_out_at;
	int64_t checked_out_by;
	int64_t returned_at; /* 0 = still out */
	int64_t returned_by;
};
/* A box's checkouts, newest first. */
enum rede_err store_toybox_checkout_each(struct store_conn *c, int64_t toybox_id,
					 int (*fn)(const struct toybox_checkout_row *r, void *arg),
					 void *arg);

#endif
