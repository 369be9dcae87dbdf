/*
 * metrics.c
 *	  SQL-callable plan-metric aggregates: seats, efficiency_gap,
 *	  mean_median, partisan_bias, declination, declination_scaled,
 *	  lopsided_margin, competitive_count and plan_scorecard, over one row per
 *	  district.  The state collects the districts' (A, B) votes; the final
 *	  functions call the pure core in core/metrics.c, which sorts them
 *	  into canonical order first, so the answer is the same whatever the row
 *	  order or parallel plan.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "core/metrics.h"
#include "memory_limit.h"
#include "aggregate.h"
#include "support.h"

PG_FUNCTION_INFO_V1(canvass_metrics_trans_int8);
PG_FUNCTION_INFO_V1(canvass_metrics_trans_float8);
PG_FUNCTION_INFO_V1(canvass_metrics_trans_variant_int8);
PG_FUNCTION_INFO_V1(canvass_metrics_trans_variant_float8);
PG_FUNCTION_INFO_V1(canvass_metrics_trans_band_int8);
PG_FUNCTION_INFO_V1(canvass_metrics_trans_band_float8);
PG_FUNCTION_INFO_V1(canvass_metrics_combine);
PG_FUNCTION_INFO_V1(canvass_metrics_serial);
PG_FUNCTION_INFO_V1(canvass_metrics_deserial);
/* The same under the names the install script of 0.2.0 gives them. */
PG_FUNCTION_INFO_V1(canvass_metrics_serialize);
PG_FUNCTION_INFO_V1(canvass_metrics_deserialize);
PG_FUNCTION_INFO_V1(canvass_seats_final);
PG_FUNCTION_INFO_V1(canvass_efficiency_gap_final);
PG_FUNCTION_INFO_V1(canvass_mean_median_final);
PG_FUNCTION_INFO_V1(canvass_partisan_bias_final);
PG_FUNCTION_INFO_V1(canvass_declination_final);
PG_FUNCTION_INFO_V1(canvass_declination_scaled_final);
PG_FUNCTION_INFO_V1(canvass_lopsided_margin_final);
PG_FUNCTION_INFO_V1(canvass_competitive_count_final);
PG_FUNCTION_INFO_V1(canvass_plan_scorecard_final);

/* Transition state: the districts seen so far and the plan's options. */
typedef struct MetricsState
{
	int64		n;
	int64		cap;
	MetricsDistrict *d;
	bool		has_options;	/* set by the first district row */
	MetricsOptions options;

	/*
	 * The metrics of the first cached_n districts, kept by the final
	 * function: aggregates with the same arguments share one state, so
	 * seats(a, b), mean_median(a, b), ... in one query compute once.  The
	 * state only grows, so an unchanged n means unchanged districts.
	 */
	bool		cached;
	int64		cached_n;
	MetricsResult cached_result;
} MetricsState;

/* Which optional arguments a transition function takes, after (a, b). */
typedef enum TransLayout
{
	LAYOUT_PLAIN,				/* [swing [, uncontested [, lo, hi]]] */
	LAYOUT_VARIANT,				/* [variant [, swing [, uncontested]]] */
	LAYOUT_BAND					/* lo, hi [, swing [, uncontested]] */
} TransLayout;

/* A new, empty state in cxt. */
static MetricsState *
state_new(MemoryContext cxt)
{
	MetricsState *s = MemoryContextAllocZero(cxt, sizeof(MetricsState));

	metrics_default_options(&s->options);
	return s;
}

/* Makes room for extra more districts in s, whose memory lives in cxt. */
static void
state_reserve(MetricsState *s, int64 extra, MemoryContext cxt)
{
	int64		need = s->n + extra;
	int64		cap;

	if (need <= s->cap)
		return;
	if (need > (int64) (MaxAllocHugeSize / sizeof(MetricsDistrict)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many districts in one plan"),
				 errdetail("A plan of " INT64_FORMAT " districts needs more memory than one allocation can hold.", need),
				 errhint("Aggregate one row per district, grouped by plan.")));
	canvass_check_memory("a plan-metrics aggregate", (double) need, "districts in one plan",
						 sizeof(MetricsDistrict) + sizeof(MetricsWork), 0,
						 "Aggregate one row per district, grouped by plan.");
	cap = Max(s->cap * 2, 16);
	if (cap < need)
		cap = need;
	if (cap > (int64) (MaxAllocHugeSize / sizeof(MetricsDistrict)))
		cap = need;
	if (s->d == NULL)
		s->d = MemoryContextAllocHuge(cxt, cap * sizeof(MetricsDistrict));
	else
		s->d = repalloc_huge(s->d, cap * sizeof(MetricsDistrict));
	s->cap = cap;
}

