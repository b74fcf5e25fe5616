/*
 * names.c - the index of a code among a closed list's names (declared in
 * core_course.h, where the first lists were): every closed list of the
 * core is read through it, so it sits apart from any one concept's rules
 * and no concept depends on another's file for it.
 */
#include <string.h>

#include "rede/core_course.h"

int core_course_name_index(const char *const *names, int count, const char *name)
{
	if (!name)
		return count;
	for (int i = 0; i < count; i++)
		if (!strcmp(names[i], name))
			return i;
	return count;
}
