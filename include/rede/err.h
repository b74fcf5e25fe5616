/*
 * err.h - the one error enum that flows through core, store and http.
 *
 * Every function that can fail returns enum rede_err; REDE_OK is 0 so
 * "if (err)" reads naturally. Store errors are deliberately coarse
 * (not found / conflict / retryable / hard): callers decide on those,
 * never on backend-specific codes. REDE_ROW and REDE_DONE are the two
 * non-error results of stepping a statement.
 */
#ifndef REDE_ERR_H
#define REDE_ERR_H

enum rede_err {
	REDE_OK = 0,
	REDE_ROW,        /* store_step: a row is ready */
	REDE_DONE,       /* store_step: no more rows */
	REDE_E_NOTFOUND, /* the thing asked for does not exist (or is not yours) */
	REDE_E_CONFLICT, /* unique/foreign key violation, stale version */
	REDE_E_RETRY,    /* transient: busy database, serialization failure */
	REDE_E_STORE,    /* hard database error */
	REDE_E_INVALID,  /* input failed validation */
	REDE_E_DENIED,   /* caller may not do this */
	REDE_E_ABORTED,  /* a transaction body chose to roll back */
	REDE_E_IO,       /* file or network error */
	REDE_E_CRYPTO,   /* key missing, decrypt failed */
	REDE_ERR__COUNT
};

/* English name for logs, e.g. "conflict". Never NULL. */
const char *rede_err_name(enum rede_err e);

#endif
