/*
 * planner.c - the COS-P group planner (see core_planner.h).
 *
 * Three passes over one state (which family is in which course):
 *   1. greedy: the most constrained families first (fewest matching
 *      courses, then most ties to other families), each into the matching
 *      course with room, no tied family and the most free places;
 *   2. repair: a family left out may take a place when one family in the
 *      way (a tied one, or any one in a full course) can move to another
 *      course it accepts;
 *   3. exact search: branch and bound over the same order, starting from
 *      the repaired plan as the bar to beat, pruned by an upper bound
 *      (families that could still be placed, and free places left). It
 *      stops after node_budget nodes; finishing proves the plan optimal.
 * Before searching, the most families that could be placed if no one were
 * tied to anyone (a maximum matching of families to free places) is an
 * upper bound; a plan that reaches it is optimal without any search.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/core_planner.h"
#include "rede/util.h"

const char *const plan_slot_names[SLOT__COUNT] = {"morning", "afternoon", "evening"};
const char *const plan_type_names[GTYPE__COUNT] = {"mothers", "couples", "mixed", "individual"};
const char *const plan_slot_labels_da[SLOT__COUNT] = {"formiddag", "eftermiddag", "aften"};
const char *const plan_type_labels_da[GTYPE__COUNT] = {"kun mødre", "par", "blandet",
						       "individuelt forløb"};
const char *const plan_reason_names[PLAN_REASON__COUNT] = {"placed", "no_matching_course",
							   "all_full", "conflict"};

#define DEFAULT_NODE_BUDGET 300000L

struct planner {
	const struct plan_family *fam;
	const struct plan_course *crs;
	size_t n, m;
	unsigned char *conflict; /* n*n */
	int **feasible;          /* per family: matching course indexes */
	int *nfeasible;
	int *order;    /* families, most constrained first */
	int *assign;   /* course index or -1 */
	int *load;     /* families placed per course */
	int **members; /* per course: the families in it (load of them) */
	int *degree;   /* ties per family */
	int placed;
	/* exact search */
	int *best;
	int best_placed;
	long nodes, budget;
	bool aborted;
};

bool core_plan_conflict(const struct plan_family *a, const struct plan_family *b, int64_t *daycare)
{
	*daycare = 0;
	for (size_t i = 0; i < a->ndaycares; i++)
		for (size_t j = 0; j < b->ndaycares; j++)
			if (a->daycares[i] == b->daycares[j]) {
				*daycare = a->daycares[i];
				return true;
			}
	for (size_t i = 0; i < a->nknows; i++)
		if (a->knows[i] == b->id)
			return true;
	for (size_t i = 0; i < b->nknows; i++)
		if (b->knows[i] == a->id)
			return true;
	return false;
}

static bool avoided(const struct plan_family *f, int64_t course_id)
{
	for (size_t i = 0; i < f->navoid; i++)
		if (f->avoid[i] == course_id)
			return true;
	return false;
}

static bool tied(const struct planner *p, int a, int b)
{
	return p->conflict[(size_t)a * p->n + (size_t)b] != 0;
}

/* May family f go into course c now? */
static bool fits(const struct planner *p, int f, int c)
{
	if (p->load[c] >= p->crs[c].capacity)
		return false;
	for (int i = 0; i < p->load[c]; i++)
		if (tied(p, f, p->members[c][i]))
			return false;
	return true;
}

static void put(struct planner *p, int f, int c)
{
	p->assign[f] = c;
	p->members[c][p->load[c]++] = f;
	p->placed++;
}

static void take(struct planner *p, int f)
{
	int c = p->assign[f];

	for (int i = 0; i < p->load[c]; i++)
		if (p->members[c][i] == f) {
			p->members[c][i] = p->members[c][--p->load[c]];
			break;
		}
	p->assign[f] = -1;
	p->placed--;
}

static int by_constraint(const void *a, const void *b, void *ctx)
{
	const struct planner *p = ctx;
	int x = *(const int *)a, y = *(const int *)b;

	if (p->nfeasible[x] != p->nfeasible[y])
		return p->nfeasible[x] - p->nfeasible[y];
	if (p->degree[x] != p->degree[y])
		return p->degree[y] - p->degree[x];
	return p->fam[x].id < p->fam[y].id ? -1 : p->fam[x].id > p->fam[y].id;
}

static void greedy(struct planner *p)
{
	for (size_t k = 0; k < p->n; k++) {
		int f = p->order[k], pick = -1;

		for (int i = 0; i < p->nfeasible[f]; i++) {
			int c = p->feasible[f][i];
			if (fits(p, f, c) &&
			    (pick < 0 || p->crs[c].capacity - p->load[c] >
						 p->crs[pick].capacity - p->load[pick]))
				pick = c;
		}
		if (pick >= 0)
			put(p, f, pick);
	}
}

