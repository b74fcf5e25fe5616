/*
 * fuzz_xlsx.c - libFuzzer harness for the XLSX writer (src/report/w_xlsx.c,
 * libxlsxwriter) on reports whose texts - sheet names included - are fuzz
 * input: it must not crash or leak, and must give a zip (a workbook) every
 * time.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report *r;
	char *out = NULL;
	size_t len = 0;

	if (size == 0)
		return 0;
	r = fuzz_report(data, size);
	if (report_write(r, RFORMAT_XLSX, NULL, &out, &len) != REDE_OK || len < 4 ||
	    memcmp(out, "PK\x03\x04", 4))
		__builtin_trap();
	free(out);
	report_free(r);
	return 0;
}
