/*
 * test_apportion_table.c
 *	  Unit tests of controlled rounding with both margins fixed.  Expected
 *	  values: tables fitted and rounded by hand (written out below), and an
 *	  exhaustive search over every floor/ceiling choice of small random
 *	  tables for the rounding closest to the quotas.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apportion_table.h"
#include "tap.h"

/* Sum |x - q| over the cells. */
static double
distance(const int64_t *x, const double *q, size_t n)
{
	double		d = 0;
	size_t		k;

	for (k = 0; k < n; k++)
		d += fabs((double) x[k] - q[k]);
	return d;
}

/* True when every cell is the floor or ceiling of its quota and both margins hold. */
static int
is_controlled_rounding(const int64_t *rows, size_t nr, const int64_t *cols, size_t nc,
					   const int64_t *x, const double *q)
{
	size_t		i,
				j;

	for (i = 0; i < nr; i++)
	{
		int64_t		s = 0;

		for (j = 0; j < nc; j++)
		{
			double		v = q[i * nc + j];

			if ((double) x[i * nc + j] < floor(v - 1e-9) || (double) x[i * nc + j] > ceil(v + 1e-9))
				return 0;
			s += x[i * nc + j];
		}
		if (s != rows[i])
			return 0;
	}
	for (j = 0; j < nc; j++)
	{
		int64_t		s = 0;

		for (i = 0; i < nr; i++)
			s += x[i * nc + j];
		if (s != cols[j])
			return 0;
	}
	return 1;
}

/*
 * The smallest sum |x - q| over every choice of floor or ceiling per cell
 * that keeps both margins, by enumeration (at most 16 fractional cells);
 * -1 when no choice keeps them.
 */
static double
best_by_search(const int64_t *rows, size_t nr, const int64_t *cols, size_t nc, const double *q)
{
	size_t		frac_cells[16],
				nf = 0,
				n = nr * nc,
				k;
	int64_t		x[16];
	double		best = -1;
	uint32_t	mask;

	for (k = 0; k < n; k++)
	{
		double		v = q[k];

		if (fabs(v - nearbyint(v)) > 1e-9)
			frac_cells[nf++] = k;
	}
	for (mask = 0; mask < (1u << nf); mask++)
	{
		for (k = 0; k < n; k++)
			x[k] = (int64_t) nearbyint(q[k]);
		for (k = 0; k < nf; k++)
			x[frac_cells[k]] = (int64_t) floor(q[frac_cells[k]]) + ((mask >> k) & 1);
		if (is_controlled_rounding(rows, nr, cols, nc, x, q))
		{
			double		d = distance(x, q, n);

			if (best < 0 || d < best)
				best = d;
		}
	}
	return best;
}

