/*
 * record_time.h - the client time of a record made offline (issue 20).
 *
 * The web app's outbox sends each record with "recorded_at", the moment the
 * user saved it on the device (RFC 3339). The handlers of the offline-
 * capable record kinds read it here: it may lie at most
 * offline.clock_skew_seconds ahead of the server's clock and at most
 * offline.max_days back (both settings, per municipality). The record then
 * keeps both times: recorded_at (the client's) and created_at (arrival).
 */
#ifndef REDE_HTTP_RECORD_TIME_H
#define REDE_HTTP_RECORD_TIME_H

#include <jansson.h>
#include <stdint.h>

#include "rede/http.h"
#include "rede/store.h"

/* The field for a record kind's http_jfield list. */
#define RECORD_TIME_FIELD                                                                          \
	{                                                                                          \
		"recorded_at", J_STRING_OR_NULL, false, 40                                         \
	}

/* *out = recorded_at of req->body in seconds, 0 when absent or null. A bad
 * or out-of-range value is a 400 field error on resp (REDE_OK returned);
 * an error reading the settings is returned. */
enum rede_err http_recorded_at(struct http_req *req, struct store_conn *c, struct http_resp *resp,
			       int64_t *out);
/* Sets "recorded_at" (RFC 3339 or null) and "arrived_at" on o. */
void http_record_times_json(json_t *o, int64_t recorded_at, int64_t arrived_at);

#endif
