/*
 * project_speed.c
 *	  Times the projection core on a synthetic night: 3,000 precincts x 3
 *	  vote methods (9,000 units), half complete, features = two method
 *	  indicators and a county code, with turnout and margin deviations
 *	  that depend on the method plus noise.  Prints the milliseconds of
 *	  project_compute (best of five) and the ridge penalty each fit chose.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/project.h"

/* A uniform double in [0, 1) (splitmix64). */
static double
uniform(uint64_t *s)
{
	uint64_t	z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (double) (z >> 11) / 9007199254740992.0;
}

int
main(int argc, char **argv)
{
	int			precincts = argc > 1 ? atoi(argv[1]) : 3000;
	int			k = 3,
				stride = PROJECT_FIXED + 3,
				n = precincts * 3,
				i,
				rep;
	double	   *u = malloc(sizeof(double) * stride * n);
	double		best = INFINITY;
	uint64_t	s = 42;
	ProjectResult r;

	for (i = 0; i < n; i++)
	{
		double	   *v = u + i * stride;
		int			method = i % 3;
		double		tb = 100 + 900 * uniform(&s);
		double		mb = 0.6 * uniform(&s) - 0.3;
		double		t = tb * (0.8 + 0.1 * method + 0.1 * uniform(&s));
		double		m = mb + 0.05 * (method - 1) + 0.04 * (uniform(&s) - 0.5);

		v[2] = round(tb * (1 + mb) / 2);
		v[3] = round(tb * (1 - mb) / 2);
		v[4] = uniform(&s) < 0.5;
		v[0] = round(t * (1 + m) / 2 * (v[4] ? 1 : 0.3));
		v[1] = round(t * (1 - m) / 2 * (v[4] ? 1 : 0.3));
		v[5] = method == 1;
		v[6] = method == 2;
		v[7] = (double) ((i / 3) % 7);
	}
	for (rep = 0; rep < 5; rep++)
	{
		struct timespec t0,
					t1;
		double		ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (project_compute(u, n, k, 0.9, &r, NULL, NULL) != PROJECT_OK)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
	}
	printf("units %d, features %d: %.1f ms (best of 5); penalty turnout %g, margin %g; "
		   "projected %.0f - %.0f, interval [%.0f, %.0f]\n",
		   n, k, best, r.turnout_penalty, r.margin_penalty,
		   r.projected_a, r.projected_b, r.margin_lower, r.margin_upper);
	free(u);
	return 0;
}
