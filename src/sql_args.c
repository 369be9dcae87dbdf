/*
 * sql_args.c
 *	  Arguments in the types people have: counts as integer, bigint,
 *	  numeric or double precision, and logit_fit's outcome as a 0/1 integer.  See sql_args.h.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "sql_args.h"

PG_FUNCTION_INFO_V1(canvass_logit_fit_trans_int);

/* logit_fit's transition function over a boolean outcome (turnout_model.c). */
extern Datum canvass_logit_fit_trans(PG_FUNCTION_ARGS);

int64
canvass_count_arg(Datum d, Oid typid, const char *fname, const char *argname)
{
	Numeric		num;
	Datum		lo,
				hi;

	switch (typid)
	{
		case INT4OID:
			return (int64) DatumGetInt32(d);
		case INT8OID:
			return DatumGetInt64(d);
		case FLOAT8OID:
			{
				double		x = DatumGetFloat8(d);

				if (isnan(x) || isinf(x) || x != floor(x))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("%s %s must be a %swhole number", fname, argname,
									isnan(x) || isinf(x) ? "finite " : ""),
							 errdetail("The %s is %s.", argname, float8out_internal(x)),
							 errhint("Pass a count; round a computed one first, for example with round(...) or floor(...).")));
				/* 2^63 is the first double past bigint */
				if (x >= 9223372036854775808.0 || x < -9223372036854775808.0)
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s %s is out of range for bigint", fname, argname),
							 errdetail("The %s is %s.", argname, float8out_internal(x)),
							 errhint("Counts must lie within -2^63 .. 2^63 - 1.")));
				return (int64) x;
			}
		case NUMERICOID:
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s %s must be integer, bigint, numeric or double precision", fname, argname),
					 errdetail("It is of type %s.", format_type_be(typid)),
					 errhint("Cast it, for example with ::bigint.")));
	}
	num = DatumGetNumeric(d);
	if (numeric_is_nan(num) || numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s must be a finite whole number", fname, argname),
				 errdetail("The %s is %s.", argname, DatumGetCString(DirectFunctionCall1(numeric_out, d))),
				 errhint("Pass a count, such as sum(votes).")));
	if (!DatumGetBool(DirectFunctionCall2(numeric_eq, d,
										  DirectFunctionCall2(numeric_trunc, d, Int32GetDatum(0)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s must be a whole number", fname, argname),
				 errdetail("The %s is %s.", argname, DatumGetCString(DirectFunctionCall1(numeric_out, d))),
				 errhint("Round it first, for example with round(...) or floor(...), choosing which way the part goes.")));
	lo = NumericGetDatum(int64_to_numeric(PG_INT64_MIN));
	hi = NumericGetDatum(int64_to_numeric(PG_INT64_MAX));
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, d, lo)) ||
		DatumGetBool(DirectFunctionCall2(numeric_gt, d, hi)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is out of range for bigint", fname, argname),
				 errdetail("The %s is %s.", argname, DatumGetCString(DirectFunctionCall1(numeric_out, d))),
				 errhint("Counts must lie within -2^63 .. 2^63 - 1.")));
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, d));
}

/*
 * logit_fit(y integer, x float8[] [, weight float8]): a 0/1 outcome, as
 * people store turnout, checked and passed on as a boolean.
 */
Datum
canvass_logit_fit_trans_int(PG_FUNCTION_ARGS)
{
	if (!PG_ARGISNULL(1))
	{
		int32		y = PG_GETARG_INT32(1);

		if (y != 0 && y != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("logit_fit outcome must be 0 or 1"),
					 errdetail("An outcome is %d.", y),
					 errhint("Pass a boolean, or a 0/1 integer such as (times_voted > 0)::int.")));
		fcinfo->args[1].value = BoolGetDatum(y == 1);
	}
	return canvass_logit_fit_trans(fcinfo);
}