static void
test_hand_examples(void)
{
	/*
	 * Rows 5, 3, 2 (three candidates), columns 6, 4 (two parts), seed of
	 * ones: quotas r_i c_j / 10 = [3, 2; 1.8, 1.2; 1.2, 0.8].  Floors
	 * [3, 2; 1, 1; 1, 0]: rows 2 and 3 and columns 1 and 2 each need one
	 * more.  Rounding (2,1) and (3,2) up moves the cells by 0.2 each
	 * (distance 0.2 + 0.2 + 0.2 + 0.2 = 0.8); (2,2) and (3,1) by 0.8 each
	 * (distance 3.2).  So [3, 2; 2, 1; 1, 1].
	 */
	int64_t		r1[] = {5, 3, 2}, c1[] = {6, 4}, x1[6], want1[] = {3, 2, 2, 1, 1, 1};
	double		q1[6];
	/*
	 * Three rows of 1 into columns 2 and 1: every quota is [2/3, 1/3].
	 * Rounding each row on its own (largest remainder) gives [1, 0] three
	 * times, so column 1 gets 3 against its 2.  Both margins: two rows
	 * [1, 0] and one [0, 1], distance 2 x 2/3 + 4/3 = 8/3.
	 */
	int64_t		r2[] = {1, 1, 1}, c2[] = {2, 1}, x2[6];
	double		q2[6];
	/*
	 * Iterative proportional fitting with a seed: rows 4, 4, columns 3, 5,
	 * seed [1, 1; 1, 3].  The fit keeps the seed's odds ratio (1 x 3)/(1 x 1)
	 * = 3: with q11 = a, q = [a, 4 - a; 3 - a, 1 + a] and
	 * a (1 + a) = 3 (4 - a)(3 - a), i.e. a^2 - 11a + 18 = 0, a = 2:
	 * q = [2, 2; 1, 3], whole numbers, so the cells are the quotas.
	 */
	int64_t		r3[] = {4, 4}, c3[] = {3, 5}, x3[4], want3[] = {2, 2, 1, 3};
	double		s3[] = {1, 1, 1, 3}, q3[4], wantq3[] = {2, 2, 1, 3};
	size_t		bad,
				k;
	int			close = 1;

	tap_ok(table_round(r1, 3, c1, 2, NULL, x1, q1, &bad, NULL, NULL) == TABLE_ROUND_OK, "hand 3x2: accepted");
	tap_is_int_array(x1, want1, 6, "hand 3x2: [3, 2; 2, 1; 1, 1]");
	tap_ok(fabs(q1[2] - 1.8) < 1e-12 && fabs(q1[5] - 0.8) < 1e-12, "hand 3x2: quotas r c / N (1.8, 0.8)");

	tap_ok(table_round(r2, 3, c2, 2, NULL, x2, q2, &bad, NULL, NULL) == TABLE_ROUND_OK, "three rows of 1: accepted");
	tap_ok(is_controlled_rounding(r2, 3, c2, 2, x2, q2), "three rows of 1: both margins kept where per-row rounding gives column 1 three");
	tap_ok(fabs(distance(x2, q2, 6) - 8.0 / 3.0) < 1e-9, "three rows of 1: distance 8/3");

	tap_ok(table_round(r3, 2, c3, 2, s3, x3, q3, &bad, NULL, NULL) == TABLE_ROUND_OK, "IPF 2x2: accepted");
	for (k = 0; k < 4; k++)
		close &= fabs(q3[k] - wantq3[k]) < 1e-9;
	tap_ok(close, "IPF 2x2: quotas [2, 2; 1, 3] (odds ratio 3 kept)");
	tap_is_int_array(x3, want3, 4, "IPF 2x2: cells equal the whole-number quotas");
}

