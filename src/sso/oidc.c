/*
 * oidc.c - the OpenID Connect relying party's front and back channel:
 * discovery (cached per issuer), the authorization request (code flow,
 * PKCE S256, state, nonce), the code exchange, RP-initiated logout.
 * Verifying the ID token is jwks.c.
 *
 * The discovery document must name the configured issuer exactly
 * (OpenID Connect Discovery 1.0, 4.3): a provider cannot speak for
 * another.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

void sso_oidc_provider_release(struct sso_oidc_provider *p)
{
	free(p->issuer);
	free(p->authorization_endpoint);
	free(p->token_endpoint);
	free(p->jwks_uri);
	free(p->end_session_endpoint);
	memset(p, 0, sizeof(*p));
}

/* ---- the discovery cache ---- */
struct disc_entry {
	struct sso_oidc_provider p;
	int64_t fetched_at;
	struct disc_entry *next;
};
static pthread_mutex_t disc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct disc_entry *disc_head;

static void provider_copy(struct sso_oidc_provider *dst, const struct sso_oidc_provider *src)
{
	dst->issuer = xstrdup(src->issuer);
	dst->authorization_endpoint = xstrdup(src->authorization_endpoint);
	dst->token_endpoint = xstrdup(src->token_endpoint);
	dst->jwks_uri = xstrdup(src->jwks_uri);
	dst->end_session_endpoint = xstrdup(src->end_session_endpoint);
}

static char *str_field(json_t *doc, const char *name)
{
	const char *s = json_string_value(json_object_get(doc, name));
	return s ? xstrdup(s) : NULL;
}

static enum rede_err fetch_discovery(const char *issuer, struct sso_oidc_provider *out, char **msg)
{
	size_t n = strlen(issuer);
	char *url = xasprintf("%s%s.well-known/openid-configuration", issuer,
			      n && issuer[n - 1] == '/' ? "" : "/");
	char *body = NULL;
	long status = 0;
	json_t *doc = NULL;
	enum rede_err err = sso_http_get(url, &body, &status, msg);

	memset(out, 0, sizeof(*out));
	if (err)
		goto out;
	err = REDE_E_IO;
	doc = status == 200 ? json_loads(body, 0, NULL) : NULL;
	if (!json_is_object(doc)) {
		*msg = xasprintf("discovery answered %ld without a JSON document", status);
		goto out;
	}
	out->issuer = str_field(doc, "issuer");
	out->authorization_endpoint = str_field(doc, "authorization_endpoint");
	out->token_endpoint = str_field(doc, "token_endpoint");
	out->jwks_uri = str_field(doc, "jwks_uri");
	out->end_session_endpoint = str_field(doc, "end_session_endpoint");
	if (!out->issuer || strcmp(out->issuer, issuer)) {
		*msg = xasprintf("discovery names another issuer");
		goto bad;
	}
	if (!sso_oidc_url_ok(out->authorization_endpoint) ||
	    !sso_oidc_url_ok(out->token_endpoint) || !sso_oidc_url_ok(out->jwks_uri) ||
	    (out->end_session_endpoint && !sso_oidc_url_ok(out->end_session_endpoint))) {
		*msg = xasprintf("discovery lacks an endpoint or names one that is not https");
		goto bad;
	}
	err = REDE_OK;
	goto out;
bad:
	sso_oidc_provider_release(out);
out:
	json_decref(doc);
	free(body);
	free(url);
	return err;
}

enum rede_err sso_oidc_discover(const char *issuer, int64_t max_age, struct sso_oidc_provider *out,
				char **msg)
{
	int64_t now = rede_now();
	struct disc_entry *e;
	enum rede_err err;

	*msg = NULL;
	pthread_mutex_lock(&disc_lock);
	for (e = disc_head; e; e = e->next) {
		if (!strcmp(e->p.issuer, issuer) && now - e->fetched_at < max_age) {
			provider_copy(out, &e->p);
			pthread_mutex_unlock(&disc_lock);
			return REDE_OK;
		}
	}
	pthread_mutex_unlock(&disc_lock);
	/* fetched outside the lock; two threads may both fetch, the later
	 * one's answer is kept */
	err = fetch_discovery(issuer, out, msg);
	if (err)
		return err;
	pthread_mutex_lock(&disc_lock);
	for (e = disc_head; e; e = e->next)
		if (!strcmp(e->p.issuer, issuer))
			break;
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->next = disc_head;
		disc_head = e;
	} else {
		sso_oidc_provider_release(&e->p);
	}
	provider_copy(&e->p, out);
	e->fetched_at = now;
	pthread_mutex_unlock(&disc_lock);
	return REDE_OK;
}

