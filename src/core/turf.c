/*
 * turf.c
 *	  Balanced, compact turfs from weighted points: the cut as a pipeline of
 *	  stages, each in its own file (turf_internal.h lists what they share).
 *
 * The cut runs in stages, all on the points sorted canonically by
 * (x, y, weight), so the answer depends only on the set of points:
 *
 * 1. Recursive coordinate bisection (turf_bisect.c).  A set that must become k turfs is
 *    split across its bounding box's longer side into two sets that become
 *    p and k - p turfs, p the largest power of two below k (so the p part
 *    splits into halves down to single turfs), at the prefix whose weight is closest to
 *    the proportional share (with unit weights a count: found by selection,
 *    without sorting).  With unit weights this is exact: every turf
 *    gets floor(W/k) or ceil(W/k) doors.  With weights > 1, points at least
 *    as heavy as the mean turf of what is left are first set aside as
 *    turfs of their own (set_aside_buildings), so the houses are cut
 *    evenly into the turfs left.
 *
 * 2. Balance repair (turf_balance.c), needed only with weights > 1 (bisection can then miss
 *    its share by up to half a weight per level).  While the largest turf A
 *    exceeds the smallest by more than the largest weight, one point moves
 *    from A to a neighbouring turf Y (or to the smallest turf) with
 *    size(A) - size(Y) > w: the cheapest such move in added squared distance.
 *    Each move strictly lowers the sum of squared turf sizes, so the loop
 *    ends, with every turf within the largest weight of every other.
 *
 *    Then, still only with weights > 1, unit-weight points move from a
 *    turf to a neighbour with at least 2 doors fewer (diffuse_balance), so
 *    sizes are as even as whole buildings allow, not merely within the
 *    largest weight; and doors pass along chains of neighbouring turfs to
 *    the nearest turf with 2 doors fewer anywhere (even_out).
 *
 * 3. Refinement (turf_refine.c), a size-constrained k-means.  For every pair of neighbouring
 *    turfs (A, B) (each turf's TURF_NEIGHBOURS_CUT = 8 nearest turf centroids,
 *    of which the sweeps before the last re-split with the 4 nearest;
 *    TURF_NEIGHBOURS = 6 from earlier turfs; TURF_NEIGHBOURS_MANY = 16
 *    from TURF_MANY_TURFS turfs up), the points of both
 *    are re-split with the centroids fixed: sorted by how much closer they
 *    are to A's centroid than to B's, the first ones go to A until A has its
 *    old size again (when the two sizes differ by one, either may hold the
 *    extra door, so a door the bisection left across a gap comes back),
 *    which is the optimal split of the pair for squared distance (with weights > 1, points that would overfill A go to B, and
 *    the split is kept only if it lowers the cost and both sizes stay
 *    between the old two, so the balance never worsens).  The two centroids
 *    then move to their new means.  Sweeps repeat while points move (at
 *    most TURF_MAX_SWEEPS).  Every accepted step lowers the weighted sum of
 *    squared distances to the centroids, so it ends; the result is a
 *    balanced k-means local optimum with straight borders between
 *    neighbours, hence compact, non-overlapping turfs.
 *
 * 4. Cycle cancelling (turf_refine.c).  Pairwise re-splits cannot see exchanges around
 *    three or more turfs (a gives a door to b, b to c, c to a), which is
 *    where most of the remaining gap to an exact size-constrained k-means
 *    lies.  With the centroids fixed, negative cycles in the graph of
 *    neighbouring turfs are found and applied (see cancel_cycles); the
 *    centroids then move and stage 3 runs again, for floor(log2(k)) - 2
 *    rounds (at most TURF_MAX_ROUNDS; TURF_MAX_ROUNDS_MANY from
 *    TURF_MANY_TURFS turfs up; fewer above 250,000 points) or until a
 *    round gains less than 0.01%.
 *    This is the size-constrained k-means of Bradley, Bennett and Demiriz
 *    (2000), whose assignment step is a transportation problem, solved here
 *    by cycle cancelling restricted to each turf's nearest turfs.
 *
 * 5. Untangling (turf_untangle.c), only with weights > 1.  A building that would overfill a
 *    turf goes to its neighbour even when it lies on the turf's side of
 *    the line between them, so two neighbouring turfs can interleave and
 *    their convex hulls overlap (a small turf around a building inside the
 *    hull of the houses around it).  Every pair of turfs whose bounding
 *    boxes meet and that no straight line separates is re-split by the straight line, among
 *    TURF_UNTANGLE_DIRS directions, with the least squared distance to the
 *    two new centroids whose sizes stay between the pair's old sizes (see
 *    untangle_pair); two turfs whose hulls overlap are exactly two that no
 *    line separates.  Passes over the pairs repeat, a bounded number of
 *    times, until one re-splits nothing (a re-split can tangle the next
 *    pair; see turf_untangle).
 *
 * 0. A re-cut from earlier turfs (turf_warm.c) replaces stage 1: rows keep
 *    their earlier turf, new doors join the nearest turf (through the
 *    centroid grid of turf_grid.c), and the lightest turfs are dissolved,
 *    or the heaviest bisected, until there are k; stages 2 to 5 follow
 *    with fewer cycle rounds.
 *
 * The canonical sort is below (core/sort_template.h), the selection of
 * the smallest keys in core/sort.c; the turfs' lists, centroids and nearest
 * turfs in turf_grid.c.  turf_cut_from below runs the stages in this order.
 */
