/*
 * jwks.c - verifying an OpenID Connect ID token: the issuer's key set
 * (JWKS) cached and rotated, the signature checked by cjose, the claims by
 * the rules of OpenID Connect Core 3.1.3.7.
 *
 * The algorithm is fixed by the municipality's configuration: a token
 * whose header names another (none, HS256 with the public key as the
 * secret, ...) is refused before any key is looked at, and a key is used
 * only for the algorithm family it is for (RSA for RS/PS, EC with the
 * matching curve for ES).
 *
 * Keys: the set is fetched on first use and again when older than
 * sso.jwks_max_age_seconds (so a key the provider withdrew stops working);
 * an unknown kid fetches it again at once - a rotation - but at most every
 * sso.jwks_min_refetch_seconds, so tokens with made-up kids cannot make
 * Rede hammer the provider.
 */
#include <cjose/cjose.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

struct jwks_entry {
	char *uri;
	json_t *keys; /* the "keys" array */
	int64_t fetched_at;
	struct jwks_entry *next;
};
static pthread_mutex_t jwks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct jwks_entry *jwks_head;

void sso_oidc_jwks_clear(void)
{
	pthread_mutex_lock(&jwks_lock);
	while (jwks_head) {
		struct jwks_entry *e = jwks_head;
		jwks_head = e->next;
		json_decref(e->keys);
		free(e->uri);
		free(e);
	}
	pthread_mutex_unlock(&jwks_lock);
}

static json_t *fetch_keys(const char *uri)
{
	char *body = NULL, *msg = NULL;
	long status = 0;
	json_t *doc = NULL, *keys = NULL;

	if (sso_http_get(uri, &body, &status, &msg) == REDE_OK && status == 200)
		doc = json_loads(body, 0, NULL);
	if (msg)
		log_warn("oidc: key set: %s", msg);
	keys = json_object_get(doc, "keys");
	if (json_is_array(keys))
		json_incref(keys);
	else
		keys = NULL;
	json_decref(doc);
	free(body);
	free(msg);
	return keys;
}

/* The key set for uri (a new reference), fetched when there is none, it
 * is older than max_age, or - when again - older than min_refetch. */
static json_t *key_set(const char *uri, const struct sso_oidc_policy *pol, bool again)
{
	struct jwks_entry *e;
	json_t *keys = NULL;
	int64_t age = -1;

	pthread_mutex_lock(&jwks_lock);
	for (e = jwks_head; e; e = e->next) {
		if (!strcmp(e->uri, uri)) {
			age = pol->now - e->fetched_at;
			keys = json_incref(e->keys);
			break;
		}
	}
	pthread_mutex_unlock(&jwks_lock);
	if (keys && age < pol->jwks_max_age && (!again || age < pol->jwks_min_refetch))
		return keys;
	if (keys && again && age < pol->jwks_min_refetch)
		return keys;
	json_decref(keys);
	keys = fetch_keys(uri);
	if (!keys)
		return NULL;
	pthread_mutex_lock(&jwks_lock);
	for (e = jwks_head; e; e = e->next)
		if (!strcmp(e->uri, uri))
			break;
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->uri = xstrdup(uri);
		e->next = jwks_head;
		jwks_head = e;
	}
	json_decref(e->keys);
	e->keys = json_incref(keys);
	e->fetched_at = pol->now;
	pthread_mutex_unlock(&jwks_lock);
	return keys;
}

static bool key_fits(json_t *k, const char *alg)
{
	const char *kty = json_string_value(json_object_get(k, "kty"));
	const char *use = json_string_value(json_object_get(k, "use"));
	const char *kalg = json_string_value(json_object_get(k, "alg"));
	const char *crv = json_string_value(json_object_get(k, "crv"));

	if (!kty || (use && strcmp(use, "sig")) || (kalg && strcmp(kalg, alg)))
		return false;
	if (alg[0] == 'R' || alg[0] == 'P')
		return !strcmp(kty, "RSA");
	if (alg[0] == 'E' && !strcmp(kty, "EC") && crv)
		return (!strcmp(alg, "ES256") && !strcmp(crv, "P-256")) ||
		       (!strcmp(alg, "ES384") && !strcmp(crv, "P-384")) ||
		       (!strcmp(alg, "ES512") && !strcmp(crv, "P-521"));
	return false;
}

/* The key for kid (or the only fitting key when the token names none). */
static json_t *find_key(json_t *keys, const char *kid, const char *alg)
{
	json_t *found = NULL, *k;
	size_t i;
	int fitting = 0;

	json_array_foreach(keys, i, k)
	{
		const char *id = json_string_value(json_object_get(k, "kid"));

		if (!key_fits(k, alg))
			continue;
		fitting++;
		if (kid && id && !strcmp(id, kid))
			return k;
		if (!found)
			found = k;
	}
	return !kid && fitting == 1 ? found : NULL;
}

