/*
 * oidc_rules.c - what Rede accepts of an OpenID Connect provider: the ID
 * token's signing algorithms (asymmetric only) and endpoint URLs (https,
 * or plain http on the loopback for a provider on this machine). Used by
 * discovery (oidc.c), the HTTP client and the ID-token check (jwks.c).
 */
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

bool sso_oidc_alg_ok(const char *alg)
{
	static const char *const ok[] = {"RS256", "RS384", "RS512", "PS256", "PS384",
					 "PS512", "ES256", "ES384", "ES512", NULL};
	for (int i = 0; alg && ok[i]; i++)
		if (!strcmp(alg, ok[i]))
			return true;
	return false;
}

bool sso_oidc_url_ok(const char *url)
{
	static const char *const loopback[] = {"http://127.0.0.1:", "http://127.0.0.1/",
					       "http://[::1]:", "http://localhost:", NULL};
	if (!url)
		return false;
	if (str_starts(url, "https://") && url[8])
		return true;
	for (int i = 0; loopback[i]; i++)
		if (str_starts(url, loopback[i]))
			return true;
	return false;
}
