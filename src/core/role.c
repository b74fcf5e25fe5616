/*
 * role.c - the roles of DESIGN §5 as a bit set, with their stable names.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rede/core.h"

const char *const core_role_names[ROLE__COUNT] = {
	"admin",   "coordinator", "home_pedagogue", "health_visitor",
	"daycare", "leader",      "evaluator",
};

enum core_role core_role_parse(const char *name)
{
	for (int r = 0; r < ROLE__COUNT; r++)
		if (!strcmp(name, core_role_names[r]))
			return (enum core_role)r;
	return ROLE__COUNT;
}

bool core_roles_parse_list(const char *list, int64_t *bits)
{
	char name[32];
	const char *p = list;

	*bits = 0;
	while (*p) {
		size_t n = 0;
		enum core_role r;

		while (isspace((unsigned char)*p))
			p++;
		while (*p && *p != ',' && !isspace((unsigned char)*p)) {
			if (n + 1 >= sizeof(name))
				return false;
			name[n++] = *p++;
		}
		name[n] = 0;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return false;
		r = core_role_parse(name);
		if (r == ROLE__COUNT)
			return false;
		*bits |= ROLE_BIT(r);
	}
	return *bits != 0;
}

char *core_roles_format(int64_t bits, char *out, size_t n)
{
	size_t len = 0;

	if (n)
		out[0] = 0;
	for (int r = 0; r < ROLE__COUNT; r++) {
		if (!(bits & ROLE_BIT(r)))
			continue;
		int w = snprintf(out + len, n > len ? n - len : 0, "%s%s", len ? "," : "",
				 core_role_names[r]);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return out;
}
