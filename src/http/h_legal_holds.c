/*
 * h_legal_holds.c - legal holds (admin): a family whose records retention
 * must not delete while a complaint, supervision or court case needs them
 * (autorisationsloven § 25, stk. 2). Set and cleared with a reason; each
 * on the audit log against the family (purpose legal_hold), so the
 * family's insight shows it. The same as `rede hold`.
 *
 *   GET  /api/v1/legal-holds[?family_id=]   the municipality's holds, newest first
 *   POST /api/v1/legal-holds                {family_id, reason} -> 201 HOLD
 *   POST /api/v1/legal-holds/{id}/clear     {reason} -> 200 HOLD
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/util.h"
#include "store/retention.h"

#define REASON_MAX 500

static json_t *json_hold(const struct legal_hold_row *h)
{
	char set[25], cleared[25];

	rede_time_iso(h->set_at * 1000, set);
	rede_time_iso(h->cleared_at * 1000, cleared);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)h->id,
			 "family_id", (json_int_t)h->family_id, "reason", h->reason, "set_at", set,
			 "set_by", h->set_by, "cleared_at",
			 h->cleared_at ? json_string(cleared) : json_null(), "cleared_by",
			 h->cleared_at ? json_string(h->cleared_by) : json_null(), "clear_reason",
			 h->cleared_at ? json_string(h->clear_reason) : json_null(), "active",
			 !h->cleared_at);
}

static void add_hold(void *arg, const struct legal_hold_row *h)
{
	json_array_append_new(arg, json_hold(h));
}

enum rede_err h_legal_holds_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *f = http_query(req, "family_id");
	int64_t family_id = 0;
	json_t *items;
	enum rede_err err;
	char *end;

	req->audit_action = "search";
	req->audit_entity = "legal_hold";
	if (f) {
		family_id = strtoll(f, &end, 10);
		if (!*f || *end || family_id <= 0) {
			http_field_error(resp, "family_id", "Skal være et familie-id");
			return REDE_OK;
		}
	}
	items = json_array();
	err = store_legal_holds_each(c, req->auth.municipality_id, family_id, add_hold, items);
	return http_items_answer(resp, items, err);
}

static const struct http_jfield set_fields[] = {
	{"family_id", J_INT, true, 0},
	{"reason", J_STRING, true, REASON_MAX},
	{NULL, 0, false, 0},
};

static const struct http_jfield clear_fields[] = {
	{"reason", J_STRING, true, REASON_MAX},
	{NULL, 0, false, 0},
};

/* The reason must say something. */
static const char *reason_of(struct http_req *req, struct http_resp *resp)
{
	const char *r = json_string_value(json_object_get(req->body, "reason"));

	if (!r || !*r || strspn(r, " \t\r\n") == strlen(r)) {
		http_field_error(resp, "reason", "Angiv begrundelsen");
		return NULL;
	}
	return r;
}

enum rede_err h_legal_holds_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct legal_hold_row h;
	const char *reason;
	int64_t family_id;
	enum rede_err err;

	req->audit_action = "hold";
	req->audit_entity = "family";
	if (!http_json_check(req->body, set_fields, resp) || !(reason = reason_of(req, resp)))
		return REDE_OK;
	family_id = json_integer_value(json_object_get(req->body, "family_id"));
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)family_id);
	err = store_legal_hold_set(c, req->auth.municipality_id, family_id, reason,
				   req->auth.username, &h);
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "family_id",
			      "Familien er allerede omfattet af et retligt stop");
		return REDE_OK;
	}
	if (err)
		return err;
	http_json(resp, 201, json_hold(&h));
	resp->location = xasprintf("/api/v1/legal-holds?family_id=%lld", (long long)family_id);
	return REDE_OK;
}

enum rede_err h_legal_holds_clear(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	struct legal_hold_row h;
	const char *reason;
	int64_t id;
	enum rede_err err;

	req->audit_action = "release";
	req->audit_entity = "family";
	if (!http_arg_id(req, 0, &id)) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (!http_json_check(req->body, clear_fields, resp) || !(reason = reason_of(req, resp)))
		return REDE_OK;
	err = store_legal_hold_clear(c, req->auth.municipality_id, id, reason, req->auth.username,
				     &h);
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "id", "Det retlige stop er allerede ophævet");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
		 (long long)h.family_id);
	http_json(resp, 200, json_hold(&h));
	return REDE_OK;
}
