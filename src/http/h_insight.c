/*
 * h_insight.c - POST /api/v1/insight (admin): the answer to a citizen's
 * request for insight (GDPR art. 15), as `rede insight` makes it. The CPR
 * number comes in the body, never in the URL; it is not echoed. Producing
 * the insight is on the audit log (action insight, the person, purpose
 * insight) in the transaction that reads the data.
 *
 * Body {"cpr", "format"?: "json" | "html"}. json (default): the document;
 * html: a printable Danish page as a download (indsigt.html).
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "insight/insight.h"
#include "rede/core.h"
#include "rede/util.h"

static const struct http_jfield insight_fields[] = {
	{"cpr", J_STRING, true, 11},
	{"format", J_STRING, false, 8},
	{NULL, 0, false, 0},
};

enum rede_err h_insight_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *format;
	char norm[11];
	json_t *doc = NULL;
	int64_t person_id = 0;
	enum rede_err err;

	req->audit_action = "insight";
	req->audit_entity = "person";
	if (!http_json_check(req->body, insight_fields, resp))
		return REDE_OK;
	format = json_string_value(json_object_get(req->body, "format"));
	if (format && strcmp(format, "json") && strcmp(format, "html"))
		http_field_error(resp, "format", "Vælg json eller html");
	if (!core_cpr_parse(json_string_value(json_object_get(req->body, "cpr")), norm, NULL, NULL,
			    NULL))
		http_field_error(resp, "cpr", "Ugyldigt CPR-nummer");
	if (resp->status)
		return REDE_OK;
	err = insight_build(c, http_keys(req->srv), req->auth.municipality_id, norm, &doc,
			    &person_id);
	memset(norm, 0, sizeof(norm));
	if (err == REDE_E_NOTFOUND) {
		http_problem(resp, 404,
			     "Rede har ingen oplysninger om en person med det CPR-nummer");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)person_id);
	if (format && !strcmp(format, "html")) {
		char *html = insight_html(doc);

		http_raw(resp, 200, html, strlen(html), "text/html; charset=utf-8", "indsigt.html");
		json_decref(doc);
	} else {
		http_json(resp, 200, doc);
	}
	return REDE_OK;
}
