/*
 * cmd_demo.c - `rede demo`: fill a database with SYNTHETIC demo data, so a
 * newcomer can sign in and click around. Nothing here is a real person.
 *
 * Creates the demo municipality (code 0999, not an official code) with its
 * units and one user per role, plus a second demo municipality with its own
 * admin, so tenancy can be seen. Every demo user has the password
 * DEMO_PASSWORD, which is printed: this data must never be used for real
 * work. Running it again on a database that has the demo municipality does
 * nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "demo/demo_cosp.h"
#include "demo/demo_courses.h"
#include "demo/demo_reports.h"
#include "demo/demo_scale.h"
#include "demo/demo_sparring.h"
#include "demo/demo_visits.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/tenancy.h"
#include "store/users.h"

#define DEMO_CODE "0999"
#define DEMO_NAME "Demo Kommune (syntetiske data)"
#define DEMO_OTHER_CODE "0998"
#define DEMO_OTHER_NAME "Nabo Demo Kommune (syntetiske data)"
#define DEMO_PASSWORD "rede-demo-2026"

static const struct demo_unit {
	const char *kind, *name;
} demo_units[] = {
	{"health_visiting", "Sundhedsplejen"},      {"daycare", "Børnehuset Solsikken"},
	{"daycare", "Vuggestuen Mælkebøtten"},      {"administration", "Dagtilbudsforvaltningen"},
	{"family_department", "Familieafdelingen"}, {"ppr", "PPR"},
};

/* unit: index into demo_units, or -1 */
static const struct demo_user {
	const char *username, *name, *roles;
	int unit;
	int64_t hourly_cost_ore;
} demo_users[] = {
	{"admin", "Anna Admin", "admin", 3, 45000},
	{"koordinator", "Karen Koordinator", "coordinator", 3, 48000},
	{"hjemmepaedagog", "Hanne Hjemmepædagog", "home_pedagogue", 3, 42000},
	{"sundhedsplejerske", "Sofie Sundhedsplejerske", "health_visitor", 0, 46000},
	{"dagtilbud", "Dorthe Dagtilbud", "daycare", 1, 40000},
	{"leder", "Lars Leder", "leader", 3, 55000},
	{"evaluator", "Erik Evaluator", "evaluator", -1, 50000},
};

struct demo_args {
	char *hash;
	bool existed;
	const struct crypto_keys *keys;
	uint64_t seed;
	int scale;
	int families;
	/* for --scale (demo_scale.c): the demo municipality, its administration
	 * unit, and the koordinator, hjemmepaedagog and sundhedsplejerske ids */
	int64_t mid, admin_unit, staff[3];
};

/* The synthetic home-pedagogue cases (demo_courses.c), for the demo users. */
static enum rede_err add_cases(struct store_conn *c, struct demo_args *a, int64_t mid,
			       const int64_t *unit_ids)
{
	static const char *const who[] = {"koordinator", "hjemmepaedagog", "sundhedsplejerske"};
	int64_t ids[3];
	struct demo_course_opts o = {0};
	enum rede_err err = REDE_OK;

	for (int i = 0; i < 3 && !err; i++) {
		struct user_row u;

		user_row_init(&u);
		err = store_user_by_name(c, mid, who[i], &u);
		ids[i] = u.id;
		a->staff[i] = u.id;
		user_row_release(&u);
	}
	if (err)
		return err;
	o.municipality_id = mid;
	o.unit_id = unit_ids[3];
	a->mid = mid;
	a->admin_unit = unit_ids[3];
	o.coordinator_id = ids[0];
	o.pedagogue_id = ids[1];
	o.referrer_id = ids[2];
	o.keys = a->keys;
	o.seed = a->seed;
	o.scale = a->scale;
	err = demo_courses(c, &o, &a->families);
	if (!err)
		err = demo_visits(c, &o, unit_ids[0], &a->families);
	return err;
}

static enum rede_err add_user(struct store_conn *c, int64_t mid, const struct demo_user *d,
			      const int64_t *unit_ids, const char *hash)
{
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	u.municipality_id = mid;
	u.username = xstrdup(d->username);
	u.display_name = xstrdup(d->name);
	u.password_hash = xstrdup(hash);
	u.hourly_cost_ore = d->hourly_cost_ore;
	core_roles_parse_list(d->roles, &u.roles);
	if (d->unit >= 0)
		u.unit_ids[u.nunits++] = unit_ids[d->unit];
	/* the demo logins are plain names, unless the database has them already */
	err = store_user_plain_free(c, u.username, &u.plain_sign_in);
	if (!err)
		err = store_user_insert(c, &u);
	if (!err)
		err = cli_audit(c, mid, "create", "user", u.id, "cli demo");
	user_row_release(&u);
	return err;
}

