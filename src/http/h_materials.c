/*
 * h_materials.c - the materials catalog of the 1½- and 3-year visits
 * (DOMAIN §1.5: day-wheel, inspiration cards, parents' booklet, films,
 * agreement cards, toy box, per age group) and which materials each
 * health visitor knows and uses, for the material-use report.
 *
 * The built-in catalog comes from migration 0003; health visitors add
 * their municipality's own materials (stable upper-case codes, never a
 * built-in one). A health visitor answers for themself; coordinators and
 * leaders read every health visitor's answers in the municipality, while
 * a health visitor asking about a colleague gets 404.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_health_visit.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/materials.h"

#define MATERIAL_LABEL_MAX 200
#define MATERIAL_CODE_MIN 2
#define MATERIAL_CODE_MAX 40

static json_t *json_material(const struct material_row *m)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "code", m->code, "age_group",
			 m->age_group, "kind", m->kind, "label", m->label, "kept_by_family",
			 m->kept_by_family, "built_in", m->municipality_id == 0, "active",
			 m->active);
}

static int add_material(const struct material_row *m, void *arg)
{
	json_array_append_new(arg, json_material(m));
	return 0;
}

static bool age_group_ok(const char *s)
{
	return core_course_name_index(core_hv_age_group_names, HV_PROGRAMME__COUNT, s) <
	       HV_PROGRAMME__COUNT;
}

/* ---- GET /api/v1/materials[?age_group=1_5y|3y] ---- */

enum rede_err h_materials_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *age = http_query(req, "age_group");
	json_t *items;
	enum rede_err err;

	if (age && !age_group_ok(age)) {
		http_field_error(resp, "age_group", "Vælg 1_5y eller 3y");
		return REDE_OK;
	}
	items = json_array();
	err = store_material_each(c, req->auth.municipality_id, age, add_material, items);
	return http_items_answer(resp, items, err);
}

/* ---- POST /api/v1/materials ---- */

static const struct http_jfield material_fields[] = {
	{"code", J_STRING, true, MATERIAL_CODE_MAX},
	{"age_group", J_STRING, true, 8},
	{"kind", J_STRING, true, 24},
	{"label", J_STRING, true, MATERIAL_LABEL_MAX},
	{"kept_by_family", J_BOOL, false, 0},
	{NULL, 0, false, 0},
};

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < MATERIAL_CODE_MIN || n > MATERIAL_CODE_MAX || !isupper((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

enum rede_err h_materials_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct material_row m;
	const char *label;
	int kind;
	enum rede_err err = REDE_OK;

	memset(&m, 0, sizeof(m));
	req->audit_entity = "material";
	if (!http_json_check(b, material_fields, resp))
		goto out;
	snprintf(m.code, sizeof(m.code), "%s", json_string_value(json_object_get(b, "code")));
	if (!code_ok(m.code))
		http_field_error(
			resp, "code",
			"Koden skal være 2-40 tegn: store bogstaver A-Z, cifre og _, og begynde "
			"med et bogstav");
	if (!age_group_ok(json_string_value(json_object_get(b, "age_group"))))
		http_field_error(resp, "age_group", "Vælg 1_5y eller 3y");
	else
		snprintf(m.age_group, sizeof(m.age_group), "%s",
			 json_string_value(json_object_get(b, "age_group")));
	kind = core_course_name_index(core_material_kind_names, MATERIAL_KIND__COUNT,
				      json_string_value(json_object_get(b, "kind")));
	if (kind == MATERIAL_KIND__COUNT)
		http_field_error(resp, "kind",
				 "Vælg day_wheel, inspiration_cards, parents_booklet, film, "
				 "agreement_cards, toy_box eller other");
	else
		snprintf(m.kind, sizeof(m.kind), "%s", core_material_kind_names[kind]);
	label = json_string_value(json_object_get(b, "label"));
	if (!*label)
		http_field_error(resp, "label", "Materialets navn skal udfyldes");
	if (http_failed(resp))
		goto out;
	m.label = xstrdup(label);
	v = json_object_get(b, "kept_by_family");
	m.kept_by_family = v ? json_is_true(v) : kind != MATERIAL_TOY_BOX;
	m.active = true;
	req->audit_detail = xasprintf("code %s", m.code);
	err = store_material_insert(c, req->auth.municipality_id, &m);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "code", "Koden findes allerede i kataloget");
		goto out;
	}
	if (err)
		goto out;
	http_json(resp, 201, json_material(&m));
	resp->location = xasprintf("/api/v1/materials?age_group=%s", m.age_group);
