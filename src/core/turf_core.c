/*
 * turf_core.c
 *	  Balanced, compact turfs from weighted points.
 *
 * The cut has three stages, all on the points sorted canonically by
 * (x, y, weight), so the answer depends only on the set of points:
 *
 * 1. Recursive coordinate bisection.  A set that must become k turfs is
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
 * 2. Balance repair, needed only with weights > 1 (bisection can then miss
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
 * 3. Refinement, a size-constrained k-means.  For every pair of neighbouring
 *    turfs (A, B) (each turf's TURF_NEIGHBOURS = 6 nearest turf centroids,
 *    TURF_NEIGHBOURS_MANY = 16 from TURF_MANY_TURFS turfs up), the points of both
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
 * 4. Cycle cancelling.  Pairwise re-splits cannot see exchanges around
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
 * 5. Untangling, only with weights > 1.  A building that would overfill a
 *    turf goes to its neighbour even when it lies on the turf's side of
 *    the line between them, so two neighbouring turfs can interleave and
 *    their convex hulls overlap (a small turf around a building inside the
 *    hull of the houses around it).  Every pair of turfs whose bounding
 *    boxes meet and that no straight line separates is re-split by the straight line, among
 *    TURF_UNTANGLE_DIRS directions, with the least squared distance to the
 *    two new centroids whose sizes stay between the pair's old sizes (see
 *    untangle_pair); two turfs whose hulls overlap are exactly two that no
 *    line separates.
 */
#include "core/turf_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#define TURF_MAX_SWEEPS 30
#define TURF_NEIGHBOURS 6
/*
 * From TURF_MANY_TURFS turfs up (turf_core.h), each turf looks at more
 * neighbours and the cycle rounds run until they gain less than
 * TURF_MIN_GAIN (at most TURF_MAX_ROUNDS_MANY): with hundreds of turfs in
 * one partition the bisection's long cut lines leave the most to gain,
 * and the time is far below what a partition of that size is allowed
 * (bench/RESULTS.md).
 */
#define TURF_NEIGHBOURS_MANY 16
#ifndef TURF_MAX_ROUNDS_MANY
#define TURF_MAX_ROUNDS_MANY 30
#endif
#define TURF_MAX_CANCEL_ROUNDS 20
#ifndef TURF_MAX_ROUNDS
#define TURF_MAX_ROUNDS 12
#endif
/*
 * Two settings bench/turf_frontier.c compiles differently to measure the
 * trade between compactness and stability; the extension uses these.
 */
#ifndef TURF_ROUNDS_FROM_LOG2K
#define TURF_ROUNDS_FROM_LOG2K 2	/* rounds = floor(log2(k)) - this */
#endif
#ifndef TURF_REFINE
#define TURF_REFINE 1				/* 0: bisection and balance only */
#endif
#ifndef TURF_MIN_GAIN
#define TURF_MIN_GAIN 1e-4			/* a round gaining less ends the rounds */
#endif
#define TURF_UNTANGLE_DIRS 64		/* directions tried for a straight split */
#define TURF_UNTANGLE_PASSES 4
#define TURF_EVEN_REACH 256			/* turfs a search of even_out reaches at most */
#ifndef TURF_HOUSES_SLACK
#define TURF_HOUSES_SLACK 0.2		/* of the mean turf of houses: how far untangling may take one */
#endif
#define TURF_HOUSES_SLACK2 0.23		/* at worst, if nothing else untangles a pair */
#ifndef TURF_UNTANGLE_SLACK
#define TURF_UNTANGLE_SLACK 0.25	/* of the mean size: how far a re-split may stray */
#endif

void	   *(*turf_malloc) (size_t size) = malloc;
void		(*turf_free) (void *ptr) = free;

/* Working state of one cut; points are in canonical order. */
typedef struct Cut
{
	size_t		n;
	int64_t		k;
	double	   *x;
	double	   *y;
	int64_t    *w;
	int32_t    *label;			/* 0-based turf of each point */
	int32_t    *next;			/* linked list of each turf's points */
	int32_t    *head;			/* first point of each turf, -1 if none */
	int64_t    *size;			/* weight of each turf */
	double	   *cx;				/* weighted centroid of each turf */
	double	   *cy;
	int32_t    *nb;				/* nnb nearest turfs of each turf, -1 padded */
	int32_t    *changed;		/* refinement epoch in which each turf last changed */
	int32_t		epoch;			/* refinement sweeps run so far */
	int			nnb;			/* neighbours per turf actually used */
	void		(*interrupt) (void);
} Cut;

/* Sort item: a key, and the point's index as the tie-break. */
typedef struct KeyItem
{
	double		key;
	int32_t		i;
} KeyItem;

/* Checks for cancel if the caller asked to. */
static inline void
check_interrupt(const Cut *c)
{
	if (c->interrupt)
		c->interrupt();
}

/* Frees p through the hook; NULL is allowed. */
static void
release(void *p)
{
	if (p)
		turf_free(p);
}

/* Allocates n elements of size sz, or NULL on overflow or failure. */
static void *
alloc_n(size_t n, size_t sz)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / sz)
		return NULL;
	return turf_malloc(n * sz);
}

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

/* Orders key items by key, then index. */
static int
cmp_key(const void *a, const void *b)
{
	const KeyItem *p = a,
			   *q = b;

	if (p->key < q->key)
		return -1;
	if (p->key > q->key)
		return 1;
	return (p->i > q->i) - (p->i < q->i);
}

/* key_less: the order of cmp_key, inline. */
static inline int
key_less(const KeyItem *p, const KeyItem *q)
{
	return p->key < q->key || (p->key == q->key && p->i < q->i);
}

/*
 * Partially orders items[0..m) so that the r smallest (in key_less order)
 * come first, in some order: Hoare's selection with a median-of-three pivot.
 */
static void
select_smallest(KeyItem *items, size_t m, size_t r)
{
	size_t		lo = 0,
				hi = m;			/* the r-th boundary lies in [lo, hi) */

	while (hi - lo > 8 && r > lo && r < hi)
	{
		size_t		mid = lo + (hi - lo) / 2,
					i,
					store;
		KeyItem		a = items[lo],
					b = items[mid],
					cc = items[hi - 1],
					pivot,
					tmp;

		/* median of three */
		if (key_less(&b, &a))
		{
			tmp = a;
			a = b;
			b = tmp;
		}
		if (key_less(&cc, &b))
			b = key_less(&cc, &a) ? a : cc;
		pivot = b;
		/* three-way split is unnecessary: keys with indices are distinct */
		store = lo;
		for (i = lo; i < hi; i++)
		{
			if (key_less(&items[i], &pivot))
			{
				tmp = items[i];
				items[i] = items[store];
				items[store] = tmp;
				store++;
			}
		}
		/* items[lo..store) < pivot <= items[store..hi) */
		if (store == lo)
		{
			/*
			 * The pivot is the smallest: move it to the front and step past
			 * it.  It is found by its index, which is unique (a key may be
			 * NaN, which equals nothing).
			 */
			for (i = lo; i < hi - 1; i++)
				if (items[i].i == pivot.i)
					break;
			tmp = items[lo];
			items[lo] = items[i];
			items[i] = tmp;
			lo++;
		}
		else if (store >= r)
			hi = store;
		else
			lo = store;
	}
	if (r > lo && r < hi)
		qsort(items + lo, hi - lo, sizeof(KeyItem), cmp_key);
}

/* Canonical order of the input: x, then y, then weight, then input position. */
typedef struct CanonItem
{
	double		x,
				y;
	int64_t		w;
	size_t		pos;
} CanonItem;

static int
cmp_canon(const void *a, const void *b)
{
	const CanonItem *p = a,
			   *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	if (p->w != q->w)
		return p->w < q->w ? -1 : 1;
	return (p->pos > q->pos) - (p->pos < q->pos);
}

/* canon_less: the order of cmp_canon, inline. */
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
 * Sorts a[0..n) in cmp_canon order: quicksort with a median-of-three pivot
 * and insertion sort on short runs, recursing into the smaller side; past
 * a depth of 2 log2(n) a run is left to qsort, so no input makes it
 * quadratic.  About twice as fast as qsort's callback on these 32-byte
 * items, and the canonical sort is a tenth of a precinct's cut.  The
 * interrupt callback is called before partitioning a run of more than
 * 65536 items, and before and after a qsort.
 */
