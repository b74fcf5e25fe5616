/*
 * h_reports.c - GET /api/v1/reports and /api/v1/reports/{name}: the
 * reports of DOMAIN §3 over HTTP, computed by the same code as `rede
 * report` (src/report/; who sees what is decided in src/report/request.c).
 *
 * Query: from, to (YYYY-MM-DD), unit (id | mine | all), municipality and
 * round (evaluators), final (evaluation kit: end-of-project delivery),
 * format (json | csv | csv-da | xlsx | html | svg), chart (svg: which
 * table). JSON answers are the report itself; the other formats are
 * downloads (Content-Disposition: attachment), always suppressed. Every
 * call is on the audit log: a read for the JSON view, an export for a
 * download, with the period and format as detail (no personal data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/report.h"
#include "rede/report_request.h"
#include "rede/util.h"

enum rede_err h_reports_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();
	(void)c;

	for (int i = 0; i < report_defs_count; i++)
		json_array_append_new(items, json_pack("{s:s, s:s}", "name", report_defs[i].name,
						       "title", report_defs[i].title));
	req->audit_entity = NULL;
	http_json(resp, 200,
		  json_pack("{s:o, s:[s,s,s,s,s,s]}", "items", items, "formats", "json", "csv",
			    "csv-da", "xlsx", "html", "svg"));
	return REDE_OK;
}

/* The period's dates, when they are dates, must be plausible like the report
 * form's date fields (date_range.c; both errors at once). The CLI's
 * `rede report` may ask for any period. */
static bool plausible_period(const struct report_request *q, struct http_resp *resp)
{
	int32_t d;
	bool ok = true;

	if (q->from && rede_date_parse(q->from, &d))
		ok = http_date_plausible(resp, "from", d) && ok;
	if (q->to && rede_date_parse(q->to, &d))
		ok = http_date_plausible(resp, "to", d) && ok;
	return ok;
}

enum rede_err h_reports_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct report_request q = {0};
	struct report_caller who = {false, req->auth.municipality_id, req->auth.user_id,
				    req->auth.roles};
	struct report_scope s;
	struct report_request_error e;
	struct report *r = NULL;
	const char *final = http_query(req, "final");
	char *data = NULL, filename[96];
	size_t len = 0;
	enum rede_err err;

	q.name = req->nargs ? req->args[0] : NULL;
	q.from = http_query(req, "from");
	q.to = http_query(req, "to");
	q.unit = http_query(req, "unit");
	q.municipality = http_query(req, "municipality");
	q.round = http_query(req, "round");
	q.format = http_query(req, "format");
	q.final = final && (!strcmp(final, "1") || !strcmp(final, "true"));
	req->audit_entity = "report";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%.31s", q.name ? q.name : "");

	if (!plausible_period(&q, resp)) {
		report_scope_init(&s);
		err = REDE_OK;
		goto out;
	}
	err = report_request_resolve(c, &q, &who, &s, &e);
	if (err == REDE_E_NOTFOUND && !strcmp(e.field ? e.field : "", "name")) {
		http_not_found(resp);
		err = REDE_OK;
		goto out;
	}
	if (err == REDE_E_NOTFOUND || err == REDE_E_INVALID) {
		http_problem(resp, err == REDE_E_NOTFOUND ? 404 : 400,
			     err == REDE_E_NOTFOUND ? "Ikke fundet" : "Ugyldige data");
		if (e.field)
			http_problem_field(resp, e.field, e.message);
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	req->audit_action = e.format == RFORMAT_JSON ? "read" : "export";
	req->audit_detail = xasprintf("%s..%s %s%s", s.from, s.to, report_format_names[e.format],
				      e.suppress ? " suppressed" : "");
	err = report_produce(c, q.name, &s, &who, e.suppress, &r);
	if (err)
		goto out;
	if (e.format == RFORMAT_JSON) {
		http_json(resp, 200, report_to_json(r));
		goto out;
	}
	err = report_write(r, e.format, http_query(req, "chart"), &data, &len);
	if (err == REDE_E_NOTFOUND) {
		http_problem(resp, 404, "Rapporten har ingen sådan figur");
		http_problem_field(resp, "chart", "Vælg en tabel med en figur");
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	snprintf(filename, sizeof(filename), "rede-%s-%s-%s.%s", r->name, s.from, s.to,
		 report_format_ext(e.format));
	http_raw(resp, 200, data, len, report_format_mime(e.format),
		 e.format == RFORMAT_HTML || e.format == RFORMAT_SVG ? NULL : filename);
	data = NULL;
out:
	free(data);
	report_free(r);
	report_scope_release(&s);
	return err;
}