/* Can g move out of its course into another it accepts, given f will take
 * g's place? */
static int move_target(struct planner *p, int g, int avoid)
{
	for (int i = 0; i < p->nfeasible[g]; i++) {
		int c = p->feasible[g][i];
		if (c != avoid && fits(p, g, c))
			return c;
	}
	return -1;
}

static bool repair_one(struct planner *p, int f)
{
	for (int i = 0; i < p->nfeasible[f]; i++) {
		int c = p->feasible[f][i];

		for (int gi = 0; gi < p->load[c]; gi++) {
			int g = p->members[c][gi], from, to;
			bool blocker;

			/* g is "the one in the way" if it is f's only tie in c,
			 * or c is full and f has no tie in c besides g */
			blocker = true;
			for (int h = 0; h < p->load[c] && blocker; h++)
				if (p->members[c][h] != g && tied(p, f, p->members[c][h]))
					blocker = false;
			if (!blocker || (!tied(p, f, g) && p->load[c] < p->crs[c].capacity))
				continue;
			from = p->assign[g];
			take(p, g);
			to = move_target(p, g, from);
			if (to >= 0 && fits(p, f, c)) {
				put(p, g, to);
				put(p, f, c);
				return true;
			}
			put(p, g, from);
		}
	}
	return false;
}

static void repair(struct planner *p)
{
	bool improved = true;

	for (int pass = 0; pass < 8 && improved; pass++) {
		improved = false;
		for (size_t k = 0; k < p->n; k++) {
			int f = p->order[k];
			if (p->assign[f] < 0 && repair_one(p, f))
				improved = true;
		}
	}
}

/* Upper bound on what depth k onwards can still add. */
static int bound(const struct planner *p, size_t k)
{
	int could = 0, room = 0;

	for (size_t c = 0; c < p->m; c++)
		room += p->crs[c].capacity - p->load[c];
	for (size_t i = k; i < p->n; i++) {
		int f = p->order[i];
		for (int j = 0; j < p->nfeasible[f]; j++)
			if (p->load[p->feasible[f][j]] < p->crs[p->feasible[f][j]].capacity) {
				could++;
				break;
			}
	}
	return could < room ? could : room;
}

static void search(struct planner *p, size_t k)
{
	if (p->aborted)
		return;
	if (++p->nodes > p->budget) {
		p->aborted = true;
		return;
	}
	if (p->placed > p->best_placed) {
		p->best_placed = p->placed;
		memcpy(p->best, p->assign, p->n * sizeof(int));
	}
	if (k == p->n || p->best_placed == (int)p->n)
		return;
	if (p->placed + bound(p, k) <= p->best_placed)
		return;
	int f = p->order[k];
	for (int i = 0; i < p->nfeasible[f]; i++) {
		int c = p->feasible[f][i];
		if (fits(p, f, c)) {
			put(p, f, c);
			search(p, k + 1);
			take(p, f);
			if (p->aborted)
				return;
		}
	}
	search(p, k + 1); /* or leave f out */
}

/* Augmenting path for family f in the family -> course-place matching
 * (conflicts ignored); cap_used counts places taken per course. */
static bool augment(const struct planner *p, int f, int *owner_of_place, int *cap_used,
		    unsigned char *seen)
{
	for (int i = 0; i < p->nfeasible[f]; i++) {
		int c = p->feasible[f][i];
		if (seen[c])
			continue;
		seen[c] = 1;
		if (cap_used[c] < p->crs[c].capacity) {
			owner_of_place[f] = c;
			cap_used[c]++;
			return true;
		}
		/* try to move a family matched to c elsewhere */
		for (size_t g = 0; g < p->n; g++) {
			if (owner_of_place[g] == c &&
			    augment(p, (int)g, owner_of_place, cap_used, seen)) {
				cap_used[c]--; /* g left c (augment counted g's new place) */
				owner_of_place[f] = c;
				cap_used[c]++;
				return true;
			}
		}
	}
	return false;
}

/* The most families placeable if there were no ties at all. */
static int matching_bound(const struct planner *p)
{
	int *owner = xcalloc(p->n + 1, sizeof(int));
	int *used = xcalloc(p->m + 1, sizeof(int));
	unsigned char *seen = xcalloc(p->m + 1, 1);
	int matched = 0;

	for (size_t f = 0; f < p->n; f++)
		owner[f] = -1;
	for (size_t k = 0; k < p->n; k++) {
		memset(seen, 0, p->m + 1);
		matched += augment(p, p->order[k], owner, used, seen);
	}
	free(owner);
	free(used);
	free(seen);
	return matched;
}

