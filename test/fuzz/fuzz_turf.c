/*
 * fuzz_turf.c
 *	  libFuzzer target for the turf-cutting core.  The first byte chooses k
 *	  (its low 6 bits) and, with its top bit, a re-cut from earlier turfs;
 *	  the rest are (x, y) pairs of doubles each followed by a byte whose low
 *	  3 bits are the weight and the rest the earlier turf (0 for none), at
 *	  most 3,000 points.  Whatever the bytes, turf_cut (turf_cut_from) must
 *	  refuse bad input with TURF_BAD_INPUT or return turf numbers in 1..k
 *	  whose sizes (sums of weights) differ by at most the largest weight at
 *	  one place.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/turf.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define POINT_BYTES (2 * sizeof(double) + 1)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		n,
				i,
				j;
	int64_t		k;
	double	   *x,
			   *y;
	int64_t    *w,
			   *prev,
			   *sizes,
				largest = 0;
	int32_t    *turf;
	int			finite = 1;
	TurfStatus	st;

	if (size < 1 + POINT_BYTES)
		return 0;
	k = 1 + data[0] % 64;
	n = (size - 1) / POINT_BYTES;
	if (n > 3000)
		n = 3000;
	x = malloc(n * sizeof(double));
	y = malloc(n * sizeof(double));
	w = malloc(n * sizeof(int64_t));
	prev = malloc(n * sizeof(int64_t));
	turf = malloc(n * sizeof(int32_t));
	sizes = calloc(k + 1, sizeof(int64_t));
	for (i = 0; i < n; i++)
	{
		const uint8_t *p = data + 1 + i * POINT_BYTES;

		memcpy(&x[i], p, sizeof(double));
		memcpy(&y[i], p + sizeof(double), sizeof(double));
		w[i] = 1 + p[2 * sizeof(double)] % 8;
		prev[i] = p[2 * sizeof(double)] / 8 == 0 ? TURF_NO_PREVIOUS : p[2 * sizeof(double)] / 8;
		finite &= isfinite(x[i]) && isfinite(y[i]) && fabs(x[i]) < 1e15 && fabs(y[i]) < 1e15;
	}
	st = (data[0] & 0x80) ? turf_cut_from(n, x, y, w, prev, k, turf, NULL, NULL, NULL)
		: turf_cut(n, x, y, w, k, turf, NULL, NULL, NULL);
	if (!finite)
	{
		if (st != TURF_BAD_INPUT && st != TURF_OK)
			abort();
	}
	else
	{
		if (st != TURF_OK)
			abort();
		for (i = 0; i < n; i++)
		{
			int64_t		here = 0;

			if (turf[i] < 1 || turf[i] > k)
				abort();
			sizes[turf[i]] += w[i];
			/* the weight at this place: every row at the same (x, y) */
			for (j = 0; j < n; j++)
				if (x[j] == x[i] && y[j] == y[i])
				{
					here += w[j];
					if (turf[j] != turf[i])
						abort();	/* a place is never split */
				}
			if (here > largest)
				largest = here;
		}
		{
			int64_t		lo = INT64_MAX,
						hi = 0;
			int64_t		t;

			for (t = 1; t <= k; t++)
				if (sizes[t] > 0)
				{
					lo = sizes[t] < lo ? sizes[t] : lo;
					hi = sizes[t] > hi ? sizes[t] : hi;
				}
			if (hi - lo > largest)
				abort();		/* the balance guarantee */
		}
	}
	free(x);
	free(y);
	free(w);
	free(prev);
	free(turf);
	free(sizes);
	return 0;
}
