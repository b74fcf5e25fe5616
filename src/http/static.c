/*
 * static.c - serving the web UI's files from web_root, and /vendor/… from
 * vendor_root (the pinned third-party files `make` copies from node_modules
 * into build/vendor: Det Fælles Designsystem's stylesheet, fonts, icons and
 * script), so nothing third-party lives in web/ and nothing comes from a CDN.
 *
 * Only GET/HEAD, only regular files under web_root: any path segment that
 * starts with "." (hidden files, "..") and any "%", "\" or NUL is refused
 * before the file system is touched, and symbolic links are not followed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/server_internal.h"
#include "rede/util.h"

static const struct {
	const char *ext, *type;
} mime[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".json", "application/json"},
	{".webmanifest", "application/manifest+json"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(mime) / sizeof(mime[0]); i++)
		if (!strcmp(dot, mime[i].ext))
			return mime[i].type;
	return "application/octet-stream";
}

static bool path_safe(const char *url)
{
	if (url[0] != '/' || strpbrk(url, "%\\"))
		return false;
	for (const char *p = url; *p; p++)
		if (*p == '/' && p[1] == '.')
			return false;
	return true;
}

static enum MHD_Result plain_error(struct http_server *srv, struct MHD_Connection *conn,
				   unsigned status, const char *title, int *out)
{
	struct http_resp resp = {0};
	enum MHD_Result ret;

	*out = (int)status;
	http_problem(&resp, (int)status, title);
	ret = http_queue(srv, conn, &resp);
	http_resp_release(&resp);
	return ret;
}

enum MHD_Result http_static(struct http_server *srv, struct MHD_Connection *conn,
			    const char *method, const char *url, int *status)
{
	char path[4096];
	struct MHD_Response *r;
	struct stat st;
	enum MHD_Result ret;
	int fd;

	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return plain_error(srv, conn, 405, "Metoden er ikke tilladt her", status);
	if (!path_safe(url))
		return plain_error(srv, conn, 404, "Ikke fundet", status);
	if (srv->vendor_root && !strncmp(url, "/vendor/", 8))
		snprintf(path, sizeof(path), "%s%s", srv->vendor_root, url + 7);
	else
		snprintf(path, sizeof(path), "%s%s%s", srv->web_root, url,
			 url[strlen(url) - 1] == '/' ? "index.html" : "");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return plain_error(srv, conn, 404, "Ikke fundet", status);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return plain_error(srv, conn, 404, "Ikke fundet", status);
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", mime_of(path));
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	http_add_security_headers(srv, r, false);
	*status = MHD_HTTP_OK;
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}
