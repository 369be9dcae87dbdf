/*
 * apportion_table.h
 *	  Controlled rounding of a table with both margins fixed, with no
 *	  PostgreSQL types: the split of each candidate's votes between the
 *	  parts of a split precinct such that every candidate keeps its total,
 *	  every part keeps its total, and every cell is the floor or the ceiling
 *	  of its fitted quota.
 *
 * Two steps.  Iterative proportional fitting (Deming and Stephan, 1940)
 * scales the seed table's rows and columns in turn until its margins are the
 * given row and column totals: the quotas.  Then each quota is rounded down
 * or up so that both margins stay exact, choosing of all such roundings the
 * one closest to the quotas in sum |x - q| (Cox and Ernst, 1982,
 * "controlled rounding"); one always exists when the quotas' margins are
 * integers (the transportation polytope has integer vertices).  It is a
 * min-cost flow, solved by successive shortest paths from a good start:
 * each row rounds up its largest fractions, as many as it needs, and the
 * columns that got too many round-ups pass them to those that got too few
 * along the cheapest chains of row moves (Bellman-Ford over the columns,
 * the candidate moves of each pair of columns in a heap).  The table is
 * transposed first if it is wider than tall, so the chains run over the
 * fewer lines: a candidates x parts table of any length rounds in time
 * about linear in its rows.  Costs are integers (units of 2^-40) and ties
 * go to the lower index, so the answer is deterministic.
 */
#ifndef CANVASS_APPORTION_TABLE_H
#define CANVASS_APPORTION_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core_alloc.h"

/* Totals up to 2^50, so every quota and its floor are exact in a double. */
#define TABLE_ROUND_MAX_TOTAL ((int64_t) 1 << 50)

typedef enum TableRoundStatus
{
	TABLE_ROUND_OK = 0,
	TABLE_ROUND_NEGATIVE_TOTAL,	/* bad_index: the row (or nrows + column) */
	TABLE_ROUND_TOTAL_TOO_LARGE,	/* bad_index as above */
	TABLE_ROUND_MARGINS_DIFFER,	/* the row totals and column totals sum differently */
	TABLE_ROUND_BAD_SEED,		/* NaN, infinite or negative: bad_index the cell */
	TABLE_ROUND_EMPTY_LINE,		/* a row (or nrows + column) with a total but no seed */
	TABLE_ROUND_NO_FIT,			/* the seed's zeros leave no table with these margins */
	TABLE_ROUND_NO_MEMORY
} TableRoundStatus;

/*
 * Rounds the table: nrows x ncols cells, row-major.  seed holds the
 * nrows x ncols non-negative weights (NULL: all ones, i.e. each row split in
 * proportion to the column totals).  cells receives the integers; quota, if
 * not NULL, the fitted quotas.  interrupt, if not NULL, is called now and
 * then; mem NULL means malloc.  The sums of row_totals and col_totals must
 * be equal.
 */
extern TableRoundStatus table_round(const int64_t *row_totals, size_t nrows,
									const int64_t *col_totals, size_t ncols,
									const double *seed, int64_t *cells,
									double *quota, size_t *bad_index,
									void (*interrupt) (void),
									const CoreAlloc *mem);

/*
 * Bytes of working memory table_round may need for a table of this shape at
 * most (the candidate moves grow with rows x columns^2 of the transposed
 * table, in the worst case), for the callers' memory limit.
 */
extern double table_round_work_bytes(size_t nrows, size_t ncols);

#endif							/* CANVASS_APPORTION_TABLE_H */
