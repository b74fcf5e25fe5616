/*
 * cmd_user.c - `rede user add | disable | enable | list | end-sessions |
 * token | password`: staff accounts from the command line, for the first
 * admin of a municipality and for operators.
 *
 * Passwords are read from stdin (or a no-echo prompt on a terminal), never
 * from argv, where every user of the machine could read them.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/auth.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/tenancy.h"
#include "store/users.h"

static const char user_help[] =
	"usage: rede user add --username U --role ROLE[,ROLE...] [--municipality CODE]\n"
	"                     [--unit ID]... [--name DISPLAY_NAME] [--hourly-cost ORE]\n"
	"                     [--service] [--db PATH|URL]\n"
	"       rede user disable|enable|end-sessions|token|password --username U\n"
	"                     [--municipality CODE] [--db ...]\n"
	"       rede user list [--municipality CODE] [--db ...]\n"
	"\n"
	"Usernames are unique within a municipality. A user signs in as NAME@CODE;\n"
	"a user added here also signs in as NAME alone while no other municipality's\n"
	"user has that plain sign-in name. --username takes either form, or NAME with\n"
	"--municipality.\n"
	"add       create a user; the password is read from stdin (first line) or asked\n"
	"          for on the terminal. --service creates a service account instead and\n"
	"          prints its API bearer token once.\n"
	"disable   disable a user and end all their sessions and API tokens\n"
	"enable    enable a disabled user again\n"
	"end-sessions  end all sessions of a user\n"
	"token     issue a new bearer token for a service account (printed once)\n"
	"password  set a new password (read like for add); ends the user's sessions\n"
	"list      list users (username, roles, state)\n"
	"roles: admin, coordinator, home_pedagogue, health_visitor, daycare, leader, evaluator\n";

struct user_args {
	struct cli_common o;
	const char *username, *roles, *municipality, *name;
	int64_t units[USER_MAX_UNITS];
	size_t nunits;
	int64_t hourly_cost;
	bool service;
	/* filled in by the transaction bodies */
	char *password_hash;
	char token[CRYPTO_TOKEN_TEXT];
	int64_t id;
	const char *verb;
	const char *fail;  /* message for an expected failure */
	char sign_in[160]; /* add: how the new user signs in */
};

static enum rede_err resolve_municipality(struct store_conn *c, const char *code,
					  struct municipality_row *m)
{
	return code ? store_municipality_by_code(c, code, m) : store_municipality_single(c, m);
}

static enum rede_err add_body(struct store_conn *c, void *p)
{
	struct user_args *a = p;
	struct municipality_row m;
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	a->fail = NULL;
	err = resolve_municipality(c, a->municipality, &m);
	if (err == REDE_E_NOTFOUND) {
		a->fail = a->municipality ? "no such municipality"
					  : "give --municipality CODE (there is not exactly one)";
		goto out;
	}
	if (err)
		goto out;
	for (size_t i = 0; i < a->nunits; i++) {
		struct unit_row unit;
		err = store_unit_get(c, m.id, a->units[i], &unit);
		if (err == REDE_E_NOTFOUND)
			a->fail = "no such unit in that municipality";
		if (err)
			goto out;
		u.unit_ids[u.nunits++] = a->units[i];
	}
	u.municipality_id = m.id;
	u.username = xstrdup(a->username);
	err = store_user_plain_free(c, u.username, &u.plain_sign_in);
	if (err)
		goto out;
	u.display_name = xstrdup(a->name ? a->name : a->username);
	u.password_hash = xstrdup(a->password_hash ? a->password_hash : "");
	u.is_service = a->service;
	u.hourly_cost_ore = a->hourly_cost;
	core_roles_parse_list(a->roles, &u.roles);
	err = store_user_insert(c, &u);
	if (err == REDE_E_CONFLICT)
		a->fail = "the username is taken in that municipality";
	if (err)
		goto out;
	a->id = u.id;
	snprintf(a->sign_in, sizeof(a->sign_in), "%s%s%s", u.username, u.plain_sign_in ? "" : "@",
		 u.plain_sign_in ? "" : m.code);
	if (a->service) {
		char hash[CRYPTO_HASH_HEX];
		int64_t tid;

		crypto_token_new(a->token);
		crypto_token_hash(a->token, hash);
		err = store_token_create(c, u.id, hash, "created by rede user add", &tid);
		if (err)
			goto out;
	}
	err = cli_audit(c, m.id, "create", "user", u.id, "cli user add");
out:
	user_row_release(&u);
	return err;
}

