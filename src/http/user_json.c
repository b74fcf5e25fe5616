/*
 * user_json.c - a staff account as the API shows it (GET /users, the
 * sign-in answer, /me) and its roles as JSON both ways. Apart from
 * h_users.c because sign-in (auth.c) answers with it too.
 */
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/tenancy.h"

#define INVALID_DA "Ugyldige data"

json_t *json_roles(int64_t roles)
{
	json_t *arr = json_array();

	for (int r = 0; r < ROLE__COUNT; r++)
		if (roles & ROLE_BIT(r))
			json_array_append_new(arr, json_string(core_role_names[r]));
	return arr;
}

bool json_roles_parse(const json_t *arr, const char *field, int64_t *bits, struct http_resp *resp)
{
	size_t i;
	json_t *v;

	*bits = 0;
	json_array_foreach(arr, i, v)
	{
		enum core_role r =
			json_is_string(v) ? core_role_parse(json_string_value(v)) : ROLE__COUNT;
		if (r == ROLE__COUNT) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, field, "Ukendt rolle");
			return false;
		}
		*bits |= ROLE_BIT(r);
	}
	if (!*bits) {
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, field, "Vælg mindst én rolle");
		return false;
	}
	return true;
}

static json_t *unit_json(const struct unit_row *unit)
{
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)unit->id, "name", unit->name, "kind",
			 unit->kind);
}

static int unit_keep(const struct unit_row *unit, void *arg)
{
	struct user_units *t = arg;

	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->rows = xrealloc(t->rows, t->alloc * sizeof(*t->rows));
	}
	t->rows[t->n++] = *unit;
	return 0;
}

enum rede_err user_units_load(struct store_conn *c, int64_t municipality_id, struct user_units *t)
{
	memset(t, 0, sizeof(*t));
	return store_unit_each(c, municipality_id, unit_keep, t);
}

void user_units_release(struct user_units *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

json_t *json_user_units_from(const struct user_units *t, const struct user_row *u)
{
	json_t *units = json_array();

	for (size_t i = 0; i < u->nunits; i++)
		for (size_t j = 0; j < t->n; j++)
			if (t->rows[j].id == u->unit_ids[i]) {
				json_array_append_new(units, unit_json(&t->rows[j]));
				break;
			}
	return units;
}

/* The answer around a units array (stolen). */
static json_t *user_body(const struct user_row *u, json_t *units)
{
	json_t *o;

	o = json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:o}", "id", (json_int_t)u->id, "username",
		      u->username, "display_name", u->display_name, "roles", json_roles(u->roles),
		      "service_account", u->is_service, "disabled", u->disabled_at != 0, "units",
		      units);
	json_object_set_new(o, "hourly_cost_ore",
			    u->hourly_cost_ore < 0 ? json_null()
						   : json_integer(u->hourly_cost_ore));
	/* what the user types to sign in: NAME@CODE, or NAME (store/users.h) */
	json_object_set_new(o, "sign_in", json_string(u->sign_in ? u->sign_in : u->username));
	/* signs in through the municipality's identity provider (issue 17):
	 * no password in Rede; an admin can hand that login to an imported
	 * account (POST /users/{id}/sso-link) */
	json_object_set_new(o, "federated", json_boolean(u->federated));
	return o;
}

json_t *json_user(struct store_conn *c, const struct user_row *u)
{
	struct user_units t = {0};
	json_t *o;

	/* a unit that cannot be read is left out, as a list leaves it out */
	if (c && u->nunits)
		(void)user_units_load(c, u->municipality_id, &t);
	o = json_user_from(&t, u);
	user_units_release(&t);
	return o;
}

json_t *json_user_from(const struct user_units *t, const struct user_row *u)
{
	return user_body(u, json_user_units_from(t, u));
}
