/*
 * assign.h
 *	  Minimum-cost assignment of rows (turfs) to columns (canvassers or
 *	  staging sites) with column capacities, with no PostgreSQL types.
 */
#ifndef CANVASS_ASSIGN_H
#define CANVASS_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_alloc.h"

/* Largest cost magnitude taken, so no sum of costs and potentials overflows. */
#define ASSIGN_COST_MAX 1e150

typedef enum AssignStatus
{
	ASSIGN_OK = 0,
	ASSIGN_NOT_FINITE,			/* a cost is NaN, infinite or beyond ASSIGN_COST_MAX */
	ASSIGN_NEGATIVE_CAPACITY,	/* a capacity is below zero */
	ASSIGN_INFEASIBLE,			/* more rows than the columns' total capacity */
	ASSIGN_TOO_MANY,			/* more rows or columns than the core indexes */
	ASSIGN_NO_MEMORY
} AssignStatus;

/*
 * Assigns each of n rows to one of m columns, column j taking at most
 * capacity[j] rows (capacity NULL: one row each), at minimum total cost.
 * cost is n x m, row-major.  col_of_row[i] receives row i's column.  The
 * answer is optimal (shortest augmenting paths with dual potentials, a
 * Jonker-Volgenant scheme generalised to capacities); among optimal answers
 * the one returned depends only on the input as given.  *bad receives the
 * offending cost's or capacity's index on failure.  interrupt, if not NULL,
 * is called every 65536 costs checked and once per row in the start and in
 * the search (it may not return).  Working memory comes from
 * mem (NULL: malloc) and is released before returning.
 */
extern AssignStatus assign_min_cost(const double *cost, size_t n, size_t m,
									const int64_t *capacity, int32_t *col_of_row,
									size_t *bad, void (*interrupt) (void),
									const CoreAlloc *mem);

#endif							/* CANVASS_ASSIGN_H */