/* disable, enable, end-sessions, token, password on an existing user */
static enum rede_err change_body(struct store_conn *c, void *p)
{
	struct user_args *a = p;
	struct user_row u;
	char purpose[64];
	enum rede_err err;

	user_row_init(&u);
	a->fail = NULL;
	if (a->municipality) {
		struct municipality_row m;

		err = store_municipality_by_code(c, a->municipality, &m);
		if (!err)
			err = store_user_by_name(c, m.id, a->username, &u);
	} else {
		err = store_user_by_sign_in(c, a->username, &u);
	}
	if (err == REDE_E_NOTFOUND)
		a->fail = a->municipality || strchr(a->username, '@')
				  ? "no such user"
				  : "no user with that plain sign-in name (give NAME@CODE or "
				    "--municipality CODE)";
	if (err)
		goto out;
	a->id = u.id;
	if (!strcmp(a->verb, "disable") || !strcmp(a->verb, "enable")) {
		u.disabled_at = !strcmp(a->verb, "disable")
					? (u.disabled_at ? u.disabled_at : rede_now())
					: 0;
		err = store_user_update(c, &u);
		if (!err && u.disabled_at)
			err = auth_end_user_sessions(c, u.id);
	} else if (!strcmp(a->verb, "end-sessions")) {
		err = store_session_end_user(c, u.id, rede_now(), NULL);
	} else if (!strcmp(a->verb, "token")) {
		char hash[CRYPTO_HASH_HEX];
		int64_t tid;

		if (!u.is_service) {
			a->fail = "only service accounts have API tokens";
			err = REDE_E_INVALID;
			goto out;
		}
		crypto_token_new(a->token);
		crypto_token_hash(a->token, hash);
		err = store_token_create(c, u.id, hash, "created by rede user token", &tid);
	} else if (!strcmp(a->verb, "password")) {
		if (u.is_service) {
			a->fail = "service accounts have no password";
			err = REDE_E_INVALID;
			goto out;
		}
		if (u.federated) {
			a->fail = "the user signs in through the municipality's identity provider "
				  "and has no password";
			err = REDE_E_INVALID;
			goto out;
		}
		err = store_user_set_password(c, u.id, a->password_hash);
		if (!err)
			err = store_session_end_user(c, u.id, rede_now(), NULL);
	}
	if (err)
		goto out;
	snprintf(purpose, sizeof(purpose), "cli user %s", a->verb);
	err = cli_audit(c, u.municipality_id, a->verb, "user", u.id, purpose);
out:
	user_row_release(&u);
	return err;
}

static int print_user(const struct user_row *u, void *arg)
{
	char roles[256];

	(void)arg;
	printf("%-24s %-40s %s%s\n", u->sign_in, core_roles_format(u->roles, roles, sizeof(roles)),
	       u->disabled_at ? "disabled" : "active", u->is_service ? " (service)" : "");
	return 0;
}

static enum rede_err list_body(struct store_conn *c, void *p)
{
	struct user_args *a = p;
	struct municipality_row m;
	enum rede_err err = resolve_municipality(c, a->municipality, &m);

	a->fail = NULL;
	if (err == REDE_E_NOTFOUND)
		a->fail = "give --municipality CODE";
	if (err)
		return err;
	return store_user_each(c, m.id, print_user, NULL);
}

