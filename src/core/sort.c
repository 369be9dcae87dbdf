/*
 * sort.c
 *	  The selection of the smallest keyed items, for the cores' cuts
 *	  (see sort.h; the introsort is in sort_template.h).
 */
#include "core/sort.h"

#include <stdlib.h>

/*
 * Partially orders items[0..m) so that the r smallest (in key_less order)
 * come first, in some order: Hoare's selection with a median-of-three pivot.
 */
void
key_select_smallest(KeyItem *items, size_t m, size_t r)
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
