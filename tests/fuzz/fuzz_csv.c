/*
 * fuzz_csv.c - libFuzzer harness for the CSV writers (src/report/w_csv.c)
 * on reports whose texts are fuzz input. Properties, both dialects: the
 * output is well-formed (quotes balanced, every line ends CRLF) and no
 * field starts with =, +, -, @, tab or CR - the formula characters -
 * unless it is a number the report computed (a minus and digits) or the
 * report's own "-".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool numeric_or_dash(const char *f, char sep)
{
	const char *p = f + 1;

	if (*p == sep || *p == '\r' || *p == '"' || *p == 0)
		return true; /* the report's "-" */
	return *p >= '0' && *p <= '9';
}

static void check(const char *text, size_t len, char sep, size_t skip)
{
	bool start = true, quoted = false;

	for (size_t i = skip; i < len; i++) {
		const char *p = text + i;

		if (start) {
			const char *f = *p == '"' ? p + 1 : p;
			if (f[0] == '\r' && f[1] == '\n')
				; /* an empty field at the end of a line */
			else if (*f == '-' ? !numeric_or_dash(f, sep)
					   : (*f && strchr("=+@\t\r", *f)))
				__builtin_trap();
			start = false;
		}
		if (*p == '"') {
			quoted = !quoted;
		} else if (!quoted && *p == sep) {
			start = true;
		} else if (!quoted && *p == '\r') {
			if (p[1] != '\n')
				__builtin_trap();
			i++;
			start = true;
		} else if (!quoted && *p == '\n') {
			__builtin_trap(); /* a bare LF outside quotes */
		}
	}
	if (quoted || (len > skip && text[len - 1] != '\n'))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report *r;

	if (size == 0)
		return 0;
	r = fuzz_report(data, size);
	for (int d = 0; d < 2; d++) {
		char *out = NULL;
		size_t len = 0;

		if (report_write(r, d ? RFORMAT_CSV_DA : RFORMAT_CSV, NULL, &out, &len) != REDE_OK)
			__builtin_trap();
		check(out, len, d ? ';' : ',', d ? 3 : 0);
		free(out);
	}
	report_free(r);
	return 0;
}
