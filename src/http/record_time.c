/*
 * record_time.c - reading and answering the client time of a record made
 * offline; see record_time.h.
 */
#include <stdio.h>

#include "http/record_time.h"
#include "rede/util.h"
#include "store/settings.h"

enum rede_err http_recorded_at(struct http_req *req, struct store_conn *c, struct http_resp *resp,
			       int64_t *out)
{
	const json_t *v = json_object_get(req->body, "recorded_at");
	int64_t ms = 0, now = rede_now(), skew = 0, days = 0;
	char msg[140];
	enum rede_err err;

	*out = 0;
	if (!v || json_is_null(v))
		return REDE_OK;
	if (!json_is_string(v) || !rede_time_parse_iso(json_string_value(v), &ms)) {
		http_field_error(resp, "recorded_at",
				 "Angiv tidspunktet som ÅÅÅÅ-MM-DDTtt:mm:ssZ (RFC 3339)");
		return REDE_OK;
	}
	err = store_setting_int(c, req->auth.municipality_id, "offline.clock_skew_seconds", &skew);
	if (!err)
		err = store_setting_int(c, req->auth.municipality_id, "offline.max_days", &days);
	if (err)
		return err;
	if (ms / 1000 > now + skew) {
		http_field_error(resp, "recorded_at",
				 "Tidspunktet ligger i fremtiden - kontroller enhedens ur");
		return REDE_OK;
	}
	if (ms / 1000 < now - days * 86400 - skew) {
		snprintf(msg, sizeof(msg),
			 "Registreringen er lavet for mere end %lld dage siden og kan ikke "
			 "modtages",
			 (long long)days);
		http_field_error(resp, "recorded_at", msg);
		return REDE_OK;
	}
	*out = ms / 1000;
	return REDE_OK;
}

static json_t *iso_or_null(int64_t secs)
{
	char iso[25];

	if (!secs)
		return json_null();
	rede_time_iso(secs * 1000, iso);
	return json_string(iso);
}

void http_record_times_json(json_t *o, int64_t recorded_at, int64_t arrived_at)
{
	json_object_set_new(o, "recorded_at", iso_or_null(recorded_at));
	json_object_set_new(o, "arrived_at", iso_or_null(arrived_at));
}
