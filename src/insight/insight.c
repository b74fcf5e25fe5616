/*
 * insight.c - assembling the insight document (see insight.h): the rows
 * the store reads, CPR numbers decrypted and shown in full to the person
 * they belong to, the retention periods that apply, and each look-up with
 * its Danish day, local time and purpose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/insight.h"
#include "rede/core_purpose.h"
#include "rede/core_retention.h"
#include "rede/util.h"
#include "store/insight.h"
#include "store/retention.h"
#include "store/settings.h"
#include "store/tenancy.h"

/* Replace a person row's cpr_box by its number "DDMMYY-SSSS". */
static enum rede_err open_cpr(const struct crypto_keys *keys, json_t *person)
{
	const char *box = json_string_value(json_object_get(person, "cpr_box"));
	char cpr[11], shown[12];
	enum rede_err err = REDE_OK;

	if (!json_is_object(person))
		return REDE_OK;
	if (box) {
		err = crypto_cpr_decrypt(keys, box, cpr);
		if (!err) {
			snprintf(shown, sizeof(shown), "%.6s-%.4s", cpr, cpr + 6);
			json_object_set_new(person, "cpr", json_string(shown));
		}
		memset(cpr, 0, sizeof(cpr));
		memset(shown, 0, sizeof(shown));
	} else {
		json_object_set_new(person, "cpr", json_null());
	}
	json_object_del(person, "cpr_box");
	return err;
}

/* "2026-11-23T04:30:00.123Z" -> Unix seconds; 0 when malformed. */
static int64_t iso_seconds(const char *s)
{
	int y, mo, d, h, mi, sec;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
		return 0;
	return (int64_t)rede_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

/* The purpose of an entry: its code, or what its route implies (entries
 * written before purposes were recorded). */
static const char *purpose_of(const json_t *e)
{
	const char *code = json_string_value(json_object_get(e, "purpose_code"));
	const char *route = json_string_value(json_object_get(e, "route"));
	char method[8];

	if (code)
		return code;
	if (route && str_starts(route, "cli "))
		return core_purpose_names[str_starts(route, "cli report") ? PURPOSE_STATISTICS
									  : PURPOSE_ADMINISTRATION];
	if (route && sscanf(route, "%7s", method) == 1 && strchr(route, ' '))
		return core_purpose_names[core_purpose_of_route(method, strchr(route, ' ') + 1)];
	return core_purpose_names[PURPOSE_CASEWORK];
}

static void dress_lookups(json_t *lookups)
{
	size_t i;
	json_t *e;

	json_array_foreach(lookups, i, e)
	{
		int64_t t = iso_seconds(json_string_value(json_object_get(e, "at")));
		int64_t local = t + rede_dk_offset(t);
		char day[11], clock[16];
		const char *p = purpose_of(e);

		rede_date_format(rede_dk_day(t), day);
		snprintf(clock, sizeof(clock), "%02d:%02d", (int)(local % 86400 / 3600),
			 (int)(local % 3600 / 60));
		json_object_set_new(e, "date", json_string(day));
		json_object_set_new(e, "time", json_string(clock));
		json_object_set_new(e, "purpose", json_string(p));
		json_object_set_new(e, "purpose_label", json_string(core_purpose_label(p)));
		json_object_del(e, "purpose_code");
		json_object_del(e, "route");
		json_object_del(e, "id");
	}
}

static void add_rule(void *arg, const struct retention_rule_row *r)
{
	json_array_append_new(arg,
			      json_pack("{s:s, s:s, s:I, s:s, s:s}", "kind", r->kind, "programme",
					r->programme, "months", (json_int_t)r->months, "runs_from",
					r->runs_from, "legal_basis", r->legal_basis));
}

enum rede_err insight_build(struct store_conn *c, const struct crypto_keys *keys,
			    int64_t municipality_id, const char *cpr, json_t **doc,
			    int64_t *person_id)
{
	struct municipality_row m = {0};
	char hash[CRYPTO_HASH_HEX], at[25];
	int64_t family_id = 0, show = 0;
	json_t *d = NULL, *rules;
	size_t i;
	json_t *child;
	enum rede_err err;

	*doc = NULL;
	crypto_cpr_lookup_hash(keys, cpr, hash);
	err = store_insight_find(c, municipality_id, hash, person_id, &family_id);
	if (!err)
		err = store_municipality_get(c, municipality_id, &m);
	if (!err) {
		err = store_setting_int(c, municipality_id, "insight.show_staff", &show);
		if (err == REDE_E_NOTFOUND)
			err = REDE_OK;
	}
	if (err)
		return err;
	d = store_insight_collect(c, municipality_id, *person_id, family_id, show == 1, &err);
	if (!d)
		return err;
	err = open_cpr(keys, json_object_get(d, "person"));
	json_array_foreach(json_object_get(d, "children"), i, child) if (!err) err =
		open_cpr(keys, child);
	if (err)
		goto fail;
	rules = json_array();
	err = store_retention_rules_each(c, municipality_id, add_rule, rules);
	json_object_set_new(d, "retention", rules);
	if (err)
		goto fail;
	dress_lookups(json_object_get(d, "lookups"));
	rede_time_iso(rede_now_ms(), at);
	json_object_set_new(d, "generated_at", json_string(at));
	json_object_set_new(d, "municipality",
			    json_pack("{s:s, s:s}", "code", m.code, "name", m.name));
	json_object_set_new(d, "shows_staff", json_boolean(show == 1));
	*doc = d;
	return REDE_OK;
fail:
	json_decref(d);
	return err;
}
