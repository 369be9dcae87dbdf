/*
 * test_turf.c
 *	  Unit tests of the turf-cutting core: hand-computed tiny cases, the
 *	  projection against values worked out by hand, the balance invariant
 *	  on many random inputs, and independence from input order.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/turf_core.h"
#include "tap.h"

static double
uniform(uint64_t *state)
{
	return (double) (tap_random(state) >> 11) * (1.0 / 9007199254740992.0);
}

/* Cuts and compares the labels with want. */
static void
check_cut(size_t n, const double *x, const double *y, const int64_t *w,
		  int64_t k, const int64_t *want, const char *name)
{
	int32_t		got[64];
	int64_t		got64[64];
	size_t		i;
	TurfStatus	st = turf_cut(n, x, y, w, k, got, NULL, NULL);

	if (!tap_ok(st == TURF_OK, "%s: accepted", name))
		return;
	for (i = 0; i < n; i++)
		got64[i] = got[i];
	tap_is_int_array(got64, want, (int) n, name);
}

/*
 * Checks one random cut: every label in 1..k', every turf non-empty, sizes
 * within the largest weight at one point; k' = min(k, distinct points).
 * Returns 1 when all hold.  Weights at one point are summed by brute force.
 */
static int
balanced(size_t n, const double *x, const double *y, const int64_t *w,
		 int64_t k, const int32_t *label)
{
	int64_t    *size;
	int64_t		distinct = 0,
				wmax = 0,
				kk,
				lo = INT64_MAX,
				hi = 0,
				t;
	size_t		i,
				j;
	int			ok = 1;

	for (i = 0; i < n; i++)
	{
		int64_t		at = 0;
		int			first = 1;

		for (j = 0; j < n; j++)
		{
			if (x[j] == x[i] && y[j] == y[i])
			{
				at += w[j];
				if (j < i)
					first = 0;
				/* rows at one point share a turf */
				if (label[j] != label[i])
					ok = 0;
			}
		}
		distinct += first;
		if (at > wmax)
			wmax = at;
	}
	kk = k < distinct ? k : distinct;
	size = calloc((size_t) kk + 1, sizeof(int64_t));
	for (i = 0; i < n; i++)
	{
		if (label[i] < 1 || label[i] > kk)
		{
			free(size);
			return 0;
		}
		size[label[i]] += w[i];
	}
	for (t = 1; t <= kk; t++)
	{
		if (size[t] < lo)
			lo = size[t];
		if (size[t] > hi)
			hi = size[t];
	}
	free(size);
	return ok && lo >= 1 && hi - lo <= wmax;
}