/* Raises the error for bad votes of one district. */
static void
report_votes_error(MetricsStatus st, double a, double b)
{
	const char *what = st == METRICS_NAN_VOTES ? "NaN"
		: st == METRICS_INFINITE_VOTES ? "infinite" : "negative";

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("district votes must not be %s", what),
			 errdetail("A district has votes a = %g, b = %g.", a, b),
			 errhint("Votes are counts or apportioned counts, zero or more; use NULL to leave a district out.")));
}

/* Raises the error for bad options. */
static void
report_options_error(MetricsStatus st, const MetricsOptions *o)
{
	switch (st)
	{
		case METRICS_BAD_SWING:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("swing must be between -1 and 1"),
					 errdetail("The swing is %g.", o->swing),
					 errhint("The swing is a share added to every district's share, for example 0.05 for 5 points toward the first party.")));
			break;
		case METRICS_BAD_UNCONTESTED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("uncontested share must be above 0.5 and at most 1"),
					 errdetail("The substituted share is %g.", o->uncontested),
					 errhint("Pass 'as_is', or the winner's share to substitute, such as '0.75'.")));
			break;
		case METRICS_BAD_BAND:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("competitive band must satisfy 0 <= lo <= hi <= 1"),
					 errdetail("The band is [%g, %g].", o->competitive_lo, o->competitive_hi),
					 errhint("Give the band as shares of the two-party vote, for example 0.45 and 0.55.")));
			break;
		default:
			break;
	}
}

/* Reads a float8 option argument, which must not be NULL. */
static double
option_float8(FunctionCallInfo fcinfo, int arg, const char *name)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name),
				 errdetail("The %s of a district row is NULL.", name),
				 errhint("Pass the same %s on every row of a plan, or use the form of the aggregate without it.", name)));
	return PG_GETARG_FLOAT8(arg);
}

/* Reads a text option argument, which must not be NULL, as a C string. */
static char *
option_text(FunctionCallInfo fcinfo, int arg, const char *name)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name),
				 errdetail("The %s of a district row is NULL.", name),
				 errhint("Pass the same %s on every row of a plan, or use the form of the aggregate without it.", name)));
	return text_to_cstring(PG_GETARG_TEXT_PP(arg));
}

/* Parses an efficiency-gap variant name. */
static MetricsEgVariant
parse_variant(const char *s)
{
	if (strcmp(s, "half") == 0)
		return METRICS_EG_HALF;
	if (strcmp(s, "majority") == 0)
		return METRICS_EG_MAJORITY;
	if (strcmp(s, "simplified") == 0)
		return METRICS_EG_SIMPLIFIED;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown efficiency gap variant \"%s\"", s),
			 errdetail("The variants are 'half', 'majority' and 'simplified'."),
			 errhint("Use 'half' for GerryChain's and Stephanopoulos-McGhee's, 'majority' for redistmetrics', 'simplified' for PlanScore's.")));
	return METRICS_EG_HALF;		/* not reached */
}

/* Parses an uncontested treatment: 'as_is' (0) or a share such as '0.75'. */
static double
parse_uncontested(const char *s)
{
	char	   *end;
	double		x;

	if (strcmp(s, "as_is") == 0)
		return 0.0;
	errno = 0;
	x = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || isnan(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid uncontested treatment \"%s\"", s),
				 errdetail("The treatment is 'as_is' or the winner's substituted share, a number above 0.5 and at most 1."),
				 errhint("Use for example 'as_is' or '0.75'.")));
	if (!(x > 0.5 && x <= 1.0))
	{
		MetricsOptions o;

		metrics_default_options(&o);
		o.uncontested = x;
		report_options_error(METRICS_BAD_UNCONTESTED, &o);
	}
	return x;
}

/* True when two option sets are the same. */
static bool
options_equal(const MetricsOptions *x, const MetricsOptions *y)
{
	return x->swing == y->swing && x->uncontested == y->uncontested &&
		x->eg_variant == y->eg_variant &&
		x->competitive_lo == y->competitive_lo &&
		x->competitive_hi == y->competitive_hi;
}

