/*
 * test_route.c
 *	  Unit tests of the walk-order core.  Expected values are hand
 *	  computations written next to them (points on a line, the corners of a
 *	  square, lattices whose optimal open path is known), brute force over
 *	  every permutation for n <= 9, or turfs whose shortest open path was
 *	  proven outside canvass (test/reference/route_reference.py).
 *	  Randomised checks assert the properties every answer must have: a
 *	  permutation, identical points together, the same route whatever the
 *	  input order, never longer than nearest neighbour.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/route.h"
#include "counting_alloc.h"
#include "tap.h"

static double
uniform(uint64_t *state)
{
	return (double) (tap_random(state) >> 11) / 9007199254740992.0;
}

/* True when order holds each of 0..n-1 once. */
static int
is_permutation(const size_t *order, size_t n)
{
	char	   *seen = calloc(n ? n : 1, 1);
	size_t		i;
	int			ok = 1;

	for (i = 0; i < n && ok; i++)
	{
		if (order[i] >= n || seen[order[i]])
			ok = 0;
		else
			seen[order[i]] = 1;
	}
	free(seen);
	return ok;
}

/* Shortest open path over n <= 9 points by trying every permutation (Heap's algorithm). */
static double
brute_force(const double *x, const double *y, size_t n)
{
	size_t		a[9],
				c[9] = {0},
				i = 0;
	double		best;

	for (i = 0; i < n; i++)
		a[i] = i;
	best = route_length(x, y, a, n);
	i = 0;
	while (i < n)
	{
		if (c[i] < i)
		{
			size_t		s = (i % 2 == 0) ? 0 : c[i];
			size_t		t = a[s];
			double		len;

			a[s] = a[i];
			a[i] = t;
			len = route_length(x, y, a, n);
			if (len < best)
				best = len;
			c[i]++;
			i = 0;
		}
		else
		{
			c[i] = 0;
			i++;
		}
	}
	return best;
}

static int	interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

/* Runs walk order and nearest neighbour on n points and checks the common properties. */
static double
check_route(const double *x, const double *y, size_t n, size_t *order, const char *name)
{
	size_t	   *nn = malloc(sizeof(size_t) * (n ? n : 1));
	double		len,
				nnlen;

	tap_ok(route_walk_order(x, y, n, order, count_interrupt, NULL) == ROUTE_OK, "%s: accepted", name);
	tap_ok(is_permutation(order, n), "%s: a permutation of the %zu points", name, n);
	tap_ok(route_nearest_neighbour(x, y, n, nn, NULL, NULL) == ROUTE_OK && is_permutation(nn, n),
		   "%s: nearest neighbour is a permutation", name);
	len = route_length(x, y, order, n);
	nnlen = route_length(x, y, nn, n);
	tap_ok(len <= nnlen, "%s: %.6g no longer than nearest neighbour %.6g", name, len, nnlen);
	free(nn);
	return len;
}

