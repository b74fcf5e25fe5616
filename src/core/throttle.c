/*
 * throttle.c - how long a failed-login source must wait (see core.h).
 *
 * The account delay grows 1, 2, 4 ... seconds after the free failures and is
 * capped (default one minute): an attacker can slow an account down, never
 * lock its owner out. An address past its free failures in the window is
 * slowed to one attempt per address_slow seconds, never locked: behind a
 * shared address (an office, a proxy) the real user's attempt waits at
 * most that long once the guessing stops.
 */
#include "rede/core.h"

int64_t core_login_account_wait(const struct core_login_policy *p, int64_t failures,
				int64_t last_failure, int64_t now)
{
	int64_t extra, delay, wait;

	if (failures <= p->account_free_failures)
		return 0;
	extra = failures - p->account_free_failures;
	delay = extra > 62 ? INT64_MAX : (int64_t)1 << (extra - 1);
	if (delay > p->account_max_delay)
		delay = p->account_max_delay;
	wait = last_failure + delay - now;
	return wait > 0 ? wait : 0;
}

int64_t core_login_address_wait(const struct core_login_policy *p, int64_t failures,
				int64_t window_start, int64_t last_attempt, int64_t now)
{
	int64_t wait, window_left = window_start + p->address_window - now;

	if (window_left <= 0 || failures < p->address_max_failures)
		return 0;
	wait = last_attempt + p->address_slow - now;
	if (wait > window_left)
		wait = window_left;
	return wait > 0 ? wait : 0;
}
