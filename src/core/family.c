/*
 * family.c - vocabularies of families, persons and consents, and the name
 * search key (see core_family.h).
 */
#include <string.h>

#include "rede/core_family.h"

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
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0;
	bool space = false;

	if (!outsz)
		return out;
	while (*p && o + 2 < outsz) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			space = o > 0;
			p++;
			continue;
		}
		if (space) {
			out[o++] = ' ';
			space = false;
			if (o + 2 >= outsz)
				break;
		}
		if (*p >= 'A' && *p <= 'Z') {
			out[o++] = (char)(*p + 32);
			p++;
		} else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
			/* U+00C0..U+00DE capitals (not ×): lowercase is +0x20 */
			out[o++] = (char)0xc3;
			out[o++] = (char)(p[1] + 0x20);
			p += 2;
		} else {
			out[o++] = (char)*p++;
		}
	}
	out[o] = 0;
	return out;
}
