/*
 * idempotency.c - the idempotency table (see idempotency.h).
 */
#include <string.h>

#include "rede/util.h"
#include "store/idempotency.h"

enum rede_err store_idem_lookup(struct store_conn *c, int64_t user_id, const char *key,
				const char *route, const char *fingerprint,
				struct store_idem_answer *out)
{
	struct store_stmt *st = store_prepare(c, "SELECT route, fingerprint, status, body "
						 "FROM idempotency WHERE user_id = ? AND key = ?");
	const char *fp;
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_INT(user_id), STORE_TEXT(key));
	err = store_step(st);
	if (err == REDE_DONE) {
		out->match = STORE_IDEM_NEW;
		err = REDE_OK;
		goto out;
	}
	if (err != REDE_ROW)
		goto out;
	err = REDE_OK;
	fp = store_col_text(st, 1);
	if (strcmp(store_col_text(st, 0), route)) {
		out->match = STORE_IDEM_OTHER_ROUTE;
	} else if (fp && strcmp(fp, fingerprint)) {
		out->match = STORE_IDEM_OTHER_BODY;
	} else {
		out->match = STORE_IDEM_SAME;
		out->status = (int)store_col_int(st, 2);
		out->body = xstrdup(store_col_text(st, 3));
	}
out:
	store_finish(st);
	return err;
}

enum rede_err store_idem_claim(struct store_conn *c, int64_t user_id, const char *key,
			       const char *route, const char *fingerprint, int64_t now)
{
	struct store_stmt *st =
		store_prepare(c, "INSERT INTO idempotency (user_id, key, route, fingerprint, "
				 "status, body, created_at) VALUES (?, ?, ?, ?, 0, '', ?)");
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id), STORE_TEXT(key), STORE_TEXT(route),
		       STORE_TEXT(fingerprint), STORE_INT(now));
	err = store_run(st);
	return err == REDE_E_CONFLICT ? REDE_E_RETRY : err;
}

enum rede_err store_idem_store(struct store_conn *c, int64_t user_id, const char *key, int status,
			       const char *body)
{
	struct store_stmt *st = store_prepare(c, "UPDATE idempotency SET status = ?, body = ? "
						 "WHERE user_id = ? AND key = ?");

	store_bind_all(st, STORE_INT(status), STORE_TEXT(body), STORE_INT(user_id),
		       STORE_TEXT(key));
	return store_run(st);
}
