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

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Length of the run of digits at p (at most max). */
static size_t digit_run(const char *p, size_t max)
{
	size_t n = 0;

	while (n < max && is_digit(p[n]))
		n++;
	return n;
}

bool core_cpr_find(const char *text, char digits[11])
{
	if (!text)
		return false;
	for (const char *p = text; *p; p++) {
		size_t run;

		if (!is_digit(*p) || (p > text && is_digit(p[-1])))
			continue;
		run = digit_run(p, 11);
		if (run == 10) {
			memcpy(digits, p, 10);
			digits[10] = 0;
			return true;
		}
		if (run == 6 && (p[6] == '-' || p[6] == ' ') && digit_run(p + 7, 5) == 4) {
			memcpy(digits, p, 6);
			memcpy(digits + 6, p + 7, 4);
			digits[10] = 0;
			return true;
		}
	}
	return false;
}
