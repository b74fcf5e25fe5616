/*
 * throttle.c - how long a failed-login source must wait (see core.h).
 *
 * The account delay grows 1, 2, 4 ... seconds after the free failures and is
 * capped (default one minute): an attacker can slow an account down, never
 * lock its owner out. The address limit is a plain window.
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
				int64_t window_start, int64_t now)
{
	if (now - window_start >= p->address_window)
		return 0;
	if (failures >= p->address_max_failures)
		return window_start + p->address_window - now;
	return 0;
}
