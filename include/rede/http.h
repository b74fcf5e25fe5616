/*
 * http.h - the contract between the HTTP server (src/http/server.c) and
 * the resource handlers (src/http/h_*.c).
 *
 * Request lifecycle (server.c):
 *   1. libmicrohttpd delivers headers; per-request state is created on the
 *      first callback and freed only in the completion callback.
 *   2. The body is read into a buffer capped at HTTP_BODY_CAP (413 beyond)
 *      and parsed as JSON when present (400 on malformed JSON).
 *   3. The route is matched; within ONE store transaction the caller is
 *      authenticated (session cookie or bearer token), the route's role
 *      mask is checked (403), CSRF is checked for cookie-authenticated
 *      writes (403), an Idempotency-Key replay is answered from the store,
 *      the object the path names (the route's object kind) is loaded
 *      through the access rule (404; src/http/objects.c), and the handler
 *      runs with it.
 *   4. A 2xx answer commits together with its audit entry (and the
 *      idempotency record). Any other answer rolls the transaction back
 *      and the audit entry (outcome denied/invalid/not_found/failed) is
 *      written in a short transaction of its own. So bad input never
 *      changes anything, yet every access attempt is on record.
 *      GET/HEAD run in a READ transaction instead: handlers for them must
 *      not write. Their audit entry and the session's last-seen time go
 *      to the audit queue (src/http/audit_queue.h), written within ~100 ms
 *      in a batch, so a read costs no disk flush.
 *   5. The answer is encoded with the security headers of DESIGN §5.
 *
 * Handlers run inside store_tx_run and may be run again on a transient
 * store failure: they must not keep state outside req/resp/the database.
 * A handler returns REDE_OK after filling resp (success or a problem), or a
 * store error, which the server turns into a retry or a 500.
 */
#ifndef REDE_HTTP_H
#define REDE_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rede/err.h"

/* The store's types by name only (handlers run in a store transaction): this
 * header does not pull the store's API into every file that includes it;
 * a file that calls the store includes rede/store.h itself. */
struct store;
struct store_conn;

#define HTTP_BODY_CAP (1024 * 1024)
#define HTTP_MAX_ARGS 4

struct http_server;
struct crypto_keys;

/* Who is calling, as established by the server before the handler runs. */
enum http_auth_via { AUTH_NONE, AUTH_COOKIE, AUTH_BEARER, AUTH_VIA__COUNT };
struct http_auth {
	enum http_auth_via via;
	int64_t user_id;
	int64_t municipality_id;
	int64_t roles;         /* bit set of enum core_role */
	int64_t session_id;    /* 0 for bearer tokens */
	int64_t pending_touch; /* >0: the session was used at this time; a read
				 * request records it after answering */
	char username[128];
};

struct http_req {
	const struct http_route *route;
	const char *method;
	const char *path;                /* without the query string */
	const char *args[HTTP_MAX_ARGS]; /* {placeholders} captured from the path */
	int nargs;
	json_t *body;         /* parsed JSON body or NULL; owned by the server */
	const char *raw_body; /* HTTP_RAW_BODY routes: the bytes; owned by the server */
	size_t raw_len;
	const char *if_match; /* If-Match header or NULL */
	const char *idem_key; /* Idempotency-Key header or NULL */
	const char *user_agent;
	/* Sign-in routes (/auth/...): the query string exactly as sent (a
	 * signed SAML redirect is verified over it), and the body of an
	 * HTTP_FORM route (application/x-www-form-urlencoded, read with
	 * http_form). Owned by the server. */
	const char *raw_query;
	const char *form;
	size_t form_len;
	char addr[64]; /* client address, for throttling only */
	struct http_auth auth;
	/* The session cookie sent belongs to a user who has been disabled
	 * (auth is then empty); GET /session says so (issue 20). */
	bool auth_disabled;
	/* ... or was opened on a device an administrator has disabled. */
	bool auth_device_disabled;
	struct http_server *srv;
	/* The object the path names, loaded by src/http/objects.c before the
	 * handler runs (route->object); NULL for routes without one. Read it
	 * with the typed accessors of src/http/objects.h. Owned by the server:
	 * handlers may change the row (to save it), never free it. */
	void *object;
	void *object_parent; /* e.g. the course of a goal */
	void *mhd_conn;      /* for http_query(); handlers leave it alone */
	/* What a route's prepare step hands to its handler; freed with
	 * scratch_free (when set) after the answer. */
	void *scratch;
	void (*scratch_free)(void *);