static void
sort_canon(const Cut *c, CanonItem *a, size_t n, int depth)
{
	while (n > 16)
	{
		size_t		i,
					j,
					mid = n / 2;
		CanonItem	pivot,
					tmp;

		if (n > 65536)
			check_interrupt(c);
		if (depth-- <= 0)
		{
			qsort(a, n, sizeof(CanonItem), cmp_canon);
			check_interrupt(c);
			return;
		}
		/* median of a[0], a[mid], a[n-1] into a[mid] */
		if (canon_less(&a[mid], &a[0]))
		{
			tmp = a[mid]; a[mid] = a[0]; a[0] = tmp;
		}
		if (canon_less(&a[n - 1], &a[mid]))
		{
			tmp = a[mid]; a[mid] = a[n - 1]; a[n - 1] = tmp;
			if (canon_less(&a[mid], &a[0]))
			{
				tmp = a[mid]; a[mid] = a[0]; a[0] = tmp;
			}
		}
		pivot = a[mid];
		/* Hoare partition; a[0] <= pivot <= a[n-1] bound both scans */
		i = 0;
		j = n - 1;
		for (;;)
		{
			do
				i++;
			while (canon_less(&a[i], &pivot));
			do
				j--;
			while (canon_less(&pivot, &a[j]));
			if (i >= j)
				break;
			tmp = a[i]; a[i] = a[j]; a[j] = tmp;
		}
		/* a[0..j] <= pivot <= a[j+1..n) */
		if (j + 1 < n - j - 1)
		{
			sort_canon(c, a, j + 1, depth);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			sort_canon(c, a + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++)
	{
		CanonItem	v = a[i];
		size_t		j = i;

		while (j > 0 && canon_less(&v, &a[j - 1]))
		{
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

/*
 * The largest power of two below k (k >= 2): how many of k turfs the first
 * part of a bisection gets.  A power-of-two part is then cut into equal
 * halves all the way down, and when a few more doors make k one larger,
 * only the other part's cuts change: turfs move less than with halves
 * (floor(k/2), ceil(k/2)), and come out as compact (bench/RESULTS.md).
 */
static int64_t
pow2_below(int64_t k)
{
	int64_t		p = 1;

	while (p * 2 < k)
		p *= 2;
	return p;
}

/*
 * The cut of sorted points ord[0..m) of total weight `total` for a part of
 * k1 of k turfs: the prefix with at least k1 points, leaving at least
 * k - k1, whose weight is closest to total * k1 / k (the smaller on a tie).
 */
static size_t
weighted_cut(const Cut *c, const int32_t *ord, size_t m, int64_t total, int64_t k, int64_t k1)
{
	int64_t		prefix = 0,
				k2 = k - k1;
	size_t		cut,
				best = 0;
	__int128	best_err = -1;

	for (cut = 0; cut <= m; cut++)
	{
		if (cut >= (size_t) k1 && cut <= m - (size_t) k2)
		{
			__int128	err = (__int128) prefix * k - (__int128) total * k1;

			if (err < 0)
				err = -err;
			if (best_err < 0 || err < best_err)
			{
				best_err = err;
				best = cut;
			}
			else if (prefix * (__int128) k > (__int128) total * k1)
				break;			/* past the share: errors only grow */
		}
		if (cut < m)
			prefix += c->w[ord[cut]];
	}
	return best;
}

/*
 * Recursive coordinate bisection of the points ord[lo..hi) into k turfs
 * numbered first..first+k-1.  items is scratch space of at least hi - lo
 * entries.
 */
static void
bisect(Cut *c, int32_t *ord, KeyItem *items, size_t lo, size_t hi,
	   int64_t k, int32_t first)
{
	while (k > 1)
	{
		size_t		m = hi - lo,
					i,
					cut;
		double		xmin = INFINITY,
					xmax = -INFINITY,
					ymin = INFINITY,
					ymax = -INFINITY;
		int			use_x;
		int64_t		k1 = pow2_below(k),
					k2 = k - k1,
					total = 0;
		int			unit = 1;

		check_interrupt(c);
		for (i = lo; i < hi; i++)
		{
			int32_t		p = ord[i];

			if (c->x[p] < xmin)
				xmin = c->x[p];
			if (c->x[p] > xmax)
				xmax = c->x[p];
			if (c->y[p] < ymin)
				ymin = c->y[p];
			if (c->y[p] > ymax)
				ymax = c->y[p];
			total += c->w[p];
			if (c->w[p] != 1)
				unit = 0;
		}
		use_x = (xmax - xmin) >= (ymax - ymin);
		for (i = lo; i < hi; i++)
		{
			items[i - lo].key = use_x ? c->x[ord[i]] : c->y[ord[i]];
			items[i - lo].i = ord[i];
		}
		if (unit)
		{
			/*
			 * Unit weights: the best cut is a count, m * k1 / k rounded to
			 * the nearer integer (down on a tie), and only which points
			 * fall below it matters: a selection, not a sort.
			 */
			cut = (size_t) (((__int128) m * k1) / k);
			if ((((__int128) m * k1) % k) * 2 > k)
				cut++;
			if (cut < (size_t) k1)
				cut = (size_t) k1;
			if (cut > m - (size_t) k2)
				cut = m - (size_t) k2;
			select_smallest(items, m, cut);
			for (i = lo; i < hi; i++)
				ord[i] = items[i - lo].i;
		}
		else
		{
			qsort(items, m, sizeof(KeyItem), cmp_key);
			for (i = lo; i < hi; i++)
				ord[i] = items[i - lo].i;
			cut = weighted_cut(c, ord + lo, m, total, k, k1);
		}
		bisect(c, ord, items, lo, lo + cut, k1, first);
		lo = lo + cut;
		first = (int32_t) (first + k1);
		k = k2;
	}
	for (size_t i = lo; i < hi; i++)
		c->label[ord[i]] = first;
}

/*
 * Buildings that are turfs by themselves (stage 1, before the bisection,
 * weights > 1 only): a point at least as heavy as the mean turf cannot
 * share a turf without making it larger than the mean, so the heaviest
 * point is set aside as a turf of its own while its weight times the turfs
 * left is at least the weight left (the mean of the rest), and the rest is
 * cut into the turfs left.  (Cut together, the bisection gives the share of
 * a 116-unit building's part to it and to the few houses beside it, and
 * the house turfs near it end up with 8 doors while the others have 55.)
 * The points set aside go to the end of ord[0..m), heaviest first (then by
 * index), labelled k - a .. k - 1; returns a, the number set aside, at
 * most k - 1.  items is scratch of m entries.
 */
static int64_t
set_aside_buildings(Cut *c, int32_t *ord, KeyItem *items, size_t m, int64_t k)
{
	size_t		i,
				nh = 0,
				j;
	int64_t		total = 0,
				a = 0;

	for (i = 0; i < m; i++)
	{
		if ((i & 0xFFFF) == 0xFFFF)
			check_interrupt(c);
		total += c->w[i];
		if (c->w[i] > 1)
		{
			items[nh].key = -(double) c->w[i];
			items[nh++].i = (int32_t) i;
		}
	}
	qsort(items, nh, sizeof(KeyItem), cmp_key);
	/* w * (k - a) >= total, in 128 bits: w and k are below 2^63 */
	while ((size_t) a < nh && k - a > 1 &&
		   (__int128) c->w[items[a].i] * (k - a) >= (__int128) total)
	{
		total -= c->w[items[a].i];
		a++;
	}
	if (a == 0)
		return 0;
	/* the rest in canonical order, then the buildings set aside */
	for (i = 0; i < (size_t) a; i++)
		c->label[items[i].i] = -1;
	for (i = 0, j = 0; i < m; i++)
		if (c->label[i] != -1)
			ord[j++] = (int32_t) i;
	for (i = 0; i < (size_t) a; i++)
	{
		ord[j++] = items[i].i;
		c->label[items[i].i] = (int32_t) (k - a + (int64_t) i);
	}
	return a;
}

/*
 * Renumbers the turfs in the canonical order of their first points (west
 * to east, then south to north), after buildings were set aside, so a
 * building that is a turf by itself is numbered where it lies, not after
 * all the others.  ord is scratch of m entries.
 */
static void
number_by_first_point(Cut *c, int32_t *ord)
{
	size_t		i;
	int32_t		next = 0;

	for (i = 0; i < (size_t) c->k; i++)
		ord[i] = -1;
	check_interrupt(c);
	for (i = 0; i < c->n; i++)
		if (ord[c->label[i]] < 0)
			ord[c->label[i]] = next++;
	for (i = 0; i < c->n; i++)
		c->label[i] = ord[c->label[i]];
}

/* Rebuilds the turf lists, sizes and centroids from the labels. */
static void
rebuild_turfs(Cut *c)
{
	int64_t		t;
	size_t		i;
	double	   *sx = c->cx,
			   *sy = c->cy;

	for (t = 0; t < c->k; t++)
	{
		c->head[t] = -1;
		c->size[t] = 0;
		sx[t] = 0.0;
		sy[t] = 0.0;
	}
	/* backwards, so each list runs in canonical order */
	for (i = c->n; i-- > 0;)
	{
		int32_t		l = c->label[i];

		c->next[i] = c->head[l];
		c->head[l] = (int32_t) i;
		c->size[l] += c->w[i];
		sx[l] += (double) c->w[i] * c->x[i];
		sy[l] += (double) c->w[i] * c->y[i];
	}
	for (t = 0; t < c->k; t++)
	{
		if (c->size[t] > 0)
		{
			sx[t] /= (double) c->size[t];
			sy[t] /= (double) c->size[t];
		}
	}
}

/* Recomputes one turf's size and centroid from its list. */
static void
update_turf(Cut *c, int32_t t)
{
	double		sx = 0.0,
				sy = 0.0;
	int64_t		s = 0;
	int32_t		p;

	for (p = c->head[t]; p >= 0; p = c->next[p])
	{
		s += c->w[p];
		sx += (double) c->w[p] * c->x[p];
		sy += (double) c->w[p] * c->y[p];
	}
	c->size[t] = s;
	if (s > 0)
	{
		c->cx[t] = sx / (double) s;
		c->cy[t] = sy / (double) s;
	}
}

/* Squared distance from point p to turf t's centroid. */
static inline double
dist2(const Cut *c, int32_t p, int32_t t)
{
	double		dx = c->x[p] - c->cx[t],
				dy = c->y[p] - c->cy[t];

	return dx * dx + dy * dy;
}

/* Inserts candidate (d2, j) into turf t's sorted neighbour list of length *have. */
static void
nb_insert(int32_t *list, double *dist, int *have, int cap, double d2, int32_t j)
{
	int			pos = *have;

	if (pos == cap)
	{
		if (d2 > dist[cap - 1] || (d2 == dist[cap - 1] && j > list[cap - 1]))
			return;
		pos = cap - 1;
	}
	else
		(*have)++;
	while (pos > 0 && (dist[pos - 1] > d2 || (dist[pos - 1] == d2 && list[pos - 1] > j)))
	{
		dist[pos] = dist[pos - 1];
		list[pos] = list[pos - 1];
		pos--;
	}
	dist[pos] = d2;
	list[pos] = j;
}

/*
 * A grid of square cells over a set of centroids (about two to a cell), for
 * nearest-centroid searches ring by ring around a query point.
 */
typedef struct CentroidGrid
{
	const double *cx;			/* centroids, by item number */
	const double *cy;
	double		xmin,
				ymin,
				side;
	int64_t		gx,
				gy;
	int32_t    *cell_start;		/* cell i holds cell_items[cell_start[i] .. cell_start[i + 1]) */
	int32_t    *cell_items;
} CentroidGrid;

/* The cell (column *ix, row *iy) of point (x, y), clamped to the grid. */
static void
grid_cell(const CentroidGrid *gr, double x, double y, int64_t *ix, int64_t *iy)
{
	double		fx = (x - gr->xmin) / gr->side,
				fy = (y - gr->ymin) / gr->side;

	*ix = !(fx > 0.0) ? 0 : fx < (double) gr->gx ? (int64_t) fx : gr->gx - 1;
	*iy = !(fy > 0.0) ? 0 : fy < (double) gr->gy ? (int64_t) fy : gr->gy - 1;
}

/*
 * Builds the grid over the m centroids items[0..m) (items NULL: 0..m-1) of
 * cx, cy.  Returns 0, or -1 when memory runs out.
 */
static int
grid_build(CentroidGrid *gr, const double *cx, const double *cy, const int32_t *items, int64_t m)
{
	double		xmax = -INFINITY,
				ymax = -INFINITY,
				ex,
				ey;
	int64_t		a,
				ncells;
	int32_t    *cursor;

	gr->cx = cx;
	gr->cy = cy;
	gr->xmin = gr->ymin = INFINITY;
	gr->cell_start = gr->cell_items = NULL;
	if (m == 0)
		gr->xmin = gr->ymin = xmax = ymax = 0.0;	/* an empty grid of one cell */
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;

		gr->xmin = fmin(gr->xmin, cx[t]);
		gr->ymin = fmin(gr->ymin, cy[t]);
		xmax = fmax(xmax, cx[t]);
		ymax = fmax(ymax, cy[t]);
	}
	ex = xmax - gr->xmin;
	ey = ymax - gr->ymin;
	gr->side = sqrt(ex * ey * 2.0 / (double) m);
	if (!(gr->side > 0.0) || gr->side < fmax(ex, ey) * 2.0 / (double) m)
		gr->side = fmax(ex, ey) * 2.0 / (double) m;
	if (!(gr->side > 0.0) || !isfinite(gr->side))
		gr->side = 1.0;
	/* clamp in floating point: ex / side can exceed any integer */
	gr->gx = ex / gr->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ex / gr->side) + 1 : 2 * m + 1;
	gr->gy = ey / gr->side + 1.0 < (double) (2 * m + 1) ? (int64_t) (ey / gr->side) + 1 : 2 * m + 1;
	ncells = gr->gx * gr->gy;
	gr->cell_start = alloc_n((size_t) ncells + 1, sizeof(int32_t));
	gr->cell_items = alloc_n((size_t) m + 1, sizeof(int32_t));
	cursor = alloc_n((size_t) ncells, sizeof(int32_t));
	if (!gr->cell_start || !gr->cell_items || !cursor)
	{
		release(cursor);
		return -1;
	}
	memset(gr->cell_start, 0, sizeof(int32_t) * (size_t) (ncells + 1));
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;
		int64_t		ix,
					iy;

		grid_cell(gr, cx[t], cy[t], &ix, &iy);
		gr->cell_start[iy * gr->gx + ix + 1]++;
	}
	for (a = 0; a < ncells; a++)
		gr->cell_start[a + 1] += gr->cell_start[a];
	/* place the centroids in their cells, with a cursor per cell */
	memcpy(cursor, gr->cell_start, sizeof(int32_t) * (size_t) ncells);
	for (a = 0; a < m; a++)
	{
		int32_t		t = items ? items[a] : (int32_t) a;
		int64_t		ix,
					iy;

		grid_cell(gr, cx[t], cy[t], &ix, &iy);
		gr->cell_items[cursor[iy * gr->gx + ix]++] = t;
	}
	release(cursor);
	return 0;
}

/* Frees the grid's cells. */
static void
grid_free(CentroidGrid *gr)
{
	release(gr->cell_start);
	release(gr->cell_items);
	gr->cell_start = gr->cell_items = NULL;
}

/*
 * The cap centroids nearest (qx, qy), item `skip` left out, into list and
 * their squared distances into dist, nearest first (the lower item on a
 * tie); returns how many were found (fewer than cap only if the grid holds
 * fewer).  Searches ring by ring around the query's cell: everything beyond
 * ring r is at least r * side away, even from a query outside the grid.
 */
static int
grid_nearest(const CentroidGrid *gr, double qx, double qy, int32_t skip, int cap,
			 int32_t *list, double *dist)
{
	int			have = 0;
	int64_t		cx0,
				cy0,
				r;

	grid_cell(gr, qx, qy, &cx0, &cy0);
	for (r = 0;; r++)
	{
		int64_t		ix,
					iy;

		for (iy = cy0 - r; iy <= cy0 + r; iy++)
		{
			if (iy < 0 || iy >= gr->gy)
				continue;
			for (ix = cx0 - r; ix <= cx0 + r; ix++)
			{
				int32_t		a;
				int64_t		cell;

				if (ix < 0 || ix >= gr->gx)
					continue;
				if (iy != cy0 - r && iy != cy0 + r && ix != cx0 - r && ix != cx0 + r)
					continue;	/* inner cells were done in earlier rings */
				cell = iy * gr->gx + ix;
				for (a = gr->cell_start[cell]; a < gr->cell_start[cell + 1]; a++)
				{
					int32_t		j = gr->cell_items[a];
					double		dx,
								dy;

					if (j == skip)
						continue;
					dx = gr->cx[j] - qx;
					dy = gr->cy[j] - qy;
					nb_insert(list, dist, &have, cap, dx * dx + dy * dy, j);
				}
			}
		}
		if (have == cap && dist[cap - 1] <= ((double) r * gr->side) * ((double) r * gr->side))
			break;
		if (r > gr->gx && r > gr->gy)
			break;
	}
	return have;
}

/*
 * Finds each turf's nearest turfs by centroid, through the centroid grid.
 * Returns 0, or -1 when memory runs out.
 */
static int
find_neighbours(Cut *c)
{
	int64_t		t;
	int			cap = c->nnb;
	double		dist[TURF_NEIGHBOURS_MANY];
	CentroidGrid gr;

	if (cap == 0)
		return 0;
	if (grid_build(&gr, c->cx, c->cy, NULL, c->k) != 0)
	{
		grid_free(&gr);
		return -1;
	}
	for (t = 0; t < c->k; t++)
	{
		int32_t    *list = c->nb + t * cap;
		int			have;

		if ((t & 1023) == 0)
			check_interrupt(c);
		have = grid_nearest(&gr, c->cx[t], c->cy[t], (int32_t) t, cap, list, dist);
		for (; have < cap; have++)
			list[have] = -1;
	}
	grid_free(&gr);
	return 0;
}

/* True if v is among u's neighbours. */
static int
is_neighbour(const Cut *c, int32_t u, int32_t v)
{
	int			j;

	for (j = 0; j < c->nnb; j++)
		if (c->nb[u * c->nnb + j] == v)
			return 1;
	return 0;
}

/*
 * A heap of turfs (or groups) by size with each one's place in it, so the
 * largest (sign 1) or the smallest (sign -1), the lower on a tie, is found in
 * constant time and one whose size changed is moved in O(log k).
 */
typedef struct SizeHeap
{
	int32_t    *h;				/* turfs, the first on top */
	int32_t    *at;				/* place of each turf in h */
	int64_t		m;
	int			sign;
	const int64_t *size;
} SizeHeap;

/* True if turf a belongs above turf b. */
static inline int
size_above(const SizeHeap *hp, int32_t a, int32_t b)
{
	int64_t		d = hp->size[a] - hp->size[b];

	return hp->sign > 0 ? (d > 0 || (d == 0 && a < b)) : (d < 0 || (d == 0 && a < b));
}

/* Swaps the turfs at places i and j. */
static inline void
size_swap(SizeHeap *hp, int64_t i, int64_t j)
{
	int32_t		t = hp->h[i];

	hp->h[i] = hp->h[j];
	hp->h[j] = t;
	hp->at[hp->h[i]] = (int32_t) i;
	hp->at[hp->h[j]] = (int32_t) j;
}

/* Restores the heap around turf t after its size changed. */
static void
size_fix(SizeHeap *hp, int32_t t)
{
	int64_t		i = hp->at[t];

	while (i > 0 && size_above(hp, hp->h[i], hp->h[(i - 1) / 2]))
	{
		size_swap(hp, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	for (;;)
	{
		int64_t		l = 2 * i + 1,
					best = i;

		if (l < hp->m && size_above(hp, hp->h[l], hp->h[best]))
			best = l;
		if (l + 1 < hp->m && size_above(hp, hp->h[l + 1], hp->h[best]))
			best = l + 1;
		if (best == i)
			return;
		size_swap(hp, i, best);
		i = best;
	}
}

/*
 * Sets up an empty heap of up to cap items keyed by size[]; returns 0, or -1
 * on no memory.
 */
static int
size_heap_init(SizeHeap *hp, int64_t cap, const int64_t *size, int sign)
{
	hp->h = alloc_n((size_t) cap, sizeof(int32_t));
	hp->at = alloc_n((size_t) cap, sizeof(int32_t));
	hp->m = 0;
	hp->sign = sign;
	hp->size = size;
	return hp->h && hp->at ? 0 : -1;
}

/* Adds item t, which rises to its place. */
static void
size_heap_push(SizeHeap *hp, int32_t t)
{
	hp->h[hp->m] = t;
	hp->at[t] = (int32_t) hp->m;
	hp->m++;
	size_fix(hp, t);
}

/* Removes and returns the item on top. */
static int32_t
size_heap_pop(SizeHeap *hp)
{
	int32_t		top = hp->h[0];

	hp->m--;
	if (hp->m > 0)
	{
		hp->h[0] = hp->h[hp->m];
		hp->at[hp->h[0]] = 0;
		size_fix(hp, hp->h[0]);
	}
	return top;
}

/* The heap of all c's k turfs; returns 0, or -1 on no memory. */
static int
size_heap_build(SizeHeap *hp, const Cut *c, int sign)
{
	int64_t		t;

	if (size_heap_init(hp, c->k, c->size, sign) != 0)
		return -1;
	for (t = 0; t < c->k; t++)
		size_heap_push(hp, (int32_t) t);
	return 0;
}

/* Frees the heap. */
static void
size_heap_free(SizeHeap *hp)
{
	release(hp->h);
	release(hp->at);
}

/* Moves point p from turf a to turf b, keeping the centroids as they are. */
static void
move_point(Cut *c, int32_t p, int32_t a, int32_t b)
{
	int32_t		q,
				prev = -1;

	for (q = c->head[a]; q >= 0 && q != p; prev = q, q = c->next[q])
		;
	if (q < 0)
		return;					/* cannot happen: p is in a */
	if (prev < 0)
		c->head[a] = c->next[p];
	else
		c->next[prev] = c->next[p];
	c->next[p] = c->head[b];
	c->head[b] = p;
	c->label[p] = b;
	c->size[a] -= c->w[p];
	c->size[b] += c->w[p];
}

/* Scratch space of shift_along_path: a breadth-first search over the turfs. */
typedef struct PathScratch
{
	int32_t    *parent;			/* turf reached from, -1 for the start */
	int32_t    *queue;			/* the search's queue; once a path is found, by
								 * turf: the door it receives from its parent */
	int32_t    *seen;			/* search in which each turf was reached */
	int32_t		search;
	int32_t		end;			/* last turf of the path found, back to the start by parent */
	int64_t    *units;			/* if not NULL, doors of weight one in each turf:
								 * the search then passes only through turfs
								 * that have one to pass on */
	int64_t		reach;			/* if > 0, the search gives up after reaching
								 * this many turfs */
} PathScratch;

/* The door of weight one in turf u that costs least to move to turf v, or -1. */
static int32_t
cheapest_unit_door(const Cut *c, int32_t u, int32_t v)
{
	int32_t		p,
				best = -1;
	double		best_d = INFINITY;

	for (p = c->head[u]; p >= 0; p = c->next[p])
	{
		double		d;

		if (c->w[p] != 1)
			continue;
		d = dist2(c, p, v) - dist2(c, p, u);
		if (d < best_d || (d == best_d && p < best))
		{
			best_d = d;
			best = p;
		}
	}
	return best;
}

/*
 * Moves one door's worth of size from turf a to the turf nearest a, in steps
 * between neighbouring turfs, that holds at least two doors fewer: along the
 * path, each turf passes its cheapest door of weight one to the next, from
 * the far end back, so the turfs between keep their sizes and every door
 * moves only to a neighbour.  (Moving a door straight to the smallest turf,
 * wherever it lies, leaves it among other turfs' doors, where no later step
 * brings it back.)  Returns the number of doors moved, 0 if no such path
 * exists.
 */
static int64_t
shift_along_path(Cut *c, int32_t a, PathScratch *ps)
{
	int64_t		head = 0,
				tail = 0,
				moved = 0;
	int32_t		found = -1,
				v;

	ps->search++;
	ps->seen[a] = ps->search;
	ps->parent[a] = -1;
	ps->queue[tail++] = a;
	while (head < tail && found < 0 && (ps->reach <= 0 || tail < ps->reach))
	{
		int32_t		u = ps->queue[head++];
		int			j;

		if (ps->units && ps->units[u] == 0)
			continue;
		for (j = 0; j < c->nnb && found < 0; j++)
		{
			v = c->nb[u * c->nnb + j];
			if (v < 0 || ps->seen[v] == ps->search)
				continue;
			ps->seen[v] = ps->search;
			ps->parent[v] = u;
			ps->queue[tail++] = v;
			if (c->size[v] <= c->size[a] - 2)
				found = v;
		}
	}
	if (found < 0)
		return 0;
	ps->end = found;
	/*
	 * Every turf on the path but the last must have a door of weight one;
	 * the doors are chosen before any moves (the queue is done with) and
	 * moved from the far end back, so each turf still has its own.
	 */
	for (v = found; ps->parent[v] >= 0; v = ps->parent[v])
		if ((ps->queue[v] = cheapest_unit_door(c, ps->parent[v], v)) < 0)
			return 0;
	for (v = found; ps->parent[v] >= 0; v = ps->parent[v])
	{
		move_point(c, ps->queue[v], ps->parent[v], v);
		moved++;
	}
	if (ps->units)
	{
		ps->units[a]--;
		ps->units[found]++;
	}
	for (v = found; v >= 0; v = ps->parent[v])
		update_turf(c, v);
	return moved;
}

/*
 * Balance repair (stage 2): moves single points until the largest and the
 * smallest turf differ by at most the largest weight.  With paths (a cut
 * from earlier turfs, whose sizes may be far apart), the largest turf first
 * passes a door along a path of neighbouring turfs (shift_along_path).
 * Returns the moves, or -1 on no memory.
 */
static int64_t
repair_balance(Cut *c, int64_t wmax, int paths)
{
	int64_t		moves = 0,
				iter;
	SizeHeap	big = {0},
				small = {0};
	PathScratch ps = {0};

	if (size_heap_build(&big, c, 1) != 0 || size_heap_build(&small, c, -1) != 0)
		moves = -1;
	if (paths && moves == 0)
	{
		ps.parent = alloc_n((size_t) c->k, sizeof(int32_t));
		ps.queue = alloc_n((size_t) c->k, sizeof(int32_t));
		ps.seen = alloc_n((size_t) c->k, sizeof(int32_t));
		if (!ps.parent || !ps.queue || !ps.seen)
			moves = -1;
		else
			memset(ps.seen, 0, sizeof(int32_t) * (size_t) c->k);
	}
	for (iter = 0; moves >= 0; iter++)
	{
		int32_t		a = big.h[0],
					b = small.h[0],
					p,
					best_p = -1,
					best_y = -1,
					prev,
					best_prev = -1;
		double		best_d = INFINITY;

		if (c->size[a] - c->size[b] <= wmax)
			break;
		/* by iterations, not moves: a path moves several doors at once */
		if ((iter & 255) == 0)
			check_interrupt(c);
		if (paths)
		{
			int64_t		shifted = shift_along_path(c, a, &ps);

			if (shifted > 0)
			{
				int32_t		v;

				for (v = ps.end; v >= 0; v = ps.parent[v])
				{
					size_fix(&big, v);
					size_fix(&small, v);
				}
				moves += shifted;
				continue;
			}
		}
		prev = -1;
		for (p = c->head[a]; p >= 0; prev = p, p = c->next[p])
		{
			double		da = dist2(c, p, a);
			int			j;

			for (j = -1; j < c->nnb; j++)
			{
				int32_t		y = j < 0 ? b : c->nb[a * c->nnb + j];
				double		d;

				if (y < 0 || y == a || c->size[a] - c->size[y] <= c->w[p])
					continue;
				d = (double) c->w[p] * (dist2(c, p, y) - da);
				if (d < best_d || (d == best_d && (p < best_p || (p == best_p && y < best_y))))
				{
					best_d = d;
					best_p = p;
					best_y = y;
					best_prev = prev;
				}
			}
		}
		if (best_p < 0)
			break;				/* cannot happen: b always qualifies */
		if (best_prev < 0)
			c->head[a] = c->next[best_p];
		else
			c->next[best_prev] = c->next[best_p];
		c->next[best_p] = c->head[best_y];
		c->head[best_y] = best_p;
		c->label[best_p] = best_y;
		update_turf(c, a);
		update_turf(c, best_y);
		size_fix(&big, a);
		size_fix(&big, best_y);
		size_fix(&small, a);
		size_fix(&small, best_y);
		moves++;
	}
	size_heap_free(&big);
	size_heap_free(&small);
	release(ps.parent);
	release(ps.queue);
	release(ps.seen);
	return moves;
}

/*
 * Evens out sizes between neighbours (stage 2b, weights > 1 only): while a
 * turf has at least 2 doors more than a neighbour, its unit-weight point
 * cheapest to move goes to that neighbour.  Each move lowers the sum of
 * squared turf sizes, so it ends; it leaves a building of 120 units alone
 * in its turf instead of beside a turf of one door.  At most max_passes
 * passes over the turfs.  Returns the moves.
 */
static int64_t
diffuse_balance(Cut *c, int max_passes)
{
	int64_t		moves = 0;
	int			pass;

	for (pass = 0; pass < max_passes; pass++)
	{
		int64_t		before = moves,
					a;

		check_interrupt(c);
		for (a = 0; a < c->k; a++)
		{
			int			j;

			for (j = 0; j < c->nnb; j++)
			{
				int32_t		y = c->nb[a * c->nnb + j];

				while (y >= 0 && c->size[a] - c->size[y] >= 2)
				{
					int32_t		p,
								best = -1;
					double		best_d = INFINITY;

					for (p = c->head[a]; p >= 0; p = c->next[p])
					{
						double		d;

						if (c->w[p] != 1)
							continue;
						d = dist2(c, p, (int32_t) y) - dist2(c, p, (int32_t) a);
						if (d < best_d)
						{
							best_d = d;
							best = p;
						}
					}
					if (best < 0)
						break;
					move_point(c, best, (int32_t) a, y);
					update_turf(c, (int32_t) a);
					update_turf(c, y);
					moves++;
				}
			}
		}
		if (moves == before)
			break;
	}
	return moves;
}

/* Orders turfs by size, largest first, then by number (even_out). */
static const int64_t *even_sizes;

static int
cmp_larger(const void *a, const void *b)
{
	int32_t		u = *(const int32_t *) a,
				v = *(const int32_t *) b;

	if (even_sizes[u] != even_sizes[v])
		return even_sizes[u] > even_sizes[v] ? -1 : 1;
	return u < v ? -1 : u > v;
}

/*
 * Evens out the sizes over the whole partition (stage 2c, weights > 1
 * only).  diffuse_balance looks at neighbours only, so a turf of houses
 * hemmed in by buildings' turfs, or a few turfs short of the rest in one
 * corner, can stay far below the others (8 doors beside turfs of 55).
 * Here each turf, largest first, passes doors of weight one along paths of
 * neighbouring turfs that have such doors (shift_along_path) to the nearest
 * turf with at least two doors fewer, until no turf has such a path.  Each
 * shift lowers the sum of squared sizes, so it ends; at the end no turf
 * that has a door of weight one can reach one with two doors fewer: the
 * turfs of houses are within one door of each other, and a building that
 * is a turf by itself holds no houses beside it unless the houses have no
 * other place.  At most max_passes passes.  Returns the doors moved, -1 on
 * no memory.
 */
static int64_t
even_out(Cut *c, int max_passes)
{
	int64_t		moves = 0,
				smallest,
				t;
	int32_t    *order = alloc_n((size_t) c->k, sizeof(int32_t));
	PathScratch ps = {0};
	int			pass;

	/*
	 * A search reaches at most TURF_EVEN_REACH turfs, so a partition of
	 * thousands of turfs whose sizes differ by one costs no search of the
	 * whole of it from every turf.
	 */
	ps.reach = TURF_EVEN_REACH;
	ps.parent = alloc_n((size_t) c->k, sizeof(int32_t));
	ps.queue = alloc_n((size_t) c->k, sizeof(int32_t));
	ps.seen = alloc_n((size_t) c->k, sizeof(int32_t));
	ps.units = alloc_n((size_t) c->k, sizeof(int64_t));
	if (!order || !ps.parent || !ps.queue || !ps.seen || !ps.units)
		moves = -1;
	else
	{
		memset(ps.seen, 0, sizeof(int32_t) * (size_t) c->k);
		for (t = 0; t < c->k; t++)
		{
			int32_t		p;

			if ((t & 255) == 0)
				check_interrupt(c);
			ps.units[t] = 0;
			for (p = c->head[t]; p >= 0; p = c->next[p])
				ps.units[t] += c->w[p] == 1;
		}
	}
	for (pass = 0; moves >= 0 && pass < max_passes; pass++)
	{
		int64_t		before = moves;

		for (t = 0; t < c->k; t++)
			order[t] = (int32_t) t;
		even_sizes = c->size;
		qsort(order, (size_t) c->k, sizeof(int32_t), cmp_larger);
		/* sizes only come closer: a turf within one door of the smallest has nowhere to go */
		smallest = c->size[order[c->k - 1]];
		for (t = 0; t < c->k; t++)
		{
			int64_t		shifted;

			if ((t & 255) == 0)
				check_interrupt(c);
			while (ps.units[order[t]] > 0 && c->size[order[t]] >= smallest + 2 &&
				   (shifted = shift_along_path(c, order[t], &ps)) > 0)
				moves += shifted;
		}
		if (moves == before)
			break;
	}
	release(order);
	release(ps.parent);
	release(ps.queue);
	release(ps.seen);
	release(ps.units);
	return moves;
}

/*
 * Rebuilds the lists of turfs a and b from the m points in buf, each going
 * to a if its key is 0 and to b otherwise, and their sizes and centroids.
 */
static void
assign_pair(Cut *c, int32_t a, int32_t b, const KeyItem *buf, size_t m)
{
	size_t		i;

	c->head[a] = -1;
	c->head[b] = -1;
	for (i = m; i-- > 0;)
	{
		int32_t		q = buf[i].i,
					t = buf[i].key == 0.0 ? a : b;

		c->label[q] = t;
		c->next[q] = c->head[t];
		c->head[t] = q;
	}
	update_turf(c, a);
	update_turf(c, b);
}

/*
 * Re-splits the points of neighbouring turfs a and b with their centroids
 * fixed (stage 3).  buf holds at least size-of-both points.  Returns the
 * number of points that changed turf (0 if the split was kept as it was).
 */
static size_t
resplit_pair(Cut *c, int32_t a, int32_t b, KeyItem *buf)
{
	size_t		m = 0,
				i,
				moved = 0;
	int32_t		p;
	double		dirx = c->cx[b] - c->cx[a],
				diry = c->cy[b] - c->cy[a],
				midx = (c->cx[a] + c->cx[b]) / 2.0,
				midy = (c->cy[a] + c->cy[b]) / 2.0,
				old_cost = 0.0,
				new_cost = 0.0;
	int64_t		sa = c->size[a],
				sb = c->size[b],
				fill = 0,
				lo = sa < sb ? sa : sb,
				fill_to = sa;	/* a's size after the split */
	int			unit = 1,
				swap;

	double		amax = -INFINITY,
				bmin = INFINITY;
	int32_t		amax_p = -1,
				bmin_p = -1;

	for (p = c->head[a]; p >= 0; p = c->next[p])
	{
		double		key = (c->x[p] - midx) * dirx + (c->y[p] - midy) * diry;

		buf[m].key = key;
		buf[m].i = p;
		if (key > amax)
		{
			amax = key;
			amax_p = p;
		}
		m++;
	}
	for (p = c->head[b]; p >= 0; p = c->next[p])
	{
		double		key = (c->x[p] - midx) * dirx + (c->y[p] - midy) * diry;

		buf[m].key = key;
		buf[m].i = p;
		if (key < bmin)
		{
			bmin = key;
			bmin_p = p;
		}
		m++;
	}
	if (amax < bmin)
	{
		/*
		 * Already split in key order: the re-split at the same sizes would
		 * give the same turfs.  But when the sizes differ by one, either
		 * turf may hold the extra door: the door at the border moves if it
		 * is closer to the other centroid (its key, half the difference of
		 * its squared distances, has the other sign), from a larger a to b
		 * or from b to a smaller a.  (Equal keys on both sides go on to the
		 * full re-split, which orders them by index.)
		 */
		double		tiny = 1e-9 * (dirx * dirx + diry * diry);
		int32_t		from = -1,
					to = -1,
					q = -1;

		if (sa == sb + 1 && amax > tiny && c->w[amax_p] == 1)
		{
			from = a;
			to = b;
			q = amax_p;
		}
		else if (sb == sa + 1 && bmin < -tiny && c->w[bmin_p] == 1)
		{
			from = b;
			to = a;
			q = bmin_p;
		}
		if (q < 0)
			return 0;
		move_point(c, q, from, to);
		update_turf(c, a);
		update_turf(c, b);
		return 1;
	}
	for (i = 0; i < m && unit; i++)
		if (c->w[buf[i].i] != 1)
			unit = 0;
	swap = unit && (sa - sb == 1 || sb - sa == 1);
	/* unit weights: a takes the sa smallest keys, found by selection */
	if (swap)
	{
		/*
		 * Either turf may hold the extra door (both orders keep floor and
		 * ceil): a takes the smaller size, and the next door too if it is
		 * closer to a's centroid than to b's (its key, half the difference
		 * of the squared distances, is negative).  Otherwise a door cut off
		 * by the bisection on the wrong side of a gap would stay there.
		 */
		select_smallest(buf, m, (size_t) lo);
		select_smallest(buf + lo, m - (size_t) lo, 1);
		fill_to = buf[lo].key < 0.0 ? lo + 1 : lo;
	}
	else if (unit)
		select_smallest(buf, m, (size_t) sa);
	else
		qsort(buf, m, sizeof(KeyItem), cmp_key);

	/* Fill a in order up to its size; what would overfill it goes to b. */
	for (i = 0; i < m; i++)
	{
		int32_t		q = buf[i].i;
		int			to_a = fill + c->w[q] <= fill_to;

		if (to_a)
			fill += c->w[q];
		old_cost += (double) c->w[q] * dist2(c, q, c->label[q]);
		new_cost += (double) c->w[q] * dist2(c, q, to_a ? a : b);
		/* the key has served: it now records the side */
		buf[i].key = to_a ? 0.0 : 1.0;
		if ((to_a ? a : b) != c->label[q])
			moved++;
	}
	if (moved == 0 || fill < lo)
		return 0;
	/*
	 * Keep the split only if it is better by more than rounding noise (with
	 * unit weights it is the optimum for the fixed centroids; equal-cost
	 * alternatives, common on regular street grids, must not flip back and
	 * forth).
	 */
	if (!(new_cost < old_cost * (1.0 - 1e-9)))
		return 0;

	assign_pair(c, a, b, buf, m);
	return moved;
}

/*
 * Refinement sweeps (stage 3), at most max_sweeps; a pair is re-split only
 * if one of its turfs changed in the previous sweep (or, on the first sweep,
 * since the last call).  Returns the sweeps run, or -1 on no memory.
 */
static int
refine(Cut *c, KeyItem *buf, int max_sweeps)
{
	int			sweep;
	int64_t		t;

	if (c->nnb == 0)
		return 0;
	/* neighbours once per call: the centroids move little within it */
	if (find_neighbours(c) != 0)
		return -1;
	for (sweep = 1; sweep <= max_sweeps; sweep++)
	{
		size_t		moved = 0;

		c->epoch++;
		for (t = 0; t < c->k; t++)
		{
			int			j;

			if ((t & 63) == 0)
				check_interrupt(c);
			for (j = 0; j < c->nnb; j++)
			{
				int32_t		u = c->nb[t * c->nnb + j];
				size_t		mv;

				if (u < 0)
					continue;
				/* each pair once: from the lower turf, unless only u lists t */
				if (u < t && is_neighbour(c, u, (int32_t) t))
					continue;
				/* skip pairs where nothing changed since the last sweep */
				if (c->changed[t] < c->epoch - 1 && c->changed[u] < c->epoch - 1)
					continue;
				mv = resplit_pair(c, (int32_t) t, u, buf);
				if (mv > 0)
				{
					moved += mv;
					c->changed[t] = c->epoch;
					c->changed[u] = c->epoch;
				}
			}
		}
		if (moved == 0)
			break;
	}
	return sweep > max_sweeps ? max_sweeps : sweep;
}

/* Weighted sum of squared distances to the turf centroids. */
static double
total_cost(const Cut *c)
{
	double		cost = 0.0;
	size_t		i;

	for (i = 0; i < c->n; i++)
		cost += (double) c->w[i] * dist2(c, (int32_t) i, c->label[i]);
	return cost;
}

/* Out-edges of turf a for cycle cancelling: the cheapest unit-weight point to move to each neighbour. */
static void
compute_out_edges(Cut *c, int32_t a, double *ecost, int32_t *epoint)
{
	int			j,
				nnb = c->nnb;
	int32_t		p;
	double		nbx[TURF_NEIGHBOURS_MANY],
				nby[TURF_NEIGHBOURS_MANY],
				best[TURF_NEIGHBOURS_MANY];
	int32_t		bestp[TURF_NEIGHBOURS_MANY];
	double		ax = c->cx[a],
				ay = c->cy[a];

	/* the neighbours' centroids and the best so far in locals, for the inner loop */
	for (j = 0; j < nnb; j++)
	{
		int32_t		b = c->nb[a * nnb + j];

		nbx[j] = b >= 0 ? c->cx[b] : 0.0;
		nby[j] = b >= 0 ? c->cy[b] : 0.0;
		best[j] = INFINITY;
		bestp[j] = -1;
	}
	for (p = c->head[a]; p >= 0; p = c->next[p])
	{
		double		px = c->x[p],
					py = c->y[p],
					da;

		if (c->w[p] != 1)
			continue;
		da = (px - ax) * (px - ax) + (py - ay) * (py - ay);
		for (j = 0; j < nnb; j++)
		{
			double		d = (px - nbx[j]) * (px - nbx[j]) + (py - nby[j]) * (py - nby[j]) - da;

			/* lists run in canonical order, so ties keep the lower point */
			if (d < best[j])
			{
				best[j] = d;
				bestp[j] = p;
			}
		}
	}
	for (j = 0; j < nnb; j++)
	{
		/* no edge to a missing neighbour */
		ecost[a * nnb + j] = c->nb[a * nnb + j] >= 0 ? best[j] : INFINITY;
		epoint[a * nnb + j] = c->nb[a * nnb + j] >= 0 ? bestp[j] : -1;
	}
}


/*
 * Cycle cancelling (stage 4), with the centroids fixed: the turf graph has
 * an edge a -> b to each neighbour b whose cost is the least added squared
 * distance of moving one unit-weight point of a to b.  A cycle of negative
 * cost is an exchange around turfs (a gives to b, b to c, c to a) that
 * keeps every size and lowers the total: the moves a pairwise re-split
 * cannot see.  Negative cycles are found with a queue-based Bellman-Ford
 * from a virtual source, looking for cycles in the predecessor graph every
 * k relaxations; a cycle is applied only if its cost, summed afresh, is
 * negative, and its turfs then restart the search.  A run with no cycle
 * left means the assignment is optimal for the transportation problem
 * restricted to neighbouring turfs; runs repeat (at most
 * TURF_MAX_CANCEL_ROUNDS, each with a bounded number of relaxations) until
 * one finds nothing.  Returns the number of cycles applied, or -1 on no
 * memory.
 */
static int64_t
cancel_cycles(Cut *c)
{
	int64_t		k = c->k,
				t,
				applied = 0;
	size_t		ne = (size_t) k * (size_t) c->nnb;
	double	   *ecost = alloc_n(ne, sizeof(double)),
			   *dist = alloc_n((size_t) k, sizeof(double));
	int32_t    *epoint = alloc_n(ne, sizeof(int32_t)),
			   *parent = alloc_n((size_t) k, sizeof(int32_t)),
			   *queue = alloc_n((size_t) k + 1, sizeof(int32_t)),
			   *stamp = alloc_n((size_t) k, sizeof(int32_t)),
			   *cyc = alloc_n((size_t) k, sizeof(int32_t));
	char	   *inq = alloc_n((size_t) k, sizeof(char));
	int			restart;
	double		eps;

	if (!ecost || !dist || !epoint || !parent || !queue || !stamp || !cyc || !inq)
	{
		applied = -1;
		goto out;
	}
	/* improvements smaller than this are rounding noise: a millionth of the mean cost per point */
	eps = 1e-6 * total_cost(c) / (double) c->n;
	for (t = 0; t < k; t++)
	{
		if ((t & 255) == 0)
			check_interrupt(c);
		compute_out_edges(c, (int32_t) t, ecost, epoint);
	}

	for (restart = 0; restart < TURF_MAX_CANCEL_ROUNDS; restart++)
	{
		size_t		qhead = 0,
					qtail = 0,
					qlen = 0;
		int64_t		relax = 0,
					found = 0,
					total_relax = 0,
					relax_cap = 64 * (int64_t) ne + 16 * k;

		/* only turfs with a negative out-edge can start a negative path */
		for (t = 0; t < k; t++)
		{
			int			j;

			dist[t] = 0.0;
			parent[t] = -1;
			inq[t] = 0;
			for (j = 0; j < c->nnb; j++)
				if (ecost[t * c->nnb + j] < 0.0)
					inq[t] = 1;
			if (inq[t])
			{
				queue[qtail] = (int32_t) t;
				qtail = (qtail + 1) % (size_t) (k + 1);
				qlen++;
			}
		}
		while (qlen > 0 && total_relax < relax_cap)
		{
			int32_t		a = queue[qhead];
			int			j;

			qhead = (qhead + 1) % (size_t) (k + 1);
			qlen--;
			inq[a] = 0;
			for (j = 0; j < c->nnb; j++)
			{
				size_t		e = (size_t) a * c->nnb + j;
				int32_t		b = c->nb[e];
				double		nd;

				if (b < 0 || epoint[e] < 0)
					continue;
				nd = dist[a] + ecost[e];
				if (nd < dist[b] - eps * 1e-3)
				{
					dist[b] = nd;
					parent[b] = (int32_t) e;
					if (!inq[b])
					{
						inq[b] = 1;
						queue[qtail] = b;
						qtail = (qtail + 1) % (size_t) (k + 1);
						qlen++;
					}
					relax++;
					total_relax++;
				}
			}
			if (relax >= k || qlen == 0)
			{
				int64_t		v;

				relax = 0;
				check_interrupt(c);
				/* cycles of the predecessor graph, each found once */
				for (v = 0; v < k; v++)
					stamp[v] = -1;
				for (v = 0; v < k; v++)
				{
					int32_t		u = (int32_t) v;

					while (u >= 0 && stamp[u] < 0)
					{
						stamp[u] = (int32_t) v;
						u = parent[u] < 0 ? -1 : c->nb[parent[u]] == u ? (int32_t) (parent[u] / c->nnb) : -1;
					}
					if (u >= 0 && stamp[u] == (int32_t) v)
					{
						/* u lies on a new cycle: collect it and check its cost */
						int32_t		x = u;
						int			len = 0,
									i;
						double		cost = 0.0;

						do
						{
							cyc[len++] = x;
							cost += ecost[parent[x]];
							x = (int32_t) (parent[x] / c->nnb);
						} while (x != u && len < k);
						if (x != u || !(cost < -eps))
							continue;
						for (i = 0; i < len; i++)
						{
							size_t		e = (size_t) parent[cyc[i]];
							int32_t		from = (int32_t) (e / c->nnb);

							move_point(c, epoint[e], from, cyc[i]);
						}
						/* the cycle's turfs start afresh; the search goes on */
						for (i = 0; i < len; i++)
						{
							compute_out_edges(c, cyc[i], ecost, epoint);
							c->changed[cyc[i]] = c->epoch;
							dist[cyc[i]] = 0.0;
							parent[cyc[i]] = -1;
							if (!inq[cyc[i]])
							{
								inq[cyc[i]] = 1;
								queue[qtail] = cyc[i];
								qtail = (qtail + 1) % (size_t) (k + 1);
								qlen++;
							}
						}
						found++;
					}
				}
			}
		}
		applied += found;
		if (found == 0)
			break;
	}
out:
	release(ecost);
	release(dist);
	release(epoint);
	release(parent);
	release(queue);
	release(stamp);
	release(cyc);
	release(inq);
	return applied;
}

/* Squared distance sum of a part from its running sums (relative to an origin). */
static inline double
part_sse(double w, double sx, double sy, double sq)
{
	return w > 0.0 ? sq - (sx * sx + sy * sy) / w : 0.0;
}

/*
 * Component (0: x, 1: y) of direction d of TURF_UNTANGLE_DIRS, which walk
 * half the boundary of the square [-1, 1]^2 from (1, 0) through (1, 1) and
 * (-1, 1) to just before (-1, 0): every direction of a line once, with
 * coordinates exact in binary, so the same points give the same keys, and
 * the same turfs, on every machine (no sin or cos).
 */
static double
untangle_dir(int d, int component)
{
	double		s = 4.0 * (double) d / TURF_UNTANGLE_DIRS;

	if (s < 1.0)
		return component ? s : 1.0;
	if (s < 3.0)
		return component ? 1.0 : 2.0 - s;
	return component ? 4.0 - s : -1.0;
}

/* What an untangling re-split may do to sizes (stage 5). */
typedef struct Envelope
{
	int64_t		slack;			/* beyond the pair's old sizes */
	int64_t		wmax;			/* largest weight: the balance bound */
	int64_t		min;			/* no turf smaller than this */
	int64_t		max;			/* no turf larger than this */
	int64_t		hlo[2];			/* a turf of houses only (no weight > 1): */
	int64_t		hhi[2];			/* preferably within hlo[0]..hhi[0], at worst
								 * within hlo[1]..hhi[1] */
} Envelope;

/*
 * How well a part of an untangling re-split of the given size, holding
 * `heavy` points of weight > 1, fits as a turf: a part of houses only must
 * stay near the other turfs of houses, so no turf of 38 doors is made
 * beside turfs of 53 to untangle a building's turf.  0: a part with a
 * building, or houses within env's first range; 1: houses within its
 * second range; 2: no fit.
 */
static inline int
houses_fit(const Envelope *env, int64_t size, int64_t heavy)
{
	if (heavy > 0 || (size >= env->hlo[0] && size <= env->hhi[0]))
		return 0;
	return size >= env->hlo[1] && size <= env->hhi[1] ? 1 : 2;
}

/*
 * Untangles neighbouring turfs a and b (stage 5): if no straight line of
 * the TURF_UNTANGLE_DIRS directions separates their points, they are
 * re-split by the straight line that gives the least weighted sum of
 * squared distances to the two new centroids among those that leave both
 * sizes between the old two (so balance never worsens), the part on the
 * side of a's centroid going to a.  buf holds at least size-of-both
 * points.  Returns 1 if the pair was re-split, else 0 (already separated,
 * or no straight split keeps the balance).
 */
static int
untangle_pair(Cut *c, int32_t a, int32_t b, KeyItem *buf, Envelope *env)
{
	size_t		m = 0,
				i,
				best_cut = 0;
	int32_t		p;
	int			d,
				best_dir = -1;
	int64_t		sa = c->size[a],
				sb = c->size[b],
				lo = (sa < sb ? sa : sb) - env->slack,
				hi = (sa < sb ? sb : sa) + env->slack;
	int64_t		heavy = 0;		/* points of weight > 1 in the pair */
	double		ox = (c->cx[a] + c->cx[b]) / 2.0,
				oy = (c->cy[a] + c->cy[b]) / 2.0,
				tw = 0.0,
				tx = 0.0,
				ty = 0.0,
				tq = 0.0,
				best_sse = INFINITY;
	int			best_tier = 4,	/* 0: sizes within the old two, 1: within the
								 * slack; 2 more if a part of houses is only
								 * within the second range */
				tier,
				fit;

	/* sizes within the slack, within the balance bound of every turf and of each other */
	if (lo < env->max - env->wmax)
		lo = env->max - env->wmax;
	if (hi > env->min + env->wmax)
		hi = env->min + env->wmax;
	if (lo < (sa + sb - env->wmax + 1) / 2)
		lo = (sa + sb - env->wmax + 1) / 2;
	/* both parts in [lo, hi]: the first part's size in [S - hi, S - lo] too */
	{
		int64_t		nlo = lo > sa + sb - hi ? lo : sa + sb - hi,
					nhi = hi < sa + sb - lo ? hi : sa + sb - lo;

		lo = nlo;
		hi = nhi;
	}
	if (lo > hi)
		return 0;
	for (p = c->head[a]; p >= 0; p = c->next[p])
		buf[m++].i = p;
	for (p = c->head[b]; p >= 0; p = c->next[p])
		buf[m++].i = p;
	for (i = 0; i < m; i++)
	{
		double		w = (double) c->w[buf[i].i],
					x = c->x[buf[i].i] - ox,
					y = c->y[buf[i].i] - oy;

		tw += w;
		tx += w * x;
		ty += w * y;
		tq += w * (x * x + y * y);
		heavy += c->w[buf[i].i] > 1;
	}
	/* a turf that is one point (a building) has no area to overlap */
	if (c->next[c->head[a]] < 0 || c->next[c->head[b]] < 0)
		return 0;
	/* separated already, along the line between the centroids or another direction? */
	for (d = -1; d < TURF_UNTANGLE_DIRS; d++)
	{
		double		ux = d < 0 ? c->cx[b] - c->cx[a] : untangle_dir(d, 0),
					uy = d < 0 ? c->cy[b] - c->cy[a] : untangle_dir(d, 1),
					amin = INFINITY,
					amax = -INFINITY,
					bmin = INFINITY,
					bmax = -INFINITY;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;
			double		key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;

			if (c->label[q] == a)
			{
				amin = key < amin ? key : amin;
				amax = key > amax ? key : amax;
			}
			else
			{
				bmin = key < bmin ? key : bmin;
				bmax = key > bmax ? key : bmax;
			}
		}
		if (amax < bmin || bmax < amin)
			return 0;
	}
	/* no: the best straight split that keeps the balance */
	for (d = 0; d < TURF_UNTANGLE_DIRS; d++)
	{
		double		ux = untangle_dir(d, 0),
					uy = untangle_dir(d, 1),
					fw = 0.0,
					fx = 0.0,
					fy = 0.0,
					fq = 0.0;
		int64_t		fill = 0,
					fheavy = 0;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;

			buf[i].key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;
		}
		qsort(buf, m, sizeof(KeyItem), cmp_key);
		for (i = 0; i + 1 < m; i++)
		{
			int32_t		q = buf[i].i;
			double		w = (double) c->w[q],
						x = c->x[q] - ox,
						y = c->y[q] - oy,
						sse;

			fill += c->w[q];
			fheavy += c->w[q] > 1;
			fw += w;
			fx += w * x;
			fy += w * y;
			fq += w * (x * x + y * y);
			/* a cut between equal keys is no straight split */
			if (fill < lo || fill > hi || buf[i].key == buf[i + 1].key)
				continue;
			fit = houses_fit(env, fill, fheavy);
			if (houses_fit(env, sa + sb - fill, heavy - fheavy) > fit)
				fit = houses_fit(env, sa + sb - fill, heavy - fheavy);
			if (fit > 1)
				continue;
			sse = part_sse(fw, fx, fy, fq) +
				part_sse(tw - fw, tx - fx, ty - fy, tq - fq);
			tier = (fill < sa && fill < sb ? 1 : fill > sa && fill > sb ? 1 : 0) + 2 * fit;
			if (tier < best_tier || (tier == best_tier && sse < best_sse))
			{
				best_tier = tier;
				best_sse = sse;
				best_dir = d;
				best_cut = i + 1;
			}
		}
	}
	/*
	 * A building in the middle of the other turf's houses cannot be cut off
	 * by a line; it can be a turf by itself, if the balance allows.
	 */
	for (i = 0; i < m; i++)
	{
		int32_t		q = buf[i].i;
		double		w = (double) c->w[q],
					x = c->x[q] - ox,
					y = c->y[q] - oy,
					sse;

		if (c->w[q] < lo || c->w[q] > hi || (fit = houses_fit(env, sa + sb - c->w[q], heavy - 1)) > 1)
			continue;
		sse = part_sse(tw - w, tx - w * x, ty - w * y, tq - w * (x * x + y * y));
		tier = (c->w[q] < sa && c->w[q] < sb ? 1 : c->w[q] > sa && c->w[q] > sb ? 1 : 0) + 2 * fit;
		if (tier < best_tier || (tier == best_tier && sse < best_sse))
		{
			best_tier = tier;
			best_sse = sse;
			best_dir = TURF_UNTANGLE_DIRS;
			best_cut = (size_t) q;
		}
	}
	if (best_dir < 0)
		return 0;
	if (best_dir == TURF_UNTANGLE_DIRS)
	{
		/* the building alone goes to the turf whose centroid is nearer */
		int32_t		q = (int32_t) best_cut,
					alone = dist2(c, q, a) <= dist2(c, q, b) ? a : b,
					rest = alone == a ? b : a;

		for (i = 0; i < m; i++)
			buf[i].key = (buf[i].i == q ? alone : rest) == a ? 0.0 : 1.0;
		assign_pair(c, a, b, buf, m);
	}
	else
	{
		/* redo the best direction's order and give each side its turf */
		double		ux = untangle_dir(best_dir, 0),
					uy = untangle_dir(best_dir, 1);
		int32_t		first,
					second;

		for (i = 0; i < m; i++)
		{
			int32_t		q = buf[i].i;

			buf[i].key = (c->x[q] - ox) * ux + (c->y[q] - oy) * uy;
		}
		qsort(buf, m, sizeof(KeyItem), cmp_key);
		/* the low side goes to the turf whose centroid lies lower along the direction */
		first = (c->cx[a] - ox) * ux + (c->cy[a] - oy) * uy <=
			(c->cx[b] - ox) * ux + (c->cy[b] - oy) * uy ? a : b;
		second = first == a ? b : a;
		for (i = 0; i < m; i++)
			buf[i].key = (i < best_cut ? first : second) == a ? 0.0 : 1.0;
		assign_pair(c, a, b, buf, m);
	}
	env->min = c->size[a] < env->min ? c->size[a] : env->min;
	env->min = c->size[b] < env->min ? c->size[b] : env->min;
	env->max = c->size[a] > env->max ? c->size[a] : env->max;
	env->max = c->size[b] > env->max ? c->size[b] : env->max;
	return 1;
}

/*
 * Untangling (stage 5): passes over every pair of turfs whose bounding
 * boxes meet, at most TURF_UNTANGLE_PASSES, until no pair is re-split.
 * Returns the re-splits, -1 on no memory.
 */
static int64_t
untangle(Cut *c, KeyItem *buf, int64_t wmax)
{
	int64_t		t,
				done = 0,
				total = 0;
	int			pass;
	Envelope	env;
	double	   *box = alloc_n((size_t) c->k * 4, sizeof(double));
	KeyItem    *west = alloc_n((size_t) c->k, sizeof(KeyItem));

	if (!box || !west)
	{
		release(box);
		release(west);
		return -1;
	}
	for (t = 0; t < c->k; t++)
		total += c->size[t];
	env.wmax = wmax;
	env.slack = (int64_t) (TURF_UNTANGLE_SLACK * (double) total / (double) c->k);
	/*
	 * Turfs of houses only: their mean now, and how far a re-split may take
	 * one from it (TURF_HOUSES_SLACK, within the 25% a canvasser notices).
	 */
	{
		int64_t		hsum = 0,
					hcount = 0;
		double		hmean;

		for (t = 0; t < c->k; t++)
		{
			int32_t		p;

			if ((t & 255) == 0)
				check_interrupt(c);
			for (p = c->head[t]; p >= 0 && c->w[p] == 1; p = c->next[p])
				;
			if (p < 0)
			{
				hsum += c->size[t];
				hcount++;
			}
		}
		hmean = hcount > 0 ? (double) hsum / (double) hcount : (double) total / (double) c->k;
		env.hlo[0] = (int64_t) ceil((1.0 - TURF_HOUSES_SLACK) * hmean);
		env.hhi[0] = (int64_t) floor((1.0 + TURF_HOUSES_SLACK) * hmean);
		env.hlo[1] = (int64_t) ceil((1.0 - TURF_HOUSES_SLACK2) * hmean);
		env.hhi[1] = (int64_t) floor((1.0 + TURF_HOUSES_SLACK2) * hmean);
	}
	for (pass = 0; pass < TURF_UNTANGLE_PASSES; pass++)
	{
		int64_t		before = done;

		/* the sizes' range afresh; within a pass it only widens, so stays safe */
		env.min = c->size[0];
		env.max = c->size[0];
		for (t = 1; t < c->k; t++)
		{
			env.min = c->size[t] < env.min ? c->size[t] : env.min;
			env.max = c->size[t] > env.max ? c->size[t] : env.max;
		}

		/*
		 * The pairs whose bounding boxes meet, not only neighbours by
		 * centroid: a turf stretched from a subdivision to the scattered
		 * houses beyond it can overlap one whose centroid is not among its
		 * nearest.  A sweep over the boxes sorted by their west edge.
		 */
		for (t = 0; t < c->k; t++)
		{
			int32_t		p = c->head[t];

			if ((t & 255) == 0)
				check_interrupt(c);
			box[4 * t] = box[4 * t + 1] = c->x[p];
			box[4 * t + 2] = box[4 * t + 3] = c->y[p];
			for (; p >= 0; p = c->next[p])
			{
				box[4 * t] = c->x[p] < box[4 * t] ? c->x[p] : box[4 * t];
				box[4 * t + 1] = c->x[p] > box[4 * t + 1] ? c->x[p] : box[4 * t + 1];
				box[4 * t + 2] = c->y[p] < box[4 * t + 2] ? c->y[p] : box[4 * t + 2];
				box[4 * t + 3] = c->y[p] > box[4 * t + 3] ? c->y[p] : box[4 * t + 3];
			}
			west[t].key = box[4 * t];
			west[t].i = (int32_t) t;
		}
		qsort(west, (size_t) c->k, sizeof(KeyItem), cmp_key);
		for (t = 0; t < c->k; t++)
		{
			int32_t		a = west[t].i;
			int64_t		j;

			check_interrupt(c);
			for (j = t + 1; j < c->k && west[j].key <= box[4 * a + 1]; j++)
			{
				int32_t		b = west[j].i;

				if (box[4 * b + 2] > box[4 * a + 3] || box[4 * a + 2] > box[4 * b + 3])
					continue;
				done += untangle_pair(c, a < b ? a : b, a < b ? b : a, buf, &env);
			}
		}
		if (done == before)
			break;
	}
	release(box);
	release(west);
	return done;
}

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
	int32_t    *kept = alloc_n((size_t) g + 1, sizeof(int32_t));
	int64_t		nk = 0,
				t;
	size_t		p;
	CentroidGrid gr;

	if (!kept)
		return -1;
	for (t = 0; t < g; t++)
		if (gw[t] > 0.0 && (!keep || keep[t]))
			kept[nk++] = (int32_t) t;
	if (grid_build(&gr, gx, gy, kept, nk) != 0)
	{
		grid_free(&gr);
		release(kept);
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
	release(kept);
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
	GroupWeight *order = alloc_n((size_t) g, sizeof(GroupWeight));
	char	   *keep = alloc_n((size_t) g, sizeof(char)),
			   *blocked = alloc_n((size_t) g, sizeof(char));
	int32_t    *renum = alloc_n((size_t) g, sizeof(int32_t));
	int			result = -1;

	if (!order || !keep || !blocked || !renum)
		goto out;
	while (g > k)
	{
		int64_t		t,
					chosen = 0,
					next = 0;
		size_t		p;
		CentroidGrid gr;

		check_interrupt(c);
		group_centroids(c, g, gw, gx, gy);
		if (grid_build(&gr, gx, gy, NULL, g) != 0)
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
	release(order);
	release(keep);
	release(blocked);
	release(renum);
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
	size_t	   *start = alloc_n((size_t) k + 1, sizeof(size_t)),
			   *end = alloc_n((size_t) k + 1, sizeof(size_t));
	int64_t    *w = alloc_n((size_t) k + 1, sizeof(int64_t));
	SizeHeap	heap = {0};
	size_t		p;
	int64_t		t;
	int			result = -1;

	if (!start || !end || !w || size_heap_init(&heap, k + 1, w, 1) != 0)
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
			size_heap_push(&heap, (int32_t) t);
	while (g < k && heap.m > 0)
	{
		int32_t		big = size_heap_pop(&heap);
		size_t		lo = start[big],
					hi = end[big],
					cut = lo;

		check_interrupt(c);
		bisect(c, ord, items, lo, hi, 2, 0);
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
			size_heap_push(&heap, big);
		if (hi - cut >= 2)
			size_heap_push(&heap, (int32_t) g);
		g++;
	}
	result = 0;
out:
	release(start);
	release(end);
	release(w);
	size_heap_free(&heap);
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
static int
warm_start(Cut *c, const int64_t *prev, int64_t k, int64_t *num, int32_t *ord, KeyItem *items)
{
	size_t		p,
				nv = 0,
				i;
	int64_t		g = 0,
				t;
	int64_t    *vals = alloc_n(c->n, sizeof(int64_t));
	double	   *gw = alloc_n((size_t) (2 * k + 1), sizeof(double)),
			   *gx = alloc_n((size_t) (2 * k + 1), sizeof(double)),
			   *gy = alloc_n((size_t) (2 * k + 1), sizeof(double));
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
	release(vals);
	release(gw);
	release(gx);
	release(gy);
	return result;
}

TurfStatus
turf_cut(size_t n, const double *x, const double *y, const int64_t *w,
		 int64_t k, int32_t *turf, void (*interrupt) (void), TurfStats *stats)
{
	return turf_cut_from(n, x, y, w, NULL, k, turf, interrupt, stats);
}

TurfStatus
turf_cut_from(size_t n, const double *x, const double *y, const int64_t *w,
			  const int64_t *prev, int64_t k, int32_t *turf, void (*interrupt) (void),
			  TurfStats *stats)
{
	Cut			c;
	CanonItem  *canon = NULL;
	int32_t    *ord = NULL;
	KeyItem    *items = NULL;
	size_t	   *pos = NULL;
	int32_t    *grp = NULL;		/* merged point of each canonical row */
	int64_t    *mprev = NULL;	/* earlier turf of each merged point */
	int64_t    *num = NULL;		/* earlier number of each turf, 0 if new */
	int			warm = 0;
	size_t		i,
				m;
	int64_t		wmax = 0,
				moves = 0;
	int			sweeps = 0,
				round,
				max_rounds;
	int64_t		t;
	double		cost;
	TurfStatus	status = TURF_OK;

	memset(&c, 0, sizeof(c));
	if (n == 0 || k < 1 || n > (size_t) INT32_MAX)
		return TURF_BAD_INPUT;
	for (i = 0; i < n; i++)
		if (w[i] < 1 || w[i] > INT64_MAX / (int64_t) n || !(fabs(x[i]) <= TURF_COORD_MAX) ||
			!(fabs(y[i]) <= TURF_COORD_MAX))
			return TURF_BAD_INPUT;

	c.interrupt = interrupt;
	canon = alloc_n(n, sizeof(CanonItem));
	grp = alloc_n(n, sizeof(int32_t));
	c.x = alloc_n(n, sizeof(double));
	c.y = alloc_n(n, sizeof(double));
	c.w = alloc_n(n, sizeof(int64_t));
	c.label = alloc_n(n, sizeof(int32_t));
	c.next = alloc_n(n, sizeof(int32_t));
	ord = alloc_n(n, sizeof(int32_t));
	items = alloc_n(n, sizeof(KeyItem));
	pos = alloc_n(n, sizeof(size_t));
	if (prev)
		mprev = alloc_n(n, sizeof(int64_t));
	if (!canon || !grp || !c.x || !c.y || !c.w || !c.label || !c.next ||
		!ord || !items || !pos || (prev && !mprev))
	{
		status = TURF_NO_MEMORY;
		goto done;
	}

	/* Canonical order: everything below depends only on the set of points. */
	for (i = 0; i < n; i++)
	{
		canon[i].x = x[i];
		canon[i].y = y[i];
		canon[i].w = w[i];
		canon[i].pos = i;
	}
	check_interrupt(&c);
	{
		int			depth = 0;

		for (i = n; i > 1; i >>= 1)
			depth += 2;
		sort_canon(&c, canon, n, depth);
	}
	/*
	 * Rows at the same point (the units of one building) become one point
	 * whose weight is their sum, so they stay in one turf.
	 */
	m = 0;
	for (i = 0; i < n; i++)
	{
		if ((i & 0xFFFF) == 0xFFFF)
			check_interrupt(&c);
		if (m == 0 || canon[i].x != c.x[m - 1] || canon[i].y != c.y[m - 1])
		{
			c.x[m] = canon[i].x;
			c.y[m] = canon[i].y;
			c.w[m] = 0;
			ord[m] = (int32_t) m;
			if (mprev)
				mprev[m] = TURF_NO_PREVIOUS;
			m++;
		}
		c.w[m - 1] += canon[i].w;
		/* a point's earlier turf: the lowest of its rows' */
		if (mprev && prev[canon[i].pos] != TURF_NO_PREVIOUS &&
			(mprev[m - 1] == TURF_NO_PREVIOUS || prev[canon[i].pos] < mprev[m - 1]))
			mprev[m - 1] = prev[canon[i].pos];
		pos[i] = canon[i].pos;
		grp[i] = (int32_t) (m - 1);
	}
	release(canon);
	canon = NULL;
	for (i = 0; i < m; i++)
		if (c.w[i] > wmax)
			wmax = c.w[i];
	if (k > (int64_t) m)
		k = (int64_t) m;
	c.n = m;
	c.k = k;
	{
		int			want = k >= TURF_MANY_TURFS ? TURF_NEIGHBOURS_MANY : TURF_NEIGHBOURS;

		c.nnb = k - 1 < want ? (int) (k - 1) : want;
	}
	c.head = alloc_n((size_t) k, sizeof(int32_t));
	c.size = alloc_n((size_t) k, sizeof(int64_t));
	c.cx = alloc_n((size_t) k, sizeof(double));
	c.cy = alloc_n((size_t) k, sizeof(double));
	c.nb = alloc_n((size_t) k * (size_t) (c.nnb > 0 ? c.nnb : 1), sizeof(int32_t));
	c.changed = alloc_n((size_t) k, sizeof(int32_t));
	if (!c.head || !c.size || !c.cx || !c.cy || !c.nb || !c.changed)
	{
		status = TURF_NO_MEMORY;
		goto done;
	}
	memset(c.changed, 0, sizeof(int32_t) * (size_t) k);
	c.epoch = 0;

	if (mprev)
	{
		num = alloc_n((size_t) (2 * k + 1), sizeof(int64_t));
		warm = num ? warm_start(&c, mprev, k, num, ord, items) : -1;
		if (warm < 0)
		{
			status = TURF_NO_MEMORY;
			goto done;
		}
	}
	if (!warm)
	{
		/* labels are written by bisect; -1 marks nothing yet */
		int64_t		alone = 0;

		if (wmax > 1)
		{
			memset(c.label, 0, sizeof(int32_t) * m);
			alone = set_aside_buildings(&c, ord, items, m, k);
		}
		bisect(&c, ord, items, 0, m - (size_t) alone, k - alone, 0);
		if (alone > 0)
			number_by_first_point(&c, ord);
	}
	rebuild_turfs(&c);

	if (k > 1)
	{
		if (find_neighbours(&c) != 0)
		{
			status = TURF_NO_MEMORY;
			goto done;
		}
		moves = repair_balance(&c, wmax, warm != 0);
		if (moves < 0)
		{
			status = TURF_NO_MEMORY;
			goto done;
		}
		if (wmax > 1)
		{
			int64_t		evened;

			moves += diffuse_balance(&c, 100);
			evened = even_out(&c, 100);
			if (evened < 0)
			{
				status = TURF_NO_MEMORY;
				goto done;
			}
			moves += evened;
		}
		sweeps = TURF_REFINE ? refine(&c, items, TURF_MAX_SWEEPS) : 0;
		cost = total_cost(&c);
		/*
		 * Rounds: floor(log2(k)) - 2 (2 for a precinct of 26 turfs), at most
		 * TURF_MAX_ROUNDS, and fewer above 250,000 points (a budget of 3M
		 * point-rounds, at least 4) so a million points take seconds; a
		 * count, not a clock, so the answer stays deterministic.  Cycles
		 * matter when there are many turfs: a bisection's long cut lines
		 * can then only move through chains of turfs.  With a precinct's
		 * few dozen turfs two rounds come within 1.5% of twelve in half
		 * the time, and the turfs move less when doors are added
		 * (bench/RESULTS.md).
		 */
		max_rounds = TURF_MAX_ROUNDS;
		for (t = k, round = -TURF_ROUNDS_FROM_LOG2K; t > 1; t >>= 1)
			round++;
		if (round < max_rounds)
			max_rounds = round > 0 ? round : 0;
		if (k >= TURF_MANY_TURFS)
			max_rounds = TURF_MAX_ROUNDS_MANY;
		if (m > 250000 && max_rounds > 4 && (size_t) max_rounds > 3000000 / m)
			max_rounds = (int) (3000000 / m) > 4 ? (int) (3000000 / m) : 4;
		/*
		 * From earlier turfs: no cycle rounds, which would move turfs far
		 * from them; balance repair along paths of neighbouring turfs
		 * already lets the balance flow through chains of turfs.
		 */
		if (!TURF_REFINE || warm)
			max_rounds = 0;
		for (round = 0; sweeps >= 0 && round < max_rounds; round++)
		{
			int64_t		cycles = cancel_cycles(&c);
			int			more;
			double		before = cost;

			if (cycles < 0)
				sweeps = -1;
			if (cycles <= 0)
				break;
			for (t = 0; t < k; t++)
				if (c.changed[t] == c.epoch)
					update_turf(&c, (int32_t) t);
			more = refine(&c, items, TURF_MAX_SWEEPS);
			sweeps = more < 0 ? -1 : sweeps + more;
			/* stop when a round gains less than 0.01% */
			cost = total_cost(&c);
			if (cost > before * (1.0 - TURF_MIN_GAIN))
				break;
		}
		/*
		 * A last refinement that looks at every pair of neighbours afresh,
		 * so each pair is split by a line at the end, whatever changed last.
		 */
		if (sweeps >= 0 && TURF_REFINE)
		{
			int			more;

			for (t = 0; t < k; t++)
				c.changed[t] = c.epoch;
			more = refine(&c, items, TURF_MAX_SWEEPS);
			sweeps = more < 0 ? -1 : sweeps + more;
		}
		/* weighted: no two neighbours left interleaved (stage 5) */
		if (sweeps >= 0 && wmax > 1 && untangle(&c, items, wmax) < 0)
			sweeps = -1;
		if (sweeps < 0)
		{
			status = TURF_NO_MEMORY;
			goto done;
		}
	}

	if (warm)
	{
		/*
		 * Turfs keep their earlier numbers where those lie in 1..k; the
		 * others take the unused numbers in order; num[] then holds each
		 * turf's number.
		 */
		int64_t		next = 1;
		char	   *taken = alloc_n((size_t) k + 1, sizeof(char));

		if (!taken)
		{
			status = TURF_NO_MEMORY;
			goto done;
		}
		memset(taken, 0, (size_t) k + 1);
		for (t = 0; t < k; t++)
			if (num[t] >= 1 && num[t] <= k)
				taken[num[t]] = 1;
			else
				num[t] = 0;
		for (t = 0; t < k; t++)
			if (num[t] == 0)
			{
				while (taken[next])
					next++;
				num[t] = next;
				taken[next] = 1;
			}
		release(taken);
		for (i = 0; i < n; i++)
			turf[pos[i]] = (int32_t) num[c.label[grp[i]]];
	}
	else
		for (i = 0; i < n; i++)
			turf[pos[i]] = c.label[grp[i]] + 1;

	if (stats)
	{
		stats->turfs = k;
		stats->min_size = c.size[0];
		stats->max_size = c.size[0];
		for (t = 1; t < k; t++)
		{
			if (c.size[t] < stats->min_size)
				stats->min_size = c.size[t];
			if (c.size[t] > stats->max_size)
				stats->max_size = c.size[t];
		}
		stats->cost = total_cost(&c);
		stats->max_weight = wmax;
		stats->sweeps = sweeps;
		stats->repair_moves = moves;
	}

done:
	release(canon);
	release(c.x);
	release(c.y);
	release(c.w);
	release(c.label);
	release(c.next);
	release(c.head);
	release(c.size);
	release(c.cx);
	release(c.cy);
	release(c.nb);
	release(c.changed);
	release(ord);
	release(items);
	release(pos);
	release(grp);
	release(mprev);
	release(num);
	return status;
}
