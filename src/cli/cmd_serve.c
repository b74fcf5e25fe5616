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
#include "rede/sso.h"
#include "rede/util.h"

static const char serve_help[] =
	"usage: rede serve [--db PATH|URL] [--listen HOST:PORT] [--web DIR] [--threads N]\n"
	"                  [--event-threads N] [--key FILE] [--behind-tls] [--group-commit N]\n"
	"\n"
	"Serve the JSON API under /api/v1 and the web UI. Stops cleanly on SIGTERM.\n"
	"  --listen      address (default 127.0.0.1:8080)\n"
	"  --web         static files (default: web/ beside the build directory)\n"
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

/* web/ relative to the executable (build/rede or build/asan/rede), else ./web */
static void default_web(char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	snprintf(out, n, "web");
	if (len <= 0)
		return;
	exe[len] = 0;
	char *dir = dirname(exe);
	const char *ups[] = {"/../web", "/../../web"};
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
		{"key", required_argument, NULL, 'k'},     {"behind-tls", no_argument, NULL, 's'},
		{"group-commit", required_argument, NULL, 'g'},
		{"event-threads", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	struct http_server_opts so = {.listen = "127.0.0.1:8080", .threads = 16};
	struct cli_common o;
	struct crypto_keys *keys = NULL;
	char web[PATH_MAX];
	const char *web_arg = NULL;
	int ch, rc = 1, group = 64;

	cli_common_init(&o);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'l': so.listen = optarg; break;
		case 'w': web_arg = optarg; break;
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
		default_web(web, sizeof(web));
	so.web_root = web;
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
	if (!sso_init())
		goto close;
	if (http_serve(&so) == REDE_OK)
		rc = 0;
	sso_shutdown();
close:
	store_close(so.store);
out:
	crypto_keys_free(keys);
	return rc;
}
