/*
 * fuzz_import.h - what the import readers' harnesses share: small caps and
 * a row function that checks each row against them and that every cell is
 * valid UTF-8 (__builtin_trap otherwise).
 */
#ifndef REDE_FUZZ_IMPORT_H
#define REDE_FUZZ_IMPORT_H

#include <stdbool.h>
#include <string.h>

#include "rede/import.h"

static const struct imp_limits fuzz_import_limits = {
	.max_bytes = 1 << 20,
	.max_rows = 500,
	.max_cell_len = 300,
	.max_shared_strings = 200,
	.max_columns = 40,
};

struct fuzz_rows {
	int64_t rows, last_row;
};

static inline bool fuzz_utf8(const unsigned char *s)
{
	while (*s) {
		int k = *s < 0x80             ? 0
			: (*s & 0xE0) == 0xC0 ? 1
			: (*s & 0xF0) == 0xE0 ? 2
			: (*s & 0xF8) == 0xF0 ? 3
					      : -1;
		if (k < 0)
			return false;
		for (int i = 1; i <= k; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		s += k + 1;
	}
	return true;
}

static inline int fuzz_import_row(void *arg, int64_t rowno, const struct imp_cell *cells, int n)
{
	struct fuzz_rows *fr = arg;

	if (n <= 0 || n > fuzz_import_limits.max_columns || rowno <= fr->last_row)
		__builtin_trap();
	fr->last_row = rowno;
	fr->rows++;
	for (int i = 0; i < n; i++) {
		if (!cells[i].text ||
		    (int64_t)strlen(cells[i].text) > fuzz_import_limits.max_cell_len ||
		    !fuzz_utf8((const unsigned char *)cells[i].text))
			__builtin_trap();
	}
	return 0;
}

#endif
