/*
 * server.c - the HTTP server: libmicrohttpd daemon, request lifecycle,
 * routing, and the transaction wrapper every API request runs in.
 *
 * The lifecycle is described at the top of include/rede/http.h. In short:
 * read the body (capped), match the route, and inside ONE store
 * transaction authenticate, authorise, replay an idempotent retry or run
 * the handler, and write the audit entry; commit only a successful answer.
 *
 * Threads: libmicrohttpd's pool (--event-threads, default --threads)
 * reads requests, answers reads and files, and sends every answer. An API
 * write (any method but GET/HEAD), and a report, is suspended once its
 * body is in and handed to the write pool (--threads workers), which runs
 * it and resumes the connection with the answer. A durable write waits
 * for its disk flush, and group commit needs many writes in flight, so
 * writes want many threads; reads are CPU work, and a read should not
 * wait behind a write holding its event thread (issue 9: the family
 * read's p99, the write throughput). The Argon2id login (a POST) no
 * longer holds an event thread either. How many event threads suit reads
 * depends on the machine (on a 2-core machine shared with other work, 16
 * got more of the CPU than 4); bench/run.sh takes BENCH_EVENT_THREADS.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/auth.h"
#include "http/client_addr.h"
#include "http/conn_guard.h"
#include "http/objects.h"
#include "http/read_route.h"
#include "http/route_match.h"
#include "http/server_internal.h"
#include "rede/core.h"
#include "rede/core_purpose.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/idempotency.h"

#define SHUTDOWN_WAIT_MS 10000
/* Read-audit entries reach the disk within this (plus one flush). */
#define AUDIT_FLUSH_MS 50
/* The longest query string kept as sent (a signed SAML redirect). */
#define RAW_QUERY_CAP (64 * 1024)

/* Per-request state: made on the first callback, freed on completion. */
struct req_state {
	bool started;    /* on_request has seen this request */
	char *raw_query; /* query string as sent (on_uri), or NULL */
	struct buf body;
	bool too_big;
	int64_t start_ms;
	struct http_req req;
	struct http_resp resp;
	char args[HTTP_MAX_ARGS][HTTP_ARG_MAX];
	char purpose[160];
	char allow[128];
	char idem_fp[CRYPTO_HASH_HEX]; /* with an Idempotency-Key (idem_fingerprint) */
	/* An API write handed to the write pool: suspended until answered. */
	bool dispatched, answered;
	struct MHD_Connection *conn;
	const char *url;
	struct req_state *next; /* in the write pool's queue */
};

/* The write pool: a FIFO of suspended write requests and its workers. */
struct write_pool {
	struct http_server *srv;
	pthread_mutex_t m;
	pthread_cond_t cv;
	struct req_state *head, *tail;
	bool stopping;
	pthread_t *threads;
	int nthreads;
};

struct http_server_opts;

/* ---- routing ---- */

/* The route for method+url (route_match.c); *path_known tells a 405 from a
 * 404. The captures go to st->args and st->req.args. */
static const struct http_route *route_find(const char *method, const char *url,
					   struct req_state *st, bool *path_known, char *allow,
					   size_t allow_n)
{
	const struct http_route *found;
	int n = 0;

	found = http_route_find(method, url, st->args, &n, path_known, allow, allow_n);
	for (int i = 0; i < n; i++)
		st->req.args[i] = st->args[i];
	st->req.nargs = n;
	return found;
}

/* ---- audit ---- */

static const char *default_action(const char *method)
{
	if (!strcmp(method, "GET") || !strcmp(method, "HEAD"))
		return "read";
	if (!strcmp(method, "POST"))
		return "create";
	if (!strcmp(method, "DELETE"))
		return "delete";
	return "update";
}

static const char *outcome_of(int status)
{
	if (status < 400) /* a sign-in's redirect (303) is its success */
		return "ok";
	if (status == 401 || status == 403 || status == 429)
		return "denied";
	if (status == 404)
		return "not_found";
	if (status >= 500)
		return "failed";
	return "invalid";
}

/* Nothing shaped like a CPR number goes on record from a request (issue
 * 14): a handler's detail or an id taken from the URL that holds one has
 * its digits written as '#'. Handlers already keep CPR numbers out (a CPR
 * search is a "cpr lookup"); this is the net under them. */
static void scrub_cpr(char *s)
{
	char digits[11];

	if (!s || !core_cpr_find(s, digits))
		return;
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			*s = '#';
}

void http_audit_fill(struct http_req *req, const char *purpose, int status,
		     struct core_audit_entry *e0)
{
	struct core_audit_entry e = {0};

