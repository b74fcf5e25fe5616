/*
 * unit_kind.c - the kinds of unit a municipality has (DOMAIN §2).
 */
#include <string.h>

#include "rede/core.h"

const char *const core_unit_kind_names[UNIT_KIND__COUNT] = {
	"daycare", "health_visiting", "administration", "family_department", "ppr",
};

enum core_unit_kind core_unit_kind_parse(const char *name)
{
	for (int k = 0; k < UNIT_KIND__COUNT; k++)
		if (!strcmp(name, core_unit_kind_names[k]))
			return (enum core_unit_kind)k;
	return UNIT_KIND__COUNT;
}
