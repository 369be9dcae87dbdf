/*
 * apportion.c
 *	  SQL-callable apportion(): the scalar form over a float8[] of weights and
 *	  the window form over the rows of a partition.  Both turn their input
 *	  into C arrays and call the pure core in core/apportion.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "core/apportion.h"
#include "memory_limit.h"
#include "sql_args.h"
#include "support.h"

PG_FUNCTION_INFO_V1(canvass_apportion_array);
PG_FUNCTION_INFO_V1(canvass_apportion_text);
PG_FUNCTION_INFO_V1(canvass_apportion_window);

/* Per-partition results of the window form, computed on the first row. */
typedef struct ApportionPartition
{
	bool		computed;
	int64	   *shares;			/* one per row of the partition */
	bool	   *isnull;			/* true where the row's weight or total was NULL */
} ApportionPartition;

#define SPLIT_HINT "Apportion smaller groups, for example by adding a column to PARTITION BY."

/* Raises the error matching a failed validation; where names the offending weight. */
static void
report_apportion_error(ApportionStatus status, int64 total, double weight,
					   const char *where)
{
	switch (status)
	{
		case APPORTION_OK:
			return;
		case APPORTION_NEGATIVE_TOTAL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("total to apportion must not be negative"),
					 errdetail("The total is " INT64_FORMAT ".", total),
					 errhint("Apportion a count such as votes, voters or shifts, which is zero or more.")));
			break;
		case APPORTION_NAN_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion weight must not be NaN"),
					 errdetail("The weight of %s is NaN.", where),
					 errhint("Use NULL for a part that takes no share, or 0 for a part that gets nothing.")));
			break;
		case APPORTION_INFINITE_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion weight must be finite"),
					 errdetail("The weight of %s is %s.", where,
							   weight > 0 ? "Infinity" : "-Infinity"),
					 errhint("Weights are proportions or counts; check the division that produced this one.")));
			break;
		case APPORTION_NEGATIVE_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("apportion weight must not be negative"),
					 errdetail("The weight of %s is %g.", where, weight),
					 errhint("Weights are shares, voters or expected votes, which are zero or more.")));
			break;
	}
	elog(ERROR, "unexpected apportion status %d", (int) status);
}

/*
 * apportion(total bigint, weights float8[]) returns bigint[]
 *
 * NULL elements stay NULL and take no part; the result has the input's
 * bounds.  An empty array gives an empty array.
 */
static ArrayType *apportion_array(int64 total, ArrayType *weights_array);

Datum
canvass_apportion_array(PG_FUNCTION_ARGS)
{
	int64		total = canvass_count_arg(PG_GETARG_DATUM(0), get_fn_expr_argtype(fcinfo->flinfo, 0),
										  "apportion", "total");

	PG_RETURN_ARRAYTYPE_P(apportion_array(total, PG_GETARG_ARRAYTYPE_P(1)));
}

/*
 * apportion(total, weights text): the weights as an array literal, which
 * is what a client sends for an empty list or untyped '{...}' (that would
 * otherwise resolve to the window form and fail for want of OVER).
 */
Datum
canvass_apportion_text(PG_FUNCTION_ARGS)
{
	int64		total = canvass_count_arg(PG_GETARG_DATUM(0), get_fn_expr_argtype(fcinfo->flinfo, 0),
										  "apportion", "total");
	char	   *literal = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Datum		weights = OidInputFunctionCall(F_ARRAY_IN, literal, FLOAT8OID, -1);

	PG_RETURN_ARRAYTYPE_P(apportion_array(total, DatumGetArrayTypeP(weights)));
}