	scrub_cpr(req->audit_detail);
	scrub_cpr(req->audit_entity_id);

	e.user_id = req->auth.user_id ? req->auth.user_id : req->audit_user_id;
	e.municipality_id =
		req->auth.municipality_id ? req->auth.municipality_id : req->audit_municipality_id;
	e.username = req->auth.username[0] ? req->auth.username : NULL;
	e.action = req->audit_action ? req->audit_action : default_action(req->method);
	e.entity = req->audit_entity;
	e.entity_id = req->audit_entity_id[0] ? req->audit_entity_id : NULL;
	e.purpose = purpose;
	e.outcome = outcome_of(status);
	e.detail = req->audit_detail;
	e.purpose_code = req->purpose_code;
	if (!e.purpose_code && req->route)
		e.purpose_code =
			core_purpose_names[core_purpose_of_route(req->method, req->route->pattern)];
	*e0 = e;
}

static void fill_audit(struct req_state *st, struct core_audit_entry *e0)
{
	http_audit_fill(&st->req, st->purpose, st->resp.status, e0);
}

static enum rede_err write_audit(struct store_conn *c, struct req_state *st)
{
	struct core_audit_entry e;

	fill_audit(st, &e);
	return store_audit_append(c, &e);
}

/* Reads put their entry (and the session's use) on the audit queue. */
static void queue_audit(struct http_server *srv, struct req_state *st)
{
	struct core_audit_entry e;

	fill_audit(st, &e);
	audit_queue_push(srv->audit_queue, &e);
}

static enum rede_err audit_body(struct store_conn *c, void *arg)
{
	return write_audit(c, arg);
}

/* ---- the transaction around an API request ---- */

struct tx_ctx {
	struct http_server *srv;
	struct req_state *st;
	struct MHD_Connection *conn;
	bool read;       /* GET/HEAD: read transaction, audit via the queue */
	bool on_replica; /* running on a read replica (read_route.c) */
	bool bounce;     /* ... which may not answer: run it on the primary */
	bool wanted;     /* ... which may, once it has caught up */
	bool caught_up;  /* ... and it had, before this transaction began */
};

static bool idem_key_ok(const char *k)
{
	size_t n = strlen(k);

	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
}

/* Replay a stored answer for (user, key) if there is one; refuse a key
 * used before for another request (store/idempotency.h). */
static enum rede_err idem_lookup(struct store_conn *c, struct req_state *st, bool *replayed)
{
	struct store_idem_answer a;
	enum rede_err err;

	*replayed = false;
	err = store_idem_lookup(c, st->req.auth.user_id, st->req.idem_key, st->purpose, st->idem_fp,
				&a);
	if (err)
		return err;
	switch (a.match) {
	case STORE_IDEM_NEW: break;
	case STORE_IDEM_SAME:
		*replayed = true;
		http_json(&st->resp, a.status, json_loads(a.body, 0, NULL));
		break;
	case STORE_IDEM_OTHER_ROUTE:
		*replayed = true;
		http_problem(&st->resp, 422, "Idempotency-Key er brugt til en anden handling");
		http_problem_field(&st->resp, "Idempotency-Key",
				   "Brug en ny nøgle til en ny handling");
		break;
	case STORE_IDEM_OTHER_BODY:
	default:
		*replayed = true;
		http_problem(&st->resp, 422,
			     "Idempotency-Key er brugt til en forespørgsel med et andet indhold");
		http_problem_field(&st->resp, "Idempotency-Key",
				   "Nøglen er brugt før med andre data - brug en ny nøgle");
		break;
	}
	free(a.body);
	return REDE_OK;
}

/* Claim the key before the handler runs. A concurrent request with the
 * same key then waits on the row (PostgreSQL) or the write lock (SQLite);
 * when the first commits, the second's insert conflicts and the whole
 * transaction is retried, which finds and replays the stored answer. */
static enum rede_err idem_claim(struct store_conn *c, struct req_state *st)
{
	return store_idem_claim(c, st->req.auth.user_id, st->req.idem_key, st->purpose, st->idem_fp,
				rede_now());
}

/* Store the answer on the claimed key (same transaction as the effect). */
static enum rede_err idem_store(struct store_conn *c, struct req_state *st)
{
	char *text = st->resp.json ? json_dumps(st->resp.json, JSON_COMPACT) : NULL;
	enum rede_err err;

	err = store_idem_store(c, st->req.auth.user_id, st->req.idem_key, st->resp.status,
			       text ? text : "null");
	free(text);
	return err;
}

