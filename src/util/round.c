/*
 * round.c - the one rounding rule for shown numbers (issue 15): an exact
 * integer quotient rounded once, half away from zero. Amounts are summed
 * exactly (e.g. minutes x hourly øre) and divided only where they are
 * shown, so totals never drift by the truncation of every row.
 */
#include "rede/util.h"

int64_t rede_div_round(int64_t n, int64_t d)
{
	int64_t q = n / d, r = n % d;

	if (r < 0)
		r = -r;
	/* r >= d - r rather than 2 * r >= d: no overflow near INT64_MAX */
	if (r >= d - r)
		q += n < 0 ? -1 : 1;
	return q;
}
