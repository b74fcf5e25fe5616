/*
 * demo_rng.h - the one deterministic random stream of the demo generators
 * (splitmix64): the same seed gives the same synthetic rows on every
 * machine, which the scale tests rely on. Not for anything secret - real
 * randomness comes from libsodium.
 */
#ifndef REDE_DEMO_DEMO_RNG_H
#define REDE_DEMO_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct demo_rng {
	uint64_t s; /* the state; set it to the seed */
};

uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [lo, hi]. */
int demo_rng_range(struct demo_rng *r, int lo, int hi);
/* true with probability pct %. */
bool demo_rng_pct(struct demo_rng *r, int pct);
/* An index into a table of n integer weights (percent or any sum). */
int demo_rng_weighted(struct demo_rng *r, const int *w, int n);

#endif
