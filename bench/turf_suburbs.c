/*
 * turf_suburbs.c
 *	  The suburb precincts of the turf unit test (test/c/test_turf.c,
 *	  suburb_precinct drawn from seed 20261123 alone), many of them, cut
 *	  with the test's own checks: how many precincts hold a turf whose
 *	  convex hull overlaps another's by more than 5% of its area.
 *	  usage: turf_suburbs [N [ONLY]]
 *	           cuts precincts 0..N-1 (20,000), or only precinct ONLY of
 *	           them, and prints each overlapping precinct, then the
 *	           precincts and turfs overlapping, precincts breaking the
 *	           balance bound, turfs of houses more than 25% off their
 *	           precinct's mean (and the worst), the mean of the precincts'
 *	           mean distances, the core's CPU time and an FNV hash of all
 *	           labels; with TURF_SUBURBS_HASHES set, each precinct's hash.
 *	  Build: cc -O2 -Isrc -Itest/c -o suburbs bench/turf_suburbs.c
 *	         test/c/tap.c src/core/turf*.c src/core/grid.c src/core/sort.c -lm
 *	  (the test's file is included, its main renamed, so the precincts and
 *	  checks are the test's own).
 */
#define main test_turf_main
#include "test_turf.c"
#undef main
#include <time.h>

int
main(int argc, char **argv)
{
	uint64_t	seed = 20261123,
				hall = 1469598103934665603ull;
	int			count = argc > 1 ? atoi(argv[1]) : 20000,
				only = argc > 2 ? atoi(argv[2]) : -1,
				cell,
				precincts = 0,
				turfs = 0,
				bad = 0,
				off = 0;
	double		worst = 0.0,
				cpu = 0.0,
				dsum = 0.0;
	double	   *x = malloc(SUBURB_CAP * sizeof(double)),
			   *y = malloc(SUBURB_CAP * sizeof(double));
	int64_t    *w = malloc(SUBURB_CAP * sizeof(int64_t));
	int32_t    *l = malloc(SUBURB_CAP * sizeof(int32_t));

	for (cell = 0; cell < count; cell++)
	{
		size_t		n = suburb_precinct(&seed, x, y, w),
					i;
		int64_t		total = 0,
					k;
		uint64_t	h = 1469598103934665603ull;
		clock_t		c0;
		TurfStatus	st;

		if (only >= 0 && cell != only)
			continue;
		for (i = 0; i < n; i++)
			total += w[i];
		k = turf_count(total, 60);
		c0 = clock();
		st = turf_cut(n, x, y, w, k, l, NULL, NULL, NULL);
		cpu += (double) (clock() - c0) / CLOCKS_PER_SEC;
		for (i = 0; i < n; i++)
			h = (h ^ (uint64_t) l[i]) * 1099511628211ull;
		hall = (hall ^ h) * 1099511628211ull;
		if (getenv("TURF_SUBURBS_HASHES"))
			printf("precinct %d hash %016llx\n", cell, (unsigned long long) h);
		if (st != TURF_OK || !balanced(n, x, y, w, k, l))
			bad++;
		else
		{
			int			o = overlapping_turfs(n, x, y, l, k);

			if (o)
			{
				precincts++;
				turfs += o;
				printf("precinct %d: %d turfs of %lld overlap\n", cell, o, (long long) k);
			}
			off += uneven_house_turfs(n, w, l, k, &worst);
			dsum += mean_distance(n, x, y, l, k);
		}
	}
	printf("%d precincts: %d with an overlap (%d turfs), %d unbalanced, %d turfs of houses off (worst %.3f), "
		   "mean distance %.4f m, %.2f s of CPU, labels %016llx\n",
		   count, precincts, turfs, bad, off, worst, dsum / (only >= 0 ? 1 : count), cpu,
		   (unsigned long long) hall);
	free(x);
	free(y);
	free(w);
	free(l);
	return 0;
}
