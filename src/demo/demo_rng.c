/*
 * demo_rng.c - splitmix64 for the demo generators (see demo_rng.h).
 */
#include "demo/demo_rng.h"

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int demo_rng_range(struct demo_rng *r, int lo, int hi)
{
	return lo + (int)(demo_rng_next(r) % (uint64_t)(hi - lo + 1));
}

bool demo_rng_pct(struct demo_rng *r, int pct)
{
	return demo_rng_range(r, 0, 99) < pct;
}

int demo_rng_weighted(struct demo_rng *r, const int *w, int n)
{
	int sum = 0, x;

	for (int i = 0; i < n; i++)
		sum += w[i];
	x = demo_rng_range(r, 0, sum - 1);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}