out:
	material_row_release(&m);
	return err;
}

/* ---- /api/v1/health-visitors/{id}/materials ---- */

static int add_staff_row(const struct material_staff_row *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:I, s:o}", "code",
					     r->material->code, "age_group", r->material->age_group,
					     "kind", r->material->kind, "label", r->material->label,
					     "knows", r->knows, "uses", r->uses, "used_in_visits",
					     (json_int_t)r->used_in_visits, "answered_at",
					     hv_json_time(r->updated_at)));
	return 0;
}

static enum rede_err answer_staff(struct http_req *req, struct store_conn *c, int64_t id,
				  struct http_resp *resp)
{
	json_t *items = json_array(), *who = NULL;
	enum rede_err err =
		store_material_staff_each(c, req->auth.municipality_id, id, add_staff_row, items);

	if (!err)
		err = hv_json_user(c, id, &who);
	if (err) {
		json_decref(items);
		return err;
	}
	http_json(resp, 200, json_pack("{s:o, s:o}", "health_visitor", who, "items", items));
	return REDE_OK;
}

enum rede_err h_materials_staff_get(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	return answer_staff(req, c, obj_health_visitor_id(req), resp);
}

static const struct http_jfield staff_fields[] = {
	{"items", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};

static const struct http_jfield staff_item_fields[] = {
	{"code", J_STRING, true, HV_CODE_SIZE - 1},
	{"knows", J_BOOL, true, 0},
	{"uses", J_BOOL, true, 0},
	{NULL, 0, false, 0},
};

/* Most items one answer may carry: the catalog is far smaller. */
#define STAFF_ITEMS_MAX 500

enum rede_err h_materials_staff_put(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	const json_t *b = req->body, *arr, *it;
	int64_t id = obj_health_visitor_id(req);
	size_t i;
	char field[64];
	enum rede_err err;

	if (id != req->auth.user_id) {
		http_problem(resp, 403, "Du kan kun svare for dig selv");
		return REDE_OK;
	}
	req->audit_action = "update";
	if (!http_json_check(b, staff_fields, resp))
		return REDE_OK;
	arr = json_object_get(b, "items");
	if (json_array_size(arr) > STAFF_ITEMS_MAX) {
		http_field_error(resp, "items", "For mange materialer i ét svar");
		return REDE_OK;
	}
	/* Check every item before writing any. */
	json_array_foreach(arr, i, it)
	{
		struct material_row m;
		struct http_resp one = {0};

		memset(&m, 0, sizeof(m));
		if (!http_json_check(it, staff_item_fields, &one)) {
			const json_t *e = json_array_get(json_object_get(one.json, "errors"), 0);

			snprintf(field, sizeof(field), "items[%zu].%s", i,
				 json_string_value(json_object_get(e, "field")));
			http_field_error(resp, field,
					 json_string_value(json_object_get(e, "message")));
			json_decref(one.json);
			continue;
		}
		json_decref(one.json);
		err = store_material_get(c, req->auth.municipality_id,
					 json_string_value(json_object_get(it, "code")), &m);
		material_row_release(&m);
		if (err == REDE_E_NOTFOUND) {
			snprintf(field, sizeof(field), "items[%zu].code", i);
			http_field_error(resp, field, "Materialet findes ikke i kataloget");
		} else if (err) {
			return err;
		}
		if (json_is_true(json_object_get(it, "uses")) &&
		    !json_is_true(json_object_get(it, "knows"))) {
			snprintf(field, sizeof(field), "items[%zu].uses", i);
			http_field_error(resp, field, "Et materiale, man bruger, kender man også");
		}
	}
	if (http_failed(resp))
		return REDE_OK;
	json_array_foreach(arr, i, it)
	{
		err = store_material_staff_set(c, req->auth.municipality_id, id,
					       json_string_value(json_object_get(it, "code")),
					       json_is_true(json_object_get(it, "knows")),
					       json_is_true(json_object_get(it, "uses")));
		if (err)
			return err;
	}
	return answer_staff(req, c, id, resp);
}
