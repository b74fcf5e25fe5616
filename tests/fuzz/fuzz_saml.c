/*
 * fuzz_saml.c - libFuzzer harness for what Rede itself reads of a SAML
 * message, around lasso: the shape guard (src/sso/saml_guard.c) that
 * every Response and logout message passes before lasso verifies it - an
 * attacker's bytes, unauthenticated - and the privilege list parser
 * (src/sso/privileges.c) over a base64 OIO Basic Privilege Profile value.
 * The first byte picks which; the rest is the message.
 * Properties: a refusal always says why; an accepted privilege list holds
 * n non-empty strings and ends with NULL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rede/sso.h"
#include "sso/sso_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	char **list = NULL;
	size_t n = 0, len;
	char *text;

	if (size < 1)
		return 0;
	len = size - 1;
	text = malloc(len + 1);
	memcpy(text, data + 1, len);
	text[len] = 0;
	switch (data[0] % 3) {
	case 0:
		if (!sso_guard_response(text, len, &why) && !why)
			abort();
		break;
	case 1:
		if (!sso_guard_message(text, len, &why) && !why)
			abort();
		break;
	default:
		if (sso_privileges_parse(text, "29189846", &list, &n, &why)) {
			for (size_t i = 0; i < n; i++)
				if (!list[i] || !list[i][0])
					abort();
			if (list[n])
				abort();
			sso_strv_free(list);
		} else if (!why || list) {
			abort();
		}
		break;
	}
	free(text);
	return 0;
}
