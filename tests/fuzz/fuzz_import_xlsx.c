/*
 * fuzz_import_xlsx.c - libFuzzer harness for the import's XLSX reader
 * (src/import/xlsx.c). The first byte chooses: odd - the input is the
 * whole file (archive damage, truncation); even - the rest is split at the
 * first NUL into the sheet's XML and the shared strings' XML, zipped here
 * with libzip into a workbook, so the XML parsing (DTDs, entities, cell
 * references, shared-string indexes, caps) gets the mutations instead of
 * the archive's checksums. Properties as fuzz_import.h, and the rows
 * counted match the reader's count.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char WORKBOOK[] =
	"<workbook xmlns:r=\"r\"><sheets><sheet name=\"Familier\" sheetId=\"1\" "
	"r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
	"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
	"</Relationships>";

static bool add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(z, p, n, 0);

	if (!s)
		return false;
	if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return false;
	}
	return true;
}

/* A workbook holding sheet and sst (NULL: none) in *out (malloc'd). */
static bool build(const char *sheet, size_t sn, const char *sst, size_t tn, char **out, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t stt;
	bool ok = false;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return false;
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!z) {
		zip_source_free(src);
		zip_source_free(src);
		return false;
	}
	if (!add(z, "xl/workbook.xml", WORKBOOK, strlen(WORKBOOK)) ||
	    !add(z, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS)) ||
	    !add(z, "xl/worksheets/sheet1.xml", sheet, sn) ||
	    (sst && !add(z, "xl/sharedStrings.xml", sst, tn))) {
		zip_discard(z);
		zip_source_free(src);
		return false;
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(src);
		return false;
	}
	if (zip_source_stat(src, &stt) == 0 && zip_source_open(src) == 0) {
		*out = malloc(stt.size + 1);
		*len = (size_t)zip_source_read(src, *out, stt.size);
		zip_source_close(src);
		ok = true;
	}
	zip_source_free(src);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct imp_info info;
	struct imp_error err;
	struct fuzz_rows fr = {0};
	char *file = NULL;
	size_t len = 0;
	enum imp_status st;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		file = malloc(size);
		memcpy(file, data + 1, size - 1);
		len = size - 1;
	} else {
		const char *rest = (const char *)data + 1, *nul = memchr(rest, 0, size - 1);
		size_t sn = nul ? (size_t)(nul - rest) : size - 1;

		if (!build(rest, sn, nul ? nul + 1 : NULL, nul ? size - 2 - sn : 0, &file, &len))
			return 0;
	}
	st = imp_xlsx_read(file, len, "Familier", &fuzz_import_limits, fuzz_import_row, &fr, &info,
			   &err);
	if (fr.rows != info.rows || fr.rows > fuzz_import_limits.max_rows)
		__builtin_trap();
	if (st != IMP_OK && !err.message[0])
		__builtin_trap();
	free(file);
	return 0;
}