/* Sets s's options from o, or checks they equal those already set. */
static void
state_set_options(MetricsState *s, const MetricsOptions *o)
{
	if (!s->has_options)
	{
		s->options = *o;
		s->has_options = true;
	}
	else if (!options_equal(&s->options, o))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("plan metric options must be the same on every row of a plan"),
				 errdetail("Rows of one group give different swing, uncontested treatment, variant or competitive band."),
				 errhint("Pass constants, or a value that is constant within each GROUP BY group.")));
}

/*
 * The transition function of every plan-metric aggregate.  Rows with a NULL
 * vote take no part; the optional arguments are read as layout says and
 * must be the same on every row.
 */
static Datum
metrics_trans(FunctionCallInfo fcinfo, bool is_int, TransLayout layout)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass metrics transition function");
	MetricsState *s = PG_ARGISNULL(0) ? NULL : (MetricsState *) PG_GETARG_POINTER(0);
	int			nargs = PG_NARGS();
	MetricsOptions o;
	MetricsStatus st;
	double		a,
				b;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	if (is_int)
	{
		int64		ia = PG_GETARG_INT64(1);
		int64		ib = PG_GETARG_INT64(2);

		if (ia > METRICS_MAX_VOTES || ib > METRICS_MAX_VOTES)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("district votes are too large"),
					 errdetail("A district has votes a = " INT64_FORMAT ", b = " INT64_FORMAT "; the limit is 2^53.", ia, ib),
					 errhint("Votes are counts of ballots; check the column passed.")));
		a = (double) ia;
		b = (double) ib;
	}
	else
	{
		a = PG_GETARG_FLOAT8(1);
		b = PG_GETARG_FLOAT8(2);
	}
	st = metrics_check_votes(a, b);
	if (st != METRICS_OK)
		report_votes_error(st, a, b);
	if (!is_int && (a > (double) METRICS_MAX_VOTES || b > (double) METRICS_MAX_VOTES))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("district votes are too large"),
				 errdetail("A district has votes a = %g, b = %g; the limit is 2^53.", a, b),
				 errhint("Votes are counts of ballots; check the column passed.")));

	metrics_default_options(&o);
	switch (layout)
	{
		case LAYOUT_PLAIN:
			if (nargs > 3)
				o.swing = option_float8(fcinfo, 3, "swing");
			if (nargs > 4)
				o.uncontested = parse_uncontested(option_text(fcinfo, 4, "uncontested treatment"));
			if (nargs > 6)
			{
				o.competitive_lo = option_float8(fcinfo, 5, "competitive band");
				o.competitive_hi = option_float8(fcinfo, 6, "competitive band");
			}
			break;
		case LAYOUT_VARIANT:
			if (nargs > 3)
				o.eg_variant = parse_variant(option_text(fcinfo, 3, "efficiency gap variant"));
			if (nargs > 4)
				o.swing = option_float8(fcinfo, 4, "swing");
			if (nargs > 5)
				o.uncontested = parse_uncontested(option_text(fcinfo, 5, "uncontested treatment"));
			break;
		case LAYOUT_BAND:
			o.competitive_lo = option_float8(fcinfo, 3, "competitive band");
			o.competitive_hi = option_float8(fcinfo, 4, "competitive band");
			if (nargs > 5)
				o.swing = option_float8(fcinfo, 5, "swing");
			if (nargs > 6)
				o.uncontested = parse_uncontested(option_text(fcinfo, 6, "uncontested treatment"));
			break;
	}
	st = metrics_check_options(&o);
	if (st != METRICS_OK)
		report_options_error(st, &o);

	if (s == NULL)
		s = state_new(aggcxt);
	state_set_options(s, &o);
	state_reserve(s, 1, aggcxt);
	s->d[s->n].a = a;
	s->d[s->n].b = b;
	s->n++;
	PG_RETURN_POINTER(s);
}

Datum
canvass_metrics_trans_int8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, true, LAYOUT_PLAIN);
}

Datum
canvass_metrics_trans_float8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, false, LAYOUT_PLAIN);
}

Datum
canvass_metrics_trans_variant_int8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, true, LAYOUT_VARIANT);
}

Datum
canvass_metrics_trans_variant_float8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, false, LAYOUT_VARIANT);
}