/* The array form's work: shares of total by the weights, NULL elements kept. */
static ArrayType *
apportion_array(int64 total, ArrayType *weights_array)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			lbound;
	double	   *weights;
	int64	   *shares;
	ApportionItem *work;
	int		   *position;		/* array index of each non-NULL weight */
	int			n = 0;
	int			i;
	size_t		bad;
	ApportionStatus status;
	Datum	   *result;
	ArrayType  *result_array;

	if (ARR_NDIM(weights_array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("apportion weights must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(weights_array)),
				 errhint("Pass one array of weights per total, or use the window form apportion(total, weight) OVER (PARTITION BY ...).")));

	if (total < 0)
		report_apportion_error(APPORTION_NEGATIVE_TOTAL, total, 0.0, "");

	/* the limit is checked before deconstruct_array takes its share */
	canvass_check_memory("apportion",
						 (double) ArrayGetNItems(ARR_NDIM(weights_array), ARR_DIMS(weights_array)),
						 "weights", 69, 0,
						 "Apportion smaller arrays, or use the window form with PARTITION BY.");
	deconstruct_array(weights_array, FLOAT8OID, sizeof(float8),
					  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &nelems);
	if (nelems == 0)
		return construct_empty_array(INT8OID);
	lbound = ARR_LBOUND(weights_array)[0];

	weights = canvass_alloc_array(CurrentMemoryContext, nelems, sizeof(double), "weights", "apportion", SPLIT_HINT);
	position = canvass_alloc_array(CurrentMemoryContext, nelems, sizeof(int), "weights", "apportion", SPLIT_HINT);
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		weights[n] = DatumGetFloat8(elems[i]);
		position[n] = i;
		n++;
	}

	status = apportion_validate(total, weights, n, &bad);
	if (status != APPORTION_OK)
	{
		char		where[64];

		snprintf(where, sizeof(where), "element %d", position[bad] + lbound);
		report_apportion_error(status, total, weights[bad], where);
	}

	shares = canvass_alloc_array(CurrentMemoryContext, Max(n, 1), sizeof(int64), "weights", "apportion", SPLIT_HINT);
	work = canvass_alloc_array(CurrentMemoryContext, Max(n, 1), sizeof(ApportionItem), "weights", "apportion", SPLIT_HINT);
	apportion_largest_remainder(total, weights, n, shares, work, canvass_check_interrupts);

	result = canvass_alloc_array(CurrentMemoryContext, nelems, sizeof(Datum), "weights", "apportion", SPLIT_HINT);
	memset(result, 0, sizeof(Datum) * nelems);
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		result[position[i]] = Int64GetDatum(shares[i]);
	}

	result_array = construct_md_array(result, nulls, 1, &nelems, &lbound,
									  INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
									  TYPALIGN_DOUBLE);
	return result_array;
}

/*
 * Reads the whole partition once, checks that every row taking part carries
 * the same total, and apportions it; results are kept in partition memory.
 */
