/*
 * sort_template.h
 *	  The cores' introsort, written once and compiled for each item type
 *	  with its comparison inline (a qsort callback is about half as fast on
 *	  the small items the cores sort).  No include guard: include it once
 *	  per instance, after defining
 *
 *		SORT_NAME		the function to define, static void
 *						SORT_NAME(SORT_TYPE *a, size_t n, void (*interrupt) (void))
 *		SORT_TYPE		the item type
 *		SORT_LESS(p, q)	nonzero if *p comes before *q (pointers to items)
 *
 *	  which are undefined again at the end.  The order must be total on the
 *	  items that can differ (equal items identical in every field), so the
 *	  result is the one sorted array whatever the algorithm.
 *
 * The sort is quicksort with a median-of-three pivot and Hoare partitioning,
 * recursing into the smaller side; insertion sort for runs of 16 items or
 * fewer; heapsort for a run past a depth of 2 log2(n), so O(n log n) on any
 * input and no memory allocated.  interrupt, when not NULL, is called before
 * partitioning a run of more than 65536 items and every 65536 sifts of a
 * heapsort.
 */
#include <stddef.h>

#define SORT_CAT_(a, b) a##b
#define SORT_CAT(a, b) SORT_CAT_(a, b)
#define SORT_SWAP SORT_CAT(SORT_NAME, _swap)
#define SORT_SIFT SORT_CAT(SORT_NAME, _sift)
#define SORT_RUN SORT_CAT(SORT_NAME, _run)

/* Swaps two items. */
static inline void
SORT_SWAP(SORT_TYPE *p, SORT_TYPE *q)
{
	SORT_TYPE	t = *p;

	*p = *q;
	*q = t;
}

/* Sifts item i down the max-heap a[0..n). */
static void
SORT_SIFT(SORT_TYPE *a, size_t i, size_t n)
{
	for (;;)
	{
		size_t		c = 2 * i + 1;

		if (c >= n)
			return;
		if (c + 1 < n && SORT_LESS(&a[c], &a[c + 1]))
			c++;
		if (!SORT_LESS(&a[i], &a[c]))
			return;
		SORT_SWAP(&a[i], &a[c]);
		i = c;
	}
}

/* Sorts a[0..n), partitioning at most depth levels deep before heapsort. */
static void
SORT_RUN(SORT_TYPE *a, size_t n, int depth, void (*interrupt) (void))
{
	size_t		i;

	while (n > 16)
	{
		size_t		j,
					mid = n / 2;
		SORT_TYPE	pivot;

		if (interrupt && n > 65536)
			interrupt();
		if (depth-- <= 0)
		{
			for (i = n / 2; i-- > 0;)
			{
				if (interrupt && i % 65536 == 0)
					interrupt();
				SORT_SIFT(a, i, n);
			}
			for (i = n - 1; i > 0; i--)
			{
				if (interrupt && i % 65536 == 0)
					interrupt();
				SORT_SWAP(&a[0], &a[i]);
				SORT_SIFT(a, 0, i);
			}
			return;
		}
		/* median of a[0], a[mid], a[n-1] into a[mid] */
		if (SORT_LESS(&a[mid], &a[0]))
			SORT_SWAP(&a[mid], &a[0]);
		if (SORT_LESS(&a[n - 1], &a[mid]))
		{
			SORT_SWAP(&a[mid], &a[n - 1]);
			if (SORT_LESS(&a[mid], &a[0]))
				SORT_SWAP(&a[mid], &a[0]);
		}
		pivot = a[mid];
		/* a[0] <= pivot <= a[n-1] bound both scans */
		i = 0;
		j = n - 1;
		for (;;)
		{
			do
				i++;
			while (SORT_LESS(&a[i], &pivot));
			do
				j--;
			while (SORT_LESS(&pivot, &a[j]));
			if (i >= j)
				break;
			SORT_SWAP(&a[i], &a[j]);
		}
		/* a[0..j] <= pivot <= a[j+1..n) */
		if (j + 1 < n - j - 1)
		{
			SORT_RUN(a, j + 1, depth, interrupt);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			SORT_RUN(a + j + 1, n - j - 1, depth, interrupt);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++)
	{
		SORT_TYPE	v = a[i];
		size_t		k = i;

		while (k > 0 && SORT_LESS(&v, &a[k - 1]))
		{
			a[k] = a[k - 1];
			k--;
		}
		a[k] = v;
	}
}

/* Sorts a[0..n) (see the top of sort_template.h). */
static void
SORT_NAME(SORT_TYPE *a, size_t n, void (*interrupt) (void))
{
	int			depth = 0;
	size_t		i;

	for (i = n; i > 1; i >>= 1)
		depth += 2;
	SORT_RUN(a, n, depth, interrupt);
}

#undef SORT_RUN
#undef SORT_SIFT
#undef SORT_SWAP
#undef SORT_CAT
#undef SORT_CAT_
#undef SORT_NAME
#undef SORT_TYPE
#undef SORT_LESS
