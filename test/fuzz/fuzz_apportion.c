/*
 * fuzz_apportion.c
 *	  libFuzzer target for the largest-remainder core.  The input's first 8
 *	  bytes are the total, the rest are doubles.  Whatever the bytes, the core
 *	  must either refuse them with a status or return shares that are each
 *	  the floor or ceiling of their quota and add up to the total.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/apportion.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		total;
	size_t		n,
				i,
				bad;
	double	   *weights;
	int64_t    *shares;
	ApportionItem *work;
	long double sum_w = 0,
				sum_shares = 0;

	if (size < sizeof(int64_t))
		return 0;
	memcpy(&total, data, sizeof(total));
	n = (size - sizeof(int64_t)) / sizeof(double);
	weights = malloc((n + 1) * sizeof(double));
	shares = malloc((n + 1) * sizeof(int64_t));
	work = malloc((n + 1) * sizeof(ApportionItem));
	memcpy(weights, data + sizeof(int64_t), n * sizeof(double));

	if (apportion_validate(total, weights, n, &bad) == APPORTION_OK)
	{
		if (apportion_largest_remainder(total, weights, n, shares, work, NULL) != APPORTION_OK)
			abort();
		for (i = 0; i < n; i++)
		{
			sum_w += weights[i];
			if (shares[i] < 0 || shares[i] > total)
				abort();
			sum_shares += shares[i];
		}
		if (n > 0 && sum_shares != (long double) total)
			abort();
		/* Quota check where long double is precise enough to judge it. */
		if (n > 0 && sum_w > 0 && total < (INT64_C(1) << 50))
			for (i = 0; i < n; i++)
			{
				long double q = (long double) total * weights[i] / sum_w;

				if (shares[i] < floorl(q) - 1 || shares[i] > ceill(q) + 1)
					abort();
			}
	}
	free(weights);
	free(shares);
	free(work);
	return 0;
}
