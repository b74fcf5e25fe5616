/*
 * h_devices.c - a user's devices, for their municipality's admins
 * (issue 20: a lost tablet is shut out on its own).
 *
 *   GET  /api/v1/users/{id}/devices                     the list
 *   POST /api/v1/users/{id}/devices/{device}/disable    disable one
 *
 * A device is a browser that has signed in to the account with a password
 * (store/devices.h). Disabling one ends the sessions opened on it; its
 * next request is answered 401 "device_disabled" and a sign-in from it 403
 * "device_disabled" (http_auth_disabled), on which the web app erases its
 * offline copy and outbox. The user's other devices go on working. The
 * route's object (OBJ_USER) keeps another municipality's user a 404.
 */
#include "http/handlers.h"
#include "rede/util.h"
#include "store/devices.h"

static json_t *json_time(int64_t t)
{
	char iso[25];

	if (!t)
		return json_null();
	rede_time_iso(t * 1000, iso);
	return json_string(iso);
}

static json_t *json_device(const struct device_row *d)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:b, s:o, s:o}", "id", (json_int_t)d->id, "label",
			 d->label, "created_at", json_time(d->created_at), "last_seen_at",
			 json_time(d->last_seen_at), "disabled", d->disabled_at != 0, "disabled_at",
			 json_time(d->disabled_at), "disabled_by",
			 d->disabled_by ? json_integer(d->disabled_by) : json_null());
}

static int add_device(const struct device_row *d, void *arg)
{
	json_array_append_new(arg, json_device(d));
	return 0;
}

enum rede_err h_users_devices(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err = store_device_each(c, obj_user(req)->id, add_device, items);

	return http_items_answer(resp, items, err);
}

enum rede_err h_users_device_disable(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp)
{
	struct device_row d;
	int64_t id = 0, ended = 0;
	enum rede_err err;

	req->audit_action = "device_disable";
	if (!http_arg_id(req, 1, &id)) {
		http_not_found(resp);
		return REDE_OK;
	}
	err = store_device_get(c, obj_user(req)->id, id, &d);
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	req->audit_entity = "device";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)id);
	if (!d.disabled_at) {
		err = store_device_disable(c, id, req->auth.user_id, rede_now(), &ended);
		if (!err)
			err = store_device_get(c, obj_user(req)->id, id, &d);
		if (err)
			return err;
		req->audit_detail = xasprintf("user %lld; %lld session(s) ended",
					      (long long)d.user_id, (long long)ended);
	}
	http_json(resp, 200, json_device(&d));
	return REDE_OK;
}
