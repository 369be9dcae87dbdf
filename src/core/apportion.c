/*
 * apportion.c
 *	  Largest-remainder (Hamilton) apportionment with exact integer totals.
 *
 * Each weight w_i gets floor(total * w_i / W) with W = sum w_i; the seats
 * left over (fewer than the number of positive weights) go one each to the
 * largest remainders.  Ties between equal remainders go to the larger weight,
 * then to the earlier position.  All weights zero means all weights equal.
 *
 * Exactness.  Doubles are turned into 64-bit fixed-point integers relative to
 * the largest weight M = f * 2^e (f in [0.5, 1)):  q_i = floor(w_i * 2^(64-e)),
 * so q_max < 2^64.  This is exact for every weight within a factor 2^11 of M
 * (a double has 53 significant bits) and rounds smaller weights down by less
 * than 2^-64 of M.  Then total * q_i < 2^127 and W_q = sum q_i < n * 2^64, so
 * the shares and remainders are computed exactly in unsigned 128-bit integers:
 * no floating-point rounding ever decides a share, for any total up to
 * 2^63 - 1.
 */
#include "apportion.h"

#include <math.h>
#include <stdlib.h>

/* Checks the total and every weight; the first failure wins. */
ApportionStatus
apportion_validate(int64_t total, const double *weights, size_t n,
				   size_t *bad_index)
{
	size_t		i;

	*bad_index = 0;
	if (total < 0)
		return APPORTION_NEGATIVE_TOTAL;
	for (i = 0; i < n; i++)
	{
		double		w = weights[i];

		*bad_index = i;
		if (isnan(w))
			return APPORTION_NAN_WEIGHT;
		if (isinf(w))
			return APPORTION_INFINITE_WEIGHT;
		if (w < 0)
			return APPORTION_NEGATIVE_WEIGHT;
	}
	*bad_index = 0;
	return APPORTION_OK;
}

/* Orders items by remainder descending, then weight descending, then position. */
static int
compare_items(const void *a, const void *b)
{
	const ApportionItem *x = (const ApportionItem *) a;
	const ApportionItem *y = (const ApportionItem *) b;

	if (x->remainder_hi != y->remainder_hi)
		return x->remainder_hi > y->remainder_hi ? -1 : 1;
	if (x->remainder_lo != y->remainder_lo)
		return x->remainder_lo > y->remainder_lo ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

/* Items handled between two calls of the interrupt callback. */
#define APPORTION_TICK 65536

/* Moves work[i] down the heap of n items whose top is the item to go first. */
static void
sift_down(ApportionItem *work, size_t i, size_t n)
{
	for (;;)
	{
		size_t		c = 2 * i + 1;
		ApportionItem tmp;

		if (c >= n)
			return;
		if (c + 1 < n && compare_items(&work[c + 1], &work[c]) < 0)
			c++;
		if (compare_items(&work[c], &work[i]) >= 0)
			return;
		tmp = work[i];
		work[i] = work[c];
		work[c] = tmp;
		i = c;
	}
}

/*
 * Gives one more to each of the first left items in compare_items order,
 * through a heap: O(n + left log n), in place, with interrupt (when not
 * NULL) called every APPORTION_TICK sifts.  The order is total (positions
 * differ), so the items chosen are the same as after a full sort.
 */
static void
give_left_over(ApportionItem *work, size_t n, size_t left, int64_t *shares,
			   void (*interrupt) (void))
{
	size_t		i;

	for (i = n / 2; i-- > 0;)
	{
		if (interrupt && i % APPORTION_TICK == 0)
			interrupt();
		sift_down(work, i, n);
	}
	for (i = 0; i < left; i++)
	{
		if (interrupt && i % APPORTION_TICK == 0)
			interrupt();
		shares[work[0].index]++;
		work[0] = work[n - 1 - i];
		sift_down(work, 0, n - 1 - i);
	}
}

/* See apportion.h; the header comment of this file explains the arithmetic. */
ApportionStatus
apportion_largest_remainder(int64_t total, const double *weights, size_t n,
							int64_t *shares, ApportionItem *work,
							void (*interrupt) (void))
{
	size_t		bad;
	ApportionStatus status;
	double		max_weight = 0.0;
	int			exponent = 0;
	unsigned __int128 sum_q = 0;
	unsigned __int128 left;
	unsigned __int128 remainder;
	int64_t		given = 0;
	size_t		i;

	status = apportion_validate(total, weights, n, &bad);
	if (status != APPORTION_OK || n == 0)
		return status;

	for (i = 0; i < n; i++)
		if (weights[i] > max_weight)
			max_weight = weights[i];
	if (max_weight > 0.0)
		(void) frexp(max_weight, &exponent);

	/* Fixed-point weights; all-zero weights count as all equal. */
	for (i = 0; i < n; i++)
	{
		uint64_t	q;

		if (interrupt && i % APPORTION_TICK == 0)
			interrupt();
		if (max_weight > 0.0)
			q = (uint64_t) ldexp(weights[i], 64 - exponent);
		else
			q = 1;
		work[i].remainder_hi = 0;
		work[i].remainder_lo = q;	/* q kept here until the division below */
		work[i].weight = weights[i];
		work[i].index = i;
		sum_q += q;
	}

	for (i = 0; i < n; i++)
	{
		unsigned __int128 product = (unsigned __int128) total * work[i].remainder_lo;

		if (interrupt && i % APPORTION_TICK == 0)
			interrupt();

		shares[i] = (int64_t) (product / sum_q);
		remainder = product % sum_q;
		work[i].remainder_hi = (uint64_t) (remainder >> 64);
		work[i].remainder_lo = (uint64_t) remainder;
		given += shares[i];
	}

	/* Fewer seats are left than there are non-zero remainders. */
	left = (unsigned __int128) (total - given);
	if (left > 0)
		give_left_over(work, n, (size_t) left, shares, interrupt);
	return APPORTION_OK;
}
