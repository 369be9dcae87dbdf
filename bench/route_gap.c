/*
 * route_gap.c
 *	  The route core on the gap benchmark's turfs: for every turf the length
 *	  of walk_order's open path and of the plain nearest-neighbour path, and
 *	  the CPU time of walk_order over all turfs (best of REPEAT passes).
 *	  bench_route.sh compiles it against the current src/core/route.c and,
 *	  for the figures before a change, against an earlier revision of it, so
 *	  the two are timed side by side in one run.
 *
 *	  usage: route_gap TURFS.csv [REPEAT]
 *	  (CSV rows "turf,x,y", grouped by turf); prints rows
 *	  "turf,walk_length,nn_length" and, on stderr, the time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/route.h"
#include "bench_common.h"

int
main(int argc, char **argv)
{
	FILE	   *f;
	size_t		cap = 0,
				n = 0,
				i,
				j;
	long	   *turf = NULL;
	double	   *x = NULL,
			   *y = NULL,
				best = -1.0;
	size_t	   *order;
	int			repeat = argc > 2 ? atoi(argv[2]) : 3,
				pass;

	if (argc < 2 || !(f = fopen(argv[1], "r")))
	{
		fprintf(stderr, "usage: route_gap TURFS.csv [REPEAT]\n");
		return 2;
	}
	for (;;)
	{
		if (n == cap)
		{
			cap = cap ? 2 * cap : 65536;
			turf = realloc(turf, cap * sizeof(long));
			x = realloc(x, cap * sizeof(double));
			y = realloc(y, cap * sizeof(double));
			if (!turf || !x || !y)
				return 2;
		}
		if (fscanf(f, "%ld,%lf,%lf", &turf[n], &x[n], &y[n]) != 3)
			break;
		n++;
	}
	fclose(f);
	order = malloc((n + 1) * sizeof(size_t));
	if (!order)
		return 2;
	/* turf i's doors are x[i..j-1], y[i..j-1] */
	for (pass = 0; pass < repeat; pass++)
	{
		double		t0 = bench_cpu_seconds(),
					t;

		for (i = 0; i < n; i = j)
		{
			for (j = i; j < n && turf[j] == turf[i]; j++)
				;
			if (route_walk_order(x + i, y + i, j - i, order, NULL, NULL) != ROUTE_OK)
				return 1;
		}
		t = bench_cpu_seconds() - t0;
		if (best < 0 || t < best)
			best = t;
	}
	for (i = 0; i < n; i = j)
	{
		double		walk;

		for (j = i; j < n && turf[j] == turf[i]; j++)
			;
		if (route_walk_order(x + i, y + i, j - i, order, NULL, NULL) != ROUTE_OK)
			return 1;
		walk = route_length(x + i, y + i, order, j - i);
		if (route_nearest_neighbour(x + i, y + i, j - i, order, NULL, NULL) != ROUTE_OK)
			return 1;
		printf("%ld,%.9f,%.9f\n", turf[i], walk, route_length(x + i, y + i, order, j - i));
	}
	fprintf(stderr, "route_gap: walk_order over %zu doors: %.4f s CPU (best of %d)\n",
			n, best, repeat);
	return 0;
}
