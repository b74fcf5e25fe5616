/*
 * lifecycle.c - starting and stopping the sign-in libraries (lasso with
 * xmlsec1 and libxml2, libcurl) and dropping the protocols' caches.
 *
 * lasso, xmlsec1 and libxml2 report through GLib's log; their messages go
 * to Rede's log at debug level (they name element IDs and algorithms, not
 * people). lasso_init must run once before any thread uses them.
 * Apart from sso.c, which both protocols use, so that neither protocol
 * depends on the file that clears its cache.
 */
#include <curl/curl.h>
#include <glib.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

static void glib_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)data;
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		log_warn("%s: %s", domain ? domain : "glib", message);
	else
		log_debug("%s: %s", domain ? domain : "glib", message);
}

bool sso_init(void)
{
	static const char *const domains[] = {"Lasso", "libxml2", "libxmlsec", NULL};

	for (int i = 0; domains[i]; i++)
		g_log_set_handler(domains[i],
				  G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
				  glib_log, NULL);
	if (lasso_init() != 0) {
		log_error("cannot initialise lasso (xmlsec1)");
		return false;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("cannot initialise libcurl");
		lasso_shutdown();
		return false;
	}
	return true;
}

void sso_shutdown(void)
{
	sso_oidc_cache_clear();
	sso_saml_cache_clear();
	curl_global_cleanup();
	lasso_shutdown();
}
