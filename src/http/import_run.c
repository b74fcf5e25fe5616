/*
 * import_run.c - one import of a file (src/http/import.h): read, map the
 * header, convert the cells, then put every row group through the API's
 * handlers in one write transaction, with idempotency by source key, and
 * write the report and the audit entries.
 *
 * The handlers run exactly as under the server (import_kinds.c names the
 * routes): a request is made without a connection - auth is the importing
 * user (or, for work the API lets only the staff member do, that member),
 * the route's role mask is checked as server.c checks it - and the answer
 * is read back: 2xx is a created record, anything else the row's problems.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/import.h"
#include "http/objects.h"
#include "http/server_internal.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/imports.h"
#include "store/settings.h"
#include "store/users.h"

struct raw_row {
	int64_t rowno;
	char **cells;
	bool *number;
	int n;
};

struct imp_run {
	const struct imp_opts *o;
	const struct imp_kind *k;
	struct http_server srv;
	struct imp_limits lim;
	struct imp_info info;
	int colmap[64]; /* kind column -> file column, -1 absent */
	/* the file, converted */
	struct raw_row *raw;
	int64_t nraw, araw;
	struct imp_row *rows;
	int64_t nrows;
	struct imp_group *groups;
	int64_t ngroups;
	/* problems found before the transaction (reading, conversion) */
	json_t *pre_errors, *notes;
	/* per transaction attempt */
	json_t *errors, *created;
	int64_t unchanged, conflicts;
	int notfound_col, denied_col; /* imp_arg_cols */
	const char *alias_field;      /* imp_field_alias */
	int alias_col;
	char first_entity[32];
	int64_t first_id;
	/* the importer */
	struct http_auth who;
	char checksum[crypto_hash_sha256_BYTES * 2 + 1];
};

/* ---- problems ---- */

