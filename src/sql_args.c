/*
 * sql_args.c
 *	  Arguments in the types people have: counts as integer, bigint,
 *	  numeric or double precision, logit_fit's outcome as a 0/1 integer,
 *	  and election dates written as text.  See sql_args.h.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "memory_limit.h"
#include "sql_args.h"

PG_FUNCTION_INFO_V1(canvass_logit_fit_trans_int);
PG_FUNCTION_INFO_V1(canvass_propensity_text);
PG_FUNCTION_INFO_V1(canvass_votes_in_last_text);
PG_FUNCTION_INFO_V1(canvass_voted_dates_text);

/* logit_fit's transition function over a boolean outcome (logit.c). */
extern Datum canvass_logit_fit_trans(PG_FUNCTION_ARGS);

/* The date[] forms of the vote-history functions (turnout.c). */
extern Datum canvass_propensity(PG_FUNCTION_ARGS);
extern Datum canvass_votes_in_last(PG_FUNCTION_ARGS);
extern Datum canvass_voted_dates(PG_FUNCTION_ARGS);

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

/*
 * Working memory of reading dates written as text, per element: the
 * deconstructed element and its null flag (9 bytes) and the date of the
 * new array (4).
 */
#define TEXT_DATES_BYTES 13

/* Longest part of a bad element quoted in an error message. */
#define QUOTED_ELEMENT_MAX 40

/*
 * The day number of s, a date written YYYY-MM-DD (ISO 8601, years 0001 to
 * 9999), or an error naming element i of fname's argname.  Only this form
 * is read, so the result never depends on DateStyle or the clock (no
 * 'today') and the functions stay immutable.
 */
static DateADT
iso_date_element(const char *s, int len, const char *fname, const char *argname, int i)
{
	int			y,
				m,
				d,
				k;
	char		quoted[QUOTED_ELEMENT_MAX + 4];

	snprintf(quoted, sizeof(quoted), "%.*s%s", Min(len, QUOTED_ELEMENT_MAX), s,
			 len > QUOTED_ELEMENT_MAX ? "..." : "");
	for (k = 0; k < len && len == 10; k++)
		if (k == 4 || k == 7 ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
			break;
	if (len != 10 || k != 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("%s %s element %d is not a date written YYYY-MM-DD: \"%s\"",
						fname, argname, i, quoted),
				 errdetail("Dates passed as text are read in the ISO form year-month-day only, such as 2020-11-03."),
				 errhint("Write the dates as YYYY-MM-DD, or pass a date[]: send date values (datetime.date in Python) rather than strings, or cast the array with ::date[].")));
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("%s %s element %d is not a date: \"%s\"", fname, argname, i, quoted),
				 y < 1 ? errdetail("There is no year 0000; years run from 0001.") :
				 m < 1 || m > 12 ? errdetail("There is no month %02d.", m) :
				 errdetail("Month %02d of %04d has %d days.", m, y, day_tab[isleap(y)][m - 1]),
				 errhint("Correct the date, or pass a date[] built from date values.")));
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

ArrayType *
canvass_date_array_arg(Datum d, Oid typid, const char *fname, const char *argname)
{
	ArrayType  *a;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				ndim;
	ArrayType  *result;

	switch (typid)
	{
		case DATEARRAYOID:
			return DatumGetArrayTypeP(d);
		case TEXTOID:
			/* an untyped literal such as '{2020-11-03}' or '{}' */
			a = DatumGetArrayTypeP(OidInputFunctionCall(F_ARRAY_IN, TextDatumGetCString(d),
														TEXTOID, -1));
			break;
		case TEXTARRAYOID:
			a = DatumGetArrayTypeP(d);
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s %s must be date[] or text[]", fname, argname),
					 errdetail("It is of type %s.", format_type_be(typid)),
					 errhint("Cast it, for example with ::date[].")));
	}
	ndim = ARR_NDIM(a);
	canvass_check_memory(fname, (double) ArrayGetNItems(ndim, ARR_DIMS(a)),
						 "dates written as text", TEXT_DATES_BYTES, 0,
						 "Pass one voter's history and the elections it can hold.");
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		text	   *t;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		elems[i] = DateADTGetDatum(iso_date_element(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
													fname, argname, i + 1));
	}
	/* same shape as the input, so the date[] form's own checks (one dimension) apply */
	result = construct_md_array(elems, nulls, ndim, ARR_DIMS(a), ARR_LBOUND(a),
								DATEOID, sizeof(DateADT), true, TYPALIGN_INT);
	pfree(elems);
	pfree(nulls);
	return result;
}

/* Most arguments of a vote-history function (propensity has 7). */
#define HISTORY_MAX_ARGS 7

/*
 * Calls fn, the date[] form of a vote-history function, with the arguments
 * of fcinfo but for the date arguments args[0 .. nargs - 1], named names,
 * read as date[] when the call passed them as text[] or an untyped
 * literal.  The call goes through a copy of fcinfo: the executor fills a
 * constant argument once per query, not per row, so fcinfo's own arguments
 * must stay as they came.
 */
static Datum
call_with_date_arrays(FunctionCallInfo fcinfo, PGFunction fn, const char *fname,
					  const int *args, const char *const *names, int nargs)
{
	LOCAL_FCINFO(call, HISTORY_MAX_ARGS);
	Datum		result;
	int			k;

	Assert(PG_NARGS() <= HISTORY_MAX_ARGS);
	InitFunctionCallInfoData(*call, fcinfo->flinfo, PG_NARGS(), fcinfo->fncollation,
							 fcinfo->context, fcinfo->resultinfo);
	for (k = 0; k < PG_NARGS(); k++)
		call->args[k] = fcinfo->args[k];
	for (k = 0; k < nargs; k++)
		if (!PG_ARGISNULL(args[k]))
			call->args[args[k]].value =
				PointerGetDatum(canvass_date_array_arg(PG_GETARG_DATUM(args[k]),
													   get_fn_expr_argtype(fcinfo->flinfo, args[k]),
													   fname, names[k]));
	result = fn(call);
	fcinfo->isnull = call->isnull;
	return result;
}

/* propensity with voted and elections as text[] or untyped literals. */
Datum
canvass_propensity_text(PG_FUNCTION_ARGS)
{
	static const int args[] = {0, 2};
	static const char *const names[] = {"voted", "elections"};

	return call_with_date_arrays(fcinfo, canvass_propensity, "propensity", args, names, 2);
}

/* votes_in_last with voted and elections as text[] or untyped literals. */
Datum
canvass_votes_in_last_text(PG_FUNCTION_ARGS)
{
	static const int args[] = {0, 1};
	static const char *const names[] = {"voted", "elections"};

	return call_with_date_arrays(fcinfo, canvass_votes_in_last, "votes_in_last", args, names, 2);
}

/* voted_dates with elections as text[] or an untyped literal. */
Datum
canvass_voted_dates_text(PG_FUNCTION_ARGS)
{
	static const int args[] = {1};
	static const char *const names[] = {"elections"};

	return call_with_date_arrays(fcinfo, canvass_voted_dates, "voted_dates", args, names, 1);
}
