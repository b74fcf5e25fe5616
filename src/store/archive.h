/*
 * archive.h - what an archive version (arkiveringsversion, bekendtgørelse
 * nr. 128 af 12. februar 2020) holds from the database: the tables, every
 * column with its type and a Danish description, keys, and which case each
 * row belongs to; the rows themselves; and the records of exports and
 * deliveries that retention relies on.
 *
 * The XML is written by src/archive/; this file knows the schema.
 */
#ifndef REDE_STORE_ARCHIVE_H
#define REDE_STORE_ARCHIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

/* How a column is delivered (SQL:1999 type in tableIndex.xml). */
enum archive_type {
	AT_INT,  /* INTEGER, xs:integer */
	AT_TEXT, /* NATIONAL CHARACTER VARYING(n), xs:string */
	AT_DATE, /* DATE, xs:date (stored as YYYY-MM-DD) */
	AT_TIME, /* TIMESTAMP, xs:dateTime (stored as Unix seconds, delivered in UTC) */
	AT_BOOL, /* BOOLEAN, xs:boolean (stored as 0/1) */
	AT_CPR,  /* CHARACTER(10): the CPR number, decrypted from person.cpr_box */
	AT__COUNT
};

struct archive_column {
	const char *name; /* column in the archive (= Rede's, except cpr) */
	enum archive_type type;
	bool nullable;
	const char *description; /* Danish */
	const char *fk_table;    /* references (NULL: none) */
	const char *fk_column;
};

/* Which case a row belongs to: it is delivered when that case is. */
enum archive_root {
	ROOT_REFERENCE, /* the municipality's reference data: always delivered */
	ROOT_FAMILY,
	ROOT_REFERRAL,
	ROOT_ENROLMENT,
	ROOT_OFFER,
	ROOT_HANDOVER,
	ROOT__COUNT
};

#define ARCHIVE_MAX_COLS 24
struct archive_table {
	const char *name;
	const char *description; /* Danish */
	const char *pk[3];       /* NULL-terminated */
	enum archive_root root;
	const char *from_sql;  /* FROM ... WHERE <municipality = ?> */
	const char *root_sql;  /* expression: the root's id */
	const char *order_sql; /* ORDER BY text */
	struct archive_column cols[ARCHIVE_MAX_COLS];
};

extern const struct archive_table archive_tables[];
extern const int archive_tables_count;
int archive_table_ncols(const struct archive_table *t);

/* Stream the rows of t for a municipality: fn gets the root id and the
 * column values as text (NULL for SQL NULL; AT_CPR columns get the stored
 * box, which the caller decrypts). fn returns non-zero to stop. */
typedef int (*archive_row_fn)(void *arg, int64_t root_id, const char *const *values);
enum rede_err store_archive_rows(struct store_conn *c, const struct archive_table *t,
				 int64_t municipality_id, archive_row_fn fn, void *arg);

/* Earliest date among the municipality's case rows (YYYY-MM-DD into out,
 * "" when none), for the version's period start. */
enum rede_err store_archive_first_day(struct store_conn *c, int64_t municipality_id, char out[11]);

/* ---- exports and deliveries ---- */
struct archive_export_row {
	int64_t id, municipality_id, table_count, row_count, made_at;
	char through_on[11];
	char avid[40];
	char file_index_md5[40];
	char made_by[96];
};
enum rede_err store_archive_export_add(struct store_conn *c, struct archive_export_row *e);
/* The newest export of the municipality through exactly that day. */
enum rede_err store_archive_export_find(struct store_conn *c, int64_t municipality_id,
					const char *through_on, struct archive_export_row *out);
/* How many exports the municipality has made (the next one's number is
 * one more). */
enum rede_err store_archive_export_count(struct store_conn *c, int64_t municipality_id, int64_t *n);
/* The AVID of the newest delivered version ("" when none). */
enum rede_err store_archive_last_avid(struct store_conn *c, int64_t municipality_id, char out[40]);
/* Record a delivery of export e (its through day). */
enum rede_err store_archive_delivery_add(struct store_conn *c, const struct archive_export_row *e,
					 const char *reference, const char *by, int64_t *id);
/* The newest delivered through day (out "" when none). */
enum rede_err store_archive_covered_through(struct store_conn *c, int64_t municipality_id,
					    char out[11]);
/* Every recorded delivery as (through day, when its export was made);
 * *out is allocated (caller frees), *n may be 0. */
struct core_archive_cover;
enum rede_err store_archive_covers(struct store_conn *c, int64_t municipality_id,
				   struct core_archive_cover **out, int *n);
/* Call fn for each export and delivery of the municipality, oldest first:
 * kind "export" or "delivery". */
enum rede_err store_archive_history(struct store_conn *c, int64_t municipality_id,
				    void (*fn)(void *arg, const char *kind, int64_t id,
					       const char *through_on, const char *text,
					       int64_t at),
				    void *arg);

#endif
