/*
 * cmd_serve.c - `rede serve`: run the HTTP server on a database.
 */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/http.h"
#include "rede/util.h"

static const char serve_help[] =
	"usage: rede serve [--db PATH|URL] [--listen HOST:PORT] [--web DIR] [--web-vendor DIR]\n"
	"                  [--threads N]"
	"                  [--event-threads N] [--key FILE] [--behind-tls] [--group-commit N]\n"
	"\n"
	"Serve the JSON API under /api/v1 and the web UI. Stops cleanly on SIGTERM.\n"
	"  --listen      address (default 127.0.0.1:8080)\n"
	"  --web         static files (default: web/ beside the build directory)\n"
	"  --web-vendor  third-party web files served under /vendor/ (default:\n"
	"                build/vendor, which make fills from node_modules)\n"
	"  --threads     worker threads (default 16: a write waiting for its disk\n"
	"                flush holds a thread, and group commit gathers the\n"
	"                writes in flight); writes and reports run on these\n"
	"  --event-threads  threads that read requests, answer reads and send\n"
	"                answers (default: as --threads)\n"
	"  --group-commit N  SQLite: up to N concurrent writes share one durable\n"
	"                commit (default 64; 1 = a commit per write)\n"
	"  --behind-tls  a TLS proxy terminates HTTPS: Secure cookies and HSTS\n";

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A directory relative to the executable (build/rede or build/asan/rede): web/
 * beside build/, build/vendor inside it; else ./fallback */
static void default_dir(char *out, size_t n, const char *const ups[2], const char *fallback)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	snprintf(out, n, "%s", fallback);
	if (len <= 0)
		return;
	exe[len] = 0;
	char *dir = dirname(exe);
	for (size_t i = 0; i < 2; i++) {
		char cand[PATH_MAX + 16];
		snprintf(cand, sizeof(cand), "%s%s", dir, ups[i]);
		if (is_dir(cand) && strlen(cand) < n) {
			memcpy(out, cand, strlen(cand) + 1);
			return;
		}
	}
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},      {"listen", required_argument, NULL, 'l'},
		{"web", required_argument, NULL, 'w'},     {"threads", required_argument, NULL, 't'},
		{"web-vendor", required_argument, NULL, 'v'},
		{"key", required_argument, NULL, 'k'},     {"behind-tls", no_argument, NULL, 's'},
		{"group-commit", required_argument, NULL, 'g'},
		{"event-threads", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	struct http_server_opts so = {.listen = "127.0.0.1:8080", .threads = 16};
	struct cli_common o;
	struct crypto_keys *keys = NULL;
	static const char *const web_ups[2] = {"/../web", "/../../web"};
	static const char *const vendor_ups[2] = {"/vendor", "/../vendor"};
	char web[PATH_MAX], vendor[PATH_MAX];
	const char *web_arg = NULL, *vendor_arg = NULL;
	int ch, rc = 1, group = 64;

	cli_common_init(&o);
	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'l': so.listen = optarg; break;
		case 'w': web_arg = optarg; break;
		case 'v': vendor_arg = optarg; break;
		case 't': so.threads = atoi(optarg); break;
		case 'e': so.event_threads = atoi(optarg); break;
		case 'k': o.key = optarg; break;
		case 's': so.tls = true; break;
		case 'g': group = atoi(optarg); break;
		case 'h': return cli_usage(serve_help, true);
		default: return cli_usage(serve_help, false);
		}
	}
	if (optind != argc || so.threads < 1 || so.threads > 256 ||
	    so.event_threads < 0 || so.event_threads > 256 || group < 1 || group > 4096)
		return cli_usage(serve_help, false);
	if (web_arg)
		snprintf(web, sizeof(web), "%s", web_arg);
	else
		default_dir(web, sizeof(web), web_ups, "web");
	if (vendor_arg)
		snprintf(vendor, sizeof(vendor), "%s", vendor_arg);
	else
		default_dir(vendor, sizeof(vendor), vendor_ups, "build/vendor");
	so.web_root = web;
	so.vendor_root = vendor;
	keys = cli_keys(&o);
	if (!keys)
		return 1;
	so.keys = keys;
	/* a connection for each write worker, event thread and the audit flusher */
	o.pool = so.threads + (so.event_threads ? so.event_threads : so.threads) + 1;
	so.store = cli_open(&o, false);
	if (!so.store)
		goto out;
	if (store_group_commit(so.store, group) != REDE_OK)
		goto close;
	if (http_serve(&so) == REDE_OK)
		rc = 0;
close:
	store_close(so.store);
out:
	crypto_keys_free(keys);
	return rc;
}
