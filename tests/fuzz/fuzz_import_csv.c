/*
 * fuzz_import_csv.c - libFuzzer harness for the import's CSV reader
 * (src/import/csv.c) on arbitrary bytes. Properties: every row handed on
 * keeps the caps (columns, cell length, rows), every cell is valid UTF-8
 * whatever the input's encoding (Windows-1252 is converted), and a failed
 * read says why in a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imp_info info;
	struct imp_error err;
	struct fuzz_rows fr = {0};
	enum imp_status st = imp_csv_read((const char *)data, size, &fuzz_import_limits,
					  fuzz_import_row, &fr, &info, &err);

	if (fr.rows != info.rows || fr.rows > fuzz_import_limits.max_rows)
		__builtin_trap();
	if (st != IMP_OK && !err.message[0])
		__builtin_trap();
	if (info.delimiter != ',' && info.delimiter != ';' && st == IMP_OK && size)
		__builtin_trap();
	return 0;
}
