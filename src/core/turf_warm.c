/*
 * turf_warm.c
 *	  The warm start of a re-cut (turf.c): the turfs of an earlier cut,
 *	  with new doors joined, and turfs dissolved or bisected until there are k.
 */
#include "turf_internal.h"

/* Orders 64-bit integers. */
static int
cmp_int64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

/*
 * Centroids of each of g labelled groups into gx, gy, their weights into
 * gw (a group without points keeps weight 0 and no centroid); points
 * labelled -1 take no part.
 */
static void
group_centroids(const Cut *c, int64_t g, double *gw, double *gx, double *gy)
{
	size_t		p;
	int64_t		t;

	for (t = 0; t < g; t++)
		gw[t] = gx[t] = gy[t] = 0.0;
	for (p = 0; p < c->n; p++)
	{
		int32_t		l = c->label[p];

		if (l < 0)
			continue;
		gw[l] += (double) c->w[p];
		gx[l] += (double) c->w[p] * c->x[p];
		gy[l] += (double) c->w[p] * c->y[p];
	}
	for (t = 0; t < g; t++)
		if (gw[t] > 0.0)
		{
			gx[t] /= gw[t];
			gy[t] /= gw[t];
		}
}

/*
 * Gives every point whose group is not kept (label -1, or keep[label] 0) the
 * kept group of g whose centroid (gx, gy, taken before any point moves) is
 * nearest, the lower on a tie.  A grid over the kept centroids makes each
 * search about constant time.  Returns 0, or -1 on no memory.
 */
static int
join_nearest(Cut *c, int64_t g, const char *keep, const double *gw, const double *gx, const double *gy)
{
	int32_t    *kept = core_alloc(c->mem, (size_t) g + 1, sizeof(int32_t));
	int64_t		nk = 0,
				t;
	size_t		p;
	Grid		gr;

	if (!kept)
		return -1;
	for (t = 0; t < g; t++)
		if (gw[t] > 0.0 && (!keep || keep[t]))
			kept[nk++] = (int32_t) t;
	if (grid_build(&gr, gx, gy, kept, nk, GRID_SQUARED, c->interrupt, c->mem) != 0)
	{
		grid_free(&gr);
		core_free(c->mem, kept);
		return -1;
	}
	for (p = 0; p < c->n; p++)
	{
		int32_t		l = c->label[p];
		double		d;

		if ((p & 1023) == 0)
			check_interrupt(c);
		if (l < 0 || (keep && !keep[l]))
			(void) grid_nearest(&gr, c->x[p], c->y[p], -1, 1, &c->label[p], &d);
	}
	grid_free(&gr);
	core_free(c->mem, kept);
	return 0;
}

/* A group and its weight, ordered lightest first (the lower group on a tie). */
typedef struct GroupWeight
{
	double		w;
	int32_t		t;
} GroupWeight;

static int
cmp_group_weight(const void *a, const void *b)
{
	const GroupWeight *x = a,
			   *y = b;

	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	return (x->t > y->t) - (x->t < y->t);
}

/*
 * Dissolves groups until there are k: in rounds, the lightest groups (the
 * lower on a tie) are dissolved, skipping any among the 6 nearest of one
 * already dissolved in the round, so that the points of neighbouring groups
 * do not all pile onto the same few (when one group too many, the lightest
 * alone, as one at a time would); their points join the nearest remaining
 * centroid; the remaining groups are renumbered in their order, num[] with
 * them.  Returns 0, or -1 on no memory.
 */
