/*
 * h_units.c - a municipality's units: daycare institutions, the
 * health-visiting service, the administration, the family department, PPR.
 *
 * Any signed-in user may list their own municipality's units (names of
 * institutions are not personal data); only admins create them.
 */
#include <string.h>

#include "http/handlers.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/tenancy.h"

static json_t *json_unit(const struct unit_row *u)
{
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->id, "kind", u->kind, "name",
			 u->name);
}

static int add_unit(const struct unit_row *u, void *arg)
{
	json_array_append_new(arg, json_unit(u));
	return 0;
}

enum rede_err h_units_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err = store_unit_each(c, req->auth.municipality_id, add_unit, items);

	return http_items_answer(resp, items, err);
}

enum rede_err h_units_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct unit_row *u = obj_unit(req);

	(void)c;
	http_json(resp, 200, json_unit(u));
	http_set_etag(resp, "unit", u->id, u->version);
	return REDE_OK;
}

static const struct http_jfield unit_fields[] = {
	{"kind", J_STRING, true, 32},
	{"name", J_STRING, true, 160},
	{NULL, 0, false, 0},
};

enum rede_err h_units_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *kind, *name;
	struct unit_row u;
	int64_t id;
	enum rede_err err;

	req->audit_entity = "unit";
	if (!http_json_check(req->body, unit_fields, resp))
		return REDE_OK;
	kind = json_string_value(json_object_get(req->body, "kind"));
	name = json_string_value(json_object_get(req->body, "name"));
	if (core_unit_kind_parse(kind) == UNIT_KIND__COUNT) {
		http_problem(resp, 400, "Ugyldige data");
		http_problem_field(resp, "kind",
				   "Ukendt enhedstype (dagtilbud, sundhedspleje, forvaltning, "
				   "familieafdeling eller PPR)");
		return REDE_OK;
	}
	if (!*name) {
		http_problem(resp, 400, "Ugyldige data");
		http_problem_field(resp, "name", "Feltet skal udfyldes");
		return REDE_OK;
	}
	err = store_unit_add(c, req->auth.municipality_id, kind, name, &id);
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "name", "Der findes allerede en enhed med det navn");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)id);
	err = store_unit_get(c, req->auth.municipality_id, id, &u);
	if (err)
		return err;
	http_json(resp, 201, json_unit(&u));
	http_set_etag(resp, "unit", u.id, u.version);
	resp->location = xasprintf("/api/v1/units/%lld", (long long)id);
	return REDE_OK;
}