/* The fingerprint kept with an Idempotency-Key: method, path and the body
 * in a canonical form (sorted keys, no spaces), so a retry that sends the
 * same data differently laid out is still the same request. */
static void idem_fingerprint(struct http_server *srv, struct req_state *st)
{
	char *text = st->req.body ? json_dumps(st->req.body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	crypto_request_fingerprint(srv->keys, st->req.method, st->req.path, text,
				   text ? strlen(text) : 0, st->idem_fp);
	free(text);
}

struct prep_auth {
	struct http_req *req;
	struct http_resp *resp;
};

static enum rede_err prep_auth_body(struct store_conn *c, void *arg)
{
	struct prep_auth *p = arg;
	struct http_req *req = p->req;
	struct MHD_Connection *conn = req->mhd_conn;
	struct auth_creds cr = {0};
	enum auth_result res;
	enum rede_err err;

	memset(&req->auth, 0, sizeof(req->auth));
	http_resp_release(p->resp);
	cr.session_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, AUTH_SESSION_COOKIE);
	cr.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	cr.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	cr.is_write = true;
	err = auth_identify(c, &req->srv->policy, &cr, &req->auth, &res);
	if (err)
		return err;
	if (res == AUTH_RESULT_EXPIRED)
		http_problem(p->resp, 401, "Din session er udløbet – log ind igen");
	else if (res == AUTH_RESULT_DISABLED || res == AUTH_RESULT_DEVICE_DISABLED)
		http_auth_disabled(p->resp, 401, res == AUTH_RESULT_DEVICE_DISABLED);
	else if (res == AUTH_RESULT_CSRF)
		http_problem(p->resp, 403, "Manglende eller forkert CSRF-token");
	else if (res != AUTH_RESULT_OK)
		http_problem(p->resp, 401, "Du er ikke logget ind");
	else if (req->route->roles && !(req->auth.roles & req->route->roles))
		http_forbidden(p->resp);
	return REDE_OK;
}

enum rede_err http_prepare_auth(struct http_req *req, struct http_resp *resp)
{
	struct prep_auth p = {req, resp};

	return store_tx_run(req->srv->store, STORE_TX_WRITE, prep_auth_body, &p);
}

int64_t http_upload_cap(const struct http_server *srv)
{
	return srv->upload_cap;
}

static enum rede_err tx_body(struct store_conn *c, void *arg)
{
	struct tx_ctx *x = arg;
	struct req_state *st = x->st;
	struct http_req *req = &st->req;
	const struct http_route *r = req->route;
	struct auth_creds cr = {0};
	enum auth_result res;
	bool replayed = false, ok;
	enum rede_err err;

	/* This body may run again after a transient failure: start clean. */
	http_resp_release(&st->resp);
	obj_release(req);
	free(req->audit_detail);
	req->audit_detail = NULL;
	req->audit_action = r->action;
	req->audit_entity = NULL;
	req->audit_entity_id[0] = 0;
	req->audit_user_id = req->audit_municipality_id = 0;
	req->purpose_code = NULL;
	x->bounce = false;