static int
dissolve_lightest(Cut *c, int64_t g, int64_t k, int64_t *num, double *gw, double *gx, double *gy)
{
	GroupWeight *order = core_alloc(c->mem, (size_t) g, sizeof(GroupWeight));
	char	   *keep = core_alloc(c->mem, (size_t) g, sizeof(char)),
			   *blocked = core_alloc(c->mem, (size_t) g, sizeof(char));
	int32_t    *renum = core_alloc(c->mem, (size_t) g, sizeof(int32_t));
	int			result = -1;

	if (!order || !keep || !blocked || !renum)
		goto out;
	while (g > k)
	{
		int64_t		t,
					chosen = 0,
					next = 0;
		size_t		p;
		Grid		gr;

		check_interrupt(c);
		group_centroids(c, g, gw, gx, gy);
		if (grid_build(&gr, gx, gy, NULL, g, GRID_SQUARED, c->interrupt, c->mem) != 0)
		{
			grid_free(&gr);
			goto out;
		}
		for (t = 0; t < g; t++)
		{
			order[t].w = gw[t];
			order[t].t = (int32_t) t;
			keep[t] = 1;
			blocked[t] = 0;
		}
		qsort(order, (size_t) g, sizeof(GroupWeight), cmp_group_weight);
		for (t = 0; t < g && chosen < g - k; t++)
		{
			int32_t		u = order[t].t,
						near[TURF_NEIGHBOURS];
			double		d[TURF_NEIGHBOURS];
			int			j,
						have;

			if (blocked[u])
				continue;
			keep[u] = 0;
			chosen++;
			have = grid_nearest(&gr, gx[u], gy[u], u, TURF_NEIGHBOURS, near, d);
			for (j = 0; j < have; j++)
				blocked[near[j]] = 1;
		}
		grid_free(&gr);
		if (join_nearest(c, g, keep, gw, gx, gy) != 0)
			goto out;
		for (t = 0; t < g; t++)
			if (keep[t])
			{
				renum[t] = (int32_t) next;
				num[next++] = num[t];
			}
		for (p = 0; p < c->n; p++)
			c->label[p] = renum[c->label[p]];
		g = next;
	}
	result = 0;
out:
	core_free(c->mem, order);
	core_free(c->mem, keep);
	core_free(c->mem, blocked);
	core_free(c->mem, renum);
	return result;
}

/*
 * Bisects the heaviest group of two or more points (the lower on a tie) in
 * two, the second half becoming group g, g + 1, ... until there are k.  The
 * points are sorted by group into ord once; each bisection splits its
 * group's run of ord in place, so the halves stay runs.  Returns 0, or -1 on
 * no memory.
 */
static int
bisect_heaviest(Cut *c, int64_t g, int64_t k, int64_t *num, int32_t *ord, KeyItem *items)
{
	size_t	   *start = core_alloc(c->mem, (size_t) k + 1, sizeof(size_t)),
			   *end = core_alloc(c->mem, (size_t) k + 1, sizeof(size_t));
	int64_t    *w = core_alloc(c->mem, (size_t) k + 1, sizeof(int64_t));
	SizeHeap	heap = {0};
	size_t		p;
	int64_t		t;
	int			result = -1;

	if (!start || !end || !w || turf_size_heap_init(&heap, k + 1, w, 1, c->mem) != 0)
		goto out;
	/* runs of ord by group, points in their order within each run */
	for (t = 0; t <= k; t++)
	{
		start[t] = 0;
		w[t] = 0;
	}
	for (p = 0; p < c->n; p++)
	{
		start[c->label[p] + 1]++;
		w[c->label[p]] += c->w[p];
	}
	for (t = 0; t < g; t++)
		start[t + 1] += start[t];
	for (t = 0; t < g; t++)
		end[t] = start[t];
	for (p = 0; p < c->n; p++)
		ord[end[c->label[p]]++] = (int32_t) p;
	for (t = 0; t < g; t++)
		if (end[t] - start[t] >= 2)
			turf_size_heap_push(&heap, (int32_t) t);
	while (g < k && heap.m > 0)
	{
		int32_t		big = turf_size_heap_pop(&heap);
		size_t		lo = start[big],
					hi = end[big],
					cut = lo;

		check_interrupt(c);
		turf_bisect(c, ord, items, lo, hi, 2, 0);
		/* bisect leaves the first half's points (label 0) first in the run */
		while (cut < hi && c->label[ord[cut]] == 0)
			cut++;
		w[big] = w[g] = 0;
		for (p = lo; p < hi; p++)
		{
			int32_t		half = p < cut ? big : (int32_t) g;

			c->label[ord[p]] = half;
			w[half] += c->w[ord[p]];
		}
		end[big] = cut;
		start[g] = cut;
		end[g] = hi;
		num[g] = 0;
		if (cut - lo >= 2)
			turf_size_heap_push(&heap, big);
		if (hi - cut >= 2)
			turf_size_heap_push(&heap, (int32_t) g);
		g++;
	}
	result = 0;
out:
	core_free(c->mem, start);
	core_free(c->mem, end);
	core_free(c->mem, w);
	turf_size_heap_free(&heap);
	return result;
}

