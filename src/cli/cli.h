/*
 * cli.h - what the command-line verbs share: option parsing of the common
 * flags (--db, --key), opening the store, reading a password without it
 * ever touching argv, and writing CLI actions to the audit log.
 *
 * Each verb lives in its own cmd_<verb>.c and is listed in main.c's
 * command table. Verbs return a process exit code: 0 success, 1 failure,
 * 2 usage error. Errors go to stderr; user-facing text is English for the
 * operator (the UI is Danish).
 */
#ifndef REDE_CLI_H
#define REDE_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

#define CLI_DEFAULT_DB "var/rede.db"

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* Common flags. db defaults to $REDE_DB or var/rede.db; key to
 * $REDE_KEY_FILE or, for SQLite, the database path with ".key" in place of
 * ".db"; audit_key to $REDE_AUDIT_KEY_FILE or the key file's path with
 * ".audit.key" in place of ".key" (var/rede.audit.key). */
struct cli_common {
	const char *db;
	const char *key;
	const char *audit_key;
	int pool;          /* connections to open at most (default 2) */
	bool no_audit_key; /* cli_open: do not load the audit key */
	char key_buf[4096];
	char audit_key_buf[4096];
};
void cli_common_init(struct cli_common *o);
/* Resolve the key file path (fills o->key). False for PostgreSQL without
 * --key/REDE_KEY_FILE. */
bool cli_key_path(struct cli_common *o);

/* Resolve the audit key file path (fills o->audit_key). False (with a
 * message) for PostgreSQL without --audit-key, REDE_AUDIT_KEY_FILE, --key
 * or REDE_KEY_FILE. */
bool cli_audit_key_path(struct cli_common *o);
/* Load the audit key file into s (store_audit_key_set); with create, make
 * the file first when it does not exist. Prints the reason and returns
 * false on failure. */
bool cli_audit_key_load(struct cli_common *o, struct store *s, bool create);

/* Open the store, checking that it is initialised (schema up to date
 * unless allow_old), and load the audit key into it (unless
 * o->no_audit_key): every verb that writes puts itself on record, and the
 * record is sealed with that key. Prints the reason and returns NULL on
 * failure. */
struct store *cli_open(struct cli_common *o, bool allow_old);
/* Load the key file; prints and returns NULL on failure. */
struct crypto_keys *cli_keys(struct cli_common *o);

/* Read a password: from a terminal, prompting twice without echo (when
 * confirm); otherwise the first line of stdin. Caller frees (sodium_memzero
 * first). NULL on EOF. */
char *cli_read_password(const char *prompt, bool confirm);

/* Append a CLI action to the audit log inside the caller's transaction.
 * purpose is e.g. "cli user add". The same as store_audit_cli
 * (store/audit_cli.h), which the demo generator calls directly. */
enum rede_err cli_audit(struct store_conn *c, int64_t municipality_id, const char *action,
			const char *entity, int64_t entity_id, const char *purpose);

/* The municipality a verb works on: by its code, or the database's only
 * one when code is NULL. Prints why and returns false when there is none. */
struct municipality_row;
bool cli_municipality(struct store *s, const char *code, struct municipality_row *out);
/* "cli:<OS user>": who ran the command, for records and the audit log. */
const char *cli_who(void);
/* Today as the Danish calendar day (days since 1970-01-01). */
int32_t cli_today(void);

/* Print "usage: ..." help text and return 2 (or 0 when asked for --help). */
int cli_usage(const char *text, bool asked);

/* getopt_long over long options only, without getopt's own message: an
 * unknown option or a missing argument is remembered and printed by
 * cli_usage(text, false) on a line of its own after the usage text. */
struct option;
int cli_getopt(int argc, char **argv, const struct option *opts);

/* Verbs */
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_municipality(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_setting(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_typology(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_hold(int argc, char **argv);
int cmd_insight(int argc, char **argv);
int cmd_sso(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