void sso_oidc_cache_clear(void)
{
	pthread_mutex_lock(&disc_lock);
	while (disc_head) {
		struct disc_entry *e = disc_head;
		disc_head = e->next;
		sso_oidc_provider_release(&e->p);
		free(e);
	}
	pthread_mutex_unlock(&disc_lock);
	sso_oidc_jwks_clear();
}

/* ---- front channel ---- */

static void b64url(const unsigned char *in, size_t n, char *out, size_t out_n)
{
	sodium_bin2base64(out, out_n, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void sso_pkce(char verifier[64], char challenge[64])
{
	unsigned char rnd[32], hash[crypto_hash_sha256_BYTES];

	randombytes_buf(rnd, sizeof(rnd));
	b64url(rnd, sizeof(rnd), verifier, 64);
	crypto_hash_sha256(hash, (const unsigned char *)verifier, strlen(verifier));
	b64url(hash, sizeof(hash), challenge, 64);
	sodium_memzero(rnd, sizeof(rnd));
}

static char *esc(CURL *h, const char *s)
{
	char *e = curl_easy_escape(h, s ? s : "", 0);
	char *out = xstrdup(e);

	curl_free(e);
	return out;
}

char *sso_oidc_auth_url(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
			const char *state, const char *nonce, const char *challenge)
{
	CURL *h = curl_easy_init();
	char *cid, *ru, *sc, *st, *no, *url;

	if (!h)
		return NULL;
	cid = esc(h, rp->client_id);
	ru = esc(h, rp->redirect_uri);
	sc = esc(h, rp->scopes);
	st = esc(h, state);
	no = esc(h, nonce);
	url = xasprintf("%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s"
			"&nonce=%s&code_challenge=%s&code_challenge_method=S256",
			p->authorization_endpoint,
			strchr(p->authorization_endpoint, '?') ? '&' : '?', cid, ru, sc, st, no,
			challenge);
	free(cid);
	free(ru);
	free(sc);
	free(st);
	free(no);
	curl_easy_cleanup(h);
	return url;
}

enum rede_err sso_oidc_exchange(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
				const char *code, const char *verifier, char **id_token, char **msg)
{
	CURL *h = curl_easy_init();
	char *c, *ru, *v, *form, *body = NULL;
	long status = 0;
	json_t *doc = NULL;
	const char *tok;
	enum rede_err err;

	*id_token = *msg = NULL;
	if (!h)
		return REDE_E_IO;
	c = esc(h, code);
	ru = esc(h, rp->redirect_uri);
	v = esc(h, verifier);
	curl_easy_cleanup(h);
	form = xasprintf("grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s",
			 c, ru, v);
	err = sso_http_post_form(p->token_endpoint, rp->client_id, rp->client_secret, form, &body,
				 &status, msg);
	if (err)
		goto out;
	err = REDE_E_DENIED;
	doc = json_loads(body, 0, NULL);
	tok = json_string_value(json_object_get(doc, "id_token"));
	if (status != 200 || !tok) {
		const char *e = json_string_value(json_object_get(doc, "error"));
		/* the provider's error code only: its description may echo input */
		*msg = xasprintf("token endpoint answered %ld (%s)", status, e ? e : "no id_token");
		goto out;
	}
	*id_token = xstrdup(tok);
	err = REDE_OK;
out:
	json_decref(doc);
	free(body);
	free(form);
	free(c);
	free(ru);
	free(v);
	return err;
}

char *sso_oidc_logout_url(const char *end_session_endpoint, const char *client_id,
			  const char *post_logout_redirect_uri)
{
	CURL *h;
	char *cid, *ru, *url;

	if (!end_session_endpoint || !*end_session_endpoint)
		return NULL;
	h = curl_easy_init();
	if (!h)
		return NULL;
	cid = esc(h, client_id);
	ru = esc(h, post_logout_redirect_uri);
	url = xasprintf("%s%cclient_id=%s&post_logout_redirect_uri=%s", end_session_endpoint,
			strchr(end_session_endpoint, '?') ? '&' : '?', cid, ru);
	free(cid);
	free(ru);
	curl_easy_cleanup(h);
	return url;
}
