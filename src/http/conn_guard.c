/*
 * conn_guard.c - deadlines and caps for client connections (see
 * conn_guard.h for the rules and why it works this way).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/client_addr.h"
#include "http/conn_guard.h"
#include "rede/util.h"

#define REAP_EVERY_MS 200
#define LOG_EVERY_MS 10000
#define ADDR_BUCKETS 256

enum conn_phase {
	PHASE_WAITING, /* ready for a request whose headers are not in yet */
	PHASE_BODY,    /* headers in, body arriving */
	PHASE_BUSY,    /* request read: being answered */
	PHASE__COUNT
};

struct tracked {
	struct tracked *prev, *next;
	int fd;
	char addr[64];
	bool trusted;    /* a trusted proxy: no per-address cap */
	bool cut;        /* shut down already */
	bool kept_alive; /* has answered a request: may idle between requests */
	enum conn_phase phase;
	int64_t ready_ms;   /* waiting for a request since */
	int64_t headers_ms; /* the request's headers came in at */
	uint64_t body;      /* body bytes since */
};

struct addr_count {
	char addr[64];
	int n;
	struct addr_count *next;
};

struct conn_guard {
	struct http_conn_limits lim;
	const struct http_cidr *trusted;
	int ntrusted;
	pthread_mutex_t m; /* everything below */
	pthread_cond_t cv;
	bool stopping;
	pthread_t reaper;
	struct tracked *head;
	int open;
	struct addr_count *counts[ADDR_BUCKETS];
	int64_t cut_headers, cut_bodies, refused, logged_ms;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct addr_count **addr_bucket(struct conn_guard *g, const char *addr)
{
	uint32_t h = 2166136261u;

	for (const char *p = addr; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &g->counts[h % ADDR_BUCKETS];
}

/* Under g->m. */
static int addr_open(struct conn_guard *g, const char *addr)
{
	for (struct addr_count *a = *addr_bucket(g, addr); a; a = a->next)
		if (!strcmp(a->addr, addr))
			return a->n;
	return 0;
}

/* Under g->m: add d (+1 or -1) to addr's count. */
static int addr_add(struct conn_guard *g, const char *addr, int d)
{
	struct addr_count **pp = addr_bucket(g, addr), *a;
	int n;

	for (; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->addr, addr))
			break;
	if (!*pp) {
		*pp = xcalloc(1, sizeof(**pp));
		snprintf((*pp)->addr, sizeof((*pp)->addr), "%s", addr);
	}
	a = *pp;
	a->n += d;
	n = a->n;
	if (n <= 0) {
		*pp = a->next;
		free(a);
	}
	return n;
}

/* Under g->m: the descriptor is open (closing it needs the CLOSED
 * notification, which takes g->m first). */
static void cut(struct tracked *t)
{
	if (!t->cut) {
		shutdown(t->fd, SHUT_RDWR);
		t->cut = true;
	}
}

static void log_due(struct conn_guard *g, int64_t now)
{
	if (now - g->logged_ms < LOG_EVERY_MS || !(g->cut_headers || g->cut_bodies || g->refused))
		return;
	log_warn("connections: cut %lld waiting for headers and %lld with a slow body, refused "
		 "%lld over the per-address cap (%d open)",
		 (long long)g->cut_headers, (long long)g->cut_bodies, (long long)g->refused,
		 g->open);
	g->cut_headers = g->cut_bodies = g->refused = 0;
	g->logged_ms = now;
}

/* Under g->m: cut what is past its deadline. */
static void reap(struct conn_guard *g, int64_t now)
{
	const struct http_conn_limits *l = &g->lim;
	bool busy = g->open >= l->max_connections - l->reserve;
	int64_t grace = (int64_t)(busy ? l->busy_header_timeout : l->header_timeout) * 1000;
	int64_t idle = busy ? grace : (int64_t)l->idle_timeout * 1000;

	for (struct tracked *t = g->head; t; t = t->next) {
		int64_t waited = now - t->ready_ms, age = now - t->headers_ms;

		if (t->cut || t->phase == PHASE_BUSY)
			continue;
		if (t->phase == PHASE_WAITING) {
			/* between requests a browser keeps a connection open idle */
			if (waited > (t->kept_alive && idle > grace ? idle : grace)) {
				cut(t);
				g->cut_headers++;
			}
			continue;
		}
		if (age > (int64_t)l->request_timeout * 1000 ||
		    (age > grace &&
		     t->body * 1000 < (uint64_t)(age - grace) * (uint64_t)l->min_body_rate)) {
			cut(t);
			g->cut_bodies++;
		}
	}
	log_due(g, now);
}

static void *reaper_main(void *arg)
{
	struct conn_guard *g = arg;

	pthread_mutex_lock(&g->m);
	while (!g->stopping) {
		struct timespec until;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += REAP_EVERY_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cv, &g->m, &until);
		if (!g->stopping)
			reap(g, mono_ms());
	}
	pthread_mutex_unlock(&g->m);
	return NULL;
}