	/* Filled by the handler for the audit entry (the server writes it). */
	const char *audit_action; /* default: read/create/update/delete by method */
	const char *audit_entity; /* e.g. "user"; NULL = nothing to audit */
	char audit_entity_id[32];
	char *audit_detail;    /* heap, freed by the server; never personal data */
	int64_t audit_user_id; /* for login: who tried, when known */
	/* The purpose the caller gave (a core_purpose_names code, static), for
	 * routes that imply none; NULL: the route's own (core_purpose.h). */
	const char *purpose_code;
	int64_t audit_municipality_id;
};

#define HTTP_MAX_COOKIES 3
struct http_resp {
	int status;                      /* 0 until a handler sets it */
	json_t *json;                    /* body; owned */
	bool problem;                    /* body is application/problem+json */
	char etag[48];                   /* without quotes; "" for none */
	char *cookies[HTTP_MAX_COOKIES]; /* full Set-Cookie values; owned */
	int ncookies;
	char *location; /* owned */
	/* Commit the transaction even though the answer is not 2xx. Only for
	 * answers whose bookkeeping must survive, e.g. a failed login that
	 * records throttling. The audit entry is then written in the same
	 * transaction with the outcome the status implies. */
	bool keep;
	int retry_after;   /* seconds for a Retry-After header; 0 = none */
	const char *allow; /* Allow header for 405; not owned */
	/* A body that is not JSON (report downloads): used instead of json
	 * when set. body and filename are owned; content_type is static. */
	char *body;
	size_t body_len;
	const char *content_type;
	char *filename; /* Content-Disposition: attachment */
};

/* The handler of a route; see the lifecycle above. */
typedef enum rede_err (*http_handler)(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp);

/* The kinds of object a route's path argument 0 names ("/goals/{id}"): the
 * route declares it, src/http/objects.c loads it through the access rule
 * (store/access.c), answers 404 and names the audit entity. */
enum http_object {
	OBJ_NONE,
	OBJ_UNIT,   /* a unit of the municipality */
	OBJ_USER,   /* a user of the municipality */
	OBJ_FAMILY, /* a family the caller may see */
	OBJ_PERSON, /* a person of such a family */
	OBJ_CONSENT,
	OBJ_REFERRAL,
	OBJ_COURSE,         /* a home-pedagogue course (an enrolment of that programme) */
	OBJ_GOAL,           /* a course goal; its course is the parent */
	OBJ_HV_OFFER,       /* an offer of a 1½- or 3-year visit */
	OBJ_HV_VISIT,       /* a visit held; its offer is the parent */
	OBJ_HEALTH_VISITOR, /* a health visitor's own page (materials) */
	OBJ_TOYBOX,
	OBJ_COSP_GROUP, /* a COS-P group course (table cosp_course) */
	OBJ_COSP_OFFER,
	OBJ_HANDOVER,
	OBJ_CONSULT_VISIT,
	OBJ_FAMILY_GROUP,
	OBJ_FAMILY_GROUP_MEMBER,
	OBJ_PRACTICE,
	OBJ_SPARRING_SESSION, /* seen by participants, its leader and recorder, unit leaders */
	OBJ_SPARRING_THEME,   /* the municipality's own or a default theme */
	OBJ__COUNT
};

enum http_route_flags {
	HTTP_PUBLIC = 1 << 0,    /* no authentication required */
	HTTP_NO_CSRF = 1 << 1,   /* write without CSRF (login) */
	HTTP_FORM = 1 << 2,      /* body is a form (SAML POST binding), not JSON */
	HTTP_WRITE_GET = 1 << 3, /* a GET that changes state (a sign-in step):
				   * write transaction, on the write pool */
	/* The body is a file, not JSON: kept as bytes in req->raw_body (any
	 * Content-Type), capped by the setting import.max_bytes instead of
	 * HTTP_BODY_CAP. Only POST /api/v1/imports. */
	HTTP_RAW_BODY = 1 << 4,
	/* A read a replica may answer for any signed-in reader (the reports);
	 * other reads only for leaders and evaluators (src/http/read_route.c). */
	HTTP_REPLICA = 1 << 5,
};

