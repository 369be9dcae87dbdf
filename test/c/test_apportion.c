/*
 * test_apportion.c
 *	  Unit tests of the largest-remainder core.  Expected values are DOMAIN
 *	  reference examples or hand computations written next to them; the
 *	  randomised part checks the core against an independent exact-integer
 *	  computation of the same rule.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/apportion.h"
#include "tap.h"

/* Runs the core on n weights and compares with want. */
static void
check(int64_t total, const double *w, int n, const int64_t *want, const char *name)
{
	int64_t		shares[16];
	ApportionItem work[16];
	ApportionStatus st = apportion_largest_remainder(total, w, (size_t) n, shares, work, NULL);

	if (!tap_ok(st == APPORTION_OK, "%s: accepted", name))
		return;
	tap_is_int_array(shares, want, n, name);
}

/*
 * Reference: the same rule in plain int64 arithmetic for integer weights
 * (total * w_i < 2^63), selecting the extra seats by repeated scans.
 */
static void
reference_apportion(int64_t total, const int64_t *w, int n, int64_t *out)
{
	int64_t		sum = 0,
				given = 0;
	int64_t		rem[64];
	int			taken[64] = {0};
	int			i;

	for (i = 0; i < n; i++)
		sum += w[i];
	if (sum == 0)
	{
		for (i = 0; i < n; i++)
			out[i] = total / n + (i < total % n ? 1 : 0);
		return;
	}
	for (i = 0; i < n; i++)
	{
		out[i] = total * w[i] / sum;
		rem[i] = total * w[i] % sum;
		given += out[i];
	}
	while (given < total)
	{
		int			best = -1;

		for (i = 0; i < n; i++)
			if (!taken[i] &&
				(best < 0 || rem[i] > rem[best] ||
				 (rem[i] == rem[best] && w[i] > w[best])))
				best = i;
		taken[best] = 1;
		out[best]++;
		given++;
	}
}

/* Counts calls of the interrupt callback. */
static long interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

/*
 * 200,000 equal weights sharing 100,000: each exact share is 1/2, the
 * floors give 0, and the 100,000 left over go to the equal remainders in
 * position order, so positions 0..99999 get 1 and the rest 0.  The
 * callback is called at weights 0, 65536, 131072 and 196608 of each of the
 * two passes over the weights and at 0 and 65536 of the heap's build
 * (100,000 nodes) and of the 100,000 gifts: 12 calls.
 */
static void
test_large_interruptible(void)
{
	size_t		n = 200000,
				i,
				wrong = 0;
	double	   *w = malloc(n * sizeof(double));
	int64_t    *shares = malloc(n * sizeof(int64_t));
	ApportionItem *work = malloc(n * sizeof(ApportionItem));

	for (i = 0; i < n; i++)
		w[i] = 1.0;
	tap_ok(apportion_largest_remainder(100000, w, n, shares, work, count_interrupt) == APPORTION_OK,
		   "200,000 equal weights: accepted");
	for (i = 0; i < n; i++)
		wrong += shares[i] != (i < 100000 ? 1 : 0);
	tap_is_int((int64_t) wrong, 0, "200,000 equal weights: the first 100,000 positions get one each");
	tap_is_int(interrupts, 12, "200,000 equal weights: the interrupt callback is called 12 times");
	free(w);
	free(shares);
	free(work);
}

