/*
 * test_assign.c
 *	  Unit tests of the assignment core.  Optimality is proven against brute
 *	  force (every feasible assignment enumerated) on small random cases,
 *	  and against SciPy's linear_sum_assignment on medium cases built by the
 *	  same integer formulas as test/assign_reference.py, whose printed totals
 *	  are copied below.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/assign.h"
#include "assign_brute.h"
#include "counting_alloc.h"
#include "tap.h"

/* Total cost of an assignment, checking it respects the capacities. */
static double
total_of(const double *cost, int n, int m, const int64_t *cap, const int32_t *col, int *valid)
{
	int64_t    *used = calloc((size_t) m, sizeof(int64_t));
	double		t = 0;
	int			i;

	*valid = 1;
	for (i = 0; i < n; i++)
	{
		if (col[i] < 0 || col[i] >= m)
		{
			*valid = 0;
			continue;
		}
		used[col[i]]++;
		t += cost[i * m + col[i]];
	}
	for (i = 0; i < m; i++)
		if (used[i] > (cap ? cap[i] : 1))
			*valid = 0;
	free(used);
	return t;
}

/* Euclidean costs between the formula points of test/assign_reference.py. */
static double *
formula_costs(int n, int m)
{
	double	   *c = malloc(sizeof(double) * (size_t) n * m);
	int			i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
		{
			double		tx = (i * 7919) % 1000,
						ty = (i * 6007) % 997,
						sx = (j * 4603) % 1000 + 0.25,
						sy = (j * 3001) % 991 + 0.75;

			c[i * m + j] = sqrt((tx - sx) * (tx - sx) + (ty - sy) * (ty - sy));
		}
	return c;
}

static int	interrupts = 0;

static void
count_interrupt(void)
{
	interrupts++;
}

