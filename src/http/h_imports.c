/*
 * h_imports.c - importing registrations over HTTP (issue 19):
 *   GET  /api/v1/imports/kinds              what can be imported, with columns
 *   GET  /api/v1/imports/templates/{kind}   the XLSX template
 *   POST /api/v1/imports?kind=K&dry_run=1&name=FILE   the file as the body
 *
 * The POST body is the file itself (HTTP_RAW_BODY: any Content-Type, capped
 * by the setting import.max_bytes instead of 1 MiB). The import opens its
 * own transactions (src/http/import_run.c: one write transaction for the
 * whole file), so it runs in the route's prepare step, before - and instead
 * of - the request transaction, after authenticating the caller the way the
 * server does (http_prepare_auth). Answers: a dry run 200 with the report;
 * an import 201 with the report; a file with problems 422 problem+json
 * with an error per problem (field "Ark!F4") and the report, nothing
 * changed. On record: the import's entry (counts, checksum; import_run.c)
 * and the request's own, action "upload".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/handlers.h"
#include "http/import.h"
#include "rede/util.h"

#define FILE_NAME_MAX 200

enum rede_err h_imports_kinds(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();

	(void)c;
	(void)req;
	for (int i = 0; i < imp_kinds_count; i++) {
		const struct imp_kind *k = &imp_kinds[i];
		json_t *cols = json_array();

		for (int j = 0; j < k->ncols; j++)
			json_array_append_new(cols, json_pack("{s:s, s:b}", "header",
							      k->cols[j].header_da, "required",
							      k->cols[j].required));
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}", "kind", k->name,
						       "sheet", k->sheet_da, "title", k->title_da,
						       "columns", cols));
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return REDE_OK;
}

enum rede_err h_imports_template(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct imp_kind *k = imp_kind_find(req->nargs ? req->args[0] : NULL);
	char path[] = "/tmp/rede-template-XXXXXX";
	char name[64];
	FILE *f = NULL;
	struct buf b;
	char chunk[8192];
	size_t n;
	int fd;

	(void)c;
	req->audit_entity = "import_template";
	if (!k) {
		http_not_found(resp);
		return REDE_OK;
	}
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%s", k->name);
	fd = mkstemp(path);
	if (fd < 0)
		return REDE_E_STORE;
	close(fd);
	buf_init(&b, 0);
	if (imp_template_xlsx(k, path) && (f = fopen(path, "rb"))) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
	}
	unlink(path);
	if (!b.len) {
		buf_release(&b);
		return REDE_E_STORE;
	}
	snprintf(name, sizeof(name), "rede-import-%s.xlsx", k->name);
	n = b.len;
	http_raw(resp, 200, buf_detach(&b, NULL), n,
		 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
	return REDE_OK;
}

/* The report's problems as problem+json field errors "Ark!F4". */
static void problem_from_report(struct http_resp *resp, json_t *rep)
{
	json_t *p;
	size_t i;

	http_problem(resp, 422, "Filen kan ikke importeres - intet er ændret");
	json_array_foreach(json_object_get(rep, "errors"), i, p)
	{
		const char *col = json_string_value(json_object_get(p, "column"));
		char field[128];

		snprintf(field, sizeof(field), "%s!%s%lld",
			 json_string_value(json_object_get(p, "sheet")), col ? col : "",
			 (long long)json_integer_value(json_object_get(p, "row")));
		http_problem_field(resp, field, json_string_value(json_object_get(p, "message")));
	}
	json_object_set(resp->json, "report", rep);
}

enum rede_err h_imports_prepare(struct http_req *req, struct http_resp *resp)
{
	const char *kind, *dry, *name;
	struct imp_opts o = {0};
	json_t *rep = NULL;
	char purpose[64];
	enum rede_err err = http_prepare_auth(req, resp);

	if (err || resp->status)
		return err;
	req->audit_entity = "import";
	kind = http_query(req, "kind");
	dry = http_query(req, "dry_run");
	name = http_query(req, "name");
	if (!(o.kind = imp_kind_find(kind))) {
		http_field_error(resp, "kind", "Ukendt slags import");
		return REDE_OK;
	}
	if (!req->raw_len) {
		http_field_error(resp, "file", "Vælg en fil (XLSX eller CSV)");
		return REDE_OK;
	}
	if (name && strlen(name) > FILE_NAME_MAX) {
		http_field_error(resp, "name", "Filnavnet er for langt");
		return REDE_OK;
	}
	snprintf(purpose, sizeof(purpose), "POST /api/v1/imports");
	o.file_name = name && *name ? name : "upload";
	o.data = req->raw_body;
	o.len = req->raw_len;
	o.dry_run = dry && (!strcmp(dry, "1") || !strcmp(dry, "true"));
	o.municipality_id = req->auth.municipality_id;
	o.user_id = req->auth.user_id;
	o.purpose = purpose;
	o.store = http_store(req->srv);
	o.keys = http_keys(req->srv);
	err = imp_run(&o, &rep);
	if (err)
		return err;
	if (json_array_size(json_object_get(rep, "errors")))
		problem_from_report(resp, rep);
	else
		http_json(resp, o.dry_run ? 200 : 201, json_incref(rep));
	/* the request's own entry (the import wrote its entry with the counts) */
	req->audit_action = "upload";
	req->audit_detail =
		xasprintf("%s; %zu bytes%s", kind, req->raw_len, o.dry_run ? "; dry run" : "");
	json_decref(rep);
	return REDE_OK;
}

/* Never reached: the prepare step always answers. */
enum rede_err h_imports_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	(void)req;
	(void)c;
	http_problem(resp, 500, "Der opstod en uventet fejl");
	return REDE_OK;
}
