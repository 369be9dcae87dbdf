/*
 * turf_bisect.c
 *	  Stage 1 of the cut (turf.c): recursive coordinate bisection, and the
 *	  buildings set aside as turfs of their own before it.
 */
#include "turf_internal.h"

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
void
turf_bisect(Cut *c, int32_t *ord, KeyItem *items, size_t lo, size_t hi,
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
			key_select_smallest(items, m, cut);
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
		turf_bisect(c, ord, items, lo, lo + cut, k1, first);
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
int64_t
turf_set_aside_buildings(Cut *c, int32_t *ord, KeyItem *items, size_t m, int64_t k)
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
void
turf_number_by_first_point(Cut *c, int32_t *ord)
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
