/*
 * core_toybox.h - toy boxes lent to families at the 1½- and 3-year visits
 * (DOMAIN §1.5): a box's state, and the quarantine after each return
 * before it may be lent again (toybox.quarantine_hours in the setting
 * table, seed 003) with the Danish message that names when it is free.
 * Pure functions of their arguments (src/core/toybox.c).
 */
#ifndef REDE_CORE_TOYBOX_H
#define REDE_CORE_TOYBOX_H

#include <stdbool.h>
#include <stdint.h>

enum core_toybox_state {
	TOYBOX_AVAILABLE,
	TOYBOX_CHECKED_OUT,
	TOYBOX_QUARANTINE,
	TOYBOX_WRITTEN_OFF,
	TOYBOX_STATE__COUNT
};
extern const char *const core_toybox_state_names[TOYBOX_STATE__COUNT];

enum core_toybox_write_off { WRITE_OFF_LOST, WRITE_OFF_DAMAGED, WRITE_OFF_OTHER, WRITE_OFF__COUNT };
extern const char *const core_toybox_write_off_names[WRITE_OFF__COUNT];

struct core_toybox_params {
	int64_t quarantine_hours; /* toybox.quarantine_hours */
};

/* What the store knows about a box. */
struct core_toybox_facts {
	bool written_off;
	bool checked_out;         /* an open checkout */
	int64_t last_returned_at; /* Unix seconds of the newest return; 0 = never out */
};
/* The box's state at now. A box is in quarantine from its return until
 * quarantine_hours later (exclusive): returned 10:00, free from 10:00
 * three days later with 72 hours. */
enum core_toybox_state core_toybox_state(const struct core_toybox_params *p,
					 const struct core_toybox_facts *f, int64_t now);
/* When a returned box is free again (Unix seconds); 0 when never out. */
int64_t core_toybox_free_at(const struct core_toybox_params *p, const struct core_toybox_facts *f);

/* The refusal message for checking out a box in quarantine, naming when it
 * is free (rounded up to the whole minute), e.g. "Kassen er i karantæne
 * efter brug og kan først udlånes igen 14-03-2026 kl. 10:00". */
#define CORE_TOYBOX_MSG_SIZE 160
void core_toybox_quarantine_message(int64_t free_at, char out[CORE_TOYBOX_MSG_SIZE]);

#endif
