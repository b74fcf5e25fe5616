/*
 * import.h - importing existing registrations from XLSX and CSV (issue 19):
 * `rede import` and POST /api/v1/imports share this.
 *
 * A file is read (include/rede/import.h), its header row mapped to the
 * kind's columns, each cell converted (dates, CPR numbers, codes), and then
 * every row - or group of rows, such as the persons of one family - goes
 * through the SAME route handlers the API runs (import_kinds.c), with the
 * route's role rule, in ONE write transaction: the core rules and store
 * calls are the API's, not a second path. Any problem anywhere rolls the
 * whole file back; a dry run always rolls back and reports what would have
 * been created. Each row carries a source key: a key imported before with
 * the same cells is left alone ("unchanged"), with other cells it is a
 * conflict (store/imports.h).
 *
 * On record: every created record gets the audit entry the API would write
 * (by the importing user, detail "import"), and the import one entry of
 * its own (file name, checksum, counts) - in the same transaction when it
 * commits, in one of its own otherwise.
 */
#ifndef REDE_HTTP_IMPORT_H
#define REDE_HTTP_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rede/crypto.h"
#include "rede/http.h"
#include "rede/import.h"
#include "rede/store.h"

/* ---- what a kind is (import_kinds.c) ---- */
enum imp_col_type {
	IMPC_KEY, /* the source key (text, required) */
	IMPC_TEXT,
	IMPC_INT,
	IMPC_DATE,  /* -> "YYYY-MM-DD" */
	IMPC_CPR,   /* -> ten digits; a lost leading zero restored and noted */
	IMPC_BOOL,  /* ja/nej (also yes/no, 1/0, true/false) */
	IMPC_CODE,  /* one of codes, by Danish label or code */
	IMPC_CODES, /* a comma list of codes */
	IMPC_TYPE__COUNT
};

struct imp_code {
	const char *label_da;
	const char *code;
};

struct imp_col {
	const char *header_da; /* Danish column header (the template's) */
	const char *field;     /* the API field the column fills */
	enum imp_col_type type;
	bool required;
	const struct imp_code *codes; /* IMPC_CODE(S): NULL-terminated */
	const char *note_da;          /* the template's notes row */
};

struct imp_run;
struct imp_group;

struct imp_kind {
	const char *name;     /* "families", "contacts", ... */
	const char *sheet_da; /* the sheet the template has and the reader wants */
	const char *title_da;
	const struct imp_col *cols;
	int ncols;
	bool grouped; /* rows with the same key are one record */
	/* Put one group through the API's handlers; problems via imp_problem. */
	enum rede_err (*dispatch)(struct imp_run *r, struct store_conn *c,
				  const struct imp_group *g);
};

extern const struct imp_kind imp_kinds[];
extern const int imp_kinds_count;
const struct imp_kind *imp_kind_find(const char *name);

/* ---- a run (import_run.c) ---- */

/* One converted row: the kind's columns as JSON values (NULL = empty). */
struct imp_row {
	int64_t rowno;
	json_t **val; /* ncols entries, owned */
};

struct imp_group {
	const char *key;
	struct imp_row **rows;
	int nrows;
};

struct imp_progress {
	void (*fn)(void *arg, int64_t done, int64_t total);
	void *arg;
};

struct imp_opts {
	/* the caller finds it (imp_kind_find), so a run does not depend on
	 * the table of kinds whose dispatchers depend on the run */
	const struct imp_kind *kind;
	const char *file_name;
	const char *data;
	size_t len;
	const char *sheet; /* NULL: the kind's sheet */
	bool dry_run;
	int64_t municipality_id;
	int64_t user_id;     /* who imports; must exist in the municipality */
	const char *purpose; /* on record: "cli import" or "POST /api/v1/imports" */
	struct store *store;
	const struct crypto_keys *keys;
	struct imp_progress progress;
};

/* Run an import (or dry run). *report gets the report (JSON, owned):
 *   {kind, file, checksum, encoding, delimiter?, sheet?, dry_run, rows,
 *    imported (bool), created:{entity:n}, unchanged, conflicts,
 *    errors:[{sheet,row,column,header,message}], notes:[...same...]}
 * REDE_OK whenever a report was made (errors in the file included);
 * another error for a store failure. */
enum rede_err imp_run(const struct imp_opts *o, json_t **report);

/* For dispatchers: */
/* A problem with a row (col -1: the row as a whole); message Danish. */
void imp_problem(struct imp_run *r, const struct imp_row *row, int col, const char *message_da);
/* Call the route method+pattern's handler as the user actor_id (0: the
 * importer) with body and path argument arg0 (may be NULL), with the
 * route's role rule. On 2xx: *id gets the answer's "id" (when it has one),
 * the created record is counted and audited; otherwise the answer's
 * field errors become problems of row (mapped to columns by field name) -
 * *id is 0 then. Takes ownership of body. */
enum rede_err imp_call(struct imp_run *r, struct store_conn *c, const char *method,
		       const char *pattern, const char *arg0, json_t *body, int64_t actor_id,
		       const struct imp_row *row, int64_t *id);
/* imp_call that also hands back the 2xx answer's JSON (*answer, owned by
 * the caller; NULL otherwise), for calls whose 200 says more than an id
 * (the COS-P planner's placements). */
enum rede_err imp_call_answer(struct imp_run *r, struct store_conn *c, const char *method,
			      const char *pattern, const char *arg0, json_t *body, int64_t actor_id,
			      const struct imp_row *row, int64_t *id, json_t **answer);
/* The record the row group's source key stands for, when it is not the
 * first one the group created (a health-visit offer after the criterion
 * record it needs). */
void imp_key_entity(struct imp_run *r, const char *entity, int64_t id);
/* The columns a 404 (the object of the path argument) and a 403 (the
 * acting staff member) of the next imp_call are about; -1 = the row. */
void imp_arg_cols(struct imp_run *r, int notfound_col, int denied_col);
/* An API field of the next imp_call's answer that means another column of
 * the row than the kind's column of that name (e.g. a decision's "reason"
 * beside the referral's); NULL to clear. */
void imp_field_alias(struct imp_run *r, const char *field, int col);
/* The importing municipality and the key file (CPR look-ups). */
int64_t imp_municipality(const struct imp_run *r);
const struct crypto_keys *imp_keys(const struct imp_run *r);
/* The entity a key of another kind became (e.g. a course's key for a
 * contact): REDE_OK, REDE_E_NOTFOUND. */
enum rede_err imp_key_lookup(struct imp_run *r, struct store_conn *c, const char *kind,
			     const char *key, int64_t *entity_id);
/* A user of the importing municipality by username: REDE_OK with *id, or
 * REDE_E_NOTFOUND. */
enum rede_err imp_user_lookup(struct imp_run *r, struct store_conn *c, const char *username,
			      int64_t *id);

/* ---- templates (import_template.c) ---- */
/* Write the kind's XLSX template to path: one sheet, Danish headers, a
 * notes row, drop-down lists for coded columns, dates dd-mm-åååå, CPR
 * as text. false on failure. */
bool imp_template_xlsx(const struct imp_kind *k, const char *path);

#endif
