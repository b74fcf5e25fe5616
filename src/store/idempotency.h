/*
 * idempotency.h - the stored answers of POSTs sent with an Idempotency-Key.
 *
 * A POST with the header claims (user, key) in its own transaction before
 * the handler runs and stores its answer there when it succeeds, so a
 * retried submission gets the first answer and creates nothing twice. With
 * the key the request's fingerprint is kept (a keyed hash of method, path
 * and body made by the caller, crypto_request_fingerprint): the same key
 * with another request is refused instead of answered with the first
 * request's result. The fingerprint is keyed because a body may hold a CPR
 * number, which an unkeyed hash would give away to a guesser.
 */
#ifndef REDE_STORE_IDEMPOTENCY_H
#define REDE_STORE_IDEMPOTENCY_H

#include <stdint.h>

#include "rede/store.h"

enum store_idem_match {
	STORE_IDEM_NEW,         /* the key is unused: claim it */
	STORE_IDEM_SAME,        /* the same request again: replay status/body */
	STORE_IDEM_OTHER_ROUTE, /* the key was used for another route */
	STORE_IDEM_OTHER_BODY,  /* same route, another path or body */
	STORE_IDEM_MATCH__COUNT
};

/* What is stored for a key. body is owned (free it); NULL unless SAME. */
struct store_idem_answer {
	enum store_idem_match match;
	int status;
	char *body;
};

/* Look (user_id, key) up and compare it with this request's route (the
 * route pattern, e.g. "POST /api/v1/families") and fingerprint. Rows made
 * before fingerprints were kept compare by route only. */
enum rede_err store_idem_lookup(struct store_conn *c, int64_t user_id, const char *key,
				const char *route, const char *fingerprint,
				struct store_idem_answer *out);
/* Claim an unused key in the caller's transaction. A concurrent claim of
 * the same key makes this REDE_E_RETRY: the retried transaction then finds
 * the winner's row with store_idem_lookup. */
enum rede_err store_idem_claim(struct store_conn *c, int64_t user_id, const char *key,
			       const char *route, const char *fingerprint, int64_t now);
/* Keep the answer (status and JSON text) on the claimed key, in the same
 * transaction as the request's effect. */
enum rede_err store_idem_store(struct store_conn *c, int64_t user_id, const char *key, int status,
			       const char *body);

#endif
