/*
 * cmd_serve.c - `rede serve`: run the HTTP server on a database.
 *
 * The connection limits' defaults (docs/OPERATIONS.md, "Connections") are
 * the named constants below: they belong to how a server is deployed, so
 * they are options, not settings in the database.
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
#include "rede/report.h"
#include "rede/sso.h"
#include "rede/util.h"
#include "store/replicas.h"

#define MAX_TRUSTED_PROXIES 32
#define DEF_MAX_CONNECTIONS 1000
#define DEF_PER_ADDRESS 128
#define DEF_RESERVE 100
#define DEF_IDLE_TIMEOUT 30
#define DEF_HEADER_TIMEOUT 10
#define DEF_BUSY_HEADER_TIMEOUT 2
#define DEF_REQUEST_TIMEOUT 60
#define DEF_MIN_BODY_RATE 4096
#define STR_(x) #x
#define STR(x) STR_(x)

static const char serve_help[] =
	"usage: rede serve [--db PATH|URL] [--listen HOST:PORT] [--web DIR] [--web-vendor DIR]\n"
	"                  [--threads N]"
	"                  [--event-threads N] [--key FILE] [--behind-tls] [--group-commit N]\n"
	"                  [--trusted-proxy CIDR]... [--replica URL]... [connection limits]\n"
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
	"  --behind-tls  a TLS proxy terminates HTTPS: Secure cookies and HSTS\n"
	"  --trusted-proxy CIDR  a reverse proxy (e.g. 127.0.0.1/32); repeatable. A\n"
	"                request from one is attributed to the right-most address in\n"
	"                X-Forwarded-For that is not a trusted proxy; from anywhere\n"
	"                else the header is ignored\n"
	"  --replica URL a streaming standby of the PostgreSQL primary (postgres://...);\n"
	"                repeatable, or REDE_REPLICAS (URLs separated by spaces). Reports\n"
	"                and leaders' and evaluators' reads go to an ok replica; writes,\n"
	"                and a user's reads just after their own write, to the primary\n"
	"                (settings replica.*; docs/OPERATIONS.md)\n"
	"connection limits (against slow and greedy clients; docs/OPERATIONS.md):\n"
	"  --max-connections N      open connections in all (default " STR(
		DEF_MAX_CONNECTIONS) ")\n"
				     "  --max-connections-per-address N  from one address, trusted proxies\n"
				     "                exempt (default " STR(
					     DEF_PER_ADDRESS) ")\n"
							      "  --reserve-connections N  past max - N open, slow clients are cut after\n"
							      "                --busy-header-timeout (default " STR(
								      DEF_RESERVE) ")\n"
										   "  --header-timeout S       a new connection's request headers must arrive\n"
										   "                within S seconds (default " STR(
											   DEF_HEADER_TIMEOUT) ")\n"
													       "  --busy-header-timeout S  any request's, while the reserve is in use\n"
													       "                (default " STR(
														       DEF_BUSY_HEADER_TIMEOUT) ")\n"
																		"  --request-timeout S      a body must arrive within S seconds of its headers\n"
																		"                (default " STR(
																			DEF_REQUEST_TIMEOUT) ")\n"
																					     "  --min-body-rate B        ... at B bytes/s or more after the header timeout's\n"
																					     "                grace (default " STR(
																						     DEF_MIN_BODY_RATE) ")\n"
																									"  --idle-timeout S         a connection silent for S seconds is closed; a kept-\n"
																									"                alive one may wait that long for its next request's headers\n"
																									"                (default " STR(
																										DEF_IDLE_TIMEOUT) ")\n";

enum serve_opt {
	OPT_TRUSTED = 256,
	OPT_MAX_CONN,
	OPT_PER_ADDR,
	OPT_RESERVE,
	OPT_HEADER_TO,
	OPT_BUSY_TO,
	OPT_REQUEST_TO,
	OPT_BODY_RATE,
	OPT_IDLE_TO,
	OPT_REPLICA,
	OPT__COUNT
};

/* A positive integer option value, or -1. */
static int positive(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 && v <= 1000000000L ? (int)v : -1;
}