Datum
canvass_metrics_trans_band_int8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, true, LAYOUT_BAND);
}

Datum
canvass_metrics_trans_band_float8(PG_FUNCTION_ARGS)
{
	return metrics_trans(fcinfo, false, LAYOUT_BAND);
}

/*
 * Combines two partial states: the districts of the second are copied onto
 * the end of the first (a new state in the aggregate context when the first
 * is NULL); the second state is never aliased.
 */
Datum
canvass_metrics_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_metrics_combine");
	MetricsState *s1 = PG_ARGISNULL(0) ? NULL : (MetricsState *) PG_GETARG_POINTER(0);
	MetricsState *s2 = PG_ARGISNULL(1) ? NULL : (MetricsState *) PG_GETARG_POINTER(1);

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
		s1 = state_new(aggcxt);
	if (s2->has_options)
		state_set_options(s1, &s2->options);
	if (s2->n > 0)
	{
		state_reserve(s1, s2->n, aggcxt);
		memcpy(s1->d + s1->n, s2->d, s2->n * sizeof(MetricsDistrict));
		s1->n += s2->n;
	}
	PG_RETURN_POINTER(s1);
}

/* Serializes a state into bytea: a fixed header, then the districts (metrics_state_write). */
Datum
canvass_metrics_serial(PG_FUNCTION_ARGS)
{
	MetricsState *s;
	Size		len;
	bytea	   *out;

	canvass_agg_context(fcinfo, "canvass_metrics_serial");
	s = (MetricsState *) PG_GETARG_POINTER(0);
	len = VARHDRSZ + sizeof(MetricsStateHeader) + (Size) s->n * sizeof(MetricsDistrict);
	if (len > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many districts in one plan for a parallel plan"),
				 errdetail("A partial state of " INT64_FORMAT " districts exceeds 1 GB.", s->n),
				 errhint("Aggregate one row per district, grouped by plan, or SET max_parallel_workers_per_gather = 0.")));
	/* zeroed, and written field by field: no byte of the state is left undefined */
	out = (bytea *) palloc0(len);
	SET_VARSIZE(out, len);
	metrics_state_write(VARDATA(out), s->has_options, &s->options, s->d, s->n);
	PG_RETURN_BYTEA_P(out);
}

/*
 * Reads a serialized state back, checking it like user input: the core's
 * metrics_state_check validates every byte before anything is allocated.
 */
Datum
canvass_metrics_deserial(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = canvass_agg_context(fcinfo, "canvass_metrics_deserial");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	Size		len = VARSIZE_ANY_EXHDR(in);
	const char *p = VARDATA_ANY(in);
	MetricsStateHeader h;
	MetricsOptions o;
	MetricsState *s;
	size_t		bad;

	if (metrics_state_check(p, len, &h, &o, &bad) != METRICS_OK)
		goto bad;
	s = state_new(aggcxt);
	if (h.has_options)
	{
		s->has_options = true;
		s->options = o;
	}
	if (h.n > 0)
	{
		state_reserve(s, h.n, aggcxt);
		memcpy(s->d, p + sizeof(h), h.n * sizeof(MetricsDistrict));
		s->n = h.n;
	}
	PG_RETURN_POINTER(s);

bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid plan metrics state"),
			 errdetail("The serialized state of %zu bytes is malformed.", len),
			 errhint("The state is produced by the aggregate's own serial function; do not build it by hand.")));
	PG_RETURN_NULL();			/* not reached */
}

/* Lets a statement timeout or cancel stop a long sort of a huge plan. */
static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * Computes every metric of the state's districts into r; false when the
 * state is empty or no district has votes (the metrics are then NULL).
 */
static bool
state_compute(FunctionCallInfo fcinfo, MetricsResult *r, MetricsOptions *o)
{
	MetricsState *s;
	MetricsWork *work;

	if (PG_ARGISNULL(0))
		return false;
	s = (MetricsState *) PG_GETARG_POINTER(0);
	*o = s->options;
	if (s->n == 0)
		return false;
	if (s->cached && s->cached_n == s->n)
	{
		*r = s->cached_result;
		return r->districts > 0;
	}
	work = MemoryContextAllocHuge(CurrentMemoryContext, s->n * sizeof(MetricsWork));
	metrics_compute(s->d, (size_t) s->n, o, r, work, check_interrupts);
	pfree(work);
	s->cached_result = *r;
	s->cached_n = s->n;
	s->cached = true;
	return r->districts > 0;
}

