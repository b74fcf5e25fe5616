/*
 * cli.c - helpers shared by the verbs (see cli.h).
 */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/core.h"
#include "rede/core_retention.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/audit_cli.h"
#include "store/tenancy.h"

void cli_common_init(struct cli_common *o)
{
	memset(o, 0, sizeof(*o));
	o->pool = 2;
	o->db = getenv("REDE_DB");
	if (!o->db || !*o->db)
		o->db = CLI_DEFAULT_DB;
	o->key = getenv("REDE_KEY_FILE");
	if (o->key && !*o->key)
		o->key = NULL;
	o->audit_key = getenv("REDE_AUDIT_KEY_FILE");
	if (o->audit_key && !*o->audit_key)
		o->audit_key = NULL;
}

static bool is_postgres(const char *db)
{
	return str_starts(db, "postgres://") || str_starts(db, "postgresql://");
}

bool cli_key_path(struct cli_common *o)
{
	const char *path;
	size_t n;

	if (o->key)
		return true;
	if (is_postgres(o->db)) {
		fprintf(stderr, "rede: with a PostgreSQL database, give the key file with --key "
				"or REDE_KEY_FILE\n");
		return false;
	}
	path = str_starts(o->db, "sqlite:") ? o->db + 7 : o->db;
	n = strlen(path);
	if (n > 3 && !strcmp(path + n - 3, ".db"))
		n -= 3;
	snprintf(o->key_buf, sizeof(o->key_buf), "%.*s.key", (int)n, path);
	o->key = o->key_buf;
	return true;
}

bool cli_audit_key_path(struct cli_common *o)
{
	size_t n;

	if (o->audit_key)
		return true;
	if (!o->key && is_postgres(o->db)) {
		fprintf(stderr, "rede: with a PostgreSQL database, give the audit key file with "
				"--audit-key or REDE_AUDIT_KEY_FILE (or the key file with --key or "
				"REDE_KEY_FILE: the audit key file is looked for beside it)\n");
		return false;
	}
	if (!cli_key_path(o))
		return false;
	n = strlen(o->key);
	if (n > 4 && !strcmp(o->key + n - 4, ".key"))
		n -= 4;
	snprintf(o->audit_key_buf, sizeof(o->audit_key_buf), "%.*s.audit.key", (int)n, o->key);
	o->audit_key = o->audit_key_buf;
	return true;
}

bool cli_audit_key_load(struct cli_common *o, struct store *s, bool create)
{
	unsigned char key[CRYPTO_AUDIT_KEY_BYTES];
	char *msg = NULL;
	enum rede_err err;

	if (!cli_audit_key_path(o))
		return false;
	if (create) {
		err = crypto_audit_keyfile_create(o->audit_key);
		if (err == REDE_OK) {
			printf("created audit key file %s (mode 0600) - back it up separately from "
			       "the database\n",
			       o->audit_key);
		} else if (err != REDE_E_CONFLICT) {
			fprintf(stderr, "rede: cannot create audit key file %s: %s\n", o->audit_key,
				strerror(errno));
			return false;
		}
	}
	err = crypto_audit_key_load(o->audit_key, key, &msg);
	if (err == REDE_E_NOTFOUND) {
		fprintf(stderr,
			"rede: no audit key file at %s (give it with --audit-key or "
			"REDE_AUDIT_KEY_FILE; 'rede migrate' makes one for a database from "
			"before it; see docs/OPERATIONS.md)\n",
			o->audit_key);
	} else if (err) {
		fprintf(stderr, "rede: cannot load audit key file %s: %s\n", o->audit_key,
			msg ? msg : "unknown error");
	} else {
		store_audit_key_set(s, key);
	}
	sodium_memzero(key, sizeof(key));
	free(msg);
	return err == REDE_OK;
}

struct store *cli_open(struct cli_common *o, bool allow_old)
{
	char *msg = NULL;
	struct store *s;
	int have;

	if (!is_postgres(o->db)) {
		const char *path = str_starts(o->db, "sqlite:") ? o->db + 7 : o->db;
		if (access(path, F_OK) != 0) {
			fprintf(stderr, "rede: no database at %s (run 'rede init --db %s')\n", path,
				path);
			return NULL;
		}
	}
	s = store_open(o->db, o->pool, &msg);
	if (!s) {
		fprintf(stderr, "rede: cannot open database: %s\n", msg ? msg : "unknown error");
		free(msg);
		return NULL;
	}
	have = store_schema_version(s);
	if (have <= 0) {
		fprintf(stderr, "rede: the database is not initialised (run 'rede init')\n");
		goto fail;
	}
	if (!allow_old && (have < store_migrations_known() || store_migrations_pending(s) != 0)) {
		fprintf(stderr,
			"rede: the database schema is at version %d, this rede needs %d "
			"(run 'rede migrate')\n",
			have, store_migrations_known());
		goto fail;
	}
	if (have > store_migrations_known()) {
		fprintf(stderr,
			"rede: the database schema (version %d) is newer than this rede "
			"(%d); upgrade rede\n",
			have, store_migrations_known());
		goto fail;
	}
	if (!o->no_audit_key && !cli_audit_key_load(o, s, false))
		goto fail;
	return s;
fail:
	store_close(s);
	return NULL;
}

