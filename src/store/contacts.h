/*
 * contacts.h - what happened in a home-pedagogue course, with a date and a
 * duration: home sessions, network meetings with daycare, phone calls,
 * cancellations and no-shows, with the goals worked on (DOMAIN §1.1
 * "Content of sessions", §2 "Contact").
 *
 * The access rule is the caller's job, through the contact's enrolment.
 * Ownership: struct contact_row owns note; contact_row_release frees it.
 */
#ifndef REDE_STORE_CONTACTS_H
#define REDE_STORE_CONTACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/store.h"
#include "store/enrolments.h"

#define CONTACT_MAX_GOALS 32

struct contact_row {
	int64_t id;
	int64_t municipality_id;
	int64_t enrolment_id;
	char happened_on[STORE_DATE_SIZE];
	int64_t minutes;
	char kind[32];        /* core_contact_kind_names */
	char activities[128]; /* comma list of core_activity_names */
	char stance[16];      /* core_stance_names, "" = not recorded */
	char *note;           /* NULL = none */
	bool shared_with_daycare;
	int64_t recorded_by;
	int64_t created_at;  /* when it arrived at the server */
	int64_t recorded_at; /* the client's time when made offline; 0 = none */
	int64_t goal_ids[CONTACT_MAX_GOALS];
	size_t ngoals;
};
void contact_row_init(struct contact_row *r);
void contact_row_release(struct contact_row *r);

/* Insert with its goals; sets id and created_at. */
enum rede_err store_contact_insert(struct store_conn *c, struct contact_row *r);
/* Contacts of an enrolment, newest first, with their goals; the row is
 * released after fn. */
enum rede_err store_contact_each(struct store_conn *c, int64_t enrolment_id,
				 int (*fn)(const struct contact_row *r, void *arg), void *arg);

#endif
