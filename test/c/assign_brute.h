/*
 * assign_brute.h
 *	  The brute-force reference of the assignment tests (test/c) and fuzz
 *	  target (test/fuzz): every assignment enumerated.  Static, included by
 *	  one program each.
 */
#ifndef CANVASS_ASSIGN_BRUTE_H
#define CANVASS_ASSIGN_BRUTE_H

#include <math.h>
#include <stdint.h>

/* Smallest total over every assignment of rows row.. that respects the capacities left. */
static double
brute(const double *cost, int n, int m, int64_t *left, int row)
{
	double		best = INFINITY;
	int			j;

	if (row == n)
		return 0.0;
	for (j = 0; j < m; j++)
	{
		double		c;

		if (left[j] == 0)
			continue;
		left[j]--;
		c = cost[row * m + j] + brute(cost, n, m, left, row + 1);
		left[j]++;
		if (c < best)
			best = c;
	}
	return best;
}

#endif							/* CANVASS_ASSIGN_BRUTE_H */
