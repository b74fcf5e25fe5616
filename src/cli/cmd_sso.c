/*
 * cmd_sso.c - `rede sso`: a municipality's sign-in through its identity
 * provider (SAML through KOMBIT's Context Handler, or OpenID Connect),
 * the mapping of privileges/claims to Rede roles, and local passwords.
 *
 * Operators script these; the forms below are the contract (issue 17).
 * Private material never passes through argv: the SP key is read from a
 * file, a PKCS#12 password and the OIDC client secret from stdin. Both
 * the SP key and the client secret are stored sealed with the key file.
 * Nothing secret is ever printed.
 */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/core.h"
#include "rede/sso.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/sso.h"
#include "store/tenancy.h"
#include "store/users.h"

#define FILE_CAP (4 * 1024 * 1024)
#define MAX_BREAK_GLASS 32

static const char sso_help[] =
	"usage: rede sso saml set --municipality CODE --idp-metadata FILE --sp-entity-id URL\n"
	"                         (--sp-cert PEM --sp-key PEM | --sp-p12 FILE)\n"
	"                         [--base-url URL] [--cvr CVR] [--db PATH|URL] [--key FILE]\n"
	"       rede sso oidc set --municipality CODE --issuer URL --client-id ID\n"
	"                         [--base-url URL] [--alg RS256] [--scopes \"openid profile\"]\n"
	"                         [--role-claim roles] [--db ...] [--key FILE]\n"
	"       rede sso map --municipality CODE --from VALUE --role ROLE [--unit ID] [--db ...]\n"
	"       rede sso unmap --municipality CODE --from VALUE [--role ROLE] [--db ...]\n"
	"       rede sso show --municipality CODE [--db ...]\n"
	"       rede sso disable --municipality CODE (--saml | --oidc | --local-passwords\n"
	"                        [--break-glass USERNAME]...) [--db ...]\n"
	"       rede sso enable --municipality CODE (--saml | --oidc | --local-passwords) [--db ...]\n"
	"\n"
	"saml set   the municipality signs in through an OIOSAML 3 IdP (KOMBIT's Context\n"
	"           Handler). The IdP's metadata, Rede's entity ID there, and Rede's key pair\n"
	"           for signing and encryption (PEM files, or PKCS#12 with its password on\n"
	"           stdin). --cvr is the municipality's CVR number: only privileges scoped\n"
	"           to it count. --base-url is where users reach Rede (default: as before,\n"
	"           or the origin of the entity ID). SP metadata: BASE/auth/saml/CODE/metadata\n"
	"oidc set   the municipality signs in through an OpenID provider; the client secret\n"
	"           is read from stdin. Redirect URI to register: BASE/auth/oidc/CODE/callback\n"
	"map        a privilege (SAML) or a value of the role claim (OIDC) gives ROLE (and\n"
	"           membership of unit ID). Applied at every sign-in.\n"
	"unmap      remove the mapping of VALUE (only to ROLE when given)\n"
	"show       the set-up, the mapping and the break-glass accounts (no secrets)\n"
	"disable    turn a sign-in method off; --local-passwords turns password sign-in off\n"
	"           for the municipality except the named break-glass accounts\n"
	"enable     turn it on again\n"
	"roles: admin, coordinator, home_pedagogue, health_visitor, daycare, leader, evaluator\n";

struct sso_args {
	struct cli_common o;
	const char *verb, *what; /* "saml set" -> verb saml, what set */
	const char *code, *idp_metadata, *entity_id, *cert, *key_file, *p12, *base_url, *cvr;
	const char *issuer, *client_id, *alg, *scopes, *role_claim;
	const char *from, *role;
	int64_t unit;
	bool saml, oidc, local;
	const char *break_glass[MAX_BREAK_GLASS];
	int nbreak;
	/* prepared before the transaction */
	char *metadata_text, *cert_pem, *key_pem, *idp_entity, *secret;
	struct crypto_keys *keys;
	const char *fail;
	char *fail_buf;
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;

