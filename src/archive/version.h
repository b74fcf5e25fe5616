/*
 * version.h - writing an archive version (arkiveringsversion) of one
 * municipality's records: the structure of bekendtgørelse nr. 128 af 12.
 * februar 2020 om arkiveringsversioner.
 *
 *   DIR/Indices/archiveIndex.xml               what the version is
 *   DIR/Indices/tableIndex.xml                 every table and column, described
 *   DIR/Indices/contextDocumentationIndex.xml  the context documents
 *   DIR/Indices/fileIndex.xml                  every file with its MD5
 *   DIR/Schemas/standard/NAME.xsd              the schemas of the indices
 *   DIR/Tables/tableN/tableN.xml, tableN.xsd   the rows of each table
 *   DIR/ContextDocumentation/docCollection1/1/1.txt
 *                                              a description of Rede and the version
 *
 * Which rows: the cases that had ended by the version's date (see
 * src/store/cases.h), with their families, and the municipality's
 * reference data (units, staff, materials, COS-P courses, family groups).
 * Cases already deleted by retention are not delivered again.
 */
#ifndef REDE_ARCHIVE_VERSION_H
#define REDE_ARCHIVE_VERSION_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

struct archive_opts {
	int64_t municipality_id;
	const char *municipality_name;
	const char *through;       /* YYYY-MM-DD: cases that ended on or before */
	const char *avid;          /* AVID.XXX.n, given by the receiving archive */
	const char *previous_avid; /* the last delivered version's AVID, or "" */
	const char *archive_code;  /* the receiving archive, e.g. SA */
	const char *dir;           /* the version's root folder: must not exist or be empty */
	int32_t today;             /* the Danish day, for "ended once past" */
};

#define ARCHIVE_MAX_TABLES 64
struct archive_result {
	int64_t tables, rows, files;
	int64_t table_rows[ARCHIVE_MAX_TABLES]; /* per archive_tables[i] */
	char file_index_md5[33];
};

/* Write the version; keys decrypt the CPR numbers. On failure *msg
 * (English, caller frees) says why; files written so far stay for
 * inspection (the directory was empty before). */
enum rede_err archive_write(struct store *s, const struct crypto_keys *keys,
			    const struct archive_opts *o, struct archive_result *r, char **msg);

/* Is avid of the form AVID.XXX.n (2-4 capitals, n >= 1)? */
bool archive_avid_valid(const char *avid);

#endif
