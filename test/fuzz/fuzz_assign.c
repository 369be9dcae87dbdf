/*
 * fuzz_assign.c
 *	  libFuzzer target for the assignment core.  Byte 0 gives the number of
 *	  rows (1-7), byte 1 the columns (1-7), byte 2 whether capacities follow
 *	  (then one byte each, 0-3); the rest are the costs as doubles (missing
 *	  ones 0).  Whatever the bytes, the core must refuse bad costs,
 *	  negative or too small capacities with their status, or return an
 *	  assignment within the capacities whose total equals brute force.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/assign.h"
#include "../c/assign_brute.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			n,
				m,
				use_cap,
				i,
				j,
				bad_cost = 0;
	int64_t		cap[7],
				left[7],
				used[7] = {0},
				total_cap = 0;
	double		cost[49],
				got = 0,
				want;
	int32_t		col[7];
	size_t		at = 3,
				bad;
	AssignStatus st;

	if (size < 3)
		return 0;
	n = 1 + data[0] % 7;
	m = 1 + data[1] % 7;
	use_cap = data[2] & 1;
	for (j = 0; j < m; j++)
	{
		cap[j] = 1;
		if (use_cap)
			cap[j] = at < size ? data[at++] % 4 : 0;
		total_cap += cap[j];
	}
	for (i = 0; i < n * m; i++)
	{
		cost[i] = 0;
		if (at + sizeof(double) <= size)
		{
			memcpy(&cost[i], data + at, sizeof(double));
			at += sizeof(double);
		}
		if (!isfinite(cost[i]) || fabs(cost[i]) > ASSIGN_COST_MAX)
			bad_cost = 1;
	}
	st = assign_min_cost(cost, (size_t) n, (size_t) m, use_cap ? cap : NULL, col, &bad, NULL, NULL);
	if (bad_cost)
	{
		if (st != ASSIGN_NOT_FINITE)
			abort();
		return 0;
	}
	if (total_cap < n)
	{
		if (st != ASSIGN_INFEASIBLE)
			abort();
		return 0;
	}
	if (st != ASSIGN_OK)
		abort();
	for (i = 0; i < n; i++)
	{
		if (col[i] < 0 || col[i] >= m || ++used[col[i]] > cap[col[i]])
			abort();
		got += cost[i * m + col[i]];
	}
	memcpy(left, cap, sizeof(cap));
	want = brute(cost, n, m, left, 0);
	/* equal up to rounding, relative to the largest cost involved */
	{
		double		scale = 1.0;

		for (i = 0; i < n * m; i++)
			scale = fmax(scale, fabs(cost[i]));
		if (fabs(got - want) > 1e-9 * scale * n)
			abort();
	}
	return 0;
}