static bool aud_ok(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud"), *v;
	const char *azp = json_string_value(json_object_get(claims, "azp"));
	bool found = false;
	size_t i;

	if (json_is_string(aud))
		found = !strcmp(json_string_value(aud), client_id);
	else if (json_is_array(aud))
		json_array_foreach(aud, i, v) if (json_is_string(v) &&
						  !strcmp(json_string_value(v), client_id)) found =
			true;
	if (!found)
		return false;
	if (json_is_array(aud) && json_array_size(aud) > 1 && !azp)
		return false;
	return !azp || !strcmp(azp, client_id);
}

static const char *check_claims(json_t *c, const struct sso_oidc_rp *rp, const char *nonce,
				const struct sso_oidc_policy *pol)
{
	json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat"),
	       *nbf = json_object_get(c, "nbf");
	const char *iss = json_string_value(json_object_get(c, "iss"));
	const char *sub = json_string_value(json_object_get(c, "sub"));
	const char *n = json_string_value(json_object_get(c, "nonce"));

	if (!iss || strcmp(iss, rp->issuer))
		return "ID token from another issuer";
	if (!aud_ok(c, rp->client_id))
		return "ID token for another audience";
	if (!json_is_integer(exp) || json_integer_value(exp) <= pol->now - pol->skew)
		return "ID token expired";
	if (!json_is_integer(iat) || json_integer_value(iat) > pol->now + pol->skew)
		return "ID token issued in the future";
	if (nbf && (!json_is_integer(nbf) || json_integer_value(nbf) > pol->now + pol->skew))
		return "ID token not yet valid";
	if (!n || !nonce || !str_equal_ct(n, nonce))
		return "ID token nonce does not match";
	if (!sub || !*sub)
		return "ID token without subject";
	return NULL;
}

enum rede_err sso_oidc_verify(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
			      const char *id_token, const char *nonce,
			      const struct sso_oidc_policy *pol, json_t **claims, const char **why)
{
	cjose_err cerr;
	cjose_jws_t *jws = NULL;
	cjose_jwk_t *jwk = NULL;
	cjose_header_t *hdr;
	const char *alg, *kid;
	json_t *keys = NULL, *key, *c = NULL;
	uint8_t *plain = NULL;
	size_t plain_len = 0;
	enum rede_err err = REDE_E_DENIED;

	*claims = NULL;
	*why = "ID token is not a signed JWT";
	if (!sso_oidc_alg_ok(rp->alg)) {
		*why = "configured algorithm is not accepted";
		return err;
	}
	jws = cjose_jws_import(id_token, strlen(id_token), &cerr);
	if (!jws)
		return err;
	hdr = cjose_jws_get_protected(jws);
	alg = hdr ? cjose_header_get(hdr, CJOSE_HDR_ALG, &cerr) : NULL;
	kid = hdr ? cjose_header_get(hdr, CJOSE_HDR_KID, &cerr) : NULL;
	if (!alg || strcmp(alg, rp->alg)) {
		*why = "ID token signed with another algorithm than configured";
		goto out;
	}
	keys = key_set(p->jwks_uri, pol, false);
	key = keys ? find_key(keys, kid, alg) : NULL;
	if (!key) {
		/* a rotation: the provider may have a new key */
		json_decref(keys);
		keys = key_set(p->jwks_uri, pol, true);
		key = keys ? find_key(keys, kid, alg) : NULL;
	}
	if (!key) {
		*why = keys ? "ID token signed with an unknown key" : "key set cannot be fetched";
		goto out;
	}
	jwk = cjose_jwk_import_json((cjose_header_t *)key, &cerr);
	if (!jwk) {
		*why = "key in the key set cannot be read";
		goto out;
	}
	if (!cjose_jws_verify(jws, jwk, &cerr)) {
		*why = "ID token signature does not verify";
		goto out;
	}
	if (!cjose_jws_get_plaintext(jws, &plain, &plain_len, &cerr)) {
		*why = "ID token without payload";
		goto out;
	}
	c = json_loadb((const char *)plain, plain_len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(c)) {
		*why = "ID token payload is not a JSON object";
		goto out;
	}
	*why = check_claims(c, rp, nonce, pol);
	if (*why)
		goto out;
	*claims = c;
	c = NULL;
	err = REDE_OK;
out:
	json_decref(c);
	json_decref(keys);
	if (jwk)
		cjose_jwk_release(jwk);
	cjose_jws_release(jws);
	return err;
}