int
main(void)
{
	size_t		order[16];
	uint64_t	rng = 20260611;
	int			trial;
	double		gap_sum = 0,
				gap_max = 0;

	/* Empty input and one point. */
	{
		double		x[1] = {3},
					y[1] = {4};

		tap_ok(route_walk_order(x, y, 0, order, NULL, NULL) == ROUTE_OK, "no points: accepted");
		tap_ok(route_walk_order(x, y, 1, order, NULL, NULL) == ROUTE_OK && order[0] == 0, "one point: order 0");
	}

	/* Non-finite coordinates. */
	{
		double		x[3] = {0, NAN, 1},
					y[3] = {0, 0, 1},
					x2[2] = {0, 1},
					y2[2] = {INFINITY, 0},
					y3[2] = {0, -INFINITY};

		tap_ok(route_walk_order(x, y, 3, order, NULL, NULL) == ROUTE_NOT_FINITE, "NaN x: ROUTE_NOT_FINITE");
		tap_ok(route_walk_order(x2, y2, 2, order, NULL, NULL) == ROUTE_NOT_FINITE, "+Infinity y: ROUTE_NOT_FINITE");
		tap_ok(route_walk_order(x2, y3, 2, order, NULL, NULL) == ROUTE_NOT_FINITE, "-Infinity y: ROUTE_NOT_FINITE");
		{
			double		bx[3] = {0, -3e231, 1},
						by[3] = {0, 0, 1};

			tap_ok(route_walk_order(bx, by, 3, order, NULL, NULL) == ROUTE_NOT_FINITE,
				   "x = -3e231 (beyond ROUTE_COORD_MAX): ROUTE_NOT_FINITE");
		}
	}

	/*
	 * Points on a line, given shuffled: the optimal open path walks from one
	 * end to the other, length = span = 9, and starts at the smaller x.
	 */
	{
		double		x[10] = {5, 0, 9, 2, 7, 1, 8, 3, 6, 4},
					y[10] = {0};
		size_t		want[10] = {1, 5, 3, 7, 9, 0, 8, 4, 6, 2};
		double		len = check_route(x, y, 10, order, "10 points on a line");
		int			same = 1,
					i;

		for (i = 0; i < 10; i++)
			same &= order[i] == want[i];
		tap_ok(fabs(len - 9.0) < 1e-12, "10 points on a line: length %.12g, want 9 (the span)", len);
		tap_ok(same, "10 points on a line: visited from x = 0 to x = 9");
	}

	/* The same with 30 points (past the exact solver): still the span, 29. */
	{
		double		x[30],
					y[30];
		size_t		o[30];
		int			i;

		for (i = 0; i < 30; i++)
		{
			x[i] = (i * 17) % 30;	/* 17 is prime to 30: a shuffle of 0..29 */
			y[i] = 2 * x[i] + 1;	/* on the line y = 2x + 1, spacing sqrt(5) */
		}
		tap_ok(fabs(check_route(x, y, 30, o, "30 points on a slanted line") - 29.0 * sqrt(5.0)) < 1e-9,
			   "30 points on a slanted line: length 29 * sqrt(5)");
	}

	/* Unit square's corners: three sides, 3; starts at (0,0). */
	{
		double		x[4] = {1, 0, 1, 0},
					y[4] = {1, 1, 0, 0};
		double		len = check_route(x, y, 4, order, "unit square");

		tap_ok(fabs(len - 3.0) < 1e-12, "unit square: length %.12g, want 3", len);
		tap_ok(order[0] == 3, "unit square: starts at (0,0)");
	}

	/*
	 * A 2 x 3 rectangle of unit spacing plus a far point at (10, 0): the best
	 * open path covers the six lattice points with 5 unit steps ending at
	 * (2, 0) or (2, 1), then 8 or sqrt(65) to (10, 0): 5 + 8 = 13.
	 */
	{
		double		x[7] = {0, 1, 2, 0, 1, 2, 10},
					y[7] = {0, 0, 0, 1, 1, 1, 0};
		double		len = check_route(x, y, 7, order, "2x3 lattice and a far point");

		tap_ok(fabs(len - 13.0) < 1e-12, "2x3 lattice and a far point: length %.12g, want 13", len);
	}

	/* Brute force over every permutation, n = 4..9, random points. */
	for (trial = 0; trial < 24; trial++)
	{
		size_t		n = 4 + trial % 6;
		double		x[9],
					y[9];
		double		len,
					best;
		size_t		i;
		char		name[64];

		for (i = 0; i < n; i++)
		{
			x[i] = 1000 * uniform(&rng);
			y[i] = 1000 * uniform(&rng);
		}
		snprintf(name, sizeof(name), "brute force %d (n=%zu)", trial, n);
		len = check_route(x, y, n, order, name);
		best = brute_force(x, y, n);
		tap_ok(len <= best * (1 + 1e-12), "%s: %.9g, optimal %.9g", name, len, best);
		/* the heuristic alone (local search, no exact solver) */
		tap_ok(route_walk_order_heuristic(x, y, n, order) == ROUTE_OK && is_permutation(order, n),
			   "%s: heuristic alone gives a permutation", name);
		len = route_length(x, y, order, n);
		gap_sum += len / best - 1;
		gap_max = fmax(gap_max, len / best - 1);
	}

	tap_ok(gap_max < 0.05, "brute force: heuristic alone is %.3f%% above optimal on average, %.3f%% at worst",
		   100 * gap_sum / 24, 100 * gap_max);

	/*
	 * Square lattices of unit spacing (past the exact solver): an open path
	 * through R x C lattice points needs at least R*C - 1 unit steps, and the
	 * serpentine path achieves it.  The local search need not find it; the
	 * gap is measured and must stay under 5%.
	 */
	{
		int			sides[3] = {5, 8, 10};
		int			s;

		for (s = 0; s < 3; s++)
		{
			int			side = sides[s],
						n = side * side,
						i;
			double	   *x = malloc(sizeof(double) * n),
					   *y = malloc(sizeof(double) * n);
			size_t	   *o = malloc(sizeof(size_t) * n);
			double		len;
			char		name[64];

			for (i = 0; i < n; i++)
			{
				int			cell = (i * 7919) % n;	/* 7919 is prime: a shuffle */

				x[i] = cell % side;
				y[i] = cell / side;
			}
			snprintf(name, sizeof(name), "%dx%d lattice", side, side);
			len = check_route(x, y, n, o, name);
			tap_ok(len >= n - 1 - 1e-9 && len <= (n - 1) * 1.05,
				   "%s: length %.6g, optimal %d (gap %.2f%%)", name, len, n - 1,
				   100 * (len / (n - 1) - 1));
			free(x);
			free(y);
			free(o);
		}
	}

	/*
	 * Turfs with a proven shortest open path.  Three turfs cut from the
	 * benchmark's generated doors (street grid and scattered houses, a grid
	 * block, a subdivision; 40, 41 and 56 stops, metres), solved exactly
	 * outside canvass by test/reference/route_reference.py (an integer
	 * programme with lazily added subtour constraints, HiGHS through SciPy):
	 * 1040.028670, 580.006888 and 854.539710 m.  Before Or-3opt, the
	 * Lin-Kernighan chains and the longer perturbation budget, walk_order
	 * was 7.7%, 4.1% and 4.7% over them (5.8% over their sum).  Now each
	 * must be within 4% (the benchmark's goal for the worst turf), their
	 * sum within 1%, and none below (a wrong length or a wrong optimum).
	 */
	{
		static const double turf_scattered_x[] = {
			0.0, 15.0, 16.9, 40.1, 41.9, 84.8, 135.5, 178.8, 217.3, 272.3, 272.7, 272.9,
			273.0, 273.1, 273.1, 273.9, 276.9, 284.3, 284.3, 284.6, 285.3, 285.4, 286.0,
			296.5, 296.8, 297.2, 297.6, 297.8, 301.1, 308.7, 308.8, 309.2, 309.3, 310.0,
			320.6, 321.0, 321.6, 321.8, 322.0, 333.2
		};
		static const double turf_scattered_y[] = {
			134.6, 174.6, 144.6, 174.4, 10.5, 28.8, 67.4, 0.0, 174.3, 83.9, 144.0, 187.0,
			66.5, 7.9, 23.3, 128.4, 114.8, 8.4, 83.2, 66.6, 23.9, 127.0, 143.1, 84.4, 67.3,
			23.7, 127.8, 7.3, 55.9, 66.9, 23.6, 6.6, 83.5, 143.6, 68.4, 127.3, 23.0, 143.4,
			84.0, 144.2
		};
		static const double turf_grid_x[] = {
			0.0, 3.0, 11.4, 23.1, 23.5, 24.5, 24.5, 24.8, 35.4, 35.4, 36.0, 36.5, 47.1,
			47.6, 47.6, 48.4, 58.8, 60.1, 60.7, 60.7, 66.6, 68.7, 70.8, 71.5, 71.6, 72.6,
			83.2, 83.9, 84.0, 84.7, 95.4, 95.6, 95.8, 107.3, 107.7, 108.2, 119.6, 120.2,
			120.5, 131.0, 132.6
		};
		static const double turf_grid_y[] = {
			60.4, 49.9, 16.6, 16.2, 1.0, 60.8, 76.7, 87.8, 18.0, 76.1, 1.3, 60.0, 17.8,
			61.4, 76.3, 0.6, 77.4, 0.0, 16.3, 60.7, 92.2, 112.5, 16.2, 61.6, 1.4, 77.5,
			17.1, 2.0, 76.8, 60.5, 1.8, 61.9, 16.9, 77.6, 16.0, 60.2, 16.4, 0.8, 61.5, 17.1,
			1.2
		};
		static const double turf_subdivision_x[] = {
			0.0, 11.5, 11.7, 12.4, 22.9, 23.4, 23.9, 23.9, 35.8, 36.2, 47.6, 47.8, 48.0,
			48.2, 49.3, 58.6, 58.8, 58.9, 59.5, 72.0, 72.2, 72.4, 79.7, 82.6, 83.0, 83.2,
			83.3, 84.2, 94.9, 95.8, 96.0, 96.2, 96.4, 103.1, 107.2, 107.4, 107.6, 107.7,
			108.1, 118.8, 119.2, 119.4, 120.5, 130.6, 130.8, 131.0, 131.5, 131.5, 132.3,
			142.4, 142.9, 143.8, 143.8, 144.0, 144.2, 144.4
		};
		static const double turf_subdivision_y[] = {
			60.2, 60.2, 44.1, 104.0, 60.6, 119.9, 44.9, 104.0, 120.4, 61.3, 120.1, 44.9,
			60.7, 105.2, 19.9, 61.5, 119.9, 104.1, 44.6, 0.9, 104.7, 120.1, 152.8, 1.2,
			61.1, 104.9, 120.2, 44.5, 119.8, 105.2, 0.6, 61.5, 44.3, 24.5, 44.4, 105.0,
			120.8, 61.6, 0.6, 0.9, 61.1, 120.0, 105.8, 0.0, 44.4, 164.8, 61.5, 121.6, 105.5,
			22.6, 121.6, 45.3, 61.4, 164.8, 104.0, 0.0
		};
		const double *tx[3] = {turf_scattered_x, turf_grid_x, turf_subdivision_x};
		const double *ty[3] = {turf_scattered_y, turf_grid_y, turf_subdivision_y};
		const size_t tn[3] = {sizeof(turf_scattered_x) / sizeof(double),
			sizeof(turf_grid_x) / sizeof(double),
		sizeof(turf_subdivision_x) / sizeof(double)};
		const double topt[3] = {1040.028670, 580.006888, 854.539710};
		const char *tname[3] = {"scattered turf", "grid turf", "subdivision turf"};
		double		sum_len = 0.0,
					sum_opt = 0.0;
		int			t;

		for (t = 0; t < 3; t++)
		{
			size_t	   *o = malloc(sizeof(size_t) * tn[t]);
			double		len = check_route(tx[t], ty[t], tn[t], o, tname[t]);

			tap_ok(len >= topt[t] - 1e-6 && len <= topt[t] * 1.04,
				   "%s: length %.6f, proven shortest %.6f (gap %.3f%%)", tname[t], len, topt[t],
				   100 * (len / topt[t] - 1));
			sum_len += len;
			sum_opt += topt[t];
			free(o);
		}
		tap_ok(sum_len <= sum_opt * 1.01, "three turfs: %.3f%% over the proven shortest in all",
			   100 * (sum_len / sum_opt - 1));
	}

	/*
	 * Identical points: 60 doors at 20 addresses (3 each), shuffled.  Doors
	 * at one address are consecutive, in increasing index; and the route
	 * over the addresses is the same whatever the input order.
	 */
	{
		double		x[60],
					y[60],
					x2[60],
					y2[60];
		size_t		o[60],
					o2[60],
					perm[60];
		int			i,
					together = 1,
					ascending = 1,
					same = 1;

		for (i = 0; i < 20; i++)
		{
			double		px = 100 * uniform(&rng),
						py = 100 * uniform(&rng);

			x[i] = x[i + 20] = x[i + 40] = px;
			y[i] = y[i + 20] = y[i + 40] = py;
		}
		check_route(x, y, 60, o, "60 doors at 20 addresses");
		for (i = 0; i < 60; i += 3)
		{
			together &= x[o[i]] == x[o[i + 1]] && x[o[i]] == x[o[i + 2]] &&
				y[o[i]] == y[o[i + 1]] && y[o[i]] == y[o[i + 2]];
			ascending &= o[i] < o[i + 1] && o[i + 1] < o[i + 2];
		}
		tap_ok(together, "60 doors at 20 addresses: doors at one address consecutive");
		tap_ok(ascending, "60 doors at 20 addresses: in increasing index");
		/* the reverse order of input: same sequence of addresses */
		for (i = 0; i < 60; i++)
		{
			perm[i] = 59 - i;
			x2[i] = x[perm[i]];
			y2[i] = y[perm[i]];
		}
		route_walk_order(x2, y2, 60, o2, NULL, NULL);
		for (i = 0; i < 60; i++)
			same &= x2[o2[i]] == x[o[i]] && y2[o2[i]] == y[o[i]];
		tap_ok(same, "60 doors at 20 addresses: same route for the reversed input");
	}

	/* All points identical: any order is optimal; length 0, increasing index. */
	{
		double		x[5] = {2, 2, 2, 2, 2},
					y[5] = {7, 7, 7, 7, 7};
		size_t		o[5];

		tap_ok(check_route(x, y, 5, o, "five identical points") == 0.0 &&
			   o[0] == 0 && o[4] == 4, "five identical points: length 0, in index order");
	}

	/*
	 * Determinism: random turfs of 40-100 points given in three different
	 * orders give the same sequence of coordinates.
	 */
	for (trial = 0; trial < 10; trial++)
	{
		size_t		n = 40 + (size_t) (tap_random(&rng) % 61),
					i;
		double		x[100],
					y[100],
					x2[100],
					y2[100];
		size_t		o[100],
					o2[100],
					perm[100];
		int			same = 1;
		char		name[64];

		for (i = 0; i < n; i++)
		{
			x[i] = 500 * uniform(&rng);
			y[i] = 300 * uniform(&rng);
			perm[i] = i;
		}
		for (i = n - 1; i > 0; i--)
		{
			size_t		j = (size_t) (tap_random(&rng) % (i + 1)),
						t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		for (i = 0; i < n; i++)
		{
			x2[i] = x[perm[i]];
			y2[i] = y[perm[i]];
		}
		snprintf(name, sizeof(name), "random turf %d (n=%zu)", trial, n);
		check_route(x, y, n, o, name);
		route_walk_order(x2, y2, n, o2, NULL, NULL);
		for (i = 0; i < n; i++)
			same &= x2[o2[i]] == x[o[i]] && y2[o2[i]] == y[o[i]];
		tap_ok(same, "%s: same route for a shuffled input", name);
	}

	/*
	 * Stress: 300 random inputs of 13-400 points of four shapes (uniform,
	 * clustered, on a few horizontal streets, on a coarse lattice with many
	 * duplicates): every answer a permutation, no longer than nearest
	 * neighbour, identical points consecutive.
	 */
	{
		int			all_ok = 1;

		for (trial = 0; trial < 300; trial++)
		{
			size_t		n = 13 + (size_t) (tap_random(&rng) % 388),
						i;
			int			shape = trial % 4;
			double		x[400],
						y[400];
			size_t		o[400],
						nn[400];

			for (i = 0; i < n; i++)
			{
				switch (shape)
				{
					case 0:
						x[i] = 1000 * uniform(&rng);
						y[i] = 1000 * uniform(&rng);
						break;
					case 1:
						x[i] = 200 * (double) (i % 5) + 10 * uniform(&rng);
						y[i] = 300 * (double) (i % 3) + 10 * uniform(&rng);
						break;
					case 2:
						x[i] = 500 * uniform(&rng);
						y[i] = 100 * (double) (tap_random(&rng) % 4);
						break;
					default:
						x[i] = (double) (tap_random(&rng) % 8);
						y[i] = (double) (tap_random(&rng) % 8);
						break;
				}
			}
			if (route_walk_order(x, y, n, o, NULL, NULL) != ROUTE_OK || !is_permutation(o, n) ||
				route_nearest_neighbour(x, y, n, nn, NULL, NULL) != ROUTE_OK ||
				route_length(x, y, o, n) > route_length(x, y, nn, n))
			{
				all_ok = 0;
				tap_ok(0, "stress %d (n=%zu, shape %d): failed", trial, n, shape);
				continue;
			}
			for (i = 2; i < n; i++)
			{
				/* a point equal to an earlier one must equal its predecessor */
				size_t		j;

				for (j = 0; j + 1 < i; j++)
					if (x[o[j]] == x[o[i]] && y[o[j]] == y[o[i]] &&
						!(x[o[i - 1]] == x[o[i]] && y[o[i - 1]] == y[o[i]]))
						all_ok = 0;
			}
		}
		tap_ok(all_ok, "stress: 300 random inputs of 13-400 points valid, no longer than nearest neighbour, duplicates together");
	}

	/*
	 * Memory: every allocation is released, and running out of memory at
	 * any allocation gives ROUTE_NO_MEMORY with nothing held; at 300 points
	 * and at 100 (where the core also builds its table of distances).
	 */
	{
		size_t		sizes[2] = {300, 100},
					n,
					i;
		double		x[300],
					y[300];
		size_t		o[300];
		int			k,
					z;

		for (z = 0; z < 2; z++)
		{
			int			failed_ok = 1;

			n = sizes[z];
			for (i = 0; i < n; i++)
			{
				x[i] = 100 * uniform(&rng);
				y[i] = 100 * uniform(&rng);
			}
			live = 0;
			fail_after = -1;
			tap_ok(route_walk_order(x, y, n, o, NULL, &counting) == ROUTE_OK && live == 0,
				   "memory, %zu points: all released after a route (%ld live)", n, live);
			for (k = 0; k < 40; k++)
			{
				RouteStatus st;

				live = 0;
				refused = 0;
				fail_after = k;
				st = route_walk_order(x, y, n, o, NULL, &counting);
				if (!(st == (refused ? ROUTE_NO_MEMORY : ROUTE_OK) && live == 0))
				{
					failed_ok = 0;
					printf("# failing at allocation %d: status %d, %ld live\n", k, (int) st, live);
				}
			}
			fail_after = -1;
			tap_ok(failed_ok, "memory, %zu points: a failure at any allocation gives ROUTE_NO_MEMORY and leaks nothing", n);
		}
	}

	/* A large partition: 20,000 points, with the interrupt callback called. */
	{
		size_t		n = 20000,
					i;
		double	   *x = malloc(sizeof(double) * n),
				   *y = malloc(sizeof(double) * n);
		size_t	   *o = malloc(sizeof(size_t) * n);

		for (i = 0; i < n; i++)
		{
			x[i] = 10000 * uniform(&rng);
			y[i] = 10000 * uniform(&rng);
		}
		interrupts = 0;
		check_route(x, y, n, o, "20,000 random points");
		tap_ok(interrupts > 0, "20,000 random points: interrupt callback called %d times", interrupts);
		free(x);
		free(y);
		free(o);
	}

	return tap_done();
}