static void
apportion_partition(WindowObject winobj, ApportionPartition *part, Oid total_type)
{
	int64		nrows = WinGetPartitionRowCount(winobj);
	MemoryContext partcxt = GetMemoryChunkContext(part);
	double	   *weights;
	int64	   *rowpos;			/* partition position of each weighted row */
	int64	   *shares;
	ApportionItem *work;
	int64		n = 0;
	int64		total = 0;
	int64		total_row = -1;
	bool		total_null = false;
	Datum		first_total = (Datum) 0;	/* the first numeric total, to compare */
	int64		row;
	size_t		bad;
	ApportionStatus status;

	canvass_check_memory("apportion", (double) nrows, "rows in the partition", 65, 0,
						 "Apportion smaller groups, for example by adding a column to PARTITION BY.");
	part->shares = canvass_alloc_array(partcxt, nrows, sizeof(int64), "rows", "apportion", SPLIT_HINT);
	part->isnull = canvass_alloc_array(partcxt, nrows, sizeof(bool), "rows", "apportion", SPLIT_HINT);
	weights = canvass_alloc_array(CurrentMemoryContext, nrows, sizeof(double), "rows", "apportion", SPLIT_HINT);
	rowpos = canvass_alloc_array(CurrentMemoryContext, nrows, sizeof(int64), "rows", "apportion", SPLIT_HINT);

	for (row = 0; row < nrows; row++)
	{
		bool		wnull,
					tnull,
					isout;
		Datum		w,
					t;
		int64		tv;

		CHECK_FOR_INTERRUPTS();
		part->isnull[row] = true;
		w = WinGetFuncArgInPartition(winobj, 1, row, WINDOW_SEEK_HEAD, false,
									 &wnull, &isout);
		if (isout)
			break;
		if (wnull)
			continue;			/* a NULL weight takes no part */
		t = WinGetFuncArgInPartition(winobj, 0, row, WINDOW_SEEK_HEAD, false,
									 &tnull, &isout);
		/* a numeric total equal to the first row's is not converted again */
		if (tnull)
			tv = 0;
		else if (total_type == NUMERICOID && total_row >= 0 && !total_null &&
				 DatumGetBool(DirectFunctionCall2(numeric_eq, t, first_total)))
			tv = total;
		else
			tv = canvass_count_arg(t, total_type, "apportion", "total");
		if (total_row < 0)
		{
			total_row = row;
			total_null = tnull;
			total = tv;
			if (!tnull && total_type == NUMERICOID)
				first_total = datumCopy(t, false, -1);
		}
		else if (tnull != total_null || (!tnull && tv != total))
		{
			char		first[32],
						this[32];

			if (total_null)
				strlcpy(first, "NULL", sizeof(first));
			else
				snprintf(first, sizeof(first), INT64_FORMAT, total);
			if (tnull)
				strlcpy(this, "NULL", sizeof(this));
			else
				snprintf(this, sizeof(this), INT64_FORMAT, tv);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("total to apportion must be the same on every row of a partition"),
					 errdetail("Row " INT64_FORMAT " of the partition has total %s, row " INT64_FORMAT " has %s.",
							   total_row + 1, first, row + 1, this),
					 errhint("Partition by the unit whose total is split, or compute the total once per partition, for example with sum(...) OVER (PARTITION BY ...).")));
		}
		weights[n] = DatumGetFloat8(w);
		rowpos[n] = row;
		n++;
	}

	/* A NULL total on every weighted row leaves every row NULL. */
	if (n > 0 && !total_null)
	{
		status = apportion_validate(total, weights, n, &bad);
		if (status != APPORTION_OK)
		{
			char		where[64];

			snprintf(where, sizeof(where), "row " INT64_FORMAT " of the partition",
					 rowpos[bad] + 1);
			report_apportion_error(status, total, weights[bad], where);
		}
		shares = canvass_alloc_array(CurrentMemoryContext, n, sizeof(int64), "rows", "apportion", SPLIT_HINT);
		work = canvass_alloc_array(CurrentMemoryContext, n, sizeof(ApportionItem), "rows", "apportion", SPLIT_HINT);
		apportion_largest_remainder(total, weights, n, shares, work, canvass_check_interrupts);
		for (row = 0; row < n; row++)
		{
			CHECK_FOR_INTERRUPTS();
			part->shares[rowpos[row]] = shares[row];
			part->isnull[rowpos[row]] = false;
		}
		pfree(shares);
		pfree(work);
	}
	pfree(weights);
	pfree(rowpos);
	part->computed = true;
}

/*
 * apportion(total bigint, weight float8) OVER (PARTITION BY ... ORDER BY ...)
 *
 * Window order breaks ties between equal remainders and equal weights.
 */
Datum
canvass_apportion_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	ApportionPartition *part;
	int64		current;

	part = (ApportionPartition *) WinGetPartitionLocalMemory(winobj, sizeof(ApportionPartition));
	if (!part->computed)
		apportion_partition(winobj, part, get_fn_expr_argtype(fcinfo->flinfo, 0));

	current = WinGetCurrentPosition(winobj);
	if (part->isnull[current])
		PG_RETURN_NULL();
	PG_RETURN_INT64(part->shares[current]);
}
