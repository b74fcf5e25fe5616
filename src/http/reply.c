/*
 * reply.c - building answers: JSON, problem+json (RFC 9457) with Danish
 * titles and per-field errors, ETags, cookies, and the security headers of
 * DESIGN §5 on every answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/server_internal.h"
#include "rede/util.h"

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
			  "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

void http_add_security_headers(const struct http_server *srv, struct MHD_Response *r, bool api)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (api)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (srv && srv->tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

void http_json(struct http_resp *resp, int status, json_t *body)
{
	json_decref(resp->json);
	resp->json = body;
	resp->status = status;
	resp->problem = false;
}

enum rede_err http_items_answer(struct http_resp *resp, json_t *items, enum rede_err err)
{
	if (err) {
		json_decref(items);
		return err;
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return REDE_OK;
}

void http_raw(struct http_resp *resp, int status, char *body, size_t len, const char *content_type,
	      const char *filename)
{
	json_decref(resp->json);
	resp->json = NULL;
	free(resp->body);
	free(resp->filename);
	resp->body = body;
	resp->body_len = len;
	resp->content_type = content_type;
	resp->filename = filename ? xstrdup(filename) : NULL;
	resp->status = status;
	resp->problem = false;
}

void http_problem(struct http_resp *resp, int status, const char *title_da)
{
	free(resp->body);
	resp->body = NULL;
	free(resp->filename);
	resp->filename = NULL;
	json_decref(resp->json);
	resp->json = json_pack("{s:s, s:s, s:i, s:[]}", "type", "about:blank", "title", title_da,
			       "status", status, "errors");
	resp->status = status;
	resp->problem = true;
}

void http_problem_field(struct http_resp *resp, const char *field, const char *message_da)
{
	json_t *errors = json_object_get(resp->json, "errors");

	if (!resp->problem || !json_is_array(errors))
		return;
	json_array_append_new(errors,
			      json_pack("{s:s, s:s}", "field", field, "message", message_da));
}

void http_field_error(struct http_resp *resp, const char *field, const char *message_da)
{
	if (!resp->status)
		http_problem(resp, 400, "Ugyldige data");
	http_problem_field(resp, field, message_da);
}

void http_auth_disabled(struct http_resp *resp, int status, bool device)
{
	http_problem(resp, status, device ? "Enheden er spærret" : "Din bruger er deaktiveret");
	json_object_set_new(resp->json, "type",
			    json_string(device ? "urn:rede:problem:device-disabled"
					       : "urn:rede:problem:user-disabled"));
	json_object_set_new(resp->json, "code",
			    json_string(device ? "device_disabled" : "user_disabled"));
	http_problem_field(resp, "",
			   device ? "En administrator har spærret denne enhed. Det, der var gemt "
				    "på enheden, er slettet."
				  : "Din bruger er deaktiveret. Det, der var gemt på enheden, er "
				    "slettet.");
}

void http_not_found(struct http_resp *resp)
{
	http_problem(resp, 404, "Ikke fundet");
}

void http_forbidden(struct http_resp *resp)
{
	http_problem(resp, 403, "Du har ikke adgang til dette");
}

void http_precondition_failed(struct http_resp *resp)
{
	http_problem(resp, 412, "Nogen har ændret dette, siden du hentede det");
	http_problem_field(resp, "If-Match",
			   "Hent de nyeste oplysninger og foretag ændringen igen");
}

void http_precondition_failed_current(struct http_resp *resp, json_t *current, const char *entity,
				      int64_t id, int64_t version)
{
	char etag[64];

	http_precondition_failed(resp);
	snprintf(etag, sizeof(etag), "%s-%lld-v%lld", entity, (long long)id, (long long)version);
	json_object_set_new(resp->json, "current_etag", json_string(etag));
	json_object_set_new(resp->json, "current", current ? current : json_null());
	http_set_etag(resp, entity, id, version);
}

void http_conflict(struct http_resp *resp, const char *field, const char *message_da)
{
	http_problem(resp, 409, "Konflikt med eksisterende data");
	http_problem_field(resp, field, message_da);
}

void http_add_cookie(struct http_resp *resp, char *cookie)
{
	if (resp->ncookies == HTTP_MAX_COOKIES) {
		free(cookie);
		return;
	}
	resp->cookies[resp->ncookies++] = cookie;
}

void http_set_etag(struct http_resp *resp, const char *entity, int64_t id, int64_t version)
{
	snprintf(resp->etag, sizeof(resp->etag), "%s-%lld-v%lld", entity, (long long)id,
		 (long long)version);
}

bool http_if_match_ok(const struct http_req *req, const char *entity, int64_t id, int64_t version)
{
	char want[64];
	const char *p = req->if_match;

	if (!p)
		return true;
	snprintf(want, sizeof(want), "%s-%lld-v%lld", entity, (long long)id, (long long)version);
	while (*p) {
		const char *start, *end;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p != '"')
			return false;
		start = ++p;
		end = strchr(start, '"');
		if (!end)
			return false;
		if ((size_t)(end - start) == strlen(want) && !strncmp(start, want, strlen(want)))
			return true;
		p = end + 1;
	}
	return false;
}

void http_resp_release(struct http_resp *resp)
{
	json_decref(resp->json);
	for (int i = 0; i < resp->ncookies; i++)
		free(resp->cookies[i]);
	free(resp->location);
	free(resp->body);
	free(resp->filename);
	memset(resp, 0, sizeof(*resp));
}

enum MHD_Result http_queue(struct http_server *srv, struct MHD_Connection *conn,
			   struct http_resp *resp)
{
	if (resp->problem && resp->json && !resp->body &&
	    http_wants_english(
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language")))
		http_msg_en_problem(resp->json);
	char *text = resp->body ? NULL : resp->json ? json_dumps(resp->json, JSON_COMPACT) : NULL;
	size_t len = text ? strlen(text) : 0;
	char disposition[160];

	if (resp->body) {
		/* The connection owns the copy; resp keeps its own until released. */
		text = xmalloc(resp->body_len ? resp->body_len : 1);
		memcpy(text, resp->body, resp->body_len);
		len = resp->body_len;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text ? text : (char *)"",
								 text ? MHD_RESPMEM_MUST_FREE
								      : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;
	char etag[64], retry[24];

	if (resp->body && resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	else if (text)
		MHD_add_response_header(r, "Content-Type",
					resp->problem ? "application/problem+json"
						      : "application/json; charset=utf-8");
	if (resp->body && resp->filename) {
		snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"",
			 resp->filename);
		MHD_add_response_header(r, "Content-Disposition", disposition);
	}
	if (resp->etag[0]) {
		snprintf(etag, sizeof(etag), "\"%s\"", resp->etag);
		MHD_add_response_header(r, "ETag", etag);
	}
	if (resp->location)
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->allow)
		MHD_add_response_header(r, "Allow", resp->allow);
	if (resp->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", retry);
	}
	for (int i = 0; i < resp->ncookies; i++)
		MHD_add_response_header(r, "Set-Cookie", resp->cookies[i]);
	http_add_security_headers(srv, r, true);
	ret = MHD_queue_response(conn, (unsigned)(resp->status ? resp->status : 500), r);
	MHD_destroy_response(r);
	return ret;
}
