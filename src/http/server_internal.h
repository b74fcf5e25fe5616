/*
 * server_internal.h - what server.c, reply.c and static.c share.
 */
#ifndef REDE_HTTP_SERVER_INTERNAL_H
#define REDE_HTTP_SERVER_INTERNAL_H

#include <microhttpd.h>
#include <stdatomic.h>

#include "http/audit_queue.h"
#include "rede/http.h"
#include "store/replicas.h"
#include "store/settings.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct store *store;
	const struct crypto_keys *keys;
	const char *web_root;
	const char *vendor_root;
	bool tls;
	struct rede_policy policy;
	struct audit_queue *audit_queue; /* read requests' audit entries */
	atomic_int in_flight;
	struct write_pool *writes;       /* runs API writes off the event threads */
	struct conn_guard *guard;        /* connection caps and deadlines */
	const struct http_cidr *trusted; /* proxies whose X-Forwarded-For counts */
	int ntrusted;
	int64_t upload_cap;              /* HTTP_RAW_BODY routes (import.max_bytes) */
	struct store_replicas *replicas; /* read replicas, or NULL (read_route.c) */
};

/* Add the security headers every answer carries; api adds no-store. */
void http_add_security_headers(const struct http_server *srv, struct MHD_Response *r, bool api);
/* Queue resp (JSON or problem) on the connection. */
enum MHD_Result http_queue(struct http_server *srv, struct MHD_Connection *conn,
			   struct http_resp *resp);
/* Release what resp owns and zero it. */
void http_resp_release(struct http_resp *resp);
/* Serve a static file for GET/HEAD on a non-API path; *status gets the
 * status answered (for the log line). */
enum MHD_Result http_static(struct http_server *srv, struct MHD_Connection *conn,
			    const char *method, const char *url, int *status);

/* The audit entry server.c writes for a request answered with status:
 * who, action, entity and detail from req (CPR-shaped digits in the detail
 * and entity id written as '#'), purpose e.g. "POST /api/v1/families".
 * The entry's strings point into req and purpose. Also used by the import
 * (import_run.c), which runs the same handlers without a connection. */
struct core_audit_entry;
void http_audit_fill(struct http_req *req, const char *purpose, int status,
		     struct core_audit_entry *e);

/* msg_en.c: English problem+json for clients that ask for English. */
bool http_wants_english(const char *accept_language);
void http_msg_en_problem(json_t *problem);

#endif
