/*
 * json_check.c - checking a JSON body against a field table, collecting
 * every problem (unknown field, missing field, wrong type, too long, a date
 * outside the field's plausible range - date_range.c) as a
 * Danish field error, so a form can show them all at once.
 */
#include <stdio.h>
#include <string.h>

#include "rede/http.h"
#include "rede/util.h"

static const char *const type_msg[J_JTYPE__COUNT] = {
	"Forkert type: forventede tekst",
	"Forkert type: forventede heltal",
	"Forkert type: forventede sand/falsk",
	"Forkert type: forventede dato (ÅÅÅÅ-MM-DD)",
	"Forkert type: forventede liste",
	"Forkert type: forventede objekt",
	"Forkert type: forventede tekst eller null",
	"Forkert type: forventede heltal eller null",
};

static bool type_ok(const json_t *v, enum http_jtype t)
{
	int32_t days;

	switch (t) {
	case J_STRING: return json_is_string(v);
	case J_INT: return json_is_integer(v);
	case J_BOOL: return json_is_boolean(v);
	case J_DATE: return json_is_string(v) && rede_date_parse(json_string_value(v), &days);
	case J_ARRAY: return json_is_array(v);
	case J_OBJECT: return json_is_object(v);
	case J_STRING_OR_NULL: return json_is_string(v) || json_is_null(v);
	case J_INT_OR_NULL: return json_is_integer(v) || json_is_null(v);
	default: return false;
	}
}

static void fail(struct http_resp *resp, bool *failed, const char *field, const char *msg)
{
	if (!*failed) {
		http_problem(resp, 400, "Ugyldige data");
		*failed = true;
	}
	http_problem_field(resp, field, msg);
}

bool http_json_check(const json_t *obj, const struct http_jfield *fields, struct http_resp *resp)
{
	const char *key;
	json_t *v;
	bool failed = false;

	if (obj && !json_is_object(obj)) {
		fail(resp, &failed, "", "Forventede et JSON-objekt");
		return false;
	}
	json_object_foreach((json_t *)obj, key, v)
	{
		bool known = false;
		for (const struct http_jfield *f = fields; f->name && !known; f++)
			known = !strcmp(f->name, key);
		if (!known)
			fail(resp, &failed, key, "Ukendt felt");
	}
	for (const struct http_jfield *f = fields; f->name; f++) {
		v = obj ? json_object_get(obj, f->name) : NULL;
		if (!v) {
			if (f->required)
				fail(resp, &failed, f->name, "Feltet skal udfyldes");
			continue;
		}
		if (!type_ok(v, f->type)) {
			fail(resp, &failed, f->name,
			     f->type == J_DATE && json_is_string(v) ? "Ugyldig dato (ÅÅÅÅ-MM-DD)"
								    : type_msg[f->type]);
			continue;
		}
		if (f->type == J_DATE) {
			int32_t day;
			char msg[80];

			rede_date_parse(json_string_value(v), &day);
			if (!http_date_plausible_msg(f->name, day, msg, sizeof(msg))) {
				fail(resp, &failed, f->name, msg);
				continue;
			}
		}
		if (json_is_string(v)) {
			int max = f->max_len ? f->max_len : 1000;
			/* characters, as people (and the UI's counter) count them,
			 * not UTF-8 bytes: "æøå" is 3, not 6 */
			size_t chars = 0;
			for (const char *p = json_string_value(v); *p; p++)
				chars += ((unsigned char)*p & 0xC0) != 0x80;
			if (chars > (size_t)max) {
				char msg[80];
				snprintf(msg, sizeof(msg), "Teksten er for lang (højst %d tegn)",
					 max);
				fail(resp, &failed, f->name, msg);
			} else if (strlen(json_string_value(v)) != json_string_length(v)) {
				fail(resp, &failed, f->name, "Teksten indeholder et nul-tegn");
			}
		}
	}
	return !failed;
}

bool http_id_list(const json_t *arr, const char *field, int64_t *out, size_t max, size_t *n,
		  struct http_resp *resp)
{
	size_t i;
	json_t *v;

	*n = 0;
	if (!arr)
		return true;
	if (json_array_size(arr) > max) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Højst %zu", max);
		http_field_error(resp, field, msg);
		return false;
	}
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			http_field_error(resp, field, "Angiv en liste af id'er");
			return false;
		}
		for (size_t j = 0; j < *n; j++)
			if (out[j] == json_integer_value(v)) {
				http_field_error(resp, field, "Det samme id står to gange");
				return false;
			}
		out[(*n)++] = json_integer_value(v);
	}
	return true;
}