	cr.session_cookie =
		MHD_lookup_connection_value(x->conn, MHD_COOKIE_KIND, AUTH_SESSION_COOKIE);
	cr.authorization = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "Authorization");
	cr.csrf_header = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	cr.is_write = !x->read;
	cr.defer_touch = x->read;
	req->auth_disabled = false;
	req->auth_device_disabled = false;
	err = auth_identify(c, &x->srv->policy, &cr, &req->auth, &res);
	if (err)
		return err;
	if (x->on_replica && !x->caught_up) {
		/* first only who asks (a session made a moment ago may not be
		 * on the replica yet: then the primary answers), then, outside
		 * this transaction whose snapshot is taken, whether the replica
		 * has caught up */
		x->wanted = read_route_keep(req, res == AUTH_RESULT_OK);
		x->bounce = true;
		return REDE_E_ABORTED;
	}
	if (!(r->flags & HTTP_PUBLIC)) {
		if (res == AUTH_RESULT_EXPIRED) {
			http_problem(&st->resp, 401, "Din session er udløbet – log ind igen");
			return REDE_E_ABORTED;
		}
		if (res == AUTH_RESULT_CSRF && !(r->flags & HTTP_NO_CSRF)) {
			http_problem(&st->resp, 403, "Manglende eller forkert CSRF-token");
			http_problem_field(&st->resp, "X-CSRF-Token",
					   "Genindlæs siden og prøv igen");
			return REDE_E_ABORTED;
		}
		if (res == AUTH_RESULT_DISABLED || res == AUTH_RESULT_DEVICE_DISABLED) {
			http_auth_disabled(&st->resp, 401, res == AUTH_RESULT_DEVICE_DISABLED);
			return REDE_E_ABORTED;
		}
		if (res != AUTH_RESULT_OK) {
			http_problem(&st->resp, 401, "Du er ikke logget ind");
			return REDE_E_ABORTED;
		}
		if (r->roles && !(req->auth.roles & r->roles)) {
			http_forbidden(&st->resp);
			return REDE_E_ABORTED;
		}
	} else if (res != AUTH_RESULT_OK) {
		memset(&req->auth, 0, sizeof(req->auth));
		req->auth_disabled = res == AUTH_RESULT_DISABLED;
		req->auth_device_disabled = res == AUTH_RESULT_DEVICE_DISABLED;
	}

	if (req->idem_key && !strcmp(req->method, "POST") && req->auth.user_id) {
		if (!idem_key_ok(req->idem_key)) {
			http_problem(&st->resp, 400, "Ugyldige data");
			http_problem_field(&st->resp, "Idempotency-Key",
					   "Nøglen skal være 1-128 synlige tegn");
			return REDE_E_ABORTED;
		}
		err = idem_lookup(c, st, &replayed);
		if (err)
			return err;
		if (replayed)
			return st->resp.status < 300 ? REDE_OK : REDE_E_ABORTED;
		err = idem_claim(c, st);
		if (err)
			return err;
	}

	/* The path's object, through the access rule (404), then the handler. */
	err = obj_load(req, c, &st->resp);
	if (!err && !st->resp.status)
		err = r->fn(req, c, &st->resp);
	obj_release(req);
	if (err)
		return err;
	if (!st->resp.status) {
		log_error("handler for %s set no status", st->purpose);
		return REDE_E_STORE;
	}
	ok = st->resp.status >= 200 && st->resp.status < 300;
	if (!ok && !st->resp.keep)
		return REDE_E_ABORTED;
	if (ok && req->idem_key && req->auth.user_id && !strcmp(req->method, "POST")) {
		err = idem_store(c, st);
		if (err)
			return err;
	}
	if ((req->audit_entity || !ok || req->audit_action) && !x->read) {
		err = write_audit(c, st);
		if (err)
			return err;
	}
	return REDE_OK;
}

static bool content_type_is(struct MHD_Connection *conn, const char *type)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	size_t n = strlen(type);

	return ct && !strncasecmp(ct, type, n) && (ct[n] == 0 || ct[n] == ';');
}

static bool content_type_json(struct MHD_Connection *conn)
{
	return content_type_is(conn, "application/json");
}

/* Run the request on a read replica when one may answer it (read_route.c):
 * its result, or REDE_E_STORE when the primary is to run it - also after
 * a store error on the replica (the replica is skipped until checked).
 * Two transactions on the replica: the first only finds out who asks
 * (tx_body stops after authentication); if that caller's read may go to
 * the replica and the replica has replayed everything the primary had
 * written by then, the second answers. */
static enum rede_err on_replica(struct http_server *srv, struct tx_ctx *x)
{
	int which = -1;
	struct store *rs = read_route_store(srv, x->st->req.route, x->read, &which);
	enum rede_err err;

	if (!rs)
		return REDE_E_STORE;
	x->on_replica = true;
	err = store_tx_run(rs, STORE_TX_READ, tx_body, x);
	if (x->bounce && x->wanted) {
		x->bounce = false;
		switch (read_route_caught_up(srv, which)) {
		case STORE_CATCH_UP_OK:
			x->caught_up = true;
			err = store_tx_run(rs, STORE_TX_READ, tx_body, x);
			break;
		case STORE_CATCH_UP_FAILED: err = REDE_E_STORE; break;
		default: /* behind, or the primary did not say: the primary answers */
			x->on_replica = false;
			return REDE_E_STORE;
		}
	}
	x->on_replica = false;
	if (x->bounce) {
		x->bounce = false;
		store_replicas_unpick(srv->replicas, which);
		return REDE_E_STORE;
	}
	if (err == REDE_OK || err == REDE_E_ABORTED)
		return err;
	log_warn("request %s failed on replica %d (%s): the primary answers", x->st->purpose,
		 which + 1, rede_err_name(err));
	read_route_failed(srv, which);
	return REDE_E_STORE;
}