static void
test_errors(void)
{
	int64_t		rneg[] = {3, -1}, c[] = {2}, x[4];
	int64_t		r2[] = {2, 3}, c2[] = {3, 3}, c2ok[] = {3, 2};
	int64_t		rbig[] = {((int64_t) 1 << 50) + 1}, cbig[] = {((int64_t) 1 << 50) + 1};
	double		nan_seed[] = {1, NAN, 1, 1}, neg_seed[] = {1, 1, -0.5, 1},
				diag[] = {1, 0, 0, 1}, zero_row[] = {0, 0, 1, 1};
	size_t		bad = 99;

	tap_ok(table_round(rneg, 2, c, 1, NULL, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_NEGATIVE_TOTAL && bad == 1,
		   "a negative row total is refused and named (row 2)");
	tap_ok(table_round(r2, 2, c2, 2, NULL, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_MARGINS_DIFFER,
		   "rows adding to 5 and columns to 6 are refused");
	tap_ok(table_round(rbig, 1, cbig, 1, NULL, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_TOTAL_TOO_LARGE,
		   "a total past 2^50 is refused");
	tap_ok(table_round(r2, 2, c2ok, 2, nan_seed, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_BAD_SEED && bad == 1,
		   "a NaN seed is refused and named (cell 2)");
	tap_ok(table_round(r2, 2, c2ok, 2, neg_seed, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_BAD_SEED && bad == 2,
		   "a negative seed is refused and named (cell 3)");
	tap_ok(table_round(r2, 2, c2ok, 2, zero_row, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_EMPTY_LINE && bad == 0,
		   "a row with a total and an all-zero seed is refused and named (row 1)");
	/* Diagonal seed: q12 = q21 = 0 force q11 = 2 (row 1) and q11 = 3 (column 1). */
	tap_ok(table_round(r2, 2, c2ok, 2, diag, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_NO_FIT,
		   "a diagonal seed that cannot reach rows 2, 3 and columns 3, 2 is refused");
	tap_ok(table_round(NULL, 0, NULL, 0, NULL, x, NULL, &bad, NULL, NULL) == TABLE_ROUND_OK,
		   "an empty table is accepted");
}

/* Random small tables against the exhaustive search. */
static void
test_against_search(void)
{
	uint64_t	state = 20261207;
	int			t,
				bad_rounding = 0,
				not_closest = 0,
				refused = 0,
				tried = 0;

	for (t = 0; t < 600; t++)
	{
		size_t		nr = 1 + tap_random(&state) % 4,
					nc = 1 + tap_random(&state) % 3,
					i,
					j,
					bad;
		int64_t		rows[4],
					cols[3] = {0, 0, 0},
					x[12],
					n = 0;
		double		seed[12],
					q[12],
					best;
		int			use_seed = tap_random(&state) % 2;

		for (i = 0; i < nr; i++)
			n += rows[i] = (int64_t) (tap_random(&state) % 40);
		/* Column totals: a random split of n. */
		for (j = 0; j + 1 < nc; j++)
		{
			int64_t		left = n;
			size_t		m;

			for (m = 0; m < j; m++)
				left -= cols[m];
			cols[j] = left > 0 ? (int64_t) (tap_random(&state) % (uint64_t) (left + 1)) : 0;
		}
		cols[nc - 1] = n;
		for (j = 0; j + 1 < nc; j++)
			cols[nc - 1] -= cols[j];
		for (i = 0; i < nr * nc; i++)
			seed[i] = 0.1 + (double) (tap_random(&state) % 1000) / 100.0;
		if (table_round(rows, nr, cols, nc, use_seed ? seed : NULL, x, q, &bad, NULL, NULL) != TABLE_ROUND_OK)
		{
			refused++;
			continue;
		}
		tried++;
		if (!is_controlled_rounding(rows, nr, cols, nc, x, q))
		{
			bad_rounding++;
			continue;
		}
		best = best_by_search(rows, nr, cols, nc, q);
		if (best < 0 || distance(x, q, nr * nc) > best + 1e-9)
			not_closest++;
	}
	tap_ok(refused == 0, "600 random tables of up to 4 x 3 with positive seeds: none refused (%d)", refused);
	tap_ok(bad_rounding == 0, "every cell the floor or ceiling of its quota, both margins exact (%d of %d failed)",
		   bad_rounding, tried);
	tap_ok(not_closest == 0, "each rounding as close to the quotas as the best of an exhaustive search (%d of %d not)",
		   not_closest, tried);
}

/* A thousand candidates' votes into two parts, and a 150 x 150 table. */
static void
test_large(void)
{
	size_t		nr = 1000,
				i,
				bad;
	int64_t    *rows = malloc(nr * sizeof(int64_t)),
				cols[2],
			   *x = malloc(nr * 2 * sizeof(int64_t)),
				n = 0;
	double	   *q = malloc(nr * 2 * sizeof(double)),
				w[2] = {415, 386};
	size_t		m = 150;
	int64_t    *r2 = malloc(m * sizeof(int64_t)),
			   *c2 = malloc(m * sizeof(int64_t)),
			   *x2 = malloc(m * m * sizeof(int64_t));
	double	   *s2 = malloc(m * m * sizeof(double)),
			   *q2 = malloc(m * m * sizeof(double));
	uint64_t	state = 7;
	int64_t		n2 = 0;

	for (i = 0; i < nr; i++)
		n += rows[i] = 1 + (int64_t) (i * 7919 % 997);
	/* column totals n x 415/801 and the rest, rounded to nearest */
	cols[0] = (int64_t) floor((double) n * w[0] / (w[0] + w[1]) + 0.5);
	cols[1] = n - cols[0];
	{
		double		seed[2000];

		for (i = 0; i < nr; i++)
		{
			seed[2 * i] = w[0];
			seed[2 * i + 1] = w[1];
		}
		tap_ok(table_round(rows, nr, cols, 2, seed, x, q, &bad, NULL, NULL) == TABLE_ROUND_OK &&
			   is_controlled_rounding(rows, nr, cols, 2, x, q),
			   "1,000 rows x 2 parts: both margins exact, every cell a floor or ceiling");
	}
	for (i = 0; i < m; i++)
		n2 += r2[i] = (int64_t) (tap_random(&state) % 5000);
	for (i = 0; i < m; i++)
		c2[i] = n2 / (int64_t) m + ((int64_t) i < n2 % (int64_t) m ? 1 : 0);
	for (i = 0; i < m * m; i++)
		s2[i] = 1 + (double) (tap_random(&state) % 100);
	tap_ok(table_round(r2, m, c2, m, s2, x2, q2, &bad, NULL, NULL) == TABLE_ROUND_OK &&
		   is_controlled_rounding(r2, m, c2, m, x2, q2),
		   "150 x 150 with a random seed: fitted and rounded with both margins exact");
	free(rows);
	free(x);
	free(q);
	free(r2);
	free(c2);
	free(x2);
	free(s2);
	free(q2);
}

int
main(void)
{
	test_hand_examples();
	test_errors();
	test_against_search();
	test_large();
	return tap_done();
}