#include "turf_internal.h"

/* Canonical order of the input: x, then y, then weight, then input position. */
typedef struct CanonItem
{
	double		x,
				y;
	int64_t		w;
	size_t		pos;
} CanonItem;

/* Whether *p comes before *q in the canonical order. */
static inline int
canon_less(const CanonItem *p, const CanonItem *q)
{
	if (p->x != q->x)
		return p->x < q->x;
	if (p->y != q->y)
		return p->y < q->y;
	if (p->w != q->w)
		return p->w < q->w;
	return p->pos < q->pos;
}

/*
 * canon_sort(a, n, interrupt): the canonical sort, about twice as fast as
 * qsort's callback on these 32-byte items (it is a tenth of a precinct's
 * cut).
 */
#define SORT_NAME canon_sort
#define SORT_TYPE CanonItem
#define SORT_LESS(p, q) canon_less(p, q)
#include "core/sort_template.h"


int64_t
turf_count(int64_t total, int64_t target)
{
	int64_t		k;

	if (target <= 0 || total <= 0)
		return 1;
	/* round(total / target), halves up, without overflow */
	k = total / target;
	if ((total % target) * 2 >= target)
		k++;
	return k < 1 ? 1 : k;
}

TurfStatus
turf_cut(size_t n, const double *x, const double *y, const int64_t *w,
		 int64_t k, int32_t *turf, void (*interrupt) (void), TurfStats *stats,
		 const CoreAlloc *mem)
{
	return turf_cut_from(n, x, y, w, NULL, k, turf, interrupt, stats, mem);
}

const TurfTuning turf_default_tuning = {1, 2};

TurfStatus
turf_cut_from(size_t n, const double *x, const double *y, const int64_t *w,
			  const int64_t *prev, int64_t k, int32_t *turf, void (*interrupt) (void),
			  TurfStats *stats, const CoreAlloc *mem)
{
	return turf_cut_tuned(n, x, y, w, prev, k, turf, interrupt, stats, NULL, mem);
}

