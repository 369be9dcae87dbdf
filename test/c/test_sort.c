/*
 * test_sort.c
 *	  Unit tests of the cores' sorting: the introsort of sort_template.h
 *	  against the C library's qsort on the same items (random, few distinct
 *	  keys, descending, organ pipe, short runs, a run forced into heapsort),
 *	  the interrupt callback on large runs, and key_select_smallest against
 *	  a full qsort (the r smallest first, as a set).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "tap.h"

typedef struct Item
{
	int64_t		k;
	int64_t		i;
} Item;

/* Whether *p comes before *q: by key, then index. */
static int
item_less(const Item *p, const Item *q)
{
	return p->k < q->k || (p->k == q->k && p->i < q->i);
}

/* The same order as a qsort comparator. */
static int
item_cmp(const void *a, const void *b)
{
	return item_less(a, b) ? -1 : item_less(b, a) ? 1 : 0;
}

static int	interrupts;

/* Counts calls of the interrupt callback. */
static void
count_interrupt(void)
{
	interrupts++;
}

#define SORT_NAME item_sort
#define SORT_TYPE Item
#define SORT_LESS(p, q) item_less(p, q)
#include "core/sort_template.h"

/* Fills a[0..n) with keys of the given shape, indexes 0..n-1. */
static void
fill(Item *a, size_t n, int shape, uint64_t *rng)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint64_t	r = tap_random(rng);

		a[i].k = shape == 0 ? (int64_t) (r % 1000000) :
			shape == 1 ? (int64_t) (r % 3) :
			shape == 2 ? (int64_t) (n - i) :
			(int64_t) (i < n / 2 ? i : n - i);
		a[i].i = (int64_t) i;
	}
}

/* Reports a (sorted by item_sort) equal to b (sorted by qsort). */
static void
same_as_qsort(Item *a, Item *b, size_t n, const char *what, size_t size, int shape)
{
	qsort(b, n, sizeof(Item), item_cmp);
	tap_ok(memcmp(a, b, n * sizeof(Item)) == 0, "%s of %zu items, shape %d, equals qsort",
		   what, size, shape);
}

int
main(void)
{
	static const size_t sizes[] = {0, 1, 2, 3, 16, 17, 100, 5000, 200000};
	uint64_t	rng = 19;
	size_t		s;
	int			shape;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	{
		for (shape = 0; shape < 4; shape++)
		{
			size_t		n = sizes[s];
			Item	   *a = malloc((n + 1) * sizeof(Item)),
					   *b = malloc((n + 1) * sizeof(Item));

			fill(a, n, shape, &rng);
			memcpy(b, a, n * sizeof(Item));
			item_sort(a, n, NULL);
			same_as_qsort(a, b, n, "introsort", n, shape);
			free(a);
			free(b);
		}
	}

	/* depth 0: the whole run goes to heapsort, with the interrupt */
	{
		size_t		n = 140000;
		Item	   *a = malloc(n * sizeof(Item)),
				   *b = malloc(n * sizeof(Item));

		fill(a, n, 1, &rng);
		memcpy(b, a, n * sizeof(Item));
		interrupts = 0;
		item_sort_run(a, n, 0, count_interrupt);
		same_as_qsort(a, b, n, "heapsort", n, 1);
		/*
		 * one call for the run (more than 65536 items), then one at every
		 * multiple of 65536: heapifying i = 69999..0 meets 65536 and 0,
		 * popping i = 139999..1 meets 131072 and 65536: 5 in all
		 */
		tap_is_int(interrupts, 5, "heapsort of 140000 items calls the interrupt 5 times");
		free(a);
		free(b);
	}

	/* a large run calls the interrupt before it is partitioned */
	{
		size_t		n = 70000;
		Item	   *a = malloc(n * sizeof(Item));

		fill(a, n, 0, &rng);
		interrupts = 0;
		item_sort(a, n, count_interrupt);
		tap_ok(interrupts >= 1, "introsort of 70000 items calls the interrupt");
		free(a);
	}

	/* key_select_smallest: the r smallest first, the same set as a full sort's */
	for (s = 0; s < 40; s++)
	{
		size_t		m = s < 20 ? s + 1 : 100 + 997 * s,
					r = (size_t) (tap_random(&rng) % (m + 1)),
					i;
		KeyItem    *a = malloc(m * sizeof(KeyItem)),
				   *b = malloc(m * sizeof(KeyItem));
		int			ok = 1;

		for (i = 0; i < m; i++)
		{
			a[i].key = (double) (tap_random(&rng) % (s % 2 ? 5 : 100000));
			a[i].i = (int32_t) i;
		}
		memcpy(b, a, m * sizeof(KeyItem));
		key_select_smallest(a, m, r);
		qsort(b, m, sizeof(KeyItem), cmp_key);
		/* sorting the first r of a gives the first r of b, and so the rest too */
		qsort(a, r, sizeof(KeyItem), cmp_key);
		qsort(a + r, m - r, sizeof(KeyItem), cmp_key);
		for (i = 0; i < m; i++)
			ok = ok && a[i].key == b[i].key && a[i].i == b[i].i;
		tap_ok(ok, "key_select_smallest: the %zu smallest of %zu first", r, m);
		free(a);
		free(b);
	}
	return tap_done();
}