static void col_letters(int c, char out[8])
{
	char tmp[8];
	int n = 0;

	for (c = c + 1; c > 0 && n < 7; c = (c - 1) / 26)
		tmp[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

static json_t *problem_obj(struct imp_run *r, int64_t rowno, int col, const char *msg)
{
	json_t *o = json_pack("{s:s, s:I, s:s}", "sheet", r->info.sheet[0] ? r->info.sheet : "CSV",
			      "row", (json_int_t)rowno, "message", msg);
	char letters[8];

	if (col >= 0 && col < r->k->ncols) {
		json_object_set_new(o, "header", json_string(r->k->cols[col].header_da));
		if (r->colmap[col] >= 0) {
			col_letters(r->colmap[col], letters);
			json_object_set_new(o, "column", json_string(letters));
		}
	}
	return o;
}

void imp_problem(struct imp_run *r, const struct imp_row *row, int col, const char *message_da)
{
	json_array_append_new(r->errors ? r->errors : r->pre_errors,
			      problem_obj(r, row ? row->rowno : 0, col, message_da));
}

static void pre_problem(struct imp_run *r, int64_t rowno, int col, const char *msg)
{
	json_array_append_new(r->pre_errors, problem_obj(r, rowno, col, msg));
}

static void note(struct imp_run *r, int64_t rowno, int col, const char *msg)
{
	json_array_append_new(r->notes, problem_obj(r, rowno, col, msg));
}

/* ---- reading ---- */

static int collect(void *arg, int64_t rowno, const struct imp_cell *cells, int n)
{
	struct imp_run *r = arg;
	struct raw_row *w;

	if (r->nraw == r->araw) {
		r->araw = r->araw ? r->araw * 2 : 256;
		r->raw = xrealloc(r->raw, (size_t)r->araw * sizeof(*r->raw));
	}
	w = &r->raw[r->nraw++];
	w->rowno = rowno;
	w->n = n;
	w->cells = xcalloc((size_t)n, sizeof(*w->cells));
	w->number = xcalloc((size_t)n, sizeof(*w->number));
	for (int i = 0; i < n; i++) {
		w->cells[i] = xstrdup(cells[i].text);
		w->number[i] = cells[i].number;
	}
	return 0;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
}

/* Map the header row: each known column found once, required ones present,
 * nothing unknown. */
static bool map_header(struct imp_run *r, const struct raw_row *h)
{
	bool ok = true;
	char msg[200];

	for (int i = 0; i < r->k->ncols; i++)
		r->colmap[i] = -1;
	for (int c = 0; c < h->n; c++) {
		int found = -1;

		trim(h->cells[c]);
		if (!h->cells[c][0])
			continue;
		for (int i = 0; i < r->k->ncols; i++)
			if (!strcasecmp(h->cells[c], r->k->cols[i].header_da) ||
			    !strcasecmp(h->cells[c], r->k->cols[i].field))
				found = i;
		if (found < 0) {
			char letters[8];

			col_letters(c, letters);
			snprintf(msg, sizeof(msg),
				 "Ukendt kolonne i kolonne %s (se skabelonen for "
				 "%s)",
				 letters, r->k->title_da);
			pre_problem(r, h->rowno, -1, msg);
			ok = false;
		} else if (r->colmap[found] >= 0) {
			r->colmap[found] = c;
			pre_problem(r, h->rowno, found, "Kolonnen findes to gange");
			ok = false;
		} else {
			r->colmap[found] = c;
		}
	}
	for (int i = 0; i < r->k->ncols; i++)
		if (r->k->cols[i].required && r->colmap[i] < 0) {
			snprintf(msg, sizeof(msg), "Kolonnen \"%s\" mangler",
				 r->k->cols[i].header_da);
			pre_problem(r, h->rowno, i, msg);
			ok = false;
		}
	return ok;
}

/* ---- converting cells ---- */

static const char *code_of(const struct imp_code *codes, const char *s)
{
	for (const struct imp_code *c = codes; c && c->code; c++)
		if (!strcasecmp(s, c->label_da) || !strcasecmp(s, c->code))
			return c->code;
	return NULL;
}

static void code_list(const struct imp_code *codes, char *out, size_t n)
{
	size_t len = 0;

	out[0] = 0;
	for (const struct imp_code *c = codes; c && c->code && len + 4 < n; c++) {
		snprintf(out + len, n - len, "%s%s", len ? ", " : "", c->label_da);
		len = strlen(out);
	}
}

/* Cell text -> JSON per the column's type; NULL for an empty cell. False
 * (with a problem) when it cannot be converted. */
static bool convert(struct imp_run *r, const struct imp_col *col, int ci, int64_t rowno,
		    const struct imp_cell *cell, json_t **out)
{
	char msg[300], buf[16];
	int32_t days;

	*out = NULL;
	if (!cell->text[0]) {
		if (col->required) {
			pre_problem(r, rowno, ci, "Feltet skal udfyldes");
			return false;
		}
		return true;
	}
	switch (col->type) {
	case IMPC_KEY:
	case IMPC_TEXT:
		*out = json_string(cell->text);
		if (!*out) {
			pre_problem(r, rowno, ci, "Teksten er ikke gyldig UTF-8");
			return false;
		}
		return true;
	case IMPC_INT: {
		char *end;
		double v = strtod(cell->text, &end);

		if (*end || v != (double)(long long)v || v < -1e12 || v > 1e12) {
			pre_problem(r, rowno, ci, "Skal være et helt tal");
			return false;
		}
		*out = json_integer((json_int_t)v);
		return true;
	}
	case IMPC_DATE:
		if (!imp_date_parse(cell, &days)) {
			pre_problem(r, rowno, ci,
				    "Ugyldig dato - skriv dd-mm-åååå (fx 04-12-2026)");
			return false;
		}
		rede_date_format(days, buf);
		*out = json_string(buf);
		return true;
	case IMPC_CPR: {
		char cpr[11];
		enum imp_cpr_fix fix = imp_cpr_cell(cell, cpr);

		if (fix == IMP_CPR_INVALID) {
			/* never echo the number */
			pre_problem(r, rowno, ci,
				    "CPR-nummeret er ikke gyldigt (DDMMÅÅ-XXXX med en "
				    "rigtig dato)");
			return false;
		}
		if (fix == IMP_CPR_ZERO_RESTORED)
			note(r, rowno, ci,
			     "CPR-nummeret var gemt som tal og havde mistet sit første "
			     "0; nullet er sat foran igen - kontrollér det");
		*out = json_string(cpr);
		sodium_memzero(cpr, sizeof(cpr));
		return true;
	}
	case IMPC_BOOL: {
		static const char *const yes[] = {"ja", "j", "yes", "1", "true", "sand", "x", NULL};
		static const char *const no[] = {"nej", "n", "no", "0", "false", "falsk", NULL};

		for (int i = 0; yes[i]; i++)
			if (!strcasecmp(cell->text, yes[i]))
				return (*out = json_true()), true;
		for (int i = 0; no[i]; i++)
			if (!strcasecmp(cell->text, no[i]))
				return (*out = json_false()), true;
		pre_problem(r, rowno, ci, "Skriv ja eller nej");
		return false;
	}
	case IMPC_CODE: {
		const char *c = code_of(col->codes, cell->text);
		char list[200];

		if (!c) {
			code_list(col->codes, list, sizeof(list));
			snprintf(msg, sizeof(msg), "Ukendt værdi - vælg en af: %s", list);
			pre_problem(r, rowno, ci, msg);
			return false;
		}
		*out = json_string(c);
		return true;
	}
	case IMPC_CODES: {
		char *copy = xstrdup(cell->text), *save = NULL, list[200];
		json_t *arr = json_array();
		bool ok = true;

		for (char *t = strtok_r(copy, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) {
			const char *c;

			trim(t);
			if (!*t)
				continue;
			if (!(c = code_of(col->codes, t))) {
				code_list(col->codes, list, sizeof(list));
				snprintf(msg, sizeof(msg), "Ukendt værdi i listen - brug: %s",
					 list);
				pre_problem(r, rowno, ci, msg);
				ok = false;
				break;
			}
			json_array_append_new(arr, json_string(c));
		}
		free(copy);
		if (!ok) {
			json_decref(arr);
			return false;
		}
		*out = arr;
		return true;
	}
	case IMPC_TYPE__COUNT: break;
	}
	return false;
}

static uint64_t key_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return h;
}

/* Convert every data row; group them by key (a hash table of group
 * indexes: files have up to import.max_rows rows). Rows whose first cell
 * starts with '#' are the template's notes row. */
static void convert_rows(struct imp_run *r, int64_t first, bool *bad_rows)
{
	size_t n = (size_t)(r->nraw - first + 1), tsize = 16, mask;
	int64_t *table;
	int *alloc;

	while (tsize < 2 * n)
		tsize *= 2;
	mask = tsize - 1;
	table = xmalloc(tsize * sizeof(*table));
	for (size_t i = 0; i < tsize; i++)
		table[i] = -1;
	alloc = xcalloc(n, sizeof(*alloc));
	r->rows = xcalloc(n, sizeof(*r->rows));
	r->groups = xcalloc(n, sizeof(*r->groups));
	for (int64_t i = first; i < r->nraw; i++) {
		struct raw_row *w = &r->raw[i];
		struct imp_row *row;
		struct imp_group *grp;
		int64_t g;
		size_t slot;
		const char *key;

		if (w->n > 0 && w->cells[0][0] == '#')
			continue;
		row = &r->rows[r->nrows];
		row->rowno = w->rowno;
		row->val = xcalloc((size_t)r->k->ncols, sizeof(*row->val));
		for (int c = 0; c < r->k->ncols; c++) {
			int fc = r->colmap[c];
			struct imp_cell cell = {"", false};

			if (fc >= 0 && fc < w->n) {
				trim(w->cells[fc]);
				cell.text = w->cells[fc];
				cell.number = w->number[fc];
			}
			if (!convert(r, &r->k->cols[c], c, w->rowno, &cell, &row->val[c]))
				bad_rows[r->nrows] = true;
		}
		r->nrows++;
		/* the key column is column 0 of every kind */
		key = row->val[0] ? json_string_value(row->val[0]) : NULL;
		if (!key)
			continue;
		for (slot = key_hash(key) & mask; (g = table[slot]) >= 0; slot = (slot + 1) & mask)
			if (!strcmp(r->groups[g].key, key))
				break;
		if (g >= 0 && !r->k->grouped) {
			pre_problem(r, w->rowno, 0, "Kilde-ID'et er brugt i en tidligere række");
			bad_rows[r->nrows - 1] = true;
			continue;
		}
		if (g < 0) {
			g = r->ngroups++;
			table[slot] = g;
			r->groups[g].key = key;
		}
		grp = &r->groups[g];
		if (grp->nrows == alloc[g]) {
			alloc[g] = alloc[g] ? alloc[g] * 2 : 1;
			grp->rows = xrealloc(grp->rows, (size_t)alloc[g] * sizeof(*grp->rows));
		}
		grp->rows[grp->nrows++] = row;
	}
	free(alloc);
	free(table);
}

/* ---- calling the API's handlers ---- */

static const struct http_route *route_of(const char *method, const char *pattern)
{
	for (int i = 0; i < http_routes_count; i++)
		if (!strcmp(http_routes[i].method, method) &&
		    !strcmp(http_routes[i].pattern, pattern))
			return &http_routes[i];
	return NULL;
}

/* The kind's column for an API field name ("persons[0].cpr" -> cpr). */
static int col_of_field(const struct imp_kind *k, const char *field)
{
	const char *dot = field ? strrchr(field, '.') : NULL;

	if (!field)
		return -1;
	if (dot)
		field = dot + 1;
	for (int i = 0; i < k->ncols; i++)
		if (!strcmp(k->cols[i].field, field))
			return i;
	return -1;
}

static void count_created(struct imp_run *r, const char *entity)
{
	json_t *v = json_object_get(r->created, entity);

	json_object_set_new(r->created, entity, json_integer(v ? json_integer_value(v) + 1 : 1));
}

static enum rede_err load_auth(struct store_conn *c, int64_t municipality_id, int64_t user_id,
			       struct http_auth *a)
{
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	err = store_user_get(c, municipality_id, user_id, &u);
	if (!err && u.disabled_at)
		err = REDE_E_NOTFOUND;
	if (!err) {
		memset(a, 0, sizeof(*a));
		a->via = AUTH_BEARER;
		a->user_id = u.id;
		a->municipality_id = u.municipality_id;
		a->roles = u.roles;
		snprintf(a->username, sizeof(a->username), "%s", u.username);
	}
	user_row_release(&u);
	return err;
}

enum rede_err imp_call(struct imp_run *r, struct store_conn *c, const char *method,
		       const char *pattern, const char *arg0, json_t *body, int64_t actor_id,
		       const struct imp_row *row, int64_t *id)
{
	return imp_call_answer(r, c, method, pattern, arg0, body, actor_id, row, id, NULL);
}

enum rede_err imp_call_answer(struct imp_run *r, struct store_conn *c, const char *method,
			      const char *pattern, const char *arg0, json_t *body, int64_t actor_id,
			      const struct imp_row *row, int64_t *id, json_t **answer)
{
	const struct http_route *rt = route_of(method, pattern);
	struct http_req req = {0};
	struct http_resp resp = {0};
	struct core_audit_entry e;
	char purpose[160], *detail = NULL;
	enum rede_err err = REDE_OK;
	size_t i;
	json_t *v;

	*id = 0;
	if (answer)
		*answer = NULL;
	if (!rt) {
		log_error("import: no route %s %s", method, pattern);
		err = REDE_E_STORE;
		goto out;
	}
	req.route = rt;
	req.method = method;
	req.path = pattern;
	req.srv = &r->srv;
	req.body = body;
	if (arg0) {
		req.args[0] = arg0;
		req.nargs = 1;
	}
	req.auth = r->who;
	if (actor_id && actor_id != r->who.user_id) {
		err = load_auth(c, r->o->municipality_id, actor_id, &req.auth);
		if (err == REDE_E_NOTFOUND) {
			imp_problem(r, row, r->denied_col,
				    "Medarbejderen findes ikke eller er deaktiveret");
			err = REDE_OK;
			goto out;
		}
		if (err)
			goto out;
	}
	/* the route's role rule, as server.c applies it */
	if (rt->roles && !(req.auth.roles & rt->roles)) {
		imp_problem(r, row, actor_id ? r->denied_col : -1,
			    actor_id ? "Medarbejderen har ikke en rolle, der må "
				       "registrere dette"
				     : "Du har ikke en rolle, der må oprette dette");
		goto out;
	}
	/* the path's object through the access rule (404), then the handler -
	 * as server.c runs them */
	err = store_step_begin(c);
	if (err)
		goto out;
	err = obj_load(&req, c, &resp);
	if (!err && !resp.status)
		err = rt->fn(&req, c, &resp);
	obj_release(&req);
	/* a refused call changes nothing, and the import goes on to find
	 * the file's other problems (PostgreSQL: past a refused statement) */
	{
		enum rede_err e2 =
			store_step_end(c, !err && resp.status >= 200 && resp.status < 300);

		if (!err)
			err = e2;
	}
	if (err)
		goto out;
	if (resp.status >= 200 && resp.status < 300) {
		if (resp.json && (v = json_object_get(resp.json, "id")) && json_is_integer(v))
			*id = json_integer_value(v);
		if (answer && resp.json)
			*answer = json_incref(resp.json);
		if (req.audit_entity) {
			/* counted by what it is: "family", or e.g. "referral_decide"
			 * for a change that creates no record of its own */
			char what[64];

			if (req.audit_action && strcmp(req.audit_action, "create"))
				snprintf(what, sizeof(what), "%s_%s", req.audit_entity,
					 req.audit_action);
			else
				snprintf(what, sizeof(what), "%s", req.audit_entity);
			count_created(r, what);
			if (!r->first_entity[0]) {
				snprintf(r->first_entity, sizeof(r->first_entity), "%s",
					 req.audit_entity);
				r->first_id = *id;
			}
		}
		/* the API's entry, made by the importer */
		detail = xasprintf("import%s%s", req.audit_detail ? ": " : "",
				   req.audit_detail ? req.audit_detail : "");
		free(req.audit_detail);
		req.audit_detail = detail;
		detail = NULL;
		req.auth.user_id = r->who.user_id;
		snprintf(req.auth.username, sizeof(req.auth.username), "%s", r->who.username);
		snprintf(purpose, sizeof(purpose), "%s (import) %s %s", r->o->purpose, method,
			 pattern);
		http_audit_fill(&req, purpose, resp.status, &e);
		err = store_audit_append(c, &e);
		goto out;
	}
	/* the answer's problems, on the row's cells */
	v = resp.json ? json_object_get(resp.json, "errors") : NULL;
	if (resp.status == 404) {
		imp_problem(
			r, row, r->notfound_col,
			actor_id
				? "Findes ikke i kommunen, eller medarbejderen har ikke adgang til "
				  "det"
				: "Findes ikke i kommunen");
	} else if (resp.status == 403 && !json_array_size(v)) {
		const char *t =
			resp.json ? json_string_value(json_object_get(resp.json, "title")) : NULL;
		imp_problem(r, row, r->denied_col, t ? t : "Adgang nægtet");
	} else if (json_array_size(v)) {
		json_t *fe;

		json_array_foreach(v, i, fe)
		{
			const char *f = json_string_value(json_object_get(fe, "field"));
			const char *m = json_string_value(json_object_get(fe, "message"));

			int col = r->alias_field && f && !strcmp(f, r->alias_field)
					  ? r->alias_col
					  : col_of_field(r->k, f);

			imp_problem(r, row, col, m ? m : "Ugyldige data");
		}
	} else {
		const char *t =
			resp.json ? json_string_value(json_object_get(resp.json, "title")) : NULL;
		imp_problem(r, row, -1, t ? t : "Rækken blev afvist");
	}
out:
	free(req.audit_detail);
	http_resp_release(&resp);
	json_decref(body);
	return err;
}

void imp_key_entity(struct imp_run *r, const char *entity, int64_t id)
{
	snprintf(r->first_entity, sizeof(r->first_entity), "%s", entity);
	r->first_id = id;
}

void imp_field_alias(struct imp_run *r, const char *field, int col)
{
	r->alias_field = field;
	r->alias_col = col;
}

int64_t imp_municipality(const struct imp_run *r)
{
	return r->o->municipality_id;
}

const struct crypto_keys *imp_keys(const struct imp_run *r)
{
	return r->o->keys;
}

void imp_arg_cols(struct imp_run *r, int notfound_col, int denied_col)
{
	r->notfound_col = notfound_col;
	r->denied_col = denied_col;
}

enum rede_err imp_key_lookup(struct imp_run *r, struct store_conn *c, const char *kind,
			     const char *key, int64_t *entity_id)
{
	struct import_key_row k;
	enum rede_err err = store_import_key_get(c, r->o->municipality_id, kind, key, &k);

	if (!err)
		*entity_id = k.entity_id;
	return err;
}

enum rede_err imp_user_lookup(struct imp_run *r, struct store_conn *c, const char *username,
			      int64_t *id)
{
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	err = store_user_by_name(c, r->o->municipality_id, username, &u);
	if (!err)
		*id = u.id;
	user_row_release(&u);
	return err;
}

/* ---- the transaction ---- */

static void fingerprint(struct imp_run *r, const struct imp_group *g, char out[CRYPTO_HASH_HEX])
{
	struct buf b;

	buf_init(&b, 0);
	for (int i = 0; i < g->nrows; i++) {
		for (int c = 0; c < r->k->ncols; c++) {
			char *s = g->rows[i]->val[c] ? json_dumps(g->rows[i]->val[c],
								  JSON_ENCODE_ANY | JSON_COMPACT)
						     : NULL;
			buf_adds(&b, s ? s : "");
			buf_addch(&b, 0x1f);
			free(s);
		}
		buf_addch(&b, 0x1e);
	}
	crypto_request_fingerprint(r->o->keys, "IMPORT", r->k->name, b.data, b.len, out);
	sodium_memzero(b.data, b.len);
	buf_release(&b);
}

struct tx {
	struct imp_run *r;
	bool *bad_groups;
};

static void progress(struct imp_run *r, int64_t done)
{
	if (r->o->progress.fn)
		r->o->progress.fn(r->o->progress.arg, done, r->ngroups);
}

static enum rede_err audit_import(struct imp_run *r, struct store_conn *c, bool ok)
{
	struct http_req req = {0};
	struct core_audit_entry e;
	char *counts = json_dumps(r->created, JSON_COMPACT | JSON_SORT_KEYS);
	enum rede_err err;

	req.method = "POST";
	req.auth = r->who;
	req.audit_action = r->o->dry_run ? "check" : "import";
	req.audit_entity = "import";
	/* the checksum in groups of 8 (a run of ten hex digits that are all
	 * decimal would look like a CPR number and be scrubbed) */
	char sum[8 * 9];
	for (int i = 0; i < 8; i++)
		snprintf(sum + 9 * i, sizeof(sum) - 9 * (size_t)i, "%.8s%s", r->checksum + 8 * i,
			 i < 7 ? ":" : "");
	req.audit_detail = xasprintf("kind %s; file %s; sha256 %s; rows %lld; created %s; "
				     "unchanged %lld; conflicts %lld; errors %zu%s",
				     r->k->name, r->o->file_name ? r->o->file_name : "-", sum,
				     (long long)r->nrows, counts, (long long)r->unchanged,
				     (long long)r->conflicts, json_array_size(r->errors),
				     r->o->dry_run ? "; dry run" : "");
	http_audit_fill(&req, r->o->purpose, ok ? 200 : 400, &e);
	err = store_audit_append(c, &e);
	free(req.audit_detail);
	free(counts);
	return err;
}

static enum rede_err tx_body(struct store_conn *c, void *arg)
{
	struct tx *t = arg;
	struct imp_run *r = t->r;
	enum rede_err err;

	/* may run again after a transient failure: start clean */
	json_decref(r->errors);
	json_decref(r->created);
	r->errors = json_deep_copy(r->pre_errors);
	r->created = json_object();
	r->unchanged = r->conflicts = 0;
	err = load_auth(c, r->o->municipality_id, r->o->user_id, &r->who);
	if (err == REDE_E_NOTFOUND) {
		imp_problem(r, NULL, -1, "Den importerende bruger findes ikke i kommunen");
		return REDE_E_ABORTED;
	}
	if (err)
		return err;
	for (int64_t i = 0; i < r->ngroups; i++) {
		const struct imp_group *g = &r->groups[i];
		struct import_key_row k;
		char fp[CRYPTO_HASH_HEX];

		if (i % 1000 == 0)
			progress(r, i);
		fingerprint(r, g, fp);
		err = store_import_key_get(c, r->o->municipality_id, r->k->name, g->key, &k);
		if (!err) {
			if (!strcmp(k.fingerprint, fp)) {
				r->unchanged++;
			} else {
				r->conflicts++;
				imp_problem(r, g->rows[0], 0,
					    "Kilde-ID'et er importeret før med andre oplysninger - "
					    "ret i Rede, ikke ved at importere igen");
			}
			continue;
		}
		if (err != REDE_E_NOTFOUND)
			return err;
		if (t->bad_groups[i])
			continue;
		r->first_entity[0] = 0;
		r->first_id = 0;
		size_t before = json_array_size(r->errors);
		err = r->k->dispatch(r, c, g);
		if (err)
			return err;
		if (json_array_size(r->errors) > before || !r->first_entity[0])
			continue;
		snprintf(k.entity, sizeof(k.entity), "%s", r->first_entity);
		k.entity_id = r->first_id;
		snprintf(k.fingerprint, sizeof(k.fingerprint), "%s", fp);
		err = store_import_key_put(c, r->o->municipality_id, r->k->name, g->key, &k,
					   r->o->user_id, rede_now());
		if (err)
			return err;
	}
	progress(r, r->ngroups);
	if (r->o->dry_run || json_array_size(r->errors))
		return REDE_E_ABORTED;
	return audit_import(r, c, true);
}

static enum rede_err audit_body(struct store_conn *c, void *arg)
{
	struct imp_run *r = arg;
	enum rede_err err = REDE_OK;

	if (!r->who.user_id)
		err = load_auth(c, r->o->municipality_id, r->o->user_id, &r->who);
	if (err == REDE_E_NOTFOUND) {
		/* the importer is no user of the municipality: on record as such */
		r->who.user_id = 0;
		r->who.municipality_id = r->o->municipality_id;
		err = REDE_OK;
	}
	return err ? err : audit_import(r, c, json_array_size(r->errors) == 0);
}

/* ---- settings ---- */

static enum rede_err limits_body(struct store_conn *c, void *arg)
{
	static const struct store_setting_key keys[] = {
		{"import.max_bytes", offsetof(struct imp_limits, max_bytes)},
		{"import.max_rows", offsetof(struct imp_limits, max_rows)},
		{"import.max_cell_len", offsetof(struct imp_limits, max_cell_len)},
		{"import.max_shared_strings", offsetof(struct imp_limits, max_shared_strings)},
		{"import.max_columns", offsetof(struct imp_limits, max_columns)},
	};
	struct imp_run *r = arg;
	enum rede_err err = store_settings_load(c, r->o->municipality_id, keys,
						sizeof(keys) / sizeof(keys[0]), &r->lim);

	if (!err)
		err = store_policy_load(c, &r->srv.policy);
	return err;
}

static void run_free(struct imp_run *r)
{
	for (int64_t i = 0; i < r->nraw; i++) {
		for (int c = 0; c < r->raw[i].n; c++)
			free(r->raw[i].cells[c]);
		free(r->raw[i].cells);
		free(r->raw[i].number);
	}
	free(r->raw);
	for (int64_t i = 0; i < r->nrows; i++) {
		for (int c = 0; c < r->k->ncols; c++)
			json_decref(r->rows[i].val[c]);
		free(r->rows[i].val);
	}
	free(r->rows);
	for (int64_t i = 0; i < r->ngroups; i++)
		free(r->groups[i].rows);
	free(r->groups);
	json_decref(r->pre_errors);
	json_decref(r->notes);
	json_decref(r->errors);
	json_decref(r->created);
}

enum rede_err imp_run(const struct imp_opts *o, json_t **report)
{
	struct imp_run r = {0};
	struct imp_error rerr;
	unsigned char sum[crypto_hash_sha256_BYTES];
	bool *bad_rows = NULL, *bad_groups = NULL;
	enum imp_status st;
	enum rede_err err;
	struct tx t;
	int64_t first = 0;

	*report = NULL;
	r.o = o;
	r.k = o->kind;
	if (!r.k)
		return REDE_E_INVALID;
	r.srv.store = o->store;
	r.srv.keys = o->keys;
	r.notfound_col = r.denied_col = -1;
	r.pre_errors = json_array();
	r.notes = json_array();
	r.created = json_object();
	for (int i = 0; i < 64; i++)
		r.colmap[i] = -1;
	crypto_hash_sha256(sum, (const unsigned char *)o->data, o->len);
	sodium_bin2hex(r.checksum, sizeof(r.checksum), sum, sizeof(sum));
	err = store_tx_run(o->store, STORE_TX_READ, limits_body, &r);
	if (err)
		goto out;
	if (imp_is_zip(o->data, o->len))
		st = imp_xlsx_read(o->data, o->len, o->sheet ? o->sheet : r.k->sheet_da, &r.lim,
				   collect, &r, &r.info, &rerr);
	else
		st = imp_csv_read(o->data, o->len, &r.lim, collect, &r, &r.info, &rerr);
	if (st) {
		pre_problem(&r, rerr.row, -1, rerr.message);
	} else if (!r.nraw) {
		pre_problem(&r, 0, -1, "Filen er tom");
	} else if (map_header(&r, &r.raw[0])) {
		first = 1;
		bad_rows = xcalloc((size_t)r.nraw + 1, sizeof(bool));
		convert_rows(&r, first, bad_rows);
		if (!r.nrows)
			pre_problem(&r, 0, -1, "Filen har ingen rækker under overskrifterne");
	}
	bad_groups = xcalloc((size_t)r.ngroups + 1, sizeof(bool));
	for (int64_t g = 0; g < r.ngroups; g++)
		for (int i = 0; i < r.groups[g].nrows; i++)
			if (bad_rows[r.groups[g].rows[i] - r.rows])
				bad_groups[g] = true;
	t.r = &r;
	t.bad_groups = bad_groups;
	if (json_array_size(r.pre_errors) && !r.nrows) {
		r.errors = json_deep_copy(r.pre_errors);
		err = REDE_E_ABORTED;
	} else {
		err = store_tx_run(o->store, STORE_TX_WRITE, tx_body, &t);
	}
	if (err && err != REDE_E_ABORTED)
		goto out;
	err = REDE_OK;
	bool imported = !o->dry_run && !json_array_size(r.errors);
	if (!imported)
		err = store_tx_run(o->store, STORE_TX_WRITE, audit_body, &r);
	if (err)
		goto out;
	*report = json_pack("{s:s, s:s, s:s, s:s, s:b, s:I, s:b, s:O, s:I, s:I, s:O, s:O}", "kind",
			    r.k->name, "file", o->file_name ? o->file_name : "", "checksum",
			    r.checksum, "encoding", r.info.encoding, "dry_run", o->dry_run, "rows",
			    (json_int_t)r.nrows, "imported", imported, "created", r.created,
			    "unchanged", (json_int_t)r.unchanged, "conflicts",
			    (json_int_t)r.conflicts, "errors", r.errors, "notes", r.notes);
	if (r.info.delimiter)
		json_object_set_new(*report, "delimiter",
				    json_string(r.info.delimiter == ';' ? ";" : ","));
	if (r.info.sheet[0])
		json_object_set_new(*report, "sheet", json_string(r.info.sheet));
out:
	free(bad_rows);
	free(bad_groups);
	run_free(&r);
	return err;
}