/*
 * Warm start (turf_cut_from): labels from an earlier cut instead of the
 * bisection.  prev[p] is point p's earlier turf number or TURF_NO_PREVIOUS.
 * The distinct earlier numbers, ascending, become groups 0..g-1 (num[] keeps
 * each group's number, 0 for a new group); new points join the group with
 * the nearest centroid; then, if there are more than k groups, the lightest
 * are dissolved into the nearest other centroids (dissolve_lightest); while there are
 * fewer, the heaviest group of two or more points is bisected in two.  Each
 * step is O(n log n) whatever g and k.  Returns 1 with c->label set, 0 if
 * there is no earlier turf or more than 2k of them (the caller then bisects
 * from scratch), -1 on no memory.
 */
int
turf_warm_start(Cut *c, const int64_t *prev, int64_t k, int64_t *num, int32_t *ord, KeyItem *items)
{
	size_t		p,
				nv = 0,
				i;
	int64_t		g = 0,
				t;
	int64_t    *vals = core_alloc(c->mem, c->n, sizeof(int64_t));
	double	   *gw = core_alloc(c->mem, (size_t) (2 * k + 1), sizeof(double)),
			   *gx = core_alloc(c->mem, (size_t) (2 * k + 1), sizeof(double)),
			   *gy = core_alloc(c->mem, (size_t) (2 * k + 1), sizeof(double));
	int			result = 1;

	if (!vals || !gw || !gx || !gy)
	{
		result = -1;
		goto out;
	}
	for (p = 0; p < c->n; p++)
		if (prev[p] != TURF_NO_PREVIOUS)
			vals[nv++] = prev[p];
	qsort(vals, nv, sizeof(int64_t), cmp_int64);
	for (i = 0; i < nv; i++)
		if (g == 0 || vals[i] != vals[g - 1])
		{
			if (g == 2 * k)
			{
				result = 0;		/* too many earlier turfs to start from */
				goto out;
			}
			vals[g++] = vals[i];
		}
	if (g == 0)
	{
		result = 0;
		goto out;
	}
	for (t = 0; t < g; t++)
		num[t] = vals[t];
	for (p = 0; p < c->n; p++)
	{
		c->label[p] = -1;
		if (prev[p] != TURF_NO_PREVIOUS)
		{
			int64_t    *hit = bsearch(&prev[p], vals, (size_t) g, sizeof(int64_t), cmp_int64);

			c->label[p] = (int32_t) (hit - vals);
		}
	}
	/* new points join the nearest earlier turf, all against the same centroids */
	group_centroids(c, g, gw, gx, gy);
	if (join_nearest(c, g, NULL, gw, gx, gy) != 0 ||
		(g > k && dissolve_lightest(c, g, k, num, gw, gx, gy) != 0) ||
		(g < k && bisect_heaviest(c, g, k, num, ord, items) != 0))
		result = -1;
out:
	core_free(c->mem, vals);
	core_free(c->mem, gw);
	core_free(c->mem, gx);
	core_free(c->mem, gy);
	return result;
}
