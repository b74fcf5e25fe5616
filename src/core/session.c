/*
 * session.c - is a session still valid? Idle and absolute limits
 * (DESIGN §5: 30 minutes idle, 12 hours in all; values from settings).
 */
#include "rede/core.h"

bool core_session_valid(const struct core_session_policy *p, int64_t created, int64_t last_seen,
			int64_t now)
{
	return now - last_seen < p->idle_seconds && now - created < p->absolute_seconds;
}
