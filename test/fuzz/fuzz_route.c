/*
 * fuzz_route.c
 *	  libFuzzer target for the walk-order core.  The input is read as (x, y)
 *	  pairs of doubles, at most 2,000 points.  Whatever the bytes, the core
 *	  must either refuse coordinates that are not finite or beyond
 *	  ROUTE_COORD_MAX with ROUTE_NOT_FINITE, or
 *	  return a permutation, with identical points consecutive, no longer
 *	  than the nearest-neighbour path.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/route.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		n = size / (2 * sizeof(double)),
				i;
	double	   *x,
			   *y;
	size_t	   *order,
			   *nn;
	char	   *seen;
	int			finite = 1;
	RouteStatus st;

	if (n > 2000)
		n = 2000;
	x = calloc(n + 1, sizeof(double));
	y = calloc(n + 1, sizeof(double));
	order = malloc((n + 1) * sizeof(size_t));
	nn = malloc((n + 1) * sizeof(size_t));
	seen = calloc(n + 1, 1);
	for (i = 0; i < n; i++)
	{
		memcpy(&x[i], data + 2 * i * sizeof(double), sizeof(double));
		memcpy(&y[i], data + (2 * i + 1) * sizeof(double), sizeof(double));
		finite &= fabs(x[i]) <= ROUTE_COORD_MAX && fabs(y[i]) <= ROUTE_COORD_MAX;
	}
	st = route_walk_order(x, y, n, order, NULL, NULL);
	if (!finite)
	{
		if (st != ROUTE_NOT_FINITE)
			abort();
	}
	else
	{
		if (st != ROUTE_OK)
			abort();
		for (i = 0; i < n; i++)
		{
			if (order[i] >= n || seen[order[i]])
				abort();
			seen[order[i]] = 1;
		}
		/* identical points: once left, a place is never visited again */
		for (i = 1; i < n; i++)
		{
			size_t		j;

			if (x[order[i]] == x[order[i - 1]] && y[order[i]] == y[order[i - 1]])
				continue;
			for (j = 0; j + 1 < i; j++)
				if (x[order[j]] == x[order[i]] && y[order[j]] == y[order[i]])
					abort();
		}
		if (route_nearest_neighbour(x, y, n, nn, NULL, NULL) != ROUTE_OK)
			abort();
		if (route_length(x, y, order, n) > route_length(x, y, nn, n))
			abort();
	}
	free(x);
	free(y);
	free(order);
	free(nn);
	free(seen);
	return 0;
}