struct conn_guard *conn_guard_start(const struct http_conn_limits *lim,
				    const struct http_cidr *trusted, int ntrusted)
{
	struct conn_guard *g = xcalloc(1, sizeof(*g));
	pthread_condattr_t ca;

	g->lim = *lim;
	g->trusted = trusted;
	g->ntrusted = ntrusted;
	g->logged_ms = mono_ms();
	pthread_mutex_init(&g->m, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->reaper, NULL, reaper_main, g) != 0) {
		log_error("cannot start the connection reaper thread");
		abort();
	}
	return g;
}

void conn_guard_stop(struct conn_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->m);
	g->stopping = true;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->m);
	pthread_join(g->reaper, NULL);
	while (g->head) {
		struct tracked *t = g->head;
		g->head = t->next;
		free(t);
	}
	for (int i = 0; i < ADDR_BUCKETS; i++)
		while (g->counts[i]) {
			struct addr_count *a = g->counts[i];
			g->counts[i] = a->next;
			free(a);
		}
	pthread_mutex_destroy(&g->m);
	pthread_cond_destroy(&g->cv);
	free(g);
}

enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct conn_guard *g = cls;
	char text[64];
	bool ok;
	(void)addrlen;

	if (http_cidr_contains_sa(g->trusted, (size_t)g->ntrusted, addr))
		return MHD_YES;
	http_sockaddr_text(addr, text, sizeof(text));
	pthread_mutex_lock(&g->m);
	ok = addr_open(g, text) < g->lim.per_address;
	if (!ok)
		g->refused++;
	pthread_mutex_unlock(&g->m);
	return ok ? MHD_YES : MHD_NO;
}

static void on_started(struct conn_guard *g, struct MHD_Connection *conn, void **ctx)
{
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct tracked *t = xcalloc(1, sizeof(*t));

	t->fd = fd ? fd->connect_fd : -1;
	http_sockaddr_text(ci ? ci->client_addr : NULL, t->addr, sizeof(t->addr));
	t->trusted = http_cidr_contains_text(g->trusted, (size_t)g->ntrusted, t->addr);
	t->phase = PHASE_WAITING;
	t->ready_ms = mono_ms();
	pthread_mutex_lock(&g->m);
	t->next = g->head;
	if (g->head)
		g->head->prev = t;
	g->head = t;
	g->open++;
	/* accepted on two threads at once past the cap: the later one goes */
	if (addr_add(g, t->addr, +1) > g->lim.per_address && !t->trusted && t->fd >= 0) {
		cut(t);
		g->refused++;
	}
	pthread_mutex_unlock(&g->m);
	*ctx = t;
}

static void on_closed(struct conn_guard *g, void **ctx)
{
	struct tracked *t = *ctx;

	if (!t)
		return;
	pthread_mutex_lock(&g->m);
	if (t->prev)
		t->prev->next = t->next;
	else
		g->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	g->open--;
	addr_add(g, t->addr, -1);
	pthread_mutex_unlock(&g->m);
	free(t);
	*ctx = NULL;
}

void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		on_started(cls, conn, socket_context);
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
		on_closed(cls, socket_context);
}

static struct tracked *tracked_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Move conn's connection to phase p. */
static void set_phase(struct conn_guard *g, struct MHD_Connection *conn, enum conn_phase p)
{
	struct tracked *t = tracked_of(conn);

	if (!t)
		return;
	pthread_mutex_lock(&g->m);
	if (p == PHASE_BODY) {
		t->headers_ms = mono_ms();
		t->body = 0;
	} else if (p == PHASE_WAITING) {
		t->ready_ms = mono_ms();
		t->kept_alive = true;
	}
	t->phase = p;
	pthread_mutex_unlock(&g->m);
}

void conn_guard_headers_in(struct conn_guard *g, struct MHD_Connection *conn)
{
	set_phase(g, conn, PHASE_BODY);
}

void conn_guard_body_bytes(struct conn_guard *g, struct MHD_Connection *conn, size_t n)
{
	struct tracked *t = tracked_of(conn);

	if (!t)
		return;
	pthread_mutex_lock(&g->m);
	t->body += n;
	pthread_mutex_unlock(&g->m);
}

void conn_guard_request_in(struct conn_guard *g, struct MHD_Connection *conn)
{
	set_phase(g, conn, PHASE_BUSY);
}

void conn_guard_answered(struct conn_guard *g, struct MHD_Connection *conn)
{
	set_phase(g, conn, PHASE_WAITING);
}