	if (!f) {
		fprintf(stderr, "rede: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf_init(&b, FILE_CAP);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (!buf_add(&b, chunk, n)) {
			fprintf(stderr, "rede: %s is too large\n", path);
			fclose(f);
			buf_release(&b);
			return NULL;
		}
	}
	fclose(f);
	return buf_detach(&b, len);
}

/* "https://rede.example.dk" from "https://rede.example.dk/saml/sp" */
static char *origin_of(const char *url)
{
	const char *p = strstr(url, "://");
	const char *slash = p ? strchr(p + 3, '/') : NULL;

	if (!p)
		return NULL;
	return slash ? xstrndup(url, (size_t)(slash - url)) : xstrdup(url);
}

static char *clean_base(const char *url)
{
	size_t n = strlen(url);

	while (n && url[n - 1] == '/')
		n--;
	return xstrndup(url, n);
}

static bool cvr_ok(const char *s)
{
	if (strlen(s) != 8)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static enum rede_err municipality(struct store_conn *c, struct sso_args *a,
				  struct municipality_row *m)
{
	enum rede_err err = store_municipality_by_code(c, a->code, m);

	if (err == REDE_E_NOTFOUND)
		a->fail = "no such municipality";
	return err;
}

/* The base URL: given, or the one configured before, or fallback. */
static char *base_url_for(struct store_conn *c, int64_t mid, const char *given,
			  const char *fallback)
{
	struct sso_saml_config s;
	struct sso_oidc_config o;
	char *out = NULL;

	if (given)
		return clean_base(given);
	if (store_sso_saml_get(c, mid, &s) == REDE_OK) {
		out = xstrdup(s.base_url);
		sso_saml_config_release(&s);
	} else if (store_sso_oidc_get(c, mid, &o) == REDE_OK) {
		out = xstrdup(o.base_url);
		sso_oidc_config_release(&o);
	} else if (fallback) {
		out = origin_of(fallback);
	}
	return out;
}

static enum rede_err saml_set_body(struct store_conn *c, void *p)
{
	struct sso_args *a = p;
	struct municipality_row m;
	struct sso_saml_config cfg = {0}, old;
	const char *why = NULL;
	enum rede_err err = municipality(c, a, &m);

	if (err)
		return err;
	cfg.municipality_id = m.id;
	cfg.base_url = base_url_for(c, m.id, a->base_url, a->entity_id);
	if (!cfg.base_url || !sso_oidc_url_ok(cfg.base_url)) {
		a->fail = "give --base-url https://... (where users reach Rede)";
		err = REDE_E_INVALID;
		goto out;
	}
	cfg.cvr = xstrdup(a->cvr ? a->cvr : "");
	if (!a->cvr && store_sso_saml_get(c, m.id, &old) == REDE_OK) {
		free(cfg.cvr);
		cfg.cvr = xstrdup(old.cvr);
		sso_saml_config_release(&old);
	}
	/* lasso must be able to use it all before it is stored */
	{
		struct sso_saml_sp sp = {m.code,      cfg.base_url, a->entity_id,
					 a->cert_pem, a->key_pem,   a->metadata_text};
		if (sso_saml_sp_check(&sp, &why) != REDE_OK) {
			a->fail = why;
			err = REDE_E_INVALID;
			goto out;
		}
	}
	cfg.idp_entity_id = xstrdup(a->idp_entity);
	cfg.idp_metadata = xstrdup(a->metadata_text);
	cfg.sp_entity_id = xstrdup(a->entity_id);
	cfg.sp_cert = xstrdup(a->cert_pem);
	cfg.sp_key_sealed = crypto_secret_seal(a->keys, a->key_pem);
	cfg.enabled = true;
	cfg.updated_at = rede_now();
	err = store_sso_saml_put(c, &cfg);
	if (!err)
		err = cli_audit(c, m.id, "update", "sso", 0, "cli sso saml set");
	if (!err) {
		printf("saml sign-in set for municipality %s\n", m.code);
		printf("SP metadata: %s/auth/saml/%s/metadata\n", cfg.base_url, m.code);
		if (!cfg.cvr[0])
			printf("note: no --cvr yet; sign-ins are refused until it is set\n");
	}
out:
	sso_saml_config_release(&cfg);
	return err;
}

static enum rede_err oidc_set_body(struct store_conn *c, void *p)
{
	struct sso_args *a = p;
	struct municipality_row m;
	struct sso_oidc_config cfg = {0};
	enum rede_err err = municipality(c, a, &m);

	if (err)
		return err;
	cfg.municipality_id = m.id;
	cfg.base_url = base_url_for(c, m.id, a->base_url, NULL);
	if (!cfg.base_url || !sso_oidc_url_ok(cfg.base_url)) {
		a->fail = "give --base-url https://... (where users reach Rede)";
		err = REDE_E_INVALID;
		goto out;
	}
	cfg.issuer = xstrdup(a->issuer);
	cfg.client_id = xstrdup(a->client_id);
	cfg.client_secret_sealed = crypto_secret_seal(a->keys, a->secret);
	cfg.alg = xstrdup(a->alg);
	cfg.scopes = xstrdup(a->scopes);
	cfg.role_claim = xstrdup(a->role_claim);
	cfg.enabled = true;
	cfg.updated_at = rede_now();
	err = store_sso_oidc_put(c, &cfg);
	if (!err)
		err = cli_audit(c, m.id, "update", "sso", 0, "cli sso oidc set");
	if (!err) {
		printf("oidc sign-in set for municipality %s\n", m.code);
		printf("redirect URI to register: %s/auth/oidc/%s/callback\n", cfg.base_url,
		       m.code);
		printf("post-logout redirect URI: %s/\n", cfg.base_url);
	}
out:
	sso_oidc_config_release(&cfg);
	return err;
}

static enum rede_err map_body(struct store_conn *c, void *p)
{
	struct sso_args *a = p;
	struct municipality_row m;
	struct unit_row unit;
	int64_t n = 0;
	enum rede_err err = municipality(c, a, &m);

	if (err)
		return err;
	if (!strcmp(a->verb, "unmap")) {
		err = store_sso_map_remove(c, m.id, a->from, a->role, &n);
		if (!err)
			err = cli_audit(c, m.id, "delete", "sso_mapping", 0, "cli sso unmap");
		if (!err)
			printf("%lld mapping row(s) removed\n", (long long)n);
		return err;
	}
	if (a->unit) {
		err = store_unit_get(c, m.id, a->unit, &unit);
		if (err == REDE_E_NOTFOUND)
			a->fail = "no such unit in that municipality";
		if (err)
			return err;
	}
	err = store_sso_map_add(c, m.id, a->from, a->role, a->unit);
	if (!err)
		err = cli_audit(c, m.id, "create", "sso_mapping", 0, "cli sso map");
	if (!err)
		printf("mapped to %s%s\n", a->role, a->unit ? " with a unit" : "");
	return err;
}

static int print_map(const struct sso_map_row *r, void *arg)
{
	struct store_conn *c = ((void **)arg)[0];
	int64_t mid = *(int64_t *)((void **)arg)[1];
	struct unit_row unit;

	if (r->unit_id && store_unit_get(c, mid, r->unit_id, &unit) == REDE_OK)
		printf("  %s -> %s, unit %lld (%s)\n", r->source, r->role, (long long)unit.id,
		       unit.name);
	else
		printf("  %s -> %s\n", r->source, r->role);
	return 0;
}

static int print_name(const char *username, void *arg)
{
	int *n = arg;

	printf("%s%s", (*n)++ ? ", " : "", username);
	return 0;
}

static enum rede_err show_body(struct store_conn *c, void *p)
{
	struct sso_args *a = p;
	struct municipality_row m;
	struct sso_saml_config s;
	struct sso_oidc_config o;
	int64_t on = 1;
	int n = 0;
	void *ctx[2];
	enum rede_err err = municipality(c, a, &m);

	if (err)
		return err;
	printf("municipality %s %s\n", m.code, m.name);
	err = store_sso_saml_get(c, m.id, &s);
	if (!err) {
		printf("saml: %s\n", s.enabled ? "on" : "off");
		printf("  sp entity id:  %s\n", s.sp_entity_id);
		printf("  sp metadata:   %s/auth/saml/%s/metadata\n", s.base_url, m.code);
		printf("  acs:           %s/auth/saml/%s/acs\n", s.base_url, m.code);
		printf("  slo:           %s/auth/saml/%s/slo\n", s.base_url, m.code);
		printf("  idp entity id: %s\n", s.idp_entity_id);
		printf("  cvr:           %s\n", s.cvr[0] ? s.cvr : "(not set: sign-ins refused)");
		sso_saml_config_release(&s);
	} else if (err == REDE_E_NOTFOUND) {
		printf("saml: not set up\n");
	} else {
		return err;
	}
	err = store_sso_oidc_get(c, m.id, &o);
	if (!err) {
		printf("oidc: %s\n", o.enabled ? "on" : "off");
		printf("  issuer:        %s\n", o.issuer);
		printf("  client id:     %s\n", o.client_id);
		printf("  redirect uri:  %s/auth/oidc/%s/callback\n", o.base_url, m.code);
		printf("  id token alg:  %s\n", o.alg);
		printf("  scopes:        %s\n", o.scopes);
		printf("  role claim:    %s\n", o.role_claim);
		sso_oidc_config_release(&o);
	} else if (err == REDE_E_NOTFOUND) {
		printf("oidc: not set up\n");
	} else {
		return err;
	}
	err = store_setting_int(c, m.id, "sso.local_login", &on);
	if (err)
		return err;
	printf("local passwords: %s\n", on ? "allowed" : "off");
	printf("break-glass accounts: ");
	err = store_sso_break_glass_each(c, m.id, print_name, &n);
	printf("%s\n", n ? "" : "(none)");
	if (err)
		return err;
	printf("mapping:\n");
	ctx[0] = c;
	ctx[1] = &m.id;
	return store_sso_map_each(c, m.id, print_map, ctx);
}

static enum rede_err switch_body(struct store_conn *c, void *p)
{
	struct sso_args *a = p;
	bool on = !strcmp(a->verb, "enable");
	struct municipality_row m;
	char purpose[48];
	enum rede_err err = municipality(c, a, &m);

	if (err)
		return err;
	if (a->saml || a->oidc) {
		err = store_sso_set_enabled(c, m.id, a->saml ? "saml" : "oidc", on);
		if (err == REDE_E_NOTFOUND)
			a->fail = "that sign-in method is not set up";
	} else {
		err = store_setting_set(c, m.id, "sso.local_login", on ? "1" : "0");
		for (int i = 0; !err && i < a->nbreak; i++) {
			struct user_row u;

			user_row_init(&u);
			err = store_user_by_name(c, m.id, a->break_glass[i], &u);
			if (!err && u.municipality_id != m.id)
				err = REDE_E_NOTFOUND;
			if (err == REDE_E_NOTFOUND) {
				free(a->fail_buf);
				a->fail_buf = xasprintf("no user %s in that municipality",
							a->break_glass[i]);
				a->fail = a->fail_buf;
			}
			if (!err)
				err = store_sso_break_glass_set(c, m.id, u.id, true);
			user_row_release(&u);
		}
	}
	snprintf(purpose, sizeof(purpose), "cli sso %s", a->verb);
	if (!err)
		err = cli_audit(c, m.id, "update", "sso", 0, purpose);
	if (!err)
		printf("%s %s for municipality %s\n",
		       a->saml   ? "saml"
		       : a->oidc ? "oidc"
				 : "local passwords",
		       on ? "enabled" : "disabled", m.code);
	return err;
}

/* Read and check what `saml set` needs, before any transaction. */
static bool saml_prepare(struct sso_args *a)
{
	size_t len = 0;
	char *msg = NULL;
	bool ok = false;

	if (!a->idp_metadata || !a->entity_id || (!a->p12 && (!a->cert || !a->key_file)) ||
	    (a->p12 && (a->cert || a->key_file)))
		return false;
	if (a->cvr && !cvr_ok(a->cvr)) {
		fprintf(stderr, "rede: --cvr must be 8 digits\n");
		return false;
	}
	a->metadata_text = read_file(a->idp_metadata, &len);
	if (!a->metadata_text)
		return false;
	if (sso_saml_idp_check(a->metadata_text, &a->idp_entity, &msg) != REDE_OK)
		goto bad;
	if (a->p12) {
		char *der = read_file(a->p12, &len);
		char *pw = der ? cli_read_password("PKCS#12 password: ", false) : NULL;

		if (der && sso_pkcs12_to_pem(der, len, pw ? pw : "", &a->cert_pem, &a->key_pem,
					     &msg) != REDE_OK) {
			free(der);
			if (pw) {
				sodium_memzero(pw, strlen(pw));
				free(pw);
			}
			goto bad;
		}
		free(der);
		if (pw) {
			sodium_memzero(pw, strlen(pw));
			free(pw);
		}
		if (!a->cert_pem)
			return false;
	} else {
		a->cert_pem = read_file(a->cert, &len);
		a->key_pem = a->cert_pem ? read_file(a->key_file, &len) : NULL;
		if (!a->key_pem)
			return false;
	}
	if (sso_check_key_pair(a->cert_pem, a->key_pem, &msg) != REDE_OK)
		goto bad;
	ok = true;
	return ok;
bad:
	fprintf(stderr, "rede: %s\n", msg ? msg : "invalid input");
	free(msg);
	return false;
}

static bool oidc_prepare(struct sso_args *a)
{
	if (!a->issuer || !a->client_id)
		return false;
	if (!sso_oidc_url_ok(a->issuer)) {
		fprintf(stderr, "rede: --issuer must be an https URL\n");
		return false;
	}
	if (!sso_oidc_alg_ok(a->alg)) {
		fprintf(stderr, "rede: --alg must be one of RS256, RS384, RS512, PS256, PS384, "
				"PS512, ES256, ES384, ES512\n");
		return false;
	}
	a->secret = cli_read_password("Client secret: ", false);
	if (!a->secret || !*a->secret) {
		fprintf(stderr, "rede: no client secret given (write it to stdin)\n");
		return false;
	}
	return true;
}

int cmd_sso(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"municipality", required_argument, NULL, 'm'},
		{"idp-metadata", required_argument, NULL, 'I'},
		{"sp-entity-id", required_argument, NULL, 'E'},
		{"sp-cert", required_argument, NULL, 'C'},
		{"sp-key", required_argument, NULL, 'K'},
		{"sp-p12", required_argument, NULL, 'P'},
		{"base-url", required_argument, NULL, 'B'},
		{"cvr", required_argument, NULL, 'V'},
		{"issuer", required_argument, NULL, 'i'},
		{"client-id", required_argument, NULL, 'c'},
		{"alg", required_argument, NULL, 'a'},
		{"scopes", required_argument, NULL, 's'},
		{"role-claim", required_argument, NULL, 'r'},
		{"from", required_argument, NULL, 'f'},
		{"role", required_argument, NULL, 'R'},
		{"unit", required_argument, NULL, 'U'},
		{"saml", no_argument, NULL, '1'},
		{"oidc", no_argument, NULL, '2'},
		{"local-passwords", no_argument, NULL, '3'},
		{"break-glass", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct sso_args a = {
		.alg = "RS256", .scopes = "openid profile email", .role_claim = "roles"};
	struct store *s = NULL;
	int ch, rc = 1, skip = 2;
	bool sso_started = false;
	enum rede_err err;
	store_tx_fn body = NULL;

	cli_common_init(&a.o);
	if (argc < 2)
		return cli_usage(sso_help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(sso_help, true);
	if (!strcmp(a.verb, "saml") || !strcmp(a.verb, "oidc")) {
		if (argc < 3 || strcmp(argv[2], "set"))
			return cli_usage(sso_help, false);
		a.what = argv[2];
		skip = 3;
	}
	optind = 1;
	while ((ch = getopt_long(argc - skip + 1, argv + skip - 1, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': a.o.db = optarg; break;
		case 'k': a.o.key = optarg; break;
		case 'm': a.code = optarg; break;
		case 'I': a.idp_metadata = optarg; break;
		case 'E': a.entity_id = optarg; break;
		case 'C': a.cert = optarg; break;
		case 'K': a.key_file = optarg; break;
		case 'P': a.p12 = optarg; break;
		case 'B': a.base_url = optarg; break;
		case 'V': a.cvr = optarg; break;
		case 'i': a.issuer = optarg; break;
		case 'c': a.client_id = optarg; break;
		case 'a': a.alg = optarg; break;
		case 's': a.scopes = optarg; break;
		case 'r': a.role_claim = optarg; break;
		case 'f': a.from = optarg; break;
		case 'R': a.role = optarg; break;
		case 'U':
			a.unit = atoll(optarg);
			if (a.unit <= 0)
				return cli_usage(sso_help, false);
			break;
		case '1': a.saml = true; break;
		case '2': a.oidc = true; break;
		case '3': a.local = true; break;
		case 'g':
			if (a.nbreak == MAX_BREAK_GLASS)
				return cli_usage(sso_help, false);
			a.break_glass[a.nbreak++] = optarg;
			break;
		case 'h': return cli_usage(sso_help, true);
		default: return cli_usage(sso_help, false);
		}
	}
	if (optind != argc - skip + 1 || !a.code)
		return cli_usage(sso_help, false);
	if (!strcmp(a.verb, "map") || !strcmp(a.verb, "unmap")) {
		if (!a.from || !*a.from || (!strcmp(a.verb, "map") && !a.role))
			return cli_usage(sso_help, false);
		if (a.role && core_role_parse(a.role) == ROLE__COUNT) {
			fprintf(stderr, "rede: unknown role '%s'\n", a.role);
			return 2;
		}
		body = map_body;
	} else if (!strcmp(a.verb, "show")) {
		body = show_body;
	} else if (!strcmp(a.verb, "disable") || !strcmp(a.verb, "enable")) {
		if (a.saml + a.oidc + a.local != 1 || (a.nbreak && (!a.local || a.verb[0] == 'e')))
			return cli_usage(sso_help, false);
		body = switch_body;
	} else if (!strcmp(a.verb, "saml")) {
		body = saml_set_body;
	} else if (!strcmp(a.verb, "oidc")) {
		body = oidc_set_body;
	} else {
		fprintf(stderr, "rede: unknown sso command '%s'\n", a.verb);
		return 2;
	}
	if (body == saml_set_body || body == oidc_set_body) {
		if (!sso_init())
			return 1;
		sso_started = true;
		if (body == saml_set_body ? !saml_prepare(&a) : !oidc_prepare(&a)) {
			rc = 2;
			goto out;
		}
		a.keys = cli_keys(&a.o);
		if (!a.keys)
			goto out;
	}
	s = cli_open(&a.o, false);
	if (!s)
		goto out;
	err = store_tx_run(s, body == show_body ? STORE_TX_READ : STORE_TX_WRITE, body, &a);
	if (err) {
		fprintf(stderr, "rede: sso %s failed: %s\n", a.verb,
			a.fail ? a.fail : rede_err_name(err));
		goto out;
	}
	rc = 0;
out:
	if (a.key_pem)
		sodium_memzero(a.key_pem, strlen(a.key_pem));
	if (a.secret)
		sodium_memzero(a.secret, strlen(a.secret));
	free(a.key_pem);
	free(a.secret);
	free(a.cert_pem);
	free(a.metadata_text);
	free(a.idp_entity);
	free(a.fail_buf);
	crypto_keys_free(a.keys);
	if (s)
		store_close(s);
	if (sso_started)
		sso_shutdown();
	return rc;
}
