/*
 * turf_frontier.c
 *	  The trade between compactness and stability of the turf core, on the
 *	  benchmark's doors: the partitioned cut (one turf_cut per precinct,
 *	  rows at one point merged as the extension does) of every door, its
 *	  mean and 95th percentile distance to the turf centroid, and the share
 *	  of existing doors whose turf changes when the extra doors are added
 *	  (turfs of the two cuts matched greedily by the most doors in common,
 *	  as tb_moved does in SQL), split by whether the precinct's turf count
 *	  grows.  bench_turf.sh runs it several times with the core's tuning
 *	  (TurfTuning) set from the environment: TURF_REFINE=0 (bisection and
 *	  balance only) and TURF_ROUNDS_FROM_LOG2K=n (cycle rounds
 *	  floor(log2(k)) - n); unset, the defaults of the SQL function.
 *
 *	  usage: turf_frontier DOORS.csv EXTRA.csv TARGET LABEL [from]
 *	  (CSV rows "precinct,x,y", both sorted by precinct).  With "from" the
 *	  second cut starts from the first (turf_cut_from, the existing doors'
 *	  turfs passed as their previous turfs).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/turf.h"
#include "bench_common.h"

typedef struct Row
{
	int			precinct;
	double		x;
	double		y;
} Row;

/* Reads one "precinct,x,y" row into *row; 1 when it got one. */
static int
read_row(FILE *f, void *row)
{
	Row		   *r = row;

	return fscanf(f, "%d,%lf,%lf", &r->precinct, &r->x, &r->y) == 3;
}

/* Reads "precinct,x,y" rows; exits on a missing file. */
static Row *
load(const char *path, size_t *n)
{
	return bench_read_rows(path, "turf_frontier", sizeof(Row), read_row, n);
}

/*
 * Appends each of the n doors' distance to its turf's centroid (turfs 1..k
 * in t) to dist at *nd; returns their sum.
 */
static double
add_distances(size_t n, const double *x, const double *y, const int32_t *t, int64_t k,
			  double *dist, size_t *nd)
{
	double	   *sx = calloc((size_t) k + 1, sizeof(double)),
			   *sy = calloc((size_t) k + 1, sizeof(double)),
				sum = 0.0;
	int64_t    *cnt = calloc((size_t) k + 1, sizeof(int64_t));
	size_t		q;

	for (q = 0; q < n; q++)
	{
		sx[t[q]] += x[q];
		sy[t[q]] += y[q];
		cnt[t[q]]++;
	}
	for (q = 0; q < n; q++)
	{
		double		dd = hypot(x[q] - sx[t[q]] / (double) cnt[t[q]],
							   y[q] - sy[t[q]] / (double) cnt[t[q]]);

		dist[(*nd)++] = dd;
		sum += dd;
	}
	free(sx);
	free(sy);
	free(cnt);
	return sum;
}

/* The 95th percentile of n distances as percentile_cont computes it (sorts them). */
static double
percentile95(double *dist, size_t n)
{
	double		pos = 0.95 * (double) (n - 1),
				v;

	qsort(dist, n, sizeof(double), bench_cmp_double);
	v = dist[(size_t) pos];
	if ((size_t) pos + 1 < n)
		v += (pos - floor(pos)) * (dist[(size_t) pos + 1] - dist[(size_t) pos]);
	return v;
}

/* Doors of a precinct kept in a matched turf: greedy matching by most doors in common. */
static size_t
kept_doors(size_t n, const int32_t *t1, const int32_t *t2, int64_t k)
{
	int64_t		kk = k + 1;
	size_t	   *common = calloc((size_t) (kk * kk), sizeof(size_t)),
				kept = 0,
				i;
	char	   *used1 = calloc((size_t) kk, 1),
			   *used2 = calloc((size_t) kk, 1);

	for (i = 0; i < n; i++)
		common[t1[i] * kk + t2[i]]++;
	for (;;)
	{
		size_t		best = 0;
		int64_t		a,
					b,
					ba = -1,
					bb = -1;

		for (a = 0; a < kk; a++)
			for (b = 0; b < kk; b++)
				if (!used1[a] && !used2[b] && common[a * kk + b] > best)
				{
					best = common[a * kk + b];
					ba = a;
					bb = b;
				}
		if (best == 0)
			break;
		used1[ba] = used2[bb] = 1;
		kept += best;
	}
	free(common);
	free(used1);
	free(used2);
	return kept;
}

