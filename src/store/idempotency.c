/*
 * idempotency.c - the idempotency table (see idempotency.h).
 */
#include <string.h>

#include "rede/util.h"
#include "store/idempotency.h"

/* A stored answer as read; the texts are the statement's, valid until
 * the next step. */
struct idem_row {
	const char *route, *fingerprint, *body;
	int64_t status;
};
static const struct store_col idem_cols[] = {
	STORE_COL("route", STORE_COL_CSTR, struct idem_row, route),
	STORE_COL("fingerprint", STORE_COL_CSTR, struct idem_row, fingerprint),
	STORE_COL("status", STORE_COL_INT, struct idem_row, status),
	STORE_COL("body", STORE_COL_CSTR, struct idem_row, body),
};

enum rede_err store_idem_lookup(struct store_conn *c, int64_t user_id, const char *key,
				const char *route, const char *fingerprint,
				struct store_idem_answer *out)
{
	struct store_stmt *st =
		store_prepare_select(c, idem_cols, STORE_NCOLS(idem_cols),
				     "FROM idempotency WHERE user_id = ? AND key = ?");
	struct idem_row r;
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
	store_read_row(st, idem_cols, STORE_NCOLS(idem_cols), &r);
	if (strcmp(r.route, route)) {
		out->match = STORE_IDEM_OTHER_ROUTE;
	} else if (r.fingerprint && strcmp(r.fingerprint, fingerprint)) {
		out->match = STORE_IDEM_OTHER_BODY;
	} else {
		out->match = STORE_IDEM_SAME;
		out->status = (int)r.status;
		out->body = xstrdup(r.body);
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