int
main(void)
{
	/* DOMAIN.md section 2, Hamilton examples. */
	{
		double		w[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
		int64_t		want[] = {34, 34, 33};	/* 33.67 each: floors 99, 2 left in order */

		check(101, w, 3, want, "101 over thirds is 34, 34, 33");
	}
	{
		double		w[] = {.5, .3, .2};
		int64_t		want[] = {4, 2, 1};	/* 3.5, 2.1, 1.4: the .5 remainder takes the last */

		check(7, w, 3, want, "7 over .5 .3 .2 is 4, 2, 1");
	}
	{
		double		w[] = {.62, .27, .11};
		int64_t		want[] = {6, 3, 1};	/* 6.2, 2.7, 1.1 */

		check(10, w, 3, want, "10 over .62 .27 .11 is 6, 3, 1");
	}
	{
		double		w[] = {.2, .5, .3};
		int64_t		want[] = {0, 1, 0};	/* .2, .5, .3 */

		check(1, w, 3, want, "1 over .2 .5 .3 is 0, 1, 0");
	}

	/* Hand computations: ties, zeros, exact quotas. */
	{
		double		w[] = {1, 3};
		int64_t		want[] = {2, 8};	/* 2.5, 7.5: equal remainders, larger weight wins */

		check(10, w, 2, want, "equal remainders go to the larger weight");
	}
	{
		double		w[] = {1, 1, 1, 1};
		int64_t		want[] = {1, 1, 1, 0};	/* .75 each: 3 seats by position */

		check(3, w, 4, want, "equal weights break ties by position");
	}
	{
		double		w[] = {2, 1, 2};
		int64_t		want[] = {2, 1, 2};	/* exact quotas need no remainder */

		check(5, w, 3, want, "exact quotas are kept");
	}
	{
		double		w[] = {0, 0};
		int64_t		want[] = {3, 2};	/* all zero: split evenly, first in order first */

		check(5, w, 2, want, "all-zero weights split evenly");
	}
	{
		double		w[] = {0, 1, 0};
		int64_t		want[] = {0, 10, 0};

		check(10, w, 3, want, "a zero weight beside positive ones gets nothing");
	}
	{
		double		w[] = {0.25, 0.75};
		int64_t		want[] = {0, 0};

		check(0, w, 2, want, "a zero total gives zeros");
	}
	{
		double		w[] = {1e-300, 1};
		int64_t		want[] = {0, 1000};	/* quotas 1e-297 and 1000 - 1e-297 */

		check(1000, w, 2, want, "a weight 1e300 times smaller gets nothing");
	}
	{
		double		w[] = {4.9e-324, 4.9e-324, 9.9e-324};
		int64_t		want[] = {1, 1, 2};	/* subnormals 1:1:2 of 4 */

		check(4, w, 3, want, "subnormal weights keep their ratios");
	}
	{
		double		w[] = {1e308, 1e308};
		int64_t		want[] = {2, 1};	/* 1.5 each, no overflow in the sum */

		check(3, w, 2, want, "weights near the double maximum do not overflow");
	}

	/* Totals at the top of bigint: 2^62 = 4611686018427387904 = 3 * 1537228672809129301 + 1. */
	{
		double		w[] = {1, 1, 1};
		int64_t		want[] = {1537228672809129302LL, 1537228672809129301LL, 1537228672809129301LL};

		check(INT64_C(4611686018427387904), w, 3, want, "2^62 over thirds is exact");
	}
	{
		double		w[] = {.5, .5};
		int64_t		want[] = {INT64_C(4611686018427387904), INT64_C(4611686018427387903)};

		check(INT64_MAX, w, 2, want, "2^63 - 1 over halves is exact");
	}
	{
		/*
		 * 2^62 over (1, 2^52), W = 2^52 + 1.  Since 1024 W = 2^62 + 1024, the
		 * small quota has floor 1023 and remainder 2^62 - 1023 W = 2^52 - 1023;
		 * the large quota has floor 2^62 - 1024 and remainder W - (2^52 - 1023)
		 * = 1024.  The floors leave one seat, and the small weight's remainder
		 * is the larger: it gets 1024.
		 */
		double		w[] = {1, 4503599627370496.0};
		int64_t		want[2];

		want[0] = 1024;
		want[1] = INT64_C(4611686018427387904) - 1024;
		check(INT64_C(4611686018427387904), w, 2, want, "2^62 over 1 : 2^52 takes remainders exactly");
	}

	/* Validation. */
	{
		double		w[] = {1, NAN, -1};
		size_t		bad;

		tap_ok(apportion_validate(-1, w, 1, &bad) == APPORTION_NEGATIVE_TOTAL, "negative total is refused");
		tap_ok(apportion_validate(5, w, 3, &bad) == APPORTION_NAN_WEIGHT && bad == 1, "NaN weight is refused at its index");
		w[1] = -INFINITY;
		tap_ok(apportion_validate(5, w, 3, &bad) == APPORTION_INFINITE_WEIGHT && bad == 1, "infinite weight is refused at its index");
		w[1] = 2;
		tap_ok(apportion_validate(5, w, 3, &bad) == APPORTION_NEGATIVE_WEIGHT && bad == 2, "negative weight is refused at its index");
		w[2] = -0.0;
		tap_ok(apportion_validate(5, w, 3, &bad) == APPORTION_OK, "negative zero is a zero weight");
		tap_ok(apportion_largest_remainder(5, w, 0, NULL, NULL, NULL) == APPORTION_OK, "no weights does nothing");
	}

	/* Randomised: exact integer reference, sum and quota properties. */
	{
		uint64_t	state = 20170620;
		int			trial,
					mismatches = 0,
					bad_sums = 0,
					outside_quota = 0;

		for (trial = 0; trial < 20000; trial++)
		{
			int			n = 1 + (int) (tap_random(&state) % 40);
			int64_t		total = (int64_t) (tap_random(&state) % 1000000);
			int64_t		iw[64],
						want[64],
						got[64],
						sum = 0,
						wsum = 0;
			double		w[64];
			ApportionItem work[64];
			int			i;

			for (i = 0; i < n; i++)
			{
				/* small integers with many ties, sometimes zero */
				iw[i] = (int64_t) (tap_random(&state) % (trial % 2 ? 7 : 1000000));
				w[i] = (double) iw[i];
				wsum += iw[i];
			}
			reference_apportion(total, iw, n, want);
			apportion_largest_remainder(total, w, (size_t) n, got, work, NULL);
			for (i = 0; i < n; i++)
			{
				sum += got[i];
				if (got[i] != want[i])
					mismatches++;
				if (wsum > 0)
				{
					double		quota = (double) total * (double) iw[i] / (double) wsum;

					if (got[i] < floor(quota) - 1e-6 || got[i] > ceil(quota) + 1e-6)
						outside_quota++;
				}
			}
			if (sum != total)
				bad_sums++;
		}
		tap_is_int(mismatches, 0, "20000 random cases equal the exact integer reference");
		tap_is_int(bad_sums, 0, "20000 random cases add up to the total");
		tap_is_int(outside_quota, 0, "every share is the floor or ceiling of its quota");
	}
	test_large_interruptible();
	return tap_done();
}
