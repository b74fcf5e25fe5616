/*
 * cpr.c - validating and masking Danish CPR numbers (DESIGN §5).
 *
 * A CPR number is DDMMYY-SSSS. The century follows from the 7th digit and
 * the two-digit year (CPR-kontoret's table). Modulus 11 is deliberately
 * NOT required: numbers without it have been issued since 2007.
 */
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"

int core_cpr_full_year(int yy, int digit7)
{
	if (digit7 <= 3)
		return 1900 + yy;
	if (digit7 == 4 || digit7 == 9)
		return (yy <= 36 ? 2000 : 1900) + yy;
	return (yy <= 57 ? 2000 : 1800) + yy; /* 5-8 */
}

bool core_cpr_parse(const char *in, char norm[11], int *y, int *m, int *d)
{
	char digits[11];
	size_t len = in ? strlen(in) : 0, n = 0;
	int dd, mm, yy, year;

	if (len != 10 && len != 11)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (len == 11 && i == 6) {
			if (in[i] != '-')
				return false;
			continue;
		}
		if (in[i] < '0' || in[i] > '9')
			return false;
		digits[n++] = in[i];
	}
	digits[10] = 0;
	dd = (digits[0] - '0') * 10 + (digits[1] - '0');
	mm = (digits[2] - '0') * 10 + (digits[3] - '0');
	yy = (digits[4] - '0') * 10 + (digits[5] - '0');
	year = core_cpr_full_year(yy, digits[6] - '0');
	if (!rede_date_valid(year, mm, dd))
		return false;
	memcpy(norm, digits, 11);
	if (y)
		*y = year;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return true;
}

void core_cpr_mask(const char norm[11], char out[12])
{
	memcpy(out, norm, 6);
	memcpy(out + 6, "-xxxx", 6);
}