struct crypto_keys *cli_keys(struct cli_common *o)
{
	struct crypto_keys *k = NULL;
	char *msg = NULL;

	if (!cli_key_path(o))
		return NULL;
	if (crypto_keys_load(o->key, &k, &msg) != REDE_OK) {
		fprintf(stderr, "rede: cannot load key file %s: %s\n", o->key,
			msg ? msg : "unknown error");
		free(msg);
		return NULL;
	}
	return k;
}

static char *read_line(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);

	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	return line;
}

static char *prompt_noecho(FILE *tty, const char *prompt)
{
	struct termios old, quiet;
	char *pw;
	int fd = fileno(tty);

	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (tcgetattr(fd, &old) != 0)
		return read_line(tty);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	pw = read_line(tty);
	tcsetattr(fd, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return pw;
}

char *cli_read_password(const char *prompt, bool confirm)
{
	FILE *tty;
	char *a, *b;

	if (!isatty(STDIN_FILENO))
		return read_line(stdin);
	tty = fopen("/dev/tty", "r+");
	if (!tty)
		return read_line(stdin);
	a = prompt_noecho(tty, prompt);
	if (a && confirm) {
		b = prompt_noecho(tty, "Repeat the password: ");
		if (!b || strcmp(a, b) != 0) {
			fprintf(stderr, "rede: the passwords differ\n");
			sodium_memzero(a, strlen(a));
			free(a);
			a = NULL;
		}
		if (b) {
			sodium_memzero(b, strlen(b));
			free(b);
		}
	}
	fclose(tty);
	return a;
}

enum rede_err cli_audit(struct store_conn *c, int64_t municipality_id, const char *action,
			const char *entity, int64_t entity_id, const char *purpose)
{
	return store_audit_cli(c, municipality_id, action, entity, entity_id, purpose);
}

static char bad_option[160];

int cli_getopt(int argc, char **argv, const struct option *opts)
{
	int ch;

	opterr = 0;
	ch = getopt_long(argc, argv, "", opts, NULL);
	if (ch == '?') {
		const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		size_t n = strcspn(arg + (arg[0] == '-' && arg[1] == '-' ? 2 : 0), "=");
		bool known = false;

		for (const struct option *o = opts; o->name; o++)
			if (arg[0] == '-' && arg[1] == '-' && strlen(o->name) == n &&
			    !strncmp(o->name, arg + 2, n))
				known = true;
		if (optopt && !(arg[0] == '-' && arg[1] == '-'))
			snprintf(bad_option, sizeof(bad_option), "unknown option '-%c'", optopt);
		else
			snprintf(bad_option, sizeof(bad_option),
				 known ? "option '%s' needs a value" : "unknown option '%s'", arg);
	}
	return ch;
}

struct muni_arg {
	const char *code;
	struct municipality_row *out;
};

static enum rede_err muni_body(struct store_conn *c, void *p)
{
	struct muni_arg *a = p;

	return a->code ? store_municipality_by_code(c, a->code, a->out)
		       : store_municipality_single(c, a->out);
}

bool cli_municipality(struct store *s, const char *code, struct municipality_row *out)
{
	struct muni_arg a = {code, out};
	enum rede_err err = store_tx_run(s, STORE_TX_READ, muni_body, &a);

	if (err == REDE_E_NOTFOUND)
		fprintf(stderr,
			code ? "rede: no municipality with code %s\n"
			     : "rede: the database has several municipalities; give "
			       "--municipality CODE%s\n",
			code ? code : "");
	else if (err)
		fprintf(stderr, "rede: cannot read the municipality: %s\n", rede_err_name(err));
	return err == REDE_OK;
}

const char *cli_who(void)
{
	static char who[96];
	const char *osuser = getenv("USER");

	snprintf(who, sizeof(who), "cli:%s", osuser && *osuser ? osuser : "unknown");
	return who;
}

int32_t cli_today(void)
{
	return rede_today();
}

int cli_usage(const char *text, bool asked)
{
	fputs(text, asked ? stdout : stderr);
	if (!asked && bad_option[0]) {
		fprintf(stderr, "\nerror: %s\n", bad_option);
		bad_option[0] = 0;
	}
	return asked ? 0 : 2;
}
