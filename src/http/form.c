/*
 * form.c - reading an application/x-www-form-urlencoded body (http_form):
 * the SAML HTTP-POST binding posts SAMLResponse and RelayState so.
 *
 * The body is already capped by the server; a field is decoded into a
 * fresh allocation (percent escapes, '+' as space). A malformed escape
 * makes the field absent.
 */
#include <string.h>

#include "rede/http.h"
#include "rede/util.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = 0;
	if ((size_t)(o - out) != strlen(out)) { /* an escaped NUL */
		free(out);
		return NULL;
	}
	return out;
}

char *http_form(const struct http_req *req, const char *name)
{
	const char *p = req->form, *end = req->form ? req->form + req->form_len : NULL;
	size_t nlen = strlen(name);

	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *field_end = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(field_end - p));

		if (eq && (size_t)(eq - p) == nlen && !memcmp(p, name, nlen))
			return decode(eq + 1, (size_t)(field_end - eq - 1));
		p = amp ? amp + 1 : end;
	}
	return NULL;
}
