/*
 * hello.c - the yardstick for the HTTP benchmark: a bare libmicrohttpd
 * server answering a fixed JSON body, started with the same daemon flags
 * and as many event threads as `rede serve` (THREADS: its --event-threads,
 * by default its --threads; Rede's writes run in a pool of their own, see
 * src/http/server.c). Rede's figures are reported as a ratio of this
 * one's, measured in the same run on the same machine.
 *
 *   bench/hello PORT THREADS BODY_BYTES
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *body;
static size_t body_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;

	r = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t sigs;
	int sig, port, threads;

	if (argc != 4)
		return 2;
	port = atoi(argv[1]);
	threads = atoi(argv[2]);
	body_len = (size_t)atoi(argv[3]);
	body = malloc(body_len + 1);
	memset(body, 'x', body_len);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
				     MHD_ALLOW_SUSPEND_RESUME,
			     (uint16_t)port, NULL, NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_END);
	if (!d)
		return 1;
	printf("listening on http://127.0.0.1:%d\n", port);
	fflush(stdout);
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
