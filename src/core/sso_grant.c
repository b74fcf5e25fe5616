/*
 * sso_grant.c - the roles and units a sign-in through an identity provider
 * gives (see core.h): the union over the municipality's mapping rows that
 * match the user's privileges or claim values. Whatever is not mapped is
 * not given; a privilege the IdP no longer sends is gone at the next
 * sign-in, because the grant replaces what the user had.
 */
#include "rede/core.h"

bool core_sso_grant_add(struct core_sso_grant *g, const char *role, int64_t unit_id)
{
	enum core_role r = core_role_parse(role);

	if (r == ROLE__COUNT)
		return false;
	g->roles |= ROLE_BIT(r);
	if (unit_id <= 0)
		return true;
	for (size_t i = 0; i < g->nunits; i++)
		if (g->units[i] == unit_id)
			return true;
	if (g->nunits < CORE_SSO_MAX_UNITS)
		g->units[g->nunits++] = unit_id;
	return true;
}