/* Slow, side-effect-free work that must not run inside the request's
 * transaction (a password check costs ~100 ms, which would hold SQLite's
 * single write lock). Runs before the transaction, without a connection
 * (use http_store() for a read transaction of its own); a status set on
 * resp is the answer and the handler does not run. */
typedef enum rede_err (*http_prepare)(struct http_req *req, struct http_resp *resp);

struct http_route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/users/{id}" */
	int64_t roles;       /* caller needs one of these role bits; 0 = any signed-in user */
	int flags;
	http_handler fn;
	http_prepare prepare; /* optional */
	/* Optional, by name in the table (.object = OBJ_COURSE): the object
	 * path argument 0 names, loaded before the handler runs, and the
	 * audit action when it is not the method's (also on a 404). */
	enum http_object object;
	const char *action;
};

/* ---- server ---- */
/* An address range, e.g. 10.0.0.0/8 or ::1/128 (src/http/client_addr.c). */
struct http_cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;
};
/* "ADDR" or "ADDR/BITS"; false when not one. */
bool http_cidr_parse(const char *text, struct http_cidr *out);

/* Connection limits against slow and greedy clients
 * (src/http/conn_guard.h); every field must be set. */
struct http_conn_limits {
	int max_connections;     /* open connections in all */
	int per_address;         /* open connections per client address */
	int reserve;             /* past max - reserve, slow clients are cut sooner */
	int idle_timeout;        /* s without any traffic; and between requests */
	int header_timeout;      /* s for a new connection's request headers */
	int busy_header_timeout; /* s for any while the reserve is in use */
	int request_timeout;     /* s for a body after its headers */
	int min_body_rate;       /* bytes/s a body must keep up after the headers */
};

struct http_server_opts {
	const char *listen;      /* "127.0.0.1:8080" */
	const char *web_root;    /* directory of static files */
	const char *vendor_root; /* served under /vendor/ (build/vendor: DKFDS); NULL = none */
	int threads;             /* write workers (and event threads unless set) */
	int event_threads;       /* libmicrohttpd threads for reads; 0 = threads */
	struct store *store;
	const struct crypto_keys *keys;
	bool tls; /* behind TLS: Secure cookies, HSTS */
	/* Proxies whose X-Forwarded-For is believed (client_addr.h). */
	const struct http_cidr *trusted_proxies;
	int ntrusted_proxies;
	struct http_conn_limits limits;
	/* Read replicas (`--replica`, src/store/replicas.h), or NULL: the
	 * caller's, opened on store and closed after http_serve returns. */
	struct store_replicas *replicas;
};
/* Runs until SIGTERM/SIGINT; finishes in-flight requests, then returns. */
enum rede_err http_serve(const struct http_server_opts *o);
struct store *http_store(const struct http_server *srv);
const struct crypto_keys *http_keys(const struct http_server *srv);
bool http_tls(const struct http_server *srv);

/* ---- helpers for handlers ---- */
/* A query-string argument, or NULL. */
const char *http_query(struct http_req *req, const char *name);
/* A field of an HTTP_FORM body, decoded; NULL when absent (caller frees). */
char *http_form(const struct http_req *req, const char *name);
/* A request cookie's value, or NULL. */
const char *http_cookie(struct http_req *req, const char *name);
/* The refusal of a user (device false) or a device (true) an
 * administrator has disabled: a problem with its own "type" and "code"
 * ("user_disabled" / "device_disabled"), on which the web app erases what
 * the device keeps offline (issue 20). */
void http_auth_disabled(struct http_resp *resp, int status, bool device);
/* A request header's value, or NULL. */
const char *http_header(struct http_req *req, const char *name);
/* Path argument i parsed as a positive id; false when not a number. */
bool http_arg_id(const struct http_req *req, int i, int64_t *id);

/* Answer with a non-JSON body (takes ownership of body; content_type is
 * static; filename, when not NULL, is copied into an attachment
 * Content-Disposition). */
void http_raw(struct http_resp *resp, int status, char *body, size_t len, const char *content_type,
	      const char *filename);
/* Answer with JSON (takes ownership of body). */
void http_json(struct http_resp *resp, int status, json_t *body);
/* The tail of a list handler: when err is REDE_OK answer 200 {"items":
 * items}, else free items and leave resp alone. Takes ownership of items
 * either way; returns err, for `return http_items_answer(resp, items,
 * err);`. */