static enum rede_err demo_body(struct store_conn *c, void *p)
{
	struct demo_args *a = p;
	struct municipality_row m;
	int64_t mid, other, unit_ids[sizeof(demo_units) / sizeof(demo_units[0])];
	int cosp_families = 0;
	enum rede_err err;

	a->existed = false;
	err = store_municipality_by_code(c, DEMO_CODE, &m);
	if (err == REDE_OK) {
		a->existed = true;
		return REDE_OK;
	}
	if (err != REDE_E_NOTFOUND)
		return err;
	err = store_municipality_add(c, DEMO_CODE, DEMO_NAME, &mid);
	for (size_t i = 0; !err && i < sizeof(demo_units) / sizeof(demo_units[0]); i++)
		err = store_unit_add(c, mid, demo_units[i].kind, demo_units[i].name, &unit_ids[i]);
	for (size_t i = 0; !err && i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
		err = add_user(c, mid, &demo_users[i], unit_ids, a->hash);
	if (!err)
		err = add_cases(c, a, mid, unit_ids);
	if (!err) /* COS-P and daycare cooperation (demo_cosp.c) */
		err = demo_cosp_for_demo_users(c, mid, unit_ids[3], unit_ids[1], unit_ids[2],
					       a->seed, a->scale, &cosp_families);
	if (!err) { /* report settings and typology practices (demo_reports.c) */
		struct user_row u;
		user_row_init(&u);
		err = store_user_by_name(c, mid, "leder", &u);
		if (!err)
			err = demo_reports(c, mid, u.id);
		user_row_release(&u);
	}
	if (!err) { /* faglig sparring and training (src/demo/demo_sparring.c) */
		static const char *const who[] = {"hjemmepaedagog", "sundhedsplejerske",
						  "koordinator", "leder"};
		int64_t ids[4] = {0};
		struct demo_sparring_staff st;

		for (int i = 0; !err && i < 4; i++) {
			struct user_row u;
			user_row_init(&u);
			err = store_user_by_name(c, mid, who[i], &u);
			ids[i] = u.id;
			user_row_release(&u);
		}
		st.pedagogue = ids[0];
		st.health_visitor = ids[1];
		st.coordinator = ids[2];
		st.leader = ids[3];
		if (!err)
			err = demo_sparring(c, mid, &st);
	}
	if (err)
		return err;
	a->families += cosp_families;
	err = store_municipality_add(c, DEMO_OTHER_CODE, DEMO_OTHER_NAME, &other);
	if (!err) {
		static const struct demo_user other_admin = {"nabo-admin", "Niels Nabo-Admin",
							     "admin", -1, 45000};
		err = add_user(c, other, &other_admin, NULL, a->hash);
	}
	if (!err)
		err = cli_audit(c, mid, "create", "demo", 0, "cli demo");
	return err;
}

static const char demo_help[] =
	"usage: rede demo [--db PATH|URL] [--scale N|national] [--seed S]\n"
	"\n"
	"Fill the database with SYNTHETIC demo data: the demo municipality " DEMO_CODE "\n"
	"with units and one user per role, and a second municipality " DEMO_OTHER_CODE "\n"
	"with its own admin. All demo users have the password " DEMO_PASSWORD ".\n"
	"Without --scale it adds one set of synthetic cases of every programme:\n"
	"home-pedagogue referrals and courses in each state (pending, rejected,\n"
	"wait-listed, planned, week 5, week 35, closed), 1½- and 3-year visits\n"
	"(children due, offers in every state, visits, toy boxes, materials), COS-P\n"
	"groups with offers and attendance, handovers, consultant visits, a family\n"
	"group with daily scores, a programme round and typology assessments.\n"
	"--scale N adds a municipality's four years of synthetic cases (home-pedagogue\n"
	"courses, the 1½- and 3-year visits, COS-P courses with offers, attendance and\n"
	"ratings, handovers, family groups with daily scores, consultant visits) to the\n"
	"demo municipality: N = 1 is a mid-size municipality (~2,550 families, ~50,000\n"
	"contacts); fractions are allowed (0.01 for tests). --scale national adds 97\n"
	"more synthetic municipalities (codes 9001-9097): ~250,000 children and ~5\n"
	"million contacts. --seed S (default 1) fixes the generated names and CPR\n"
	"numbers. A progress bar goes to stderr.\n";

static void print_logins(void)
{
	printf("Demo logins (synthetic data; password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
		printf("  %-20s %s\n", demo_users[i].username, demo_users[i].roles);
	printf("  %-20s %s (other municipality)\n", "nabo-admin", "admin");
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},   {"scale", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
		{"logins", no_argument, NULL, 'l'},     {NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct demo_args a = {.seed = 1, .scale = 1};
	struct demo_scale_opts so = {0};
	struct demo_scale_stats ss;
	bool scaled = false;
	char *end = NULL;
	struct crypto_keys *keys = NULL;
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'n':
			scaled = true;
			if (!strcmp(optarg, "national")) {
				so.national = true;
				break;
			}
			so.scale = strtod(optarg, &end);
			if (end == optarg || *end || !(so.scale > 0) || so.scale > 1000)
				return cli_usage(demo_help, false);
			break;
		case 's': a.seed = strtoull(optarg, NULL, 10); break;
		case 'l': print_logins(); return 0;
		case 'h': return cli_usage(demo_help, true);
		default: return cli_usage(demo_help, false);
		}
	}
	if (optind != argc)
		return cli_usage(demo_help, false);
	s = cli_open(&o, false);
	if (!s)
		return 1;
	keys = cli_keys(&o);
	if (!keys)
		goto out;
	a.keys = keys;
	a.hash = crypto_password_hash(DEMO_PASSWORD);
	if (!a.hash)
		goto out;
	err = store_tx_run(s, STORE_TX_WRITE, demo_body, &a);
	if (err) {
		fprintf(stderr, "rede: demo failed: %s\n", rede_err_name(err));
		goto out;
	}
	if (a.existed) {
		printf("demo data already present\n");
	} else {
		printf("demo data created (SYNTHETIC - no real persons): %d families\n",
		       a.families);
		if (scaled) {
			so.seed = a.seed;
			so.keys = keys;
			so.password_hash = a.hash;
			so.municipality_id = a.mid;
			so.admin_unit_id = a.admin_unit;
			so.coordinator_id = a.staff[0];
			so.pedagogue_id = a.staff[1];
			so.referrer_id = a.staff[2];
			err = demo_scale_run(s, &so, &ss);
			if (err) {
				fprintf(stderr, "rede: demo --scale failed: %s\n",
					rede_err_name(err));
				goto out;
			}
			printf("scaled demo data (SYNTHETIC): %lld municipalities, %lld families, "
			       "%lld persons, %lld courses, %lld goals, %lld ratings, %lld contacts, "
			       "%lld users, %lld visit offers, %lld visits in %.1f s (CPR encryption "
			       "and hashing %.1f s)\n",
			       (long long)ss.municipalities, (long long)ss.families,
			       (long long)ss.persons, (long long)ss.courses, (long long)ss.goals,
			       (long long)ss.ratings, (long long)ss.contacts, (long long)ss.users,
			       (long long)ss.hv_offers, (long long)ss.hv_visits, ss.seconds,
			       ss.crypto_seconds);
			printf("  COS-P and daycare (SYNTHETIC): %lld trained staff, %lld courses, "
			       "%lld offers, %lld accepted, %lld placed, %lld started, %lld completed; "
			       "%lld handovers; %lld family groups, %lld members, %lld daily scores; "
			       "%lld consultant visits in %.1f s\n",
			       (long long)ss.cosp_trained, (long long)ss.cosp_courses,
			       (long long)ss.cosp_offers, (long long)ss.cosp_accepted,
			       (long long)ss.cosp_placed, (long long)ss.cosp_started,
			       (long long)ss.cosp_completed, (long long)ss.handovers,
			       (long long)ss.fgroups, (long long)ss.fgroup_members,
			       (long long)ss.daycare_scores, (long long)ss.consult_visits,
			       ss.cosp_seconds);
		}
	}
	print_logins();
	rc = 0;
out:
	crypto_keys_free(keys);
	free(a.hash);
	store_close(s);
	return rc;
}