static void explain(const struct planner *p, int f, struct plan_outcome *o)
{
	const struct plan_family *fam = &p->fam[f];
	bool room = false;

	memset(o, 0, sizeof(*o));
	o->family_id = fam->id;
	o->matching_courses = p->nfeasible[f];
	if (p->assign[f] >= 0) {
		o->course_id = p->crs[p->assign[f]].id;
		o->reason = PLAN_PLACED;
		return;
	}
	if (!p->nfeasible[f]) {
		o->reason = PLAN_NO_MATCHING_COURSE;
		return;
	}
	for (int i = 0; i < p->nfeasible[f] && !o->conflict_family_id; i++) {
		int c = p->feasible[f][i];
		if (p->load[c] >= p->crs[c].capacity)
			continue;
		room = true;
		for (int k = 0; k < p->load[c]; k++) {
			int g = p->members[c][k];
			if (tied(p, f, g)) {
				o->conflict_family_id = p->fam[g].id;
				core_plan_conflict(fam, &p->fam[g], &o->conflict_daycare_id);
				break;
			}
		}
	}
	o->reason = room ? PLAN_CONFLICT : PLAN_ALL_FULL;
}

void core_plan(const struct plan_family *families, size_t nfam, const struct plan_course *courses,
	       size_t ncourses, long node_budget, struct plan_result *out)
{
	struct planner p = {.fam = families, .crs = courses, .n = nfam, .m = ncourses};

	memset(out, 0, sizeof(*out));
	p.conflict = xcalloc(nfam * nfam + 1, 1);
	p.feasible = xcalloc(nfam + 1, sizeof(int *));
	p.nfeasible = xcalloc(nfam + 1, sizeof(int));
	p.order = xcalloc(nfam + 1, sizeof(int));
	p.assign = xcalloc(nfam + 1, sizeof(int));
	p.best = xcalloc(nfam + 1, sizeof(int));
	p.load = xcalloc(ncourses + 1, sizeof(int));
	p.members = xcalloc(ncourses + 1, sizeof(int *));
	p.degree = xcalloc(nfam + 1, sizeof(int));
	for (size_t c = 0; c < ncourses; c++)
		p.members[c] =
			xcalloc((size_t)(courses[c].capacity > 0 ? courses[c].capacity : 0) + 1,
				sizeof(int));
	p.budget = node_budget > 0 ? node_budget : DEFAULT_NODE_BUDGET;

	for (size_t i = 0; i < nfam; i++) {
		int64_t dc;

		p.assign[i] = -1;
		p.order[i] = (int)i;
		p.feasible[i] = xcalloc(ncourses + 1, sizeof(int));
		for (size_t c = 0; c < ncourses; c++)
			if ((families[i].slots & (1u << courses[c].slot)) &&
			    (families[i].types & (1u << courses[c].type)) &&
			    courses[c].capacity > 0 && !avoided(&families[i], courses[c].id))
				p.feasible[i][p.nfeasible[i]++] = (int)c;
		for (size_t j = 0; j < i; j++)
			if (core_plan_conflict(&families[i], &families[j], &dc)) {
				p.conflict[i * nfam + j] = p.conflict[j * nfam + i] = 1;
				p.degree[i]++;
				p.degree[j]++;
			}
	}
	qsort_r(p.order, nfam, sizeof(int), by_constraint, &p);

	greedy(&p);
	repair(&p);

	/* exact search from an empty plan, with the repaired plan as the bar;
	 * not needed when the plan already reaches the matching bound */
	memcpy(p.best, p.assign, nfam * sizeof(int));
	p.best_placed = p.placed;
	for (size_t i = 0; i < nfam; i++)
		if (p.assign[i] >= 0)
			take(&p, (int)i);
	if (p.best_placed < matching_bound(&p))
		search(&p, 0);
	for (size_t i = 0; i < nfam; i++)
		if (p.assign[i] >= 0)
			take(&p, (int)i);
	for (size_t i = 0; i < nfam; i++)
		if (p.best[i] >= 0)
			put(&p, (int)i, p.best[i]);

	out->outcomes = xcalloc(nfam + 1, sizeof(*out->outcomes));
	out->n = nfam;
	out->placed = p.placed;
	out->proven_optimal = !p.aborted;
	out->nodes = p.nodes;
	for (size_t i = 0; i < nfam; i++)
		explain(&p, (int)i, &out->outcomes[i]);

	for (size_t i = 0; i < nfam; i++)
		free(p.feasible[i]);
	free(p.feasible);
	free(p.nfeasible);
	free(p.conflict);
	free(p.order);
	free(p.assign);
	free(p.best);
	free(p.load);
	for (size_t c = 0; c < ncourses; c++)
		free(p.members[c]);
	free(p.members);
	free(p.degree);
}

void core_plan_result_release(struct plan_result *r)
{
	free(r->outcomes);
	memset(r, 0, sizeof(*r));
}