/* Read and hash a password that meets the policy. */
static bool read_new_password(struct user_args *a, struct store *s)
{
	struct rede_policy pol;
	struct store_conn *c = store_acquire(s);
	enum rede_err err = store_begin(c, STORE_TX_READ);
	char *pw;
	bool ok = false;

	if (!err) {
		err = store_policy_load(c, &pol);
		store_rollback(c);
	}
	store_release(s, c);
	if (err) {
		fprintf(stderr, "rede: cannot read the password policy\n");
		return false;
	}
	pw = cli_read_password("Password: ", true);
	if (!pw) {
		fprintf(stderr, "rede: no password given (write it to stdin)\n");
		return false;
	}
	if (!core_password_acceptable(pw, (int)pol.password_min_length)) {
		fprintf(stderr, "rede: the password must have at least %lld characters\n",
			(long long)pol.password_min_length);
		goto out;
	}
	a->password_hash = crypto_password_hash(pw);
	ok = a->password_hash != NULL;
out:
	sodium_memzero(pw, strlen(pw));
	free(pw);
	return ok;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"username", required_argument, NULL, 'u'},
		{"role", required_argument, NULL, 'r'},
		{"municipality", required_argument, NULL, 'm'},
		{"unit", required_argument, NULL, 'U'},
		{"name", required_argument, NULL, 'n'},
		{"hourly-cost", required_argument, NULL, 'c'},
		{"service", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct user_args a = {.hourly_cost = -1};
	struct store *s = NULL;
	int64_t bits;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&a.o);
	if (argc < 2)
		return cli_usage(user_help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(user_help, true);
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': a.o.db = optarg; break;
		case 'u': a.username = optarg; break;
		case 'r': a.roles = optarg; break;
		case 'm': a.municipality = optarg; break;
		case 'n': a.name = optarg; break;
		case 's': a.service = true; break;
		case 'c': a.hourly_cost = atoll(optarg); break;
		case 'U':
			if (a.nunits == USER_MAX_UNITS || atoll(optarg) <= 0)
				return cli_usage(user_help, false);
			a.units[a.nunits++] = atoll(optarg);
			break;
		case 'h': return cli_usage(user_help, true);
		default: return cli_usage(user_help, false);
		}
	}
	if (optind != argc - 1)
		return cli_usage(user_help, false);
	if (!strcmp(a.verb, "add")) {
		if (!a.username || !a.roles)
			return cli_usage(user_help, false);
		if (!*a.username || strchr(a.username, '@')) {
			fprintf(stderr, "rede: a username cannot contain '@' (it separates the "
					"municipality code when signing in)\n");
			return 2;
		}
		if (!core_roles_parse_list(a.roles, &bits)) {
			fprintf(stderr, "rede: unknown role in '%s'\n", a.roles);
			return 2;
		}
	} else if (strcmp(a.verb, "list") && !a.username) {
		return cli_usage(user_help, false);
	}
	s = cli_open(&a.o, false);
	if (!s)
		return 1;
	if (!strcmp(a.verb, "list")) {
		err = store_tx_run(s, STORE_TX_READ, list_body, &a);
	} else if (!strcmp(a.verb, "add")) {
		if (!a.service && !read_new_password(&a, s))
			goto out;
		err = store_tx_run(s, STORE_TX_WRITE, add_body, &a);
	} else if (!strcmp(a.verb, "disable") || !strcmp(a.verb, "enable") ||
		   !strcmp(a.verb, "end-sessions") || !strcmp(a.verb, "token") ||
		   !strcmp(a.verb, "password")) {
		if (!strcmp(a.verb, "password") && !read_new_password(&a, s))
			goto out;
		err = store_tx_run(s, STORE_TX_WRITE, change_body, &a);
	} else {
		fprintf(stderr, "rede: unknown user command '%s'\n", a.verb);
		rc = 2;
		goto out;
	}
	if (err) {
		fprintf(stderr, "rede: user %s failed: %s\n", a.verb,
			a.fail ? a.fail : rede_err_name(err));
		goto out;
	}
	if (!strcmp(a.verb, "add"))
		printf("user %s added (id %lld); signs in as %s\n", a.username, (long long)a.id,
		       a.sign_in);
	else if (strcmp(a.verb, "list"))
		printf("user %s: %s done\n", a.username, a.verb);
	if (a.token[0])
		printf("API token (shown once, store it safely): %s\n", a.token);
	rc = 0;
out:
	free(a.password_hash);
	sodium_memzero(a.token, sizeof(a.token));
	if (s)
		store_close(s);
	return rc;
}
