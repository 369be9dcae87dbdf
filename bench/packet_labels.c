/*
 * packet_labels.c
 *	  CPU time of the packet map's label placement (core/labels.c) alone,
 *	  on a map of 1000 x 1000 units with the radii turf_packet uses (17, or
 *	  12 above 80 stops, down to half): stops spread uniformly (seeded) and
 *	  all stops at one point.  Prints one line per case: stops, layout, the
 *	  radius used, the farthest label from its stop in radii, CPU seconds
 *	  (best of three) and microseconds per stop.  Built and run by
 *	  bench/bench_packet.sh.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "core/labels.h"

/* splitmix64, so the stops are the same on every run. */
static double
uniform(uint64_t *s)
{
	uint64_t	z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return (double) ((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

int
main(void)
{
	static const size_t sizes[] = {48, 500, 5000, 100000};
	double		box[4] = {0, 0, 1000, 1000};
	size_t		c;
	int			stacked;

	printf("stops,layout,radius,farthest_radii,cpu_s,us_per_stop\n");
	for (c = 0; c < sizeof(sizes) / sizeof(sizes[0]); c++)
		for (stacked = 0; stacked <= 1; stacked++)
		{
			size_t		n = sizes[c],
						i;
			double	   *x = malloc(sizeof(double) * n),
					   *y = malloc(sizeof(double) * n),
					   *lx = malloc(sizeof(double) * n),
					   *ly = malloc(sizeof(double) * n),
						r0 = n > 80 ? 12 : 17,
						r = r0,
						best = INFINITY,
						far = 0;
			uint64_t	seed = 20261208;
			int			rep;

			for (i = 0; i < n; i++)
			{
				x[i] = stacked ? 500 : 30 + 940 * uniform(&seed);
				y[i] = stacked ? 500 : 30 + 940 * uniform(&seed);
			}
			for (rep = 0; rep < 3; rep++)
			{
				double		t = bench_cpu_seconds();

				if (labels_place(x, y, n, box, r0, r0 / 2, lx, ly, &r, NULL, NULL) != LABELS_OK)
				{
					fprintf(stderr, "packet_labels: placement failed\n");
					return 2;
				}
				best = fmin(best, bench_cpu_seconds() - t);
			}
			for (i = 0; i < n; i++)
				far = fmax(far, hypot(lx[i] - x[i], ly[i] - y[i]) / r);
			printf("%zu,%s,%g,%.1f,%.4f,%.2f\n", n, stacked ? "one point" : "spread",
				   r, far, best, best / n * 1e6);
			free(x);
			free(y);
			free(lx);
			free(ly);
		}
	return 0;
}
