/*
 * apportion_table.c
 *	  SQL-callable apportion_table(): a table of integers with both margins
 *	  exact (each candidate's votes split between the parts of a split
 *	  precinct, every part keeping its total too), over core/apportion_table.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "core/apportion.h"
#include "core/apportion_table.h"
#include "support.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_apportion_table_weights);
PG_FUNCTION_INFO_V1(canvass_apportion_table_seed);

/*
 * Refuses, before anything is allocated, a table whose working memory could
 * pass canvass.max_memory (the core's upper bound for its shape).
 */
static void
check_table_memory(int nrows, int ncols)
{
	double		cells = (double) nrows * ncols;

	if (cells > 0)
		canvass_check_memory("apportion_table", cells, "cells",
							 table_round_work_bytes(nrows, ncols) / cells, 0,
							 "Round smaller tables, for example one split precinct at a time.");
}

/*
 * The elements of a one-dimensional array of bigint or float8 (what names
 * it in errors), with NULL elements refused: a missing count is not zero.
 */
static Datum *
array_elements(ArrayType *a, Oid elemtype, const char *what, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			i;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("apportion_table %s must be a one-dimensional array", what),
				 errdetail("The array has %d dimensions.", ARR_NDIM(a)),
				 errhint("Pass one element per %s.", strcmp(what, "row_totals") == 0 ? "row" : "column")));
	deconstruct_array(a, elemtype, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, n);
	for (i = 0; i < *n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("apportion_table %s must not contain NULL", what),
					 errdetail("Element %d is NULL.", i + ARR_LBOUND(a)[0]),
					 errhint("Use 0 for a row or column with nothing in it.")));
	return elems;
}

/* The row totals as int64. */
static int64 *
read_totals(ArrayType *a, const char *what, int *n)
{
	Datum	   *elems = array_elements(a, INT8OID, what, n);
	int64	   *t = palloc(sizeof(int64) * Max(*n, 1));
	int			i;

	for (i = 0; i < *n; i++)
		t[i] = DatumGetInt64(elems[i]);
	return t;
}

/* Describes line i of the table (a row, or column i - nrows) for errors. */
static char *
line_name(size_t i, int nrows)
{
	return (int) i < nrows ? psprintf("row %d", (int) i + 1) : psprintf("column %d", (int) i - nrows + 1);
}

/*
 * Rounds the table and returns it as a two-dimensional bigint array, or
 * raises the core's error.  The callers have checked the table's memory.
 */
static ArrayType *
round_table(const int64 *rows, int nrows, const int64 *cols, int ncols, const double *seed,
			const char *seed_name)
{
	Size		ncells = (Size) nrows * (Size) ncols;
	int64	   *cells;
	size_t		bad = 0;
	TableRoundStatus status;
	Datum	   *result;
	int			dims[2] = {nrows, ncols};
	int			lbs[2] = {1, 1};
	Size		k;

	cells = palloc_extended(sizeof(int64) * Max(ncells, 1), MCXT_ALLOC_HUGE);
	status = table_round((const int64_t *) rows, nrows, (const int64_t *) cols, ncols, seed,
						 (int64_t *) cells, NULL, &bad, canvass_check_interrupts, &canvass_core_palloc);
	switch (status)
	{
		case TABLE_ROUND_OK:
			break;
		case TABLE_ROUND_NEGATIVE_TOTAL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion_table totals must not be negative"),
					 errdetail("The total of %s is " INT64_FORMAT ".", line_name(bad, nrows),
							   (int) bad < nrows ? rows[bad] : cols[bad - nrows]),
					 errhint("Totals are counts such as votes or ballots, which are zero or more.")));
			break;
		case TABLE_ROUND_TOTAL_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("apportion_table totals are too large"),
					 errdetail("The totals, and the sum of the row totals, must be at most 2^50 (" INT64_FORMAT "); %s is past it.",
							   (int64) TABLE_ROUND_MAX_TOTAL, line_name(bad, nrows)),
					 errhint("Split the table into smaller ones.")));
			break;
		case TABLE_ROUND_MARGINS_DIFFER:
			{
				int64		rs = 0,
							cs = 0;
				int			i;

				for (i = 0; i < nrows; i++)
					rs += rows[i];
				for (i = 0; i < ncols; i++)
					cs += cols[i];
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("apportion_table row totals and column totals must add up to the same number"),
						 errdetail("The row totals add up to " INT64_FORMAT ", the column totals to " INT64_FORMAT ".", rs, cs),
						 errhint("Compute the column totals from the row totals' sum, for example with canvass.apportion(sum, weights), or pass column weights instead of totals.")));
			}
			break;
		case TABLE_ROUND_BAD_SEED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion_table %s must be finite and not negative", seed_name),
					 errdetail("The %s of row %d, column %d is %s.", seed_name,
							   (int) (bad / ncols) + 1, (int) (bad % ncols) + 1,
							   float8out_internal(seed[bad])),
					 errhint("Weights are counts or proportions; use 0 where a row can have nothing.")));
			break;
		case TABLE_ROUND_EMPTY_LINE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion_table %s has a total but no cell that can hold it", line_name(bad, nrows)),
					 errdetail("Its %s is zero wherever the %s total is not.", seed_name,
							   (int) bad < nrows ? "column" : "row"),
					 errhint("Give that line a positive weight in a cell whose other line has a total, or a total of 0.")));
			break;
		case TABLE_ROUND_NO_FIT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion_table: no table with these totals fits the %s's zeros", seed_name),
					 errdetail("Iterative proportional fitting keeps zero cells at zero, and the other cells cannot reach both the row and the column totals."),
					 errhint("Check the totals against the %s, or give some of its zero cells a small weight.", seed_name)));
			break;
		case TABLE_ROUND_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("apportion_table could not allocate the working memory of a %d x %d table.", nrows, ncols),
					 errhint("Round smaller tables, or lower canvass.max_memory so the limit refuses it first.")));
			break;
	}
	if (ncells == 0)
		return construct_empty_array(INT8OID);
	result = palloc_extended(sizeof(Datum) * ncells, MCXT_ALLOC_HUGE);
	for (k = 0; k < ncells; k++)
		result[k] = Int64GetDatum(cells[k]);
	return construct_md_array(result, NULL, 2, dims, lbs, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
							  TYPALIGN_DOUBLE);
}