static bool limits_ok(const struct http_conn_limits *l)
{
	return l->max_connections >= 2 && l->per_address > 0 && l->reserve > 0 &&
	       l->reserve < l->max_connections && l->idle_timeout > 0 && l->header_timeout > 0 &&
	       l->busy_header_timeout > 0 && l->busy_header_timeout <= l->header_timeout &&
	       l->request_timeout >= l->header_timeout && l->min_body_rate > 0;
}

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
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"web", required_argument, NULL, 'w'},
		{"threads", required_argument, NULL, 't'},
		{"web-vendor", required_argument, NULL, 'v'},
		{"key", required_argument, NULL, 'k'},
		{"behind-tls", no_argument, NULL, 's'},
		{"group-commit", required_argument, NULL, 'g'},
		{"event-threads", required_argument, NULL, 'e'},
		{"trusted-proxy", required_argument, NULL, OPT_TRUSTED},
		{"max-connections", required_argument, NULL, OPT_MAX_CONN},
		{"max-connections-per-address", required_argument, NULL, OPT_PER_ADDR},
		{"reserve-connections", required_argument, NULL, OPT_RESERVE},
		{"header-timeout", required_argument, NULL, OPT_HEADER_TO},
		{"busy-header-timeout", required_argument, NULL, OPT_BUSY_TO},
		{"request-timeout", required_argument, NULL, OPT_REQUEST_TO},
		{"min-body-rate", required_argument, NULL, OPT_BODY_RATE},
		{"idle-timeout", required_argument, NULL, OPT_IDLE_TO},
		{"replica", required_argument, NULL, OPT_REPLICA},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct http_server_opts so = {
		.listen = "127.0.0.1:8080",
		.threads = 16,
		.limits =
			{
				.max_connections = DEF_MAX_CONNECTIONS,
				.per_address = DEF_PER_ADDRESS,
				.reserve = DEF_RESERVE,
				.idle_timeout = DEF_IDLE_TIMEOUT,
				.header_timeout = DEF_HEADER_TIMEOUT,
				.busy_header_timeout = DEF_BUSY_HEADER_TIMEOUT,
				.request_timeout = DEF_REQUEST_TIMEOUT,
				.min_body_rate = DEF_MIN_BODY_RATE,
			},
	};
	struct http_cidr trusted[MAX_TRUSTED_PROXIES];
	struct http_conn_limits *lim = &so.limits;
	struct cli_common o;
	struct crypto_keys *keys = NULL;
	static const char *const web_ups[2] = {"/../web", "/../../web"};
	static const char *const vendor_ups[2] = {"/vendor", "/../vendor"};
	char web[PATH_MAX], vendor[PATH_MAX];
	const char *web_arg = NULL, *vendor_arg = NULL;
	int ch, rc = 1, group = 64, nreplicas = 0;
	const char *replicas[STORE_REPLICAS_MAX];
	char *env_replicas = NULL, *msg = NULL;

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
		case OPT_TRUSTED:
			if (so.ntrusted_proxies == MAX_TRUSTED_PROXIES ||
			    !http_cidr_parse(optarg, &trusted[so.ntrusted_proxies])) {
				fprintf(stderr,
					"rede: --trusted-proxy wants an address range such "
					"as 10.0.0.0/8 or ::1/128 (at most %d)\n",
					MAX_TRUSTED_PROXIES);
				return 2;
			}
			so.ntrusted_proxies++;
			break;
		case OPT_MAX_CONN: lim->max_connections = positive(optarg); break;
		case OPT_PER_ADDR: lim->per_address = positive(optarg); break;
		case OPT_RESERVE: lim->reserve = positive(optarg); break;
		case OPT_HEADER_TO: lim->header_timeout = positive(optarg); break;
		case OPT_BUSY_TO: lim->busy_header_timeout = positive(optarg); break;
		case OPT_REQUEST_TO: lim->request_timeout = positive(optarg); break;
		case OPT_BODY_RATE: lim->min_body_rate = positive(optarg); break;
		case OPT_IDLE_TO: lim->idle_timeout = positive(optarg); break;
		case OPT_REPLICA:
			if (nreplicas == STORE_REPLICAS_MAX) {
				fprintf(stderr, "rede: at most %d --replica\n", STORE_REPLICAS_MAX);
				return 2;
			}
			replicas[nreplicas++] = optarg;
			break;
		case 'h': return cli_usage(serve_help, true);
		default: return cli_usage(serve_help, false);
		}
	}
	if (optind != argc || so.threads < 1 || so.threads > 256 || so.event_threads < 0 ||
	    so.event_threads > 256 || group < 1 || group > 4096)
		return cli_usage(serve_help, false);
	if (!limits_ok(lim)) {
		fprintf(stderr, "rede: connection limits must be positive, with reserve below "
				"max-connections, busy-header-timeout <= header-timeout <= "
				"request-timeout\n");
		return 2;
	}
	so.trusted_proxies = trusted;
	if (!nreplicas && getenv("REDE_REPLICAS") && *getenv("REDE_REPLICAS")) {
		char *save = NULL;

		env_replicas = xstrdup(getenv("REDE_REPLICAS"));
		for (char *u = strtok_r(env_replicas, " \t\n", &save); u;
		     u = strtok_r(NULL, " \t\n", &save)) {
			if (nreplicas == STORE_REPLICAS_MAX) {
				fprintf(stderr, "rede: at most %d replicas in REDE_REPLICAS\n",
					STORE_REPLICAS_MAX);
				goto out;
			}
			replicas[nreplicas++] = u;
		}
	}
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
		goto out;
	so.keys = keys;
	/* a connection for each write worker, event thread and the audit
	 * flusher, and room for one report family's helpers */
	o.pool = so.threads + (so.event_threads ? so.event_threads : so.threads) + 1 +
		 report_par_helpers_default();
	so.store = cli_open(&o, false);
	if (!so.store)
		goto out;
	if (store_group_commit(so.store, group) != REDE_OK)
		goto close;
	if (nreplicas) {
		so.replicas = store_replicas_open(so.store, replicas, nreplicas, o.pool, &msg);
		if (!so.replicas) {
			fprintf(stderr, "rede: %s\n", msg);
			goto close;
		}
	}
	if (!sso_init())
		goto close;
	if (http_serve(&so) == REDE_OK)
		rc = 0;
	sso_shutdown();
close:
	store_replicas_close(so.replicas);
	store_close(so.store);
out:
	free(msg);
	free(env_replicas);
	crypto_keys_free(keys);
	return rc;
}