enum rede_err http_items_answer(struct http_resp *resp, json_t *items, enum rede_err err);
/* Start a problem answer: status and Danish title. Field errors can then be
 * added with http_problem_field. */
void http_problem(struct http_resp *resp, int status, const char *title_da);
void http_problem_field(struct http_resp *resp, const char *field, const char *message_da);
/* Add a field error, starting a 400 "Ugyldige data" problem if resp has no
 * status yet - for checks that collect several errors before answering. */
void http_field_error(struct http_resp *resp, const char *field, const char *message_da);
/* Has the handler already started an error answer (a field error or any
 * other status)? */
static inline bool http_failed(const struct http_resp *resp)
{
	return resp->status != 0;
}
/* Convenience: 404 "Ikke fundet", 403 "Adgang nægtet", 409, 412, 500. */
void http_not_found(struct http_resp *resp);
void http_forbidden(struct http_resp *resp);
void http_precondition_failed(struct http_resp *resp);
/* 412 for a stale If-Match that also hands the client what it needs to
 * decide again (issue 20): the object as it is now in "current" (taken
 * over; NULL = null) and its ETag in "current_etag" and the ETag header. */
void http_precondition_failed_current(struct http_resp *resp, json_t *current, const char *entity,
				      int64_t id, int64_t version);
void http_conflict(struct http_resp *resp, const char *field, const char *message_da);
void http_add_cookie(struct http_resp *resp, char *cookie); /* takes ownership */
/* ETag for a row version: "<entity>-<id>-v<version>". */
void http_set_etag(struct http_resp *resp, const char *entity, int64_t id, int64_t version);
/* If the request has If-Match, does it match this version? true when there
 * is no If-Match (writes without it are allowed). */
bool http_if_match_ok(const struct http_req *req, const char *entity, int64_t id, int64_t version);

/* ---- JSON body validation ----
 * Checks an object against a field table: unknown fields, missing required
 * fields, wrong types and over-long strings become field errors (all of
 * them, not just the first) on a 400 problem answer. */
enum http_jtype {
	J_STRING,
	J_INT,
	J_BOOL,
	J_DATE,
	J_ARRAY,
	J_OBJECT,
	J_STRING_OR_NULL,
	J_INT_OR_NULL,
	J_JTYPE__COUNT
};
struct http_jfield {
	const char *name;
	enum http_jtype type;
	bool required;
	int max_len; /* strings: max bytes (0 = 1000); ints: ignored */
};
/* Returns true when obj passes; otherwise fills resp with a 400 problem. A
 * NULL body counts as an empty object. */
bool http_json_check(const json_t *obj, const struct http_jfield *fields, struct http_resp *resp);
/* Plausible dates (src/http/date_range.c): the range a date field accepts,
 * from web/data/date_ranges.json (the web UI's file, compiled in), as days
 * since 1970 around the Danish today. http_json_check applies it to every
 * J_DATE field; handlers that read a date some other way (query, list)
 * call http_date_plausible, which adds the field error "Datoen skal ligge
 * mellem dd-mm-åååå og dd-mm-åååå" and returns false for a date outside.
 * http_date_plausible_msg writes that message into msg instead. */
void http_date_range(const char *field, int32_t *min, int32_t *max);
bool http_date_plausible(struct http_resp *resp, const char *field, int32_t day);
bool http_date_plausible_msg(const char *field, int32_t day, char *msg, size_t msgsz);
/* Parse a JSON array of distinct positive ids (at most max) into out (NULL:
 * none); false with a field error on `field` when it is not one. */
bool http_id_list(const json_t *arr, const char *field, int64_t *out, size_t max, size_t *n,
		  struct http_resp *resp);

/* For a route's prepare step that needs to know the caller (it runs
 * before the request's transaction): authenticate as the server would -
 * session or bearer token, CSRF for cookie writes, the route's role mask -
 * in a transaction of its own, filling req->auth. On refusal resp gets the
 * 401/403 answer (the handler then does not run). */
enum rede_err http_prepare_auth(struct http_req *req, struct http_resp *resp);
/* The server's cap on a HTTP_RAW_BODY upload (setting import.max_bytes). */
int64_t http_upload_cap(const struct http_server *srv);

/* The route table (src/http/routes.c). */
extern const struct http_route http_routes[];
extern const int http_routes_count;

#endif