int
main(int argc, char **argv)
{
	size_t		nd,
				ne,
				i = 0,
				j = 0,
				ndist = 0,
				ndist2 = 0,
				moved = 0,
				total = 0,
				moved_grow = 0,
				total_grow = 0;
	Row		   *d,
			   *e;
	double	   *dist,
			   *dist2,
				sum = 0.0,
				sum2 = 0.0,
				p95_2,
				cpu = 0.0,
				p95;
	int64_t		target;
	TurfTuning	tuning = turf_default_tuning;

	if (getenv("TURF_REFINE"))
		tuning.refine = atoi(getenv("TURF_REFINE"));
	if (getenv("TURF_ROUNDS_FROM_LOG2K"))
		tuning.rounds_from_log2k = atoi(getenv("TURF_ROUNDS_FROM_LOG2K"));
	if (argc != 5 && !(argc == 6 && strcmp(argv[5], "from") == 0))
	{
		fprintf(stderr, "usage: turf_frontier DOORS.csv EXTRA.csv TARGET LABEL [from]\n");
		return 2;
	}
	d = load(argv[1], &nd);
	e = load(argv[2], &ne);
	target = atoll(argv[3]);
	dist = malloc((nd + 1) * sizeof(double));
	dist2 = malloc((nd + ne + 1) * sizeof(double));
	while (i < nd)
	{
		int			p = d[i].precinct;
		size_t		a = i,
					n,
					n2,
					q;
		double	   *x,
				   *y,
					t0;
		int64_t    *w,
				   *prev,
					k,
					k2;
		TurfStatus	st;
		int32_t    *t1,
				   *t2;

		while (i < nd && d[i].precinct == p)
			i++;
		while (j < ne && e[j].precinct < p)
			j++;
		n = i - a;
		n2 = n;
		while (j + (n2 - n) < ne && e[j + (n2 - n)].precinct == p)
			n2++;
		x = malloc(n2 * sizeof(double));
		y = malloc(n2 * sizeof(double));
		w = malloc(n2 * sizeof(int64_t));
		prev = malloc(n2 * sizeof(int64_t));
		t1 = malloc(n2 * sizeof(int32_t));
		t2 = malloc(n2 * sizeof(int32_t));
		for (q = 0; q < n2; q++)
		{
			const Row  *r = q < n ? &d[a + q] : &e[j + q - n];

			x[q] = r->x;
			y[q] = r->y;
			w[q] = 1;
		}
		k = turf_count((int64_t) n, target);
		k2 = turf_count((int64_t) n2, target);
		t0 = bench_cpu_seconds();
		st = turf_cut_tuned(n, x, y, w, NULL, k, t1, NULL, NULL, &tuning, NULL);
		if (st == TURF_OK)
		{
			for (q = 0; q < n2; q++)
				prev[q] = q < n ? t1[q] : TURF_NO_PREVIOUS;
			st = turf_cut_tuned(n2, x, y, w, argc == 6 ? prev : NULL, k2, t2, NULL, NULL, &tuning, NULL);
		}
		if (st != TURF_OK)
		{
			fprintf(stderr, "turf_frontier: cut failed in precinct %d\n", p);
			return 1;
		}
		cpu += bench_cpu_seconds() - t0;
		/* distances to the centroids of the first cut and of the second */
		sum += add_distances(n, x, y, t1, k, dist, &ndist);
		sum2 += add_distances(n2, x, y, t2, k2, dist2, &ndist2);
		/* stability of the existing doors */
		{
			size_t		kept = kept_doors(n, t1, t2, k > k2 ? k : k2);

			moved += n - kept;
			total += n;
			if (k2 > k)
			{
				moved_grow += n - kept;
				total_grow += n;
			}
		}
		free(x);
		free(y);
		free(w);
		free(prev);
		free(t1);
		free(t2);
		j += n2 - n;
	}
	if (ndist == 0)
	{
		fprintf(stderr, "turf_frontier: no doors\n");
		return 1;
	}
	p95 = percentile95(dist, ndist);
	p95_2 = percentile95(dist2, ndist2);
	printf("%-28s mean %7.2f m  p95 %7.2f m  moved %5.2f%%  (turf count grows: %5.2f%%; stays: %5.2f%%)  cpu %.2f s"
		   "  (second cut: mean %.2f m  p95 %.2f m)\n",
		   argv[4], sum / (double) ndist, p95, 100.0 * (double) moved / (double) total,
		   100.0 * (double) moved_grow / (double) (total_grow ? total_grow : 1),
		   100.0 * (double) (moved - moved_grow) / (double) (total - total_grow ? total - total_grow : 1),
		   cpu, sum2 / (double) ndist2, p95_2);
	free(d);
	free(e);
	free(dist);
	free(dist2);
	return 0;
}
