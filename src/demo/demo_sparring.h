/*
 * demo_sparring.h - SYNTHETIC faglig sparring and training records for
 * `rede demo` (issue 23), so the sparring page, the leader's overview and
 * the sparring report have something to show.
 */
#ifndef REDE_CLI_DEMO_SPARRING_H
#define REDE_CLI_DEMO_SPARRING_H

#include <stdint.h>

#include "rede/store.h"

/* The demo staff: home pedagogue, health visitor, coordinator, leader. */
struct demo_sparring_staff {
	int64_t pedagogue, health_visitor, coordinator, leader;
};

/* Inside the caller's transaction: sessions every fortnight over the last
 * four months (some discussing the pedagogue's courses, notes without
 * names), and training records for every role. */
enum rede_err demo_sparring(struct store_conn *c, int64_t municipality_id,
			    const struct demo_sparring_staff *s);

#endif
