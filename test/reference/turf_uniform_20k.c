/*
 * turf_uniform_20k.c
 *	  Reference input of test_turf.c's comparison with a balanced k-means:
 *	  the 20,000 uniform points of that test (the same generator and seed),
 *	  cut into 333 turfs by the turf core, written as "x,y,turf" rows for
 *	  bench/balanced_kmeans.py --one, which computes the balanced k-means
 *	  (exact transportation assignment, Lloyd's iterations to convergence,
 *	  best of the turf start and k-means++ starts) independently of canvass.
 *
 *	  cc -O2 -Isrc -Itest/c -o u20k test/reference/turf_uniform_20k.c \
 *	     test/c/tap.c src/core/turf*.c -lm
 *	  ./u20k | python3 bench/balanced_kmeans.py --one
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#include "core/turf.h"
#include "tap.h"

int
main(void)
{
	size_t		n = 20000,
				i;
	double	   *x = malloc(n * sizeof(double)),
			   *y = malloc(n * sizeof(double));
	int64_t    *w = malloc(n * sizeof(int64_t));
	int32_t    *l = malloc(n * sizeof(int32_t));
	uint64_t	seed = 20261207;

	for (i = 0; i < n; i++)
	{
		x[i] = (double) (tap_random(&seed) >> 11) * (1.0 / 9007199254740992.0) * 12000;
		y[i] = (double) (tap_random(&seed) >> 11) * (1.0 / 9007199254740992.0) * 8000;
		w[i] = 1;
	}
	if (turf_cut(n, x, y, w, 333, l, NULL, NULL, NULL) != TURF_OK)
		return 1;
	for (i = 0; i < n; i++)
		printf("%.17g,%.17g,%d\n", x[i], y[i], l[i]);
	return 0;
}