int
main(void)
{
	uint64_t	seed = 20261123;

	/* turf_count: max(1, round(total / target)), halves up. */
	tap_is_int(turf_count(0, 50), 1, "count: no doors still make one turf");
	tap_is_int(turf_count(24, 50), 1, "count: 24/50 = 0.48 rounds to 0, at least 1");
	tap_is_int(turf_count(25, 50), 1, "count: 25/50 = 0.5 rounds up to 1");
	tap_is_int(turf_count(75, 50), 2, "count: 75/50 = 1.5 rounds up to 2");
	tap_is_int(turf_count(124, 50), 2, "count: 124/50 = 2.48 rounds to 2");
	tap_is_int(turf_count(125, 50), 3, "count: 125/50 = 2.5 rounds up to 3");
	tap_is_int(turf_count(1000000, 60), 16667, "count: 1,000,000/60 = 16666.67 rounds to 16667");

	/* Bad input. */
	{
		double		x[2] = {0, 1},
					y[2] = {0, 0};
		int64_t		w[2] = {1, 0};
		int32_t		l[2];

		tap_ok(turf_cut(0, x, y, w, 1, l, NULL, NULL) == TURF_BAD_INPUT, "cut: no points is bad input");
		tap_ok(turf_cut(2, x, y, w, 1, l, NULL, NULL) == TURF_BAD_INPUT, "cut: weight 0 is bad input");
		w[1] = 1;
		tap_ok(turf_cut(2, x, y, w, 0, l, NULL, NULL) == TURF_BAD_INPUT, "cut: k = 0 is bad input");
		x[1] = NAN;
		tap_ok(turf_cut(2, x, y, w, 1, l, NULL, NULL) == TURF_BAD_INPUT, "cut: NaN coordinate is bad input");
		x[1] = INFINITY;
		tap_ok(turf_cut(2, x, y, w, 1, l, NULL, NULL) == TURF_BAD_INPUT, "cut: infinite coordinate is bad input");
		x[1] = -3e231;			/* found by fuzzing: overflowed distances made NaN keys */
		tap_ok(turf_cut(2, x, y, w, 1, l, NULL, NULL) == TURF_BAD_INPUT, "cut: a coordinate beyond 1e15 is bad input");
		x[1] = 1e15;
		tap_ok(turf_cut(2, x, y, w, 1, l, NULL, NULL) == TURF_OK, "cut: a coordinate of 1e15 is accepted");
	}

	/* Hand-computed tiny cases. */
	{
		/* A single point is turf 1. */
		double		x[1] = {5},
					y[1] = {5};
		int64_t		w[1] = {3},
					want[1] = {1};

		check_cut(1, x, y, w, 1, want, "single point: turf 1");
	}
	{
		/*
		 * Four points on a line, two turfs: bisection along x takes the two
		 * left points (weight 2 of 4) first, numbered 1.
		 */
		double		x[4] = {11, 0, 10, 1},
					y[4] = {0, 0, 0, 0};
		int64_t		w[4] = {1, 1, 1, 1},
					want[4] = {2, 1, 2, 1};

		check_cut(4, x, y, w, 2, want, "line of four, two turfs: {0,1} and {10,11}");
	}
	{
		/*
		 * Two tight triangles 100 apart, two turfs: each triangle is a turf,
		 * the western one (smaller x) first.
		 */
		double		x[6] = {100, 0, 101, 0, 1, 100},
					y[6] = {100, 0, 100, 1, 0, 101};
		int64_t		w[6] = {1, 1, 1, 1, 1, 1},
					want[6] = {2, 1, 2, 1, 1, 2};

		check_cut(6, x, y, w, 2, want, "two triangles: one turf each");
	}
	{
		/*
		 * Seven points on a line, k = 4: sizes must be 1 or 2 (7/4 = 1.75).
		 * Bisection: 7 * 2/4 = 3.5, closest prefix on a tie is the smaller
		 * one, 3, so {0,1,2} | {3..6}; then {0} {1,2} and {3,4} {5,6}.
		 */
		double		x[7] = {0, 1, 2, 3, 4, 5, 6},
					y[7] = {0, 0, 0, 0, 0, 0, 0};
		int64_t		w[7] = {1, 1, 1, 1, 1, 1, 1},
					want[7] = {1, 2, 2, 3, 3, 4, 4};

		check_cut(7, x, y, w, 4, want, "seven on a line, four turfs: 1,2,2,2");
	}
	{
		/*
		 * A building of 10 units beside three houses, k = 2 (13 doors):
		 * the building cannot be split, so it is a turf on its own (10 vs 3,
		 * a difference of 7 <= 10, the largest weight).
		 */
		double		x[4] = {0, 50, 51, 52},
					y[4] = {0, 0, 0, 0};
		int64_t		w[4] = {10, 1, 1, 1},
					want[4] = {1, 2, 2, 2};

		check_cut(4, x, y, w, 2, want, "a building of 10 stays whole");
	}
	{
		/* Duplicates: three rows at each of two points share a turf per point. */
		double		x[6] = {0, 10, 0, 10, 0, 10},
					y[6] = {0, 0, 0, 0, 0, 0};
		int64_t		w[6] = {1, 1, 1, 1, 1, 1},
					want[6] = {1, 2, 1, 2, 1, 2};

		check_cut(6, x, y, w, 2, want, "rows at one point stay together");
	}
	{
		/* All points identical: one location, one turf, whatever k. */
		double		x[5] = {3, 3, 3, 3, 3},
					y[5] = {4, 4, 4, 4, 4};
		int64_t		w[5] = {1, 2, 1, 1, 1},
					want[5] = {1, 1, 1, 1, 1};
		TurfStats	st;
		int32_t		l[5];

		check_cut(5, x, y, w, 3, want, "all points identical: one turf");
		turf_cut(5, x, y, w, 3, l, NULL, &st);
		tap_is_int(st.turfs, 1, "all points identical: stats say one turf");
	}
	{
		/* k larger than the number of points: each point its own turf. */
		double		x[3] = {0, 10, 20},
					y[3] = {0, 0, 0};
		int64_t		w[3] = {5, 5, 5},
					want[3] = {1, 2, 3};

		check_cut(3, x, y, w, 15, want, "k = 15 > 3 points: one turf per point");
	}

	/* Balance invariant on random inputs: unit weights, mixed weights, duplicates. */
	{
		int			trial,
					bad_balance = 0,
					bad_perm = 0;

		for (trial = 0; trial < 300; trial++)
		{
			size_t		n = 1 + tap_random(&seed) % 400,
						i;
			int			kind = trial % 3;
			double	   *x = malloc(n * sizeof(double)),
					   *y = malloc(n * sizeof(double)),
					   *px = malloc(n * sizeof(double)),
					   *py = malloc(n * sizeof(double));
			int64_t    *w = malloc(n * sizeof(int64_t)),
					   *pw = malloc(n * sizeof(int64_t)),
						total = 0,
						k;
			int32_t    *l = malloc(n * sizeof(int32_t)),
					   *pl = malloc(n * sizeof(int32_t));
			size_t	   *perm = malloc(n * sizeof(size_t));

			for (i = 0; i < n; i++)
			{
				/* kind 2 snaps to a coarse grid, so many rows share a point */
				x[i] = kind == 2 ? floor(uniform(&seed) * 12) : uniform(&seed) * 1000;
				y[i] = kind == 2 ? floor(uniform(&seed) * 12) : uniform(&seed) * 1000;
				w[i] = kind == 1 && uniform(&seed) < 0.1 ? 2 + (int64_t) (uniform(&seed) * 30) : 1;
				total += w[i];
				perm[i] = i;
			}
			k = turf_count(total, 1 + (int64_t) (tap_random(&seed) % 60));
			if (turf_cut(n, x, y, w, k, l, NULL, NULL) != TURF_OK || !balanced(n, x, y, w, k, l))
				bad_balance++;

			/* the same points in a shuffled order get the same turfs */
			for (i = n; i > 1; i--)
			{
				size_t		j = tap_random(&seed) % i,
							tmp = perm[i - 1];

				perm[i - 1] = perm[j];
				perm[j] = tmp;
			}
			for (i = 0; i < n; i++)
			{
				px[i] = x[perm[i]];
				py[i] = y[perm[i]];
				pw[i] = w[perm[i]];
			}
			if (turf_cut(n, px, py, pw, k, pl, NULL, NULL) != TURF_OK)
				bad_perm++;
			else
				for (i = 0; i < n; i++)
					if (pl[i] != l[perm[i]])
					{
						bad_perm++;
						break;
					}
			free(x);
			free(y);
			free(px);
			free(py);
			free(w);
			free(pw);
			free(l);
			free(pl);
			free(perm);
		}
		tap_is_int(bad_balance, 0, "300 random cuts: sizes within the largest weight at a point, no empty turf");
		tap_is_int(bad_perm, 0, "300 random cuts: shuffled input gives the same turf to every point");
	}

	/*
	 * Unit weights are balanced exactly: 10,000 uniform points into
	 * round(10000 / 60) = 167 turfs of floor or ceil(10000 / 167) = 59 or 60.
	 */
	{
		size_t		n = 10000,
					i;
		double	   *x = malloc(n * sizeof(double)),
				   *y = malloc(n * sizeof(double));
		int64_t    *w = malloc(n * sizeof(int64_t));
		int32_t    *l = malloc(n * sizeof(int32_t));
		TurfStats	st;

		for (i = 0; i < n; i++)
		{
			x[i] = uniform(&seed) * 5000;
			y[i] = uniform(&seed) * 3000;
			w[i] = 1;
		}
		tap_ok(turf_cut(n, x, y, w, 167, l, NULL, &st) == TURF_OK, "10,000 points: accepted");
		tap_is_int(st.turfs, 167, "10,000 points: 167 turfs");
		tap_is_int(st.min_size, 59, "10,000 points: smallest turf 59 doors");
		tap_is_int(st.max_size, 60, "10,000 points: largest turf 60 doors");
		free(x);
		free(y);
		free(w);
		free(l);
	}
	return tap_done();
}
