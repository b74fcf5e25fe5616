/*
 * family.c - vocabularies of families, persons and consents, and the name
 * search key (see core_family.h).
 */
#include <string.h>

#include "rede/core_family.h"
#include "rede/util.h"

const char *const person_kind_names[PERSON_KIND__COUNT] = {"child", "guardian"};
const char *const guardian_relation_names[REL__COUNT] = {"mother", "father", "co_mother",
							 "foster_parent", "other"};
const char *const consent_purpose_names[CONSENT_PURPOSE__COUNT] = {
	"participation", "share_daycare", "share_health_visiting", "evaluation_contact"};

size_t core_name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return n;
}

char *core_search_key(const char *name, char *out, size_t outsz)
{
	return str_fold(name, out, outsz);
}
