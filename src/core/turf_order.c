/*
 * turf_order.c
 *	  The orders of the cut: the canonical sort of the input points (x, y,
 *	  weight) and the selection of the r smallest keys, without a full sort.
 */
#include "turf_internal.h"

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
void
turf_select_smallest(KeyItem *items, size_t m, size_t r)
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
void
turf_sort_canon(const Cut *c, CanonItem *a, size_t n, int depth)
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
			turf_sort_canon(c, a, j + 1, depth);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			turf_sort_canon(c, a + j + 1, n - j - 1, depth);
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
