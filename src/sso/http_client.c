/*
 * http_client.c - the OpenID Connect back channel on libcurl: discovery,
 * key sets and the token endpoint.
 *
 * Answers are capped (a provider cannot make Rede allocate without bound),
 * every call has a timeout, redirects are not followed, and only https is
 * spoken - http only to the loopback address (tests, a broker on the same
 * machine; sso_oidc_url_ok). TLS certificates are verified against the
 * system's store (libcurl's default). Nothing here logs a secret.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define ANSWER_CAP (256 * 1024)
#define TIMEOUT_SECONDS 10L
#define CONNECT_TIMEOUT_SECONDS 5L

static size_t on_data(char *ptr, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	return buf_add(b, ptr, size * n) ? size * n : 0;
}

/* One request: GET when form is NULL, else POST of the form. */
static enum rede_err request(const char *url, const char *authorization, const char *form,
			     char **body, long *status, char **msg)
{
	CURL *h;
	CURLcode rc;
	struct curl_slist *headers = NULL;
	struct buf b;
	enum rede_err err = REDE_E_IO;

	*body = *msg = NULL;
	*status = 0;
	if (!sso_oidc_url_ok(url)) {
		*msg = xasprintf("refusing a URL that is not https (or http to 127.0.0.1)");
		return REDE_E_INVALID;
	}
	h = curl_easy_init();
	if (!h) {
		*msg = xasprintf("libcurl cannot start");
		return REDE_E_IO;
	}
	buf_init(&b, ANSWER_CAP);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, TIMEOUT_SECONDS);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_SECONDS);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "Rede");
	headers = curl_slist_append(headers, "Accept: application/json");
	if (authorization)
		headers = curl_slist_append(headers, authorization);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	if (form) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	}
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		*msg = xasprintf("%s", rc == CURLE_WRITE_ERROR ? "answer too large"
							       : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	*body = buf_detach(&b, NULL);
	err = REDE_OK;
out:
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	buf_release(&b);
	return err;
}

enum rede_err sso_http_get(const char *url, char **body, long *status, char **msg)
{
	return request(url, NULL, NULL, body, status, msg);
}

/* form-urlencode s (RFC 6749 2.3.1 wants it before Basic's base64) */
static char *form_escape(CURL *h, const char *s)
{
	char *e = curl_easy_escape(h, s, 0);
	char *out = xstrdup(e);

	curl_free(e);
	return out;
}

enum rede_err sso_http_post_form(const char *url, const char *client_id, const char *secret,
				 const char *form, char **body, long *status, char **msg)
{
	CURL *h = curl_easy_init();
	char *id, *pw, *pair, *auth;
	size_t n, blen;
	enum rede_err err;

	if (!h)
		return REDE_E_IO;
	id = form_escape(h, client_id);
	pw = form_escape(h, secret);
	curl_easy_cleanup(h);
	pair = xasprintf("%s:%s", id, pw);
	n = strlen(pair);
	blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	auth = xmalloc(blen + 32);
	memcpy(auth, "Authorization: Basic ", 21);
	sodium_bin2base64(auth + 21, blen, (const unsigned char *)pair, n,
			  sodium_base64_VARIANT_ORIGINAL);
	err = request(url, auth, form, body, status, msg);
	sodium_memzero(pw, strlen(pw));
	sodium_memzero(pair, n);
	sodium_memzero(auth, strlen(auth));
	free(id);
	free(pw);
	free(pair);
	free(auth);
	return err;
}
