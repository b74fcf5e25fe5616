/*
 * str.c - small string helpers; str_equal_ct compares secrets (CSRF
 * tokens) in time independent of where they differ.
 */
#include <string.h>

#include "rede/util.h"

bool str_equal_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = (unsigned char)(la != lb);

	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i < lb ? i : 0]);
	return diff == 0;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