static void api_request(struct http_server *srv, struct MHD_Connection *conn, struct req_state *st,
			const char *method, const char *url)
{
	struct http_req *req = &st->req;
	bool path_known;
	const struct http_route *r =
		route_find(method, url, st, &path_known, st->allow, sizeof(st->allow));
	struct tx_ctx x = {srv, st, conn, !strcmp(method, "GET") || !strcmp(method, "HEAD")};
	enum rede_err err;

	if (r && (r->flags & HTTP_WRITE_GET))
		x.read = false;

	if (!r) {
		if (path_known) {
			http_problem(&st->resp, 405, "Metoden er ikke tilladt her");
			st->resp.allow = st->allow;
		} else {
			http_not_found(&st->resp);
		}
		return;
	}
	req->route = r;
	snprintf(st->purpose, sizeof(st->purpose), "%s %s", r->method, r->pattern);
	req->if_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Match");
	req->idem_key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key");
	req->user_agent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");

	if (st->too_big) {
		if (r->flags & HTTP_RAW_BODY) {
			char title[96];

			snprintf(title, sizeof(title), "Filen er for stor (højst %lld MiB)",
				 (long long)(srv->upload_cap >> 20));
			http_problem(&st->resp, 413, title);
		} else {
			http_problem(&st->resp, 413, "Forespørgslen er for stor (højst 1 MiB)");
		}
		goto refused;
	}
	if (r->flags & HTTP_RAW_BODY) {
		req->raw_body = st->body.data;
		req->raw_len = st->body.len;
	} else if (st->body.len && (r->flags & HTTP_FORM)) {
		if (!content_type_is(conn, "application/x-www-form-urlencoded")) {
			http_problem(&st->resp, 415, "Indholdet skal være en formular");
			http_problem_field(&st->resp, "Content-Type",
					   "Brug application/x-www-form-urlencoded");
			goto refused;
		}
		req->form = st->body.data;
		req->form_len = st->body.len;
	} else if (st->body.len) {
		json_error_t jerr;

		if (!content_type_json(conn)) {
			http_problem(&st->resp, 415, "Indholdet skal være JSON (application/json)");
			http_problem_field(&st->resp, "Content-Type", "Brug application/json");
			goto refused;
		}
		req->body = json_loadb(st->body.data, st->body.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!req->body || !json_is_object(req->body)) {
			http_problem(&st->resp, 400, "Ugyldig JSON");
			http_problem_field(&st->resp, "",
					   req->body ? "Forventede et JSON-objekt"
						     : "Indholdet kunne ikke læses som JSON");
			goto refused;
		}
	}
	if (req->idem_key && !strcmp(method, "POST"))
		idem_fingerprint(srv, st);
	if (r->prepare) {
		err = r->prepare(req, &st->resp);
		if (err) {
			log_error("request %s failed in preparation: %s", st->purpose,
				  rede_err_name(err));
			http_problem(&st->resp, 500, "Der opstod en uventet fejl");
			goto refused;
		}
		if (st->resp.status)
			goto refused;
	}
	err = on_replica(srv, &x);
	if (err == REDE_E_STORE)
		err = store_tx_run(srv->store, x.read ? STORE_TX_READ : STORE_TX_WRITE, tx_body,
				   &x);
	if (err == REDE_OK) {
		if (x.read && req->auth.pending_touch)
			audit_queue_touch(srv->audit_queue, req->auth.session_id,
					  req->auth.pending_touch);
		if (x.read && req->audit_entity)
			queue_audit(srv, st);
		return;
	}
	if (err != REDE_E_ABORTED) {
		log_error("request %s failed: %s", st->purpose, rede_err_name(err));
		http_problem(&st->resp, 500, "Der opstod en uventet fejl");
	}
refused:
	/* Nothing was changed; put the refused attempt on record. */
	if (x.read)
		queue_audit(srv, st);
	else if (store_tx_run(srv->store, STORE_TX_WRITE, audit_body, st) != REDE_OK)
		log_error("cannot write the audit entry for a refused request to %s", st->purpose);
}

static enum rede_err health_body(struct store_conn *c, void *arg)
{
	(void)arg;
	return store_ping(c);
}

/* {"status":"ok"}, and with read replicas each one's state, lag and the
 * requests it answered (and failed, the primary answering). The primary
 * answering is what the status says: a replica down or lagging costs
 * speed, not answers. */
