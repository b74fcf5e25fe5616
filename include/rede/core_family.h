/*
 * core_family.h - families, persons and consents: their vocabularies and
 * the name search key (DOMAIN §2, issue 3). Pure C.
 */
#ifndef REDE_CORE_FAMILY_H
#define REDE_CORE_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

enum person_kind { PERSON_CHILD, PERSON_GUARDIAN, PERSON_KIND__COUNT };
extern const char *const person_kind_names[PERSON_KIND__COUNT];

enum guardian_relation {
	REL_MOTHER,
	REL_FATHER,
	REL_CO_MOTHER,
	REL_FOSTER_PARENT,
	REL_OTHER,
	REL__COUNT
};
extern const char *const guardian_relation_names[REL__COUNT];

/* Consent purposes (DOMAIN §2): each given by a named guardian on a date,
 * withdrawable; a withdrawal stops the sharing from that day. */
enum consent_purpose {
	CONSENT_PARTICIPATION,
	CONSENT_SHARE_DAYCARE_P,
	CONSENT_SHARE_HEALTH_VISITING,
	CONSENT_EVALUATION_CONTACT,
	CONSENT_PURPOSE__COUNT
};
extern const char *const consent_purpose_names[CONSENT_PURPOSE__COUNT];

/* Index of name in a name table of n entries, or n when unknown. */
size_t core_name_index(const char *const *names, size_t n, const char *name);

/* The search form of a name: the one folding of free text, str_fold
 * (src/util/fold.c: small letters incl. Æ Ø Å and the other accented
 * capitals, white space collapsed and trimmed, accents composed). Writes
 * at most outsz-1 bytes; returns out. A change to str_fold changes every
 * stored search_key: the migration that makes it rebuilds them (0010). */
char *core_search_key(const char *name, char *out, size_t outsz);

#endif