/*
 * apportion_table(row_totals bigint[], col_weights float8[]): the column
 * totals are the row totals' sum apportioned by col_weights (largest
 * remainder), and every row is split in proportion to col_weights; the
 * rounding keeps both margins.
 */
Datum
canvass_apportion_table_weights(PG_FUNCTION_ARGS)
{
	ArrayType  *rows_array = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *weights_array = PG_GETARG_ARRAYTYPE_P(1);
	int			nrows,
				ncols,
				i,
				j;
	int64	   *rows,
			   *cols,
				sum = 0;
	double	   *weights,
			   *seed;
	Datum	   *elems;
	size_t		bad;
	ApportionStatus st;
	ApportionItem *work;

	rows = read_totals(rows_array, "row_totals", &nrows);
	elems = array_elements(weights_array, FLOAT8OID, "col_weights", &ncols);
	weights = palloc(sizeof(double) * Max(ncols, 1));
	for (j = 0; j < ncols; j++)
		weights[j] = DatumGetFloat8(elems[j]);
	for (i = 0; i < nrows; i++)
	{
		if (rows[i] < 0 || rows[i] > TABLE_ROUND_MAX_TOTAL)
			break;				/* table_round names it */
		sum += rows[i];
		if (sum > TABLE_ROUND_MAX_TOTAL)
			break;
	}
	st = apportion_validate(0, weights, ncols, &bad);
	if (st != APPORTION_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("apportion_table col_weights must be finite and not negative"),
				 errdetail("Column weight %d is %s.", (int) bad + 1, float8out_internal(weights[bad])),
				 errhint("Weights are counts or proportions, such as a part's ballots; use 0 for a part that gets nothing.")));
	if (nrows > 0 && ncols == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("apportion_table needs at least one column weight"),
				 errdetail("The table has %d rows and no column.", nrows),
				 errhint("Pass one weight per part, for example ARRAY[inside, outside].")));
	cols = palloc0(sizeof(int64) * Max(ncols, 1));
	if (i == nrows && ncols > 0)
	{
		work = palloc(sizeof(ApportionItem) * ncols);
		apportion_largest_remainder(sum, weights, ncols, (int64_t *) cols, work, canvass_check_interrupts);
	}
	check_table_memory(nrows, ncols);
	seed = palloc_extended(sizeof(double) * Max((Size) nrows * ncols, 1), MCXT_ALLOC_HUGE);
	for (i = 0; i < nrows; i++)
		for (j = 0; j < ncols; j++)
			seed[(Size) i * ncols + j] = weights[j];
	PG_RETURN_ARRAYTYPE_P(round_table(rows, nrows, cols, ncols, seed, "column weight"));
}

/*
 * apportion_table(row_totals bigint[], col_totals bigint[], seed float8[][]):
 * the seed (rows x columns) fitted to both margins by iterative proportional
 * fitting, then rounded keeping both.
 */
Datum
canvass_apportion_table_seed(PG_FUNCTION_ARGS)
{
	ArrayType  *rows_array = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *cols_array = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *seed_array = PG_GETARG_ARRAYTYPE_P(2);
	int			nrows,
				ncols,
				nseed,
				k;
	int64	   *rows,
			   *cols;
	double	   *seed;
	Datum	   *elems;
	bool	   *nulls;

	rows = read_totals(rows_array, "row_totals", &nrows);
	cols = read_totals(cols_array, "col_totals", &ncols);
	if (nrows == 0 && ncols == 0 && ARR_NDIM(seed_array) == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	if (ARR_NDIM(seed_array) != 2 || ARR_DIMS(seed_array)[0] != nrows || ARR_DIMS(seed_array)[1] != ncols)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("apportion_table seed must be a two-dimensional array of %d rows and %d columns", nrows, ncols),
				 ARR_NDIM(seed_array) == 2 ?
				 errdetail("The seed has %d rows and %d columns.", ARR_DIMS(seed_array)[0], ARR_DIMS(seed_array)[1]) :
				 errdetail("The seed has %d dimensions.", ARR_NDIM(seed_array)),
				 errhint("One row of weights per row total, one column per column total, e.g. ARRAY[[1, 2], [3, 4]]::float8[].")));
	check_table_memory(nrows, ncols);
	deconstruct_array(seed_array, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &nseed);
	seed = palloc_extended(sizeof(double) * Max(nseed, 1), MCXT_ALLOC_HUGE);
	for (k = 0; k < nseed; k++)
	{
		if (nulls[k])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("apportion_table seed must not contain NULL"),
					 errdetail("The seed of row %d, column %d is NULL.", k / ncols + 1, k % ncols + 1),
					 errhint("Use 0 for a cell that must stay empty.")));
		seed[k] = DatumGetFloat8(elems[k]);
	}
	PG_RETURN_ARRAYTYPE_P(round_table(rows, nrows, cols, ncols, seed, "seed"));
}