static json_t *health_json(struct http_server *srv)
{
	struct store_replica_status rs[STORE_REPLICAS_MAX];
	json_t *o = json_pack("{s:s}", "status", "ok"), *a;
	int n;

	if (!srv->replicas)
		return o;
	n = store_replicas_status(srv->replicas, rs, STORE_REPLICAS_MAX);
	a = json_array();
	for (int i = 0; i < n && i < STORE_REPLICAS_MAX; i++) {
		json_t *e =
			json_pack("{s:i,s:s,s:I,s:I,s:I}", "replica", i + 1, "state",
				  store_replica_state_names[rs[i].state], "reads",
				  (json_int_t)rs[i].reads, "fallbacks", (json_int_t)rs[i].fallbacks,
				  "behind", (json_int_t)rs[i].behind);

		json_object_set_new(e, "lag_ms",
				    rs[i].lag_ms >= 0 ? json_integer(rs[i].lag_ms) : json_null());
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "replicas", a);
	return o;
}

/* ---- the write pool ---- */

/* API writes, and the reports (a national report computes for seconds and
 * would hold an event thread, and every connection on it, that long). */
static bool to_write_pool(const char *method, const char *url)
{
	/* sign-in through an identity provider: network round trips and
	 * signatures, and most of its steps write */
	if (!strncmp(url, "/auth/", 6))
		return true;
	if (strncmp(url, "/api/", 5))
		return false;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return true;
	return !strncmp(url, "/api/v1/reports/", 16);
}

/* Suspend the connection and queue its request; false (nothing done) once
 * the pool is stopping, and the caller runs the request itself. Under the
 * pool's lock, so every request queued is drained by write_pool_stop. */
static bool write_pool_dispatch(struct write_pool *wp, struct req_state *st)
{
	bool ok;

	pthread_mutex_lock(&wp->m);
	ok = !wp->stopping;
	if (ok) {
		MHD_suspend_connection(st->conn);
		st->next = NULL;
		if (wp->tail)
			wp->tail->next = st;
		else
			wp->head = st;
		wp->tail = st;
		pthread_cond_signal(&wp->cv);
	}
	pthread_mutex_unlock(&wp->m);
	return ok;
}

/* Run queued writes until stopped and drained. The connection is
 * suspended meanwhile: its event thread does not touch it, so the
 * handler may read its headers here. */
static void *write_worker(void *arg)
{
	struct write_pool *wp = arg;

	for (;;) {
		struct req_state *st;

		pthread_mutex_lock(&wp->m);
		while (!wp->head && !wp->stopping)
			pthread_cond_wait(&wp->cv, &wp->m);
		st = wp->head;
		if (st) {
			wp->head = st->next;
			if (!wp->head)
				wp->tail = NULL;
		}
		pthread_mutex_unlock(&wp->m);
		if (!st)
			return NULL; /* stopping, and nothing left */
		api_request(wp->srv, st->conn, st, st->req.method, st->url);
		st->answered = true;
		MHD_resume_connection(st->conn);
	}
}

static struct write_pool *write_pool_start(struct http_server *srv, int n)
{
	struct write_pool *wp = xcalloc(1, sizeof(*wp));

	wp->srv = srv;
	pthread_mutex_init(&wp->m, NULL);
	pthread_cond_init(&wp->cv, NULL);
	wp->threads = xcalloc((size_t)n, sizeof(*wp->threads));
	for (int i = 0; i < n; i++) {
		if (pthread_create(&wp->threads[i], NULL, write_worker, wp) != 0) {
			log_error("cannot start a write worker thread");
			abort();
		}
		wp->nthreads++;
	}
	return wp;
}

/* Finish what is queued and stop the workers; from now on the event
 * threads run writes themselves. */
static void write_pool_stop(struct write_pool *wp)
{
	pthread_mutex_lock(&wp->m);
	wp->stopping = true;
	pthread_cond_broadcast(&wp->cv);
	pthread_mutex_unlock(&wp->m);
	for (int i = 0; i < wp->nthreads; i++)
		pthread_join(wp->threads[i], NULL);
	wp->nthreads = 0;
}

/* After write_pool_stop, once no event thread runs. */
static void write_pool_free(struct write_pool *wp)
{
	pthread_mutex_destroy(&wp->m);
	pthread_cond_destroy(&wp->cv);
	free(wp->threads);
	free(wp);
}

/* ---- libmicrohttpd callbacks ---- */

/* Every X-Forwarded-For header's value, joined with commas in order. */
static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct buf *b = cls;
	(void)kind;

	if (value && !strcasecmp(key, "X-Forwarded-For") && b->len < 4096) {
		if (b->len)
			buf_adds(b, ",");
		buf_adds(b, value);
	}
	return MHD_YES;
}

