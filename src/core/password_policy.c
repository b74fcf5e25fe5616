/*
 * password_policy.c - when a password is long enough (DESIGN §5: at least
 * 12 characters; the number is a setting). Length is counted in Unicode
 * code points so "æøå" counts as three characters, not six bytes.
 */
#include "rede/core.h"

bool core_password_acceptable(const char *pw, int min_len)
{
	const unsigned char *p = (const unsigned char *)pw;
	int count = 0;

	while (*p) {
		int extra;

		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p < 0x80)
			extra = 0;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			extra = 1;
		else if ((*p & 0xf0) == 0xe0)
			extra = 2;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			extra = 3;
		else
			return false;
		p++;
		for (int i = 0; i < extra; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
		count++;
	}
	return count >= min_len;
}
