/*
 * fuzz_cpr.c - libFuzzer harness for CPR numbers in text (src/core/cpr.c):
 * core_cpr_parse on what a form sends and core_cpr_find on what a search
 * box gets. Properties: a parsed number is ten digits with a real date and
 * masks as DDMMYY-xxxx; whatever parses is also found in the same text
 * (so no CPR number typed into a search is ever taken for a name); a found
 * number is ten digits that stand in the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT_MAX 256

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[TEXT_MAX + 1], norm[11], found[11], masked[12];
	int y = 0, m = 0, d = 0;
	bool parsed, has;

	if (size > TEXT_MAX)
		size = TEXT_MAX;
	memcpy(text, data, size);
	text[size] = 0;
	parsed = core_cpr_parse(text, norm, &y, &m, &d);
	has = core_cpr_find(text, found);
	if (parsed) {
		if (strlen(norm) != 10 || !all_digits(norm, 10) || !rede_date_valid(y, m, d))
			__builtin_trap();
		core_cpr_mask(norm, masked);
		if (memcmp(masked, norm, 6) || strcmp(masked + 6, "-xxxx"))
			__builtin_trap();
		if (!has || strcmp(found, norm))
			__builtin_trap();
	}
	if (has) {
		char dashed[12], spaced[12];

		if (strlen(found) != 10 || !all_digits(found, 10))
			__builtin_trap();
		memcpy(dashed, found, 6);
		dashed[6] = '-';
		memcpy(dashed + 7, found + 6, 5);
		memcpy(spaced, dashed, sizeof(spaced));
		spaced[6] = ' ';
		if (!strstr(text, found) && !strstr(text, dashed) && !strstr(text, spaced))
			__builtin_trap();
	}
	return 0;
}
