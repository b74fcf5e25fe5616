/*
 * fuzz_json_check.c - libFuzzer harness for the JSON checker
 * (src/http/json_check.c) behind every API body: the input is parsed as
 * the server parses a body and checked against a field table of every
 * type. Nothing may crash or leak, and the answer must be consistent: a
 * pass leaves the answer untouched, a refusal is a 400 that names at least
 * one field.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "http/server_internal.h"
#include "rede/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct http_jfield fields[] = {
	{"name", J_STRING, true, 40},
	{"n", J_INT, false, 0},
	{"on", J_DATE, false, 0},
	{"list", J_ARRAY, false, 0},
	{"obj", J_OBJECT, false, 0},
	{"flag", J_BOOL, false, 0},
	{"maybe", J_INT_OR_NULL, false, 0},
	{"text", J_STRING_OR_NULL, false, 0},
	{NULL, 0, false, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_resp resp = {0};
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	bool ok;

	if (!body || !json_is_object(body))
		goto out;
	ok = http_json_check(body, fields, &resp);
	if (ok && resp.status != 0)
		__builtin_trap();
	if (!ok && (resp.status != 400 || !resp.problem ||
		    json_array_size(json_object_get(resp.json, "errors")) == 0))
		__builtin_trap();
out:
	http_resp_release(&resp);
	json_decref(body);
	return 0;
}