/*
 * The final functions of the single-metric aggregates: each computes every
 * metric of the state and returns one; NULL when no district has votes.
 */
#define METRIC_FINAL(fname, value, ret) \
Datum \
fname(PG_FUNCTION_ARGS) \
{ \
	MetricsResult r; \
	MetricsOptions o; \
\
	if (!state_compute(fcinfo, &r, &o)) \
		PG_RETURN_NULL(); \
	ret(value); \
}

METRIC_FINAL(canvass_seats_final, r.seats, PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_efficiency_gap_final, r.efficiency_gap[o.eg_variant], PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_mean_median_final, r.mean_median, PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_partisan_bias_final, r.partisan_bias, PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_declination_final, r.declination, PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_declination_scaled_final, r.declination_scaled, PG_RETURN_FLOAT8)
METRIC_FINAL(canvass_competitive_count_final, r.competitive, PG_RETURN_INT64)

/* Lopsided margin has no value when a party won no seat. */
Datum
canvass_lopsided_margin_final(PG_FUNCTION_ARGS)
{
	MetricsResult r;
	MetricsOptions o;

	if (!state_compute(fcinfo, &r, &o) || !r.lopsided_defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r.lopsided_margin);
}

Datum
canvass_plan_scorecard_final(PG_FUNCTION_ARGS)
{
	MetricsResult r;
	MetricsOptions o;
	JsonbParseState *ps = NULL;

	if (!state_compute(fcinfo, &r, &o))
		PG_RETURN_NULL();
	/*
	 * Keys in jsonb's own order (shorter first, then bytewise), so the sort
	 * that closes the object finds them sorted and returns at once.
	 */
	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_number(&ps, "seats", r.seats);
	canvass_jsonb_number(&ps, "swing", o.swing);
	canvass_jsonb_int(&ps, "districts", r.districts);
	canvass_jsonb_number(&ps, "mean_share", r.mean_share);
	canvass_jsonb_number(&ps, "seat_share", r.seat_share);
	canvass_jsonb_number(&ps, "vote_share", r.vote_share);
	canvass_jsonb_int(&ps, "competitive", r.competitive);
	canvass_jsonb_number(&ps, "declination", r.declination);
	canvass_jsonb_number(&ps, "mean_median", r.mean_median);
	canvass_jsonb_int(&ps, "uncontested", r.uncontested);
	canvass_jsonb_number(&ps, "median_share", r.median_share);
	canvass_jsonb_number(&ps, "partisan_bias", r.partisan_bias);
	canvass_jsonb_number(&ps, "competitive_hi", o.competitive_hi);
	canvass_jsonb_number(&ps, "competitive_lo", o.competitive_lo);
	canvass_jsonb_number(&ps, "efficiency_gap", r.efficiency_gap[METRICS_EG_HALF]);
	if (r.lopsided_defined)
		canvass_jsonb_number(&ps, "lopsided_margin", r.lopsided_margin);
	else
		canvass_jsonb_null(&ps, "lopsided_margin");
	canvass_jsonb_number(&ps, "declination_scaled", r.declination_scaled);
	/* every key keeps one type: the treatment a string, the share a number or null */
	if (o.uncontested == 0.0)
	{
		canvass_jsonb_string(&ps, "uncontested_treatment", "as_is");
		canvass_jsonb_null(&ps, "uncontested_share");
	}
	else
	{
		canvass_jsonb_string(&ps, "uncontested_treatment", "impute");
		canvass_jsonb_number(&ps, "uncontested_share", o.uncontested);
	}
	canvass_jsonb_number(&ps, "efficiency_gap_majority", r.efficiency_gap[METRICS_EG_MAJORITY]);
	canvass_jsonb_number(&ps, "efficiency_gap_simplified", r.efficiency_gap[METRICS_EG_SIMPLIFIED]);
	PG_RETURN_DATUM(canvass_jsonb_result(&ps));
}

/*
 * The serial functions under their names in release 0.2.0's install
 * script, which creates them before its upgrade to 0.3.0 renames them.
 */
Datum
canvass_metrics_serialize(PG_FUNCTION_ARGS)
{
	return canvass_metrics_serial(fcinfo);
}

Datum
canvass_metrics_deserialize(PG_FUNCTION_ARGS)
{
	return canvass_metrics_deserial(fcinfo);
}
