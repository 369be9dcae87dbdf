/*
 * lean.c
 *	  SQL-callable share_ci (Wilson score interval), pvi and pvi_label (Cook
 *	  partisan voting index), over the pure core in core/lean.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "core/lean.h"

PG_FUNCTION_INFO_V1(canvass_share_ci);
PG_FUNCTION_INFO_V1(canvass_pvi);
PG_FUNCTION_INFO_V1(canvass_pvi_label);

/*
 * share_ci(successes float8, trials float8, confidence float8,
 *          OUT lower float8, OUT upper float8)
 *
 * NULL when trials is 0: no trial, no interval.
 */
Datum
canvass_share_ci(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		n = PG_GETARG_FLOAT8(1);
	double		conf = PG_GETARG_FLOAT8(2);
	double		lower = 0,
				upper = 0;
	LeanStatus	st;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "share_ci must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	st = lean_wilson(x, n > 0 ? n : 1, conf, &lower, &upper);
	if (st == LEAN_NOT_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share_ci arguments must be finite"),
				 errdetail("successes = %g, trials = %g, confidence = %g.", x, n, conf),
				 errhint("Pass counts of contacts or respondents and a confidence level such as 0.95.")));
	if (st == LEAN_NEGATIVE_COUNT || n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes and trials must not be negative"),
				 errdetail("successes = %g, trials = %g.", x, n),
				 errhint("Pass counts, such as supporters identified and contacts made.")));
	if (x > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes must not exceed trials"),
				 errdetail("successes = %g, trials = %g.", x, n),
				 errhint("Check that both counts come from the same rows.")));
	if (st == LEAN_BAD_CONFIDENCE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1, exclusive"),
				 errdetail("The confidence is %g.", conf),
				 errhint("Use for example 0.95 for a 95%% interval.")));
	if (n == 0)
		PG_RETURN_NULL();
	values[0] = Float8GetDatum(lower);
	values[1] = Float8GetDatum(upper);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* A double as numeric, through its decimal form (0.565 is 0.565). */
static Datum
decimal_of(double v)
{
	return DirectFunctionCall1(float8_numeric, Float8GetDatum(v));
}

/*
 * Cook's lean 100 (w (s - n) + (1 - w)(ps - pn)) in exact decimal on the
 * inputs' decimal forms, then rounded once to double: 0.565 against 0.51 is
 * 5.5 points, which double arithmetic makes 5.4999999999999938 (labelled
 * D+5 instead of D+6).
 */
static double
pvi_in_decimal(double share, double national, double prev, double prev_national, double w)
{
	Datum		wd = decimal_of(w),
				one_minus_w = DirectFunctionCall2(numeric_sub, NumericGetDatum(int64_to_numeric(1)), wd),
				latest = DirectFunctionCall2(numeric_sub, decimal_of(share), decimal_of(national)),
				earlier = DirectFunctionCall2(numeric_sub, decimal_of(prev), decimal_of(prev_national)),
				sum;

	sum = DirectFunctionCall2(numeric_add,
							  DirectFunctionCall2(numeric_mul, wd, latest),
							  DirectFunctionCall2(numeric_mul, one_minus_w, earlier));
	sum = DirectFunctionCall2(numeric_mul, NumericGetDatum(int64_to_numeric(100)), sum);
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, sum));
}

/* pvi(share, national_share, prev_share, prev_national_share, latest_weight) */
Datum
canvass_pvi(PG_FUNCTION_ARGS)
{
	double		pvi = 0;
	double		w = PG_GETARG_FLOAT8(4);
	LeanStatus	st = lean_pvi(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
							  PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), w, &pvi);

	if (st == LEAN_NOT_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pvi arguments must be finite"),
				 errdetail("One of the shares or the weight is NaN or infinite."),
				 errhint("Pass two-party shares between 0 and 1.")));
	if (st == LEAN_BAD_SHARE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pvi shares must be between 0 and 1"),
				 errdetail("The shares are %g, %g, %g and %g.", PG_GETARG_FLOAT8(0),
						   PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3)),
				 errhint("Pass two-party shares as fractions, for example 0.53, not percentages.")));
	if (st == LEAN_BAD_WEIGHT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pvi latest_weight must be between 0 and 1"),
				 errdetail("The weight is %g.", w),
				 errhint("Use 0.75 for Cook's weighting since 2022, 0.5 for the one before.")));
	PG_RETURN_FLOAT8(pvi_in_decimal(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
									PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3), w));
}

/* pvi_label(lean float8, a_letter text, b_letter text) returns text */
Datum
canvass_pvi_label(PG_FUNCTION_ARGS)
{
	double		lean = PG_GETARG_FLOAT8(0);
	char	   *a = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *b = text_to_cstring(PG_GETARG_TEXT_PP(2));
	double		points;
	int			side;

	if (isnan(lean) || isinf(lean))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lean must be finite"),
				 errdetail("The lean is %g.", lean),
				 errhint("Pass a lean in points, such as the result of canvass.pvi.")));
	side = lean_label_points(lean, &points);
	if (side == 0)
		PG_RETURN_TEXT_P(cstring_to_text("EVEN"));
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%s+%.0f", side > 0 ? a : b, points)));
}