/* The request's client address (client_addr.h) into req->addr. */
static void client_addr(struct http_server *srv, struct MHD_Connection *conn, struct http_req *req)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[64];
	struct buf xff;

	http_sockaddr_text(ci ? ci->client_addr : NULL, peer, sizeof(peer));
	if (!http_cidr_contains_text(srv->trusted, (size_t)srv->ntrusted, peer)) {
		snprintf(req->addr, sizeof(req->addr), "%s", peer);
		return;
	}
	buf_init(&xff, 8192);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_forwarded, &xff);
	http_client_addr(srv->trusted, (size_t)srv->ntrusted, peer, xff.len ? xff.data : NULL,
			 req->addr, sizeof(req->addr));
	buf_release(&xff);
}

/* libmicrohttpd hands each request's whole URI here before on_request:
 * keep the query string as sent, since the signature of a SAML message in
 * the HTTP-Redirect binding covers its exact encoding. The state made
 * here is on_request's. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct req_state *st = xcalloc(1, sizeof(*st));
	const char *q = strchr(uri, '?');
	(void)cls;
	(void)conn;

	if (q && strlen(q + 1) <= RAW_QUERY_CAP)
		st->raw_query = xstrdup(q + 1);
	return st;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct req_state *st = *con_cls;
	(void)version;

	if (!st || !st->started) {
		const char *cl =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		char args[HTTP_MAX_ARGS][HTTP_ARG_MAX], allow[128];
		const struct http_route *rt;
		size_t cap = HTTP_BODY_CAP;
		bool known;
		int n = 0;

		/* a file upload route has its own cap */
		if (!strncmp(url, "/api/", 5) &&
		    (rt = http_route_find(method, url, args, &n, &known, allow, sizeof(allow))) &&
		    (rt->flags & HTTP_RAW_BODY))
			cap = (size_t)srv->upload_cap;
		if (!st)
			st = xcalloc(1, sizeof(*st));
		st->started = true;
		st->req.raw_query = st->raw_query;
		buf_init(&st->body, cap);
		st->start_ms = rede_now_ms();
		st->req.method = method;
		st->req.path = url;
		st->req.srv = srv;
		st->req.mhd_conn = conn;
		client_addr(srv, conn, &st->req);
		conn_guard_headers_in(srv->guard, conn);
		atomic_fetch_add(&srv->in_flight, 1);
		*con_cls = st;
		if (cl && strtoull(cl, NULL, 10) > cap)
			st->too_big = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		conn_guard_body_bytes(srv->guard, conn, *upload_data_size);
		if (!st->too_big && !buf_add(&st->body, upload_data, *upload_data_size))
			st->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	conn_guard_request_in(srv->guard, conn);

	if (st->answered)
		return http_queue(srv, conn, &st->resp); /* resumed by the write pool */
	if (!st->dispatched && to_write_pool(method, url)) {
		st->dispatched = true;
		st->conn = conn;
		st->url = url;
		if (write_pool_dispatch(srv->writes, st))
			return MHD_YES;
	}
	if (!strcmp(url, "/healthz")) {
		if (store_tx_run(srv->store, STORE_TX_READ, health_body, NULL) == REDE_OK)
			http_json(&st->resp, 200, health_json(srv));
		else
			http_problem(&st->resp, 503, "Databasen svarer ikke");
		snprintf(st->purpose, sizeof(st->purpose), "GET /healthz");
	} else if (!strncmp(url, "/api/", 5) || !strncmp(url, "/auth/", 6)) {
		api_request(srv, conn, st, method, url);
	} else {
		snprintf(st->purpose, sizeof(st->purpose), "%s static", method);
		return http_static(srv, conn, method, url, &st->resp.status);
	}
	return http_queue(srv, conn, &st->resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct req_state *st = *con_cls;
	(void)toe;

	conn_guard_answered(srv->guard, conn);
	if (!st)
		return;
	if (!st->started) {
		/* refused before on_request (bad headers): only on_uri ran */
		free(st->raw_query);
		free(st);
		*con_cls = NULL;
		return;
	}
	log_info("%s %d %lldms", st->purpose[0] ? st->purpose : st->req.method, st->resp.status,
		 (long long)(rede_now_ms() - st->start_ms));
	json_decref(st->req.body);
	free(st->req.audit_detail);
	if (st->req.scratch_free)
		st->req.scratch_free(st->req.scratch);
	http_resp_release(&st->resp);
	buf_release(&st->body);
	free(st->raw_query);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = 0;
	/* A client gone mid-request - or one the connection guard cut, which
	 * it counts itself (conn_guard.c): a line each would flood the log
	 * under a slow-client attack. */
	if (str_starts(line, "Connection socket is closed when reading request"))
		return;
	log_warn("microhttpd: %s", line);
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static bool parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return false;
	port = strtol(colon + 1, NULL, 10);
	if (port < 0 || port > 65535)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s - 2), s + 1);
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*v6 = true;
		return inet_pton(AF_INET6, host, &a->sin6_addr) == 1;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*v6 = false;
	return inet_pton(AF_INET, host, &a->sin_addr) == 1;
}