int
main(void)
{
	uint64_t	rng = 4242;
	int32_t		col[2000];
	size_t		bad;
	int			trial,
				valid;

	/* Hand computations. */
	{
		/* 2 x 2: the diagonal costs 1 + 1 = 2, the other way 5 + 5 = 10 */
		double		c[4] = {1, 5, 5, 1};

		tap_ok(assign_min_cost(c, 2, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_OK &&
			   col[0] == 0 && col[1] == 1, "2x2: the diagonal");
	}
	{
		/*
		 * Greedy fails here: row 0 takes column 0 (cost 1), leaving row 1
		 * with 100: total 101.  Optimal: row 0 -> 1 (2), row 1 -> 0 (3): 5.
		 */
		double		c[4] = {1, 2, 3, 100};

		tap_ok(assign_min_cost(c, 2, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_OK &&
			   col[0] == 1 && col[1] == 0, "2x2: not greedy (total 5, not 101)");
	}
	{
		/*
		 * Capacities: 3 rows, 2 columns, column 0 takes 2.  Costs
		 * row0 (1, 4), row1 (2, 8), row2 (3, 5): column 0 to rows 0 and 1,
		 * row 2 to column 1: 1 + 2 + 5 = 8 (row 2 -> 0 instead: 3 + 4 + 2
		 * = 9 or 3 + 1 + 8 = 12).
		 */
		double		c[6] = {1, 4, 2, 8, 3, 5};
		int64_t		cap[2] = {2, 1};

		tap_ok(assign_min_cost(c, 3, 2, cap, col, &bad, NULL, NULL) == ASSIGN_OK &&
			   col[0] == 0 && col[1] == 0 && col[2] == 1, "capacity 2: rows 0 and 1 share column 0");
	}
	{
		/* A zero capacity column is never used, even when cheapest. */
		double		c[4] = {0, 9, 0, 9};
		int64_t		cap[2] = {0, 2};

		tap_ok(assign_min_cost(c, 2, 2, cap, col, &bad, NULL, NULL) == ASSIGN_OK &&
			   col[0] == 1 && col[1] == 1, "zero capacity: column unused");
	}

	/* Errors. */
	{
		double		c[6] = {1, 2, 3, 4, 5, 6};
		double		cn[4] = {1, NAN, 3, 4};
		double		ci[4] = {1, 2, -INFINITY, 4};
		int64_t		neg[2] = {1, -1};
		int64_t		small[2] = {1, 1};

		tap_ok(assign_min_cost(c, 3, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_INFEASIBLE,
			   "3 rows, 2 columns of capacity 1: infeasible");
		tap_ok(assign_min_cost(c, 3, 2, small, col, &bad, NULL, NULL) == ASSIGN_INFEASIBLE,
			   "3 rows, total capacity 2: infeasible");
		tap_ok(assign_min_cost(cn, 2, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_NOT_FINITE && bad == 1,
			   "NaN cost: ASSIGN_NOT_FINITE at index 1");
		tap_ok(assign_min_cost(ci, 2, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_NOT_FINITE && bad == 2,
			   "-Infinity cost: ASSIGN_NOT_FINITE at index 2");
		{
			double		big[4] = {1, 2, 3, 1e151};

			tap_ok(assign_min_cost(big, 2, 2, NULL, col, &bad, NULL, NULL) == ASSIGN_NOT_FINITE && bad == 3,
				   "cost 1e151 (beyond ASSIGN_COST_MAX): ASSIGN_NOT_FINITE at index 3");
		}
		tap_ok(assign_min_cost(c, 2, 2, neg, col, &bad, NULL, NULL) == ASSIGN_NEGATIVE_CAPACITY && bad == 1,
			   "negative capacity: ASSIGN_NEGATIVE_CAPACITY at index 1");
		tap_ok(assign_min_cost(c, 0, 3, NULL, col, &bad, NULL, NULL) == ASSIGN_OK, "no rows: nothing to do");
		tap_ok(assign_min_cost(c, 1, 0, NULL, col, &bad, NULL, NULL) == ASSIGN_INFEASIBLE, "no columns: infeasible");
	}

	/*
	 * Brute force: random costs (integers 0..99, so ties abound, and reals),
	 * n <= 8 rows, 1-1 and with capacities.
	 */
	for (trial = 0; trial < 120; trial++)
	{
		int			n = 1 + (int) (tap_random(&rng) % 8);
		int			capacitated = trial % 2;
		int			m = capacitated ? 1 + (int) (tap_random(&rng) % 5) : n + (int) (tap_random(&rng) % 3);
		double		c[8 * 10];
		int64_t		cap[10],
					left[10],
					sum = 0;
		double		want,
					got;
		int			i;

		if (m > 10)
			m = 10;
		for (i = 0; i < n * m; i++)
			c[i] = (trial % 4 < 2) ? (double) (tap_random(&rng) % 100)
				: (double) (tap_random(&rng) >> 11) / 9007199254740992.0 * 1000.0;
		for (i = 0; i < m; i++)
		{
			cap[i] = capacitated ? (int64_t) (tap_random(&rng) % 4) : 1;
			sum += cap[i];
		}
		if (sum < n)
			cap[0] += n - sum;
		memcpy(left, cap, sizeof(cap));
		want = brute(c, n, m, left, 0);
		if (!tap_ok(assign_min_cost(c, (size_t) n, (size_t) m, capacitated ? cap : NULL,
									col, &bad, NULL, NULL) == ASSIGN_OK,
					"brute force %d (%d x %d%s): accepted", trial, n, m, capacitated ? ", capacities" : ""))
			continue;
		got = total_of(c, n, m, capacitated ? cap : NULL, col, &valid);
		tap_ok(valid && fabs(got - want) <= 1e-9 * (1 + want),
			   "brute force %d (%d x %d%s): total %.9g, optimal %.9g", trial, n, m,
			   capacitated ? ", capacities" : "", got, want);
	}

	/* SciPy's optimum on the formula points (test/assign_reference.py). */
	{
		struct
		{
			int			n,
						m,
						capacitated;
			double		want;
			const char *name;
		}			cases[3] = {
			{150, 200, 0, 4716.519868, "case A: 150 x 200"},
			{120, 45, 1, 10508.567325, "case B: 120 x 45, capacity 1 + j % 5"},
			{60, 60, 0, 4952.920791, "case C: 60 x 60"},
		};
		int			k;

		for (k = 0; k < 3; k++)
		{
			double	   *c = formula_costs(cases[k].n, cases[k].m);
			int64_t		cap[200];
			double		got;
			int			j;

			for (j = 0; j < cases[k].m; j++)
				cap[j] = 1 + j % 5;
			tap_ok(assign_min_cost(c, (size_t) cases[k].n, (size_t) cases[k].m,
								   cases[k].capacitated ? cap : NULL, col, &bad, NULL, NULL) == ASSIGN_OK,
				   "%s: accepted", cases[k].name);
			got = total_of(c, cases[k].n, cases[k].m, cases[k].capacitated ? cap : NULL, col, &valid);
			tap_ok(valid && fabs(got - cases[k].want) < 5e-7,
				   "%s: total %.6f, SciPy %.6f", cases[k].name, got, cases[k].want);
			free(c);
		}
	}

	/* Memory: all released, and a failure at any allocation leaks nothing. */
	{
		double		c[9] = {4, 1, 3, 2, 0, 5, 3, 2, 2};
		size_t		n = 3;
		int			k,
					failed_ok = 1;

		live = 0;
		fail_after = -1;
		tap_ok(assign_min_cost(c, n, n, NULL, col, &bad, NULL, &counting) == ASSIGN_OK && live == 0,
			   "memory: all released after an assignment");
		for (k = 0; k < 14; k++)
		{
			AssignStatus st;

			live = 0;
			refused = 0;
			fail_after = k;
			st = assign_min_cost(c, n, n, NULL, col, &bad, NULL, &counting);
			if (!(st == (refused ? ASSIGN_NO_MEMORY : ASSIGN_OK) && live == 0))
			{
				failed_ok = 0;
				printf("# failing at allocation %d: status %d, %ld live\n", k, (int) st, live);
			}
		}
		fail_after = -1;
		tap_ok(failed_ok, "memory: a failure at any allocation gives ASSIGN_NO_MEMORY and leaks nothing");
	}

	/* 2,000 x 2,000 random points in a square: completes, valid, interrupts called. */
	{
		int			n = 2000,
					i,
					j;
		double	   *px = malloc(sizeof(double) * 4 * n);
		double	   *c = malloc(sizeof(double) * (size_t) n * n);
		clock_t		t0;
		double		got;
		AssignStatus st;

		for (i = 0; i < 4 * n; i++)
			px[i] = (double) (tap_random(&rng) >> 11) / 9007199254740992.0 * 10000.0;
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				c[(size_t) i * n + j] = hypot(px[i] - px[2 * n + j], px[n + i] - px[3 * n + j]);
		interrupts = 0;
		t0 = clock();
		st = assign_min_cost(c, n, n, NULL, col, &bad, count_interrupt, NULL);
		tap_ok(st == ASSIGN_OK, "2000 x 2000: accepted in %.2f s of CPU",
			   (double) (clock() - t0) / CLOCKS_PER_SEC);
		got = total_of(c, n, n, NULL, col, &valid);
		tap_ok(valid && got > 0, "2000 x 2000: a valid assignment");
		/*
		 * once per row in the start and in the search (2 x 2000), and once
		 * per 65536 costs checked: floor(4,000,000 / 65536) = 61
		 */
		tap_is_int(interrupts, 2 * n + 61, "2000 x 2000: interrupt callback called twice per row and per 65536 costs");
		free(px);
		free(c);
	}
	return tap_done();
}
