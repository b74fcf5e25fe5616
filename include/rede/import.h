/*
 * import.h - reading spreadsheets people already have (issue 19): CSV and
 * XLSX files into rows of text cells, and the cell conversions an import
 * needs (dates as Excel serials or text, CPR numbers that lost their
 * leading zero).
 *
 * The readers are streaming and capped: a file never costs more memory
 * than the caps allow, whatever it claims or expands to. Every cap comes
 * from the caller (the `setting` table, keys import.*), never a literal
 * here. A reader calls the row function once per non-empty row, in order,
 * with the cells of that row by column (0 = A); it stops at the first
 * error and reports it with a Danish message and where it was.
 *
 * Ownership: the cells passed to the row function live until it returns.
 * Nothing here does I/O beyond the buffer it is given; pure C on libzip
 * and expat (src/import/).
 */
#ifndef REDE_IMPORT_H
#define REDE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps; each must be > 0. */
struct imp_limits {
	int64_t max_bytes;          /* file size, and each uncompressed XLSX part */
	int64_t max_rows;           /* data rows in a sheet */
	int64_t max_cell_len;       /* bytes in one cell (after conversion to UTF-8) */
	int64_t max_shared_strings; /* entries of an XLSX shared-string table */
	int64_t max_columns;        /* cells in one row */
};

enum imp_status {
	IMP_OK = 0,
	IMP_E_FORMAT,    /* not a CSV/XLSX we can read (bad zip, bad XML, DTD) */
	IMP_E_TRUNCATED, /* archive cut off or damaged */
	IMP_E_TOO_BIG,   /* a cap was passed (zip bomb, too many rows/strings, long cell) */
	IMP_E_NO_SHEET,  /* the workbook has no sheet of that name */
	IMP_E_STOPPED,   /* the row function asked to stop */
	IMP_STATUS__COUNT
};

struct imp_cell {
	const char *text; /* UTF-8, never NULL ("" for an empty cell) */
	bool number;      /* XLSX numeric cell (a date serial, a CPR that lost its 0) */
};

/* One row; rowno is the 1-based row number as the user sees it in Excel
 * (for CSV: the record number, counting the header as 1). Return 0 to go
 * on, anything else to stop (IMP_E_STOPPED). */
typedef int (*imp_row_fn)(void *arg, int64_t rowno, const struct imp_cell *cells, int ncells);

/* What a reader found out about the file, for the report. */
struct imp_info {
	char encoding[16]; /* "UTF-8", "UTF-8 (BOM)", "Windows-1252", "XLSX" */
	char delimiter;    /* CSV: ',' or ';' */
	char sheet[64];    /* XLSX: the sheet read */
	int64_t rows;      /* rows passed to the row function */
};

/* Where and why a read stopped. */
struct imp_error {
	enum imp_status status;
	int64_t row;       /* 0 when not tied to a row */
	char message[256]; /* Danish, never holds cell contents */
};

/* A CSV file: delimiter ',' or ';' (whichever the first line has more of
 * outside quotes), RFC 4180 quoting, CRLF or LF; UTF-8 with or without a
 * BOM, or Windows-1252 when the bytes are not valid UTF-8 (converted). */
enum imp_status imp_csv_read(const char *data, size_t len, const struct imp_limits *lim,
			     imp_row_fn fn, void *arg, struct imp_info *info,
			     struct imp_error *err);

/* The sheet named sheet (case-insensitive) of an XLSX workbook in memory.
 * Shared strings, inline strings and numbers; formulas give their cached
 * value. A DTD anywhere is refused (no entity expansion at all). */
enum imp_status imp_xlsx_read(const char *data, size_t len, const char *sheet,
			      const struct imp_limits *lim, imp_row_fn fn, void *arg,
			      struct imp_info *info, struct imp_error *err);

/* Does the buffer start like a zip archive (an XLSX)? */
bool imp_is_zip(const char *data, size_t len);

/* ---- cells (src/import/cells.c) ---- */

/* A date cell into days since 1970-01-01: an Excel serial (1900 date
 * system, whole days; serial 60 is Excel's non-existent 1900-02-29 and is
 * refused) when number, else text dd-mm-yyyy, d-m-yyyy, d.m.yyyy,
 * d/m/yyyy or yyyy-mm-dd. False when it is none of them. */
bool imp_date_parse(const struct imp_cell *cell, int32_t *days);

enum imp_cpr_fix { IMP_CPR_AS_IS, IMP_CPR_ZERO_RESTORED, IMP_CPR_INVALID };
/* A CPR cell into its ten digits (DDMMYY-XXXX accepted). A numeric cell of
 * nine digits (Excel dropped the leading zero of a day 01-09) gets the zero
 * back only when the result is a valid CPR number: IMP_CPR_ZERO_RESTORED,
 * for the report to flag. */
enum imp_cpr_fix imp_cpr_cell(const struct imp_cell *cell, char out[11]);

/* The Windows-1252 byte c as UTF-8 into out (up to 3 bytes + NUL); the
 * length written. */
int imp_cp1252_utf8(unsigned char c, char out[4]);

#endif