static enum rede_err policy_body(struct store_conn *c, void *arg)
{
	struct http_server *srv = arg;
	enum rede_err err = store_policy_load(c, &srv->policy);

	if (!err) {
		/* without the setting (a database before migration 0016) an
		 * upload gets the general cap */
		err = store_setting_int(c, 0, "import.max_bytes", &srv->upload_cap);
		if (err == REDE_E_NOTFOUND) {
			srv->upload_cap = HTTP_BODY_CAP;
			err = REDE_OK;
		}
	}
	return err;
}

enum rede_err http_serve(const struct http_server_opts *o)
{
	struct http_server srv = {0};
	struct sockaddr_storage ss;
	sigset_t sigs;
	bool v6 = false;
	int sig = 0;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	int threads = o->threads > 0 ? o->threads : 4;
	int event_threads = o->event_threads > 0 ? o->event_threads : threads;
	const union MHD_DaemonInfo *info;

	srv.store = o->store;
	srv.keys = o->keys;
	srv.web_root = o->web_root;
	srv.vendor_root = o->vendor_root;
	srv.tls = o->tls;
	srv.trusted = o->trusted_proxies;
	srv.ntrusted = o->ntrusted_proxies;
	srv.replicas = o->replicas;
	if (store_tx_run(srv.store, STORE_TX_READ, policy_body, &srv) != REDE_OK) {
		log_error("cannot load the policy settings");
		return REDE_E_STORE;
	}
	if (!parse_listen(o->listen, &ss, &v6)) {
		log_error("bad listen address %s (want HOST:PORT)", o->listen);
		return REDE_E_INVALID;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	/* Worker threads inherit this mask, so only sigwait sees the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv.audit_queue = audit_queue_start(srv.store, AUDIT_FLUSH_MS);
	srv.writes = write_pool_start(&srv, threads);
	srv.guard = conn_guard_start(&o->limits, o->trusted_proxies, o->ntrusted_proxies);
	srv.daemon = MHD_start_daemon(
		flags, 0, conn_guard_accept, srv.guard, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)event_threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->limits.idle_timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->limits.max_connections,
		MHD_OPTION_NOTIFY_CONNECTION, conn_guard_notify, srv.guard,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_URI_LOG_CALLBACK,
		on_uri, &srv, MHD_OPTION_END);
	if (!srv.daemon) {
		write_pool_stop(srv.writes);
		write_pool_free(srv.writes);
		conn_guard_stop(srv.guard);
		audit_queue_stop(srv.audit_queue);
		log_error("cannot listen on %s (in use, or not an address of this machine)",
			  o->listen);
		return REDE_E_IO;
	}
	info = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	{
		char host[128];
		const char *colon = strrchr(o->listen, ':');
		snprintf(host, sizeof(host), "%.*s", (int)(colon - o->listen), o->listen);
		log_info("listening on http://%s:%u", host, info ? info->port : 0);
		printf("listening on http://%s:%u\n", host, info ? info->port : 0);
		fflush(stdout);
	}
	while (sigwait(&sigs, &sig) != 0)
		;
	log_info("signal %d: finishing in-flight requests", sig);
	MHD_quiesce_daemon(srv.daemon);
	for (int waited = 0; atomic_load(&srv.in_flight) > 0 && waited < SHUTDOWN_WAIT_MS;
	     waited += 10) {
		struct timespec ts = {0, 10 * 1000000L};
		nanosleep(&ts, NULL);
	}
	/* Writes still queued are answered before the daemon stops: it must
	 * not stop with suspended connections (later ones run inline). */
	write_pool_stop(srv.writes);
	MHD_stop_daemon(srv.daemon);
	write_pool_free(srv.writes);
	conn_guard_stop(srv.guard);
	audit_queue_stop(srv.audit_queue);
	log_info("stopped");
	return REDE_OK;
}