/* True if the input can be cut: points, turfs, weights and coordinates in range. */
static int
valid_input(size_t n, const double *x, const double *y, const int64_t *w, int64_t k)
{
	size_t		i;

	if (n == 0 || k < 1 || n > (size_t) INT32_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (w[i] < 1 || w[i] > INT64_MAX / (int64_t) n || !(fabs(x[i]) <= CORE_COORD_MAX) ||
			!(fabs(y[i]) <= CORE_COORD_MAX))
			return 0;
	return 1;
}

/*
 * Sorts the rows canonically (everything after depends only on the set of
 * points) and merges rows at the same point (the units of one building)
 * into one point whose weight is their sum, so they stay in one turf.
 * Fills c->x, c->y, c->w and ord for the m merged points, pos[i] (the row
 * of canonical row i) and grp[i] (its merged point), and mprev (each
 * merged point's earlier turf, the lowest of its rows') when prev is
 * given; returns m.
 */
static size_t
merge_points(Cut *c, size_t n, const double *x, const double *y, const int64_t *w,
			 const int64_t *prev, CanonItem *canon, int32_t *ord, size_t *pos,
			 int32_t *grp, int64_t *mprev)
{
	size_t		i,
				m = 0;

	for (i = 0; i < n; i++)
	{
		canon[i].x = x[i];
		canon[i].y = y[i];
		canon[i].w = w[i];
		canon[i].pos = i;
	}
	check_interrupt(c);
	canon_sort(canon, n, c->interrupt);
	for (i = 0; i < n; i++)
	{
		if ((i & 0xFFFF) == 0xFFFF)
			check_interrupt(c);
		if (m == 0 || canon[i].x != c->x[m - 1] || canon[i].y != c->y[m - 1])
		{
			c->x[m] = canon[i].x;
			c->y[m] = canon[i].y;
			c->w[m] = 0;
			ord[m] = (int32_t) m;
			if (mprev)
				mprev[m] = TURF_NO_PREVIOUS;
			m++;
		}
		c->w[m - 1] += canon[i].w;
		if (mprev && prev[canon[i].pos] != TURF_NO_PREVIOUS &&
			(mprev[m - 1] == TURF_NO_PREVIOUS || prev[canon[i].pos] < mprev[m - 1]))
			mprev[m - 1] = prev[canon[i].pos];
		pos[i] = canon[i].pos;
		grp[i] = (int32_t) (m - 1);
	}
	return m;
}

/* The per-turf arrays of a cut of k turfs; returns 0, or -1 on no memory. */
static int
alloc_turfs(Cut *c, int64_t k)
{
	int			want = k >= TURF_MANY_TURFS ? TURF_NEIGHBOURS_MANY : TURF_NEIGHBOURS_CUT;

	c->k = k;
	c->nnb = k - 1 < want ? (int) (k - 1) : want;
	c->nre = c->nnb;
	c->head = core_alloc(c->mem, (size_t) k, sizeof(int32_t));
	c->size = core_alloc(c->mem, (size_t) k, sizeof(int64_t));
	c->cx = core_alloc(c->mem, (size_t) k, sizeof(double));
	c->cy = core_alloc(c->mem, (size_t) k, sizeof(double));
	c->nb = core_alloc(c->mem, (size_t) k * (size_t) (c->nnb > 0 ? c->nnb : 1), sizeof(int32_t));
	c->changed = core_alloc(c->mem, (size_t) k, sizeof(int32_t));
	if (!c->head || !c->size || !c->cx || !c->cy || !c->nb || !c->changed)
		return -1;
	memset(c->changed, 0, sizeof(int32_t) * (size_t) k);
	c->epoch = 0;
	return 0;
}

/*
 * Stage 1 (or 0, from earlier turfs): the first labels.  With earlier turfs
 * (mprev) the warm start, which also fills num; otherwise buildings set
 * aside and bisection.  Returns 1 if it started from earlier turfs, 0 if
 * not, -1 on no memory.
 */
static int
first_cut(Cut *c, const int64_t *mprev, int64_t *num, int32_t *ord, KeyItem *items,
		  int64_t wmax)
{
	int			warm;
	int64_t		alone = 0;		/* buildings set aside as turfs of their own */

	if (mprev)
	{
		warm = num ? turf_warm_start(c, mprev, c->k, num, ord, items) : -1;
		if (warm != 0)
			return warm < 0 ? -1 : 1;
	}
	/* labels are written by bisect */
	if (wmax > 1)
	{
		memset(c->label, 0, sizeof(int32_t) * c->n);
		alone = turf_set_aside_buildings(c, ord, items, c->n, c->k);
	}
	turf_bisect(c, ord, items, 0, c->n - (size_t) alone, c->k - alone, 0);
	if (alone > 0)
		turf_number_by_first_point(c, ord);
	return 0;
}

/*
 * Stage 2: balance repair, then with weights > 1 sizes evened out between
 * neighbours and along chains of them.  Returns the doors moved, or -1 on
 * no memory.
 */
static int64_t
balance(Cut *c, int64_t wmax, int warm)
{
	int64_t		moves = turf_repair_balance(c, wmax, warm != 0);

	if (moves >= 0 && wmax > 1)
	{
		int64_t		evened;

		moves += turf_diffuse_balance(c, 100);
		evened = turf_even_out(c, 100);
		moves = evened < 0 ? -1 : moves + evened;
	}
	return moves;
}

/*
 * The number of cycle-cancelling rounds of stage 4: floor(log2(k)) - 2 (2
 * for a precinct of 26 turfs), at most TURF_MAX_ROUNDS, TURF_MAX_ROUNDS_MANY
 * from TURF_MANY_TURFS turfs up, and fewer above 250,000 points (a budget
 * of 3M point-rounds, at least 4) so a million points take seconds; a
 * count, not a clock, so the answer stays deterministic.  Cycles matter
 * when there are many turfs: a bisection's long cut lines can then only
 * move through chains of turfs.  With a precinct's few dozen turfs two
 * rounds come within 1.5% of twelve in half the time, and the turfs move
 * less when doors are added (bench/RESULTS.md).  From earlier turfs there
 * are none, which would move turfs far from them: balance repair along
 * paths of neighbouring turfs already lets the balance flow through chains
 * of turfs.
 */
static int
cycle_rounds(const Cut *c, const TurfTuning *tune, int warm)
{
	int			max_rounds = TURF_MAX_ROUNDS,
				round;
	int64_t		t;

	for (t = c->k, round = -tune->rounds_from_log2k; t > 1; t >>= 1)
		round++;
	if (round < max_rounds)
		max_rounds = round > 0 ? round : 0;
	if (c->k >= TURF_MANY_TURFS)
		max_rounds = TURF_MAX_ROUNDS_MANY;
	if (c->n > 250000 && max_rounds > 4 && (size_t) max_rounds > 3000000 / c->n)
		max_rounds = (int) (3000000 / c->n) > 4 ? (int) (3000000 / c->n) : 4;
	if (!tune->refine || warm)
		max_rounds = 0;
	return max_rounds;
}

/*
 * Stages 3 and 4: refinement, then rounds of cycle cancelling each followed
 * by refinement, until a round gains less than TURF_MIN_GAIN; then a last
 * refinement that looks at every pair of neighbours afresh, so each pair
 * is split by a line at the end, whatever changed last.  Returns the
 * refinement sweeps, or -1 on no memory.
 */
static int
refine_rounds(Cut *c, KeyItem *items, const TurfTuning *tune, int warm)
{
	int			sweeps,
				max_rounds = cycle_rounds(c, tune, warm),
				round;
	double		cost;
	int64_t		t;

	/* below TURF_MANY_TURFS, from scratch: sweeps with the nearest neighbours only */
	if (!warm && c->k < TURF_MANY_TURFS && c->nnb > TURF_REFINE_NEIGHBOURS)
		c->nre = TURF_REFINE_NEIGHBOURS;
	sweeps = tune->refine ? turf_refine(c, items, TURF_MAX_SWEEPS) : 0;
	cost = turf_total_cost(c);

	for (round = 0; sweeps >= 0 && round < max_rounds; round++)
	{
		int64_t		cycles = turf_cancel_cycles(c);
		int			more;
		double		before = cost;

		if (cycles < 0)
			sweeps = -1;
		if (cycles <= 0)
			break;
		for (t = 0; t < c->k; t++)
			if (c->changed[t] == c->epoch)
				turf_update(c, (int32_t) t);
		more = turf_refine(c, items, TURF_MAX_SWEEPS);
		sweeps = more < 0 ? -1 : sweeps + more;
		cost = turf_total_cost(c);
		if (cost > before * (1.0 - TURF_MIN_GAIN))
			break;
	}
	if (sweeps >= 0 && tune->refine)
	{
		int			more;

		c->nre = c->nnb;
		for (t = 0; t < c->k; t++)
			c->changed[t] = c->epoch;
		more = turf_refine(c, items, TURF_MAX_SWEEPS);
		sweeps = more < 0 ? -1 : sweeps + more;
	}
	c->nre = c->nnb;
	return sweeps;
}

/*
 * Writes each row's turf number.  From earlier turfs, turfs keep their
 * earlier numbers where those lie in 1..k and the others take the unused
 * numbers in order (num[] then holds each turf's number); otherwise turfs
 * are numbered 1..k as cut.  Returns 0, or -1 on no memory.
 */
static int
write_numbers(const Cut *c, size_t n, const size_t *pos, const int32_t *grp, int64_t *num,
			  int warm, int32_t *turf)
{
	size_t		i;
	int64_t		t,
				next = 1;
	char	   *taken;

	if (!warm)
	{
		for (i = 0; i < n; i++)
			turf[pos[i]] = c->label[grp[i]] + 1;
		return 0;
	}
	taken = core_alloc(c->mem, (size_t) c->k + 1, sizeof(char));
	if (!taken)
		return -1;
	memset(taken, 0, (size_t) c->k + 1);
	for (t = 0; t < c->k; t++)
		if (num[t] >= 1 && num[t] <= c->k)
			taken[num[t]] = 1;
		else
			num[t] = 0;
	for (t = 0; t < c->k; t++)
		if (num[t] == 0)
		{
			while (taken[next])
				next++;
			num[t] = next;
			taken[next] = 1;
		}
	core_free(c->mem, taken);
	for (i = 0; i < n; i++)
		turf[pos[i]] = (int32_t) num[c->label[grp[i]]];
	return 0;
}

/* The figures of a finished cut, for tests and benchmarks. */
static void
fill_stats(const Cut *c, TurfStats *stats, int64_t wmax, int sweeps, int64_t moves)
{
	int64_t		t;

	stats->turfs = c->k;
	stats->min_size = c->size[0];
	stats->max_size = c->size[0];
	for (t = 1; t < c->k; t++)
	{
		if (c->size[t] < stats->min_size)
			stats->min_size = c->size[t];
		if (c->size[t] > stats->max_size)
			stats->max_size = c->size[t];
	}
	stats->cost = turf_total_cost(c);
	stats->max_weight = wmax;
	stats->sweeps = sweeps;
	stats->repair_moves = moves;
}

/*
 * The cut: the stages in order (see the header comment of this file).  Every
 * array is allocated up front or by a stage; a stage that cannot get memory
 * returns -1 and the cut TURF_NO_MEMORY, having released everything.
 */
TurfStatus
turf_cut_tuned(size_t n, const double *x, const double *y, const int64_t *w,
			   const int64_t *prev, int64_t k, int32_t *turf, void (*interrupt) (void),
			   TurfStats *stats, const TurfTuning *tuning, const CoreAlloc *mem)
{
	const TurfTuning *tune = tuning ? tuning : &turf_default_tuning;
	Cut			c;
	CanonItem  *canon = NULL;
	int32_t    *ord = NULL;
	KeyItem    *items = NULL;
	size_t	   *pos = NULL;
	int32_t    *grp = NULL;		/* merged point of each canonical row */
	int64_t    *mprev = NULL;	/* earlier turf of each merged point */
	int64_t    *num = NULL;		/* earlier number of each turf, 0 if new */
	int			warm = 0,
				sweeps = 0;
	size_t		i;
	int64_t		wmax = 0,
				moves = 0;
	TurfStatus	status = TURF_NO_MEMORY;

	if (!valid_input(n, x, y, w, k))
		return TURF_BAD_INPUT;
	memset(&c, 0, sizeof(c));
	c.interrupt = interrupt;
	c.mem = mem;
	canon = core_alloc(c.mem, n, sizeof(CanonItem));
	grp = core_alloc(c.mem, n, sizeof(int32_t));
	c.x = core_alloc(c.mem, n, sizeof(double));
	c.y = core_alloc(c.mem, n, sizeof(double));
	c.w = core_alloc(c.mem, n, sizeof(int64_t));
	c.label = core_alloc(c.mem, n, sizeof(int32_t));
	c.next = core_alloc(c.mem, n, sizeof(int32_t));
	ord = core_alloc(c.mem, n, sizeof(int32_t));
	items = core_alloc(c.mem, n, sizeof(KeyItem));
	pos = core_alloc(c.mem, n, sizeof(size_t));
	if (prev)
		mprev = core_alloc(c.mem, n, sizeof(int64_t));
	if (!canon || !grp || !c.x || !c.y || !c.w || !c.label || !c.next ||
		!ord || !items || !pos || (prev && !mprev))
		goto done;

	c.n = merge_points(&c, n, x, y, w, prev, canon, ord, pos, grp, mprev);
	core_free(c.mem, canon);
	canon = NULL;
	for (i = 0; i < c.n; i++)
		if (c.w[i] > wmax)
			wmax = c.w[i];
	if (alloc_turfs(&c, k > (int64_t) c.n ? (int64_t) c.n : k) != 0)
		goto done;
	if (mprev)
		num = core_alloc(c.mem, (size_t) (2 * c.k + 1), sizeof(int64_t));
	warm = first_cut(&c, mprev, num, ord, items, wmax);
	if (warm < 0)
		goto done;
	/* from earlier turfs, fewer neighbours: the re-cut moves fewer doors */
	if (warm && c.k < TURF_MANY_TURFS && c.nnb > TURF_NEIGHBOURS)
		c.nnb = c.nre = TURF_NEIGHBOURS;
	turf_rebuild(&c);

	if (c.k > 1)
	{
		if (turf_find_neighbours(&c) != 0)
			goto done;
		moves = balance(&c, wmax, warm);
		if (moves < 0)
			goto done;
		sweeps = refine_rounds(&c, items, tune, warm);
		/* weighted: no two neighbours left interleaved (stage 5) */
		if (sweeps >= 0 && wmax > 1 && turf_untangle(&c, items, wmax) < 0)
			sweeps = -1;
		if (sweeps < 0)
			goto done;
	}
	if (write_numbers(&c, n, pos, grp, num, warm, turf) != 0)
		goto done;
	if (stats)
		fill_stats(&c, stats, wmax, sweeps, moves);
	status = TURF_OK;

done:
	core_free(c.mem, canon);
	core_free(c.mem, c.x);
	core_free(c.mem, c.y);
	core_free(c.mem, c.w);
	core_free(c.mem, c.label);
	core_free(c.mem, c.next);
	core_free(c.mem, c.head);
	core_free(c.mem, c.size);
	core_free(c.mem, c.cx);
	core_free(c.mem, c.cy);
	core_free(c.mem, c.nb);
	core_free(c.mem, c.changed);
	core_free(c.mem, ord);
	core_free(c.mem, items);
	core_free(c.mem, pos);
	core_free(c.mem, grp);
	core_free(c.mem, mprev);
	core_free(c.mem, num);
	return status;
}
