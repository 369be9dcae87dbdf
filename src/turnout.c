/*
 * turnout.c
 *	  SQL-callable turnout targets: expected_turnout (aggregate), win_number,
 *	  vote_goal, universe and net_votes.  Propensity from vote history is in
 *	  propensity.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "memory_limit.h"
#include "support.h"

PG_FUNCTION_INFO_V1(canvass_expected_turnout_trans);
PG_FUNCTION_INFO_V1(canvass_expected_turnout_combine);
PG_FUNCTION_INFO_V1(canvass_expected_turnout_final);
PG_FUNCTION_INFO_V1(canvass_win_number);
PG_FUNCTION_INFO_V1(canvass_vote_goal);
PG_FUNCTION_INFO_V1(canvass_universe);
PG_FUNCTION_INFO_V1(canvass_net_votes);

/* Fixed point of the expected_turnout sums: p and p(1-p) in units of 2^-60. */
#define ET_SCALE 0x1p60
#define ET_STATE_LEN 5			/* voters, sum p (hi, lo), sum p(1-p) (hi, lo) */
#define Z95 1.959963984540054	/* two-sided 95% normal quantile */

/* Checks a probability-like score: finite and within 0..1, else an error naming it. */
static void
check_unit(double v, const char *what)
{
	if (isnan(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", what),
				 errhint("Use NULL for an unknown score.")));
	if (v < 0 || v > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1", what),
				 errdetail("The value is %g.", v),
				 errhint("%s", v > 1 && v <= 100
						 ? "Scores on a 0-100 scale (VAN, state parties) must be divided by 100."
						 : "canvass takes scores and shares as probabilities from 0 to 1; divide 0-100 scores by 100.")));
}

#define ET_STATE_HINT "The state comes only from expected_turnout's own functions; call canvass.expected_turnout(p) rather than its support functions."

/* The 128-bit sum stored in state[i] (hi, signed) and state[i + 1] (lo). */
static __int128
get128(const int64 *s, int i)
{
	return (__int128) (((unsigned __int128) (uint64) s[i] << 64) | (uint64) s[i + 1]);
}

static void
put128(int64 *s, int i, __int128 v)
{
	s[i] = (int64) (uint64) ((unsigned __int128) v >> 64);
	s[i + 1] = (int64) (uint64) v;
}

/* A 128-bit integer in decimal, for messages. */
static char *
int128_text(__int128 v)
{
	char		buf[48];
	char	   *p = buf + sizeof(buf) - 1;
	unsigned __int128 u = v < 0 ? -(unsigned __int128) v : (unsigned __int128) v;

	*p = '\0';
	do
	{
		*--p = (char) ('0' + (int) (u % 10));
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	return pstrdup(p);
}

/* Raises the error for a state that breaks an invariant; detail says which. */
static void
report_bad_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid expected_turnout state"),
			 errdetail_internal("%s", detail),
			 errhint(ET_STATE_HINT)));
}

/*
 * The int64 elements of a state array, checked like user input: the shape,
 * then what the transition function keeps true of every state it builds.
 * Each voter adds round(p 2^60), within [0, 2^60], to the sum of p, and
 * round(p(1 - p) 2^60), within [0, min(round(p 2^60), 2^58)], to the sum of
 * p(1 - p); so voters >= 0, 0 <= sum p <= voters 2^60 and
 * 0 <= sum p(1 - p) <= min(sum p, voters 2^58).  Both sums then stay below
 * 2^123, so adding two states' sums cannot overflow 128 bits.
 */
static int64 *
state_values(ArrayType *a)
{
	int64	   *s;
	__int128	voters,
				sp,
				spq;

	if (ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != ET_STATE_LEN || ARR_HASNULL(a) ||
		ARR_ELEMTYPE(a) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid expected_turnout state"),
				 errdetail("The state must be a bigint array of %d elements without NULLs.", ET_STATE_LEN),
				 errhint(ET_STATE_HINT)));
	s = (int64 *) ARR_DATA_PTR(a);
	voters = s[0];
	sp = get128(s, 1);
	spq = get128(s, 3);
	if (voters < 0)
		report_bad_state(psprintf("The state counts " INT64_FORMAT " voters; a count is never negative.",
								  s[0]));
	if (sp < 0 || sp > voters * ((__int128) 1 << 60))
		report_bad_state(psprintf("The state's sum of p is %s x 2^-60, outside 0 to its number of voters, " INT64_FORMAT ".",
								  int128_text(sp), s[0]));
	if (spq < 0)
		report_bad_state(psprintf("The state's sum of p(1 - p) is %s x 2^-60, below 0.",
								  int128_text(spq)));
	if (spq > sp)
		report_bad_state(psprintf("The state's sum of p(1 - p) is %s x 2^-60, more than its sum of p, %s x 2^-60.",
								  int128_text(spq), int128_text(sp)));
	if (spq > voters * ((__int128) 1 << 58))
		report_bad_state(psprintf("The state's sum of p(1 - p) is %s x 2^-60, more than a quarter of its " INT64_FORMAT " voters (p(1 - p) is at most 1/4).",
								  int128_text(spq), s[0]));
	return s;
}

/* The voter count of two states together, 22003 past 2^63 - 1. */
static int64
add_voters(int64 a, int64 b)
{
	int64		r;

	if (pg_add_s64_overflow(a, b, &r))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("expected_turnout counts more voters than bigint holds"),
				 errdetail("Adding " INT64_FORMAT " and " INT64_FORMAT " voters passes " INT64_FORMAT ".",
						   a, b, PG_INT64_MAX),
				 errhint(ET_STATE_HINT)));
	return r;
}

/*
 * expected_turnout transition: adds p and p(1 - p), rounded to 2^-60, to
 * exact integer sums, so the result is the same for any row order or plan.
 */
Datum
canvass_expected_turnout_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	double		p = PG_GETARG_FLOAT8(1);
	int64	   *s;

	check_unit(p, "turnout probability");
	if (!AggCheckCallContext(fcinfo, NULL))
		a = PG_GETARG_ARRAYTYPE_P_COPY(0);
	s = state_values(a);
	s[0] = add_voters(s[0], 1);
	put128(s, 1, get128(s, 1) + llround(p * ET_SCALE));
	put128(s, 3, get128(s, 3) + llround(p * (1 - p) * ET_SCALE));
	PG_RETURN_ARRAYTYPE_P(a);
}

/* expected_turnout combine: adds the sums into a fresh array. */
Datum
canvass_expected_turnout_combine(PG_FUNCTION_ARGS)
{
	int64	   *x = state_values(PG_GETARG_ARRAYTYPE_P(0));
	int64	   *y = state_values(PG_GETARG_ARRAYTYPE_P(1));
	Datum		out[ET_STATE_LEN];
	int64		r[ET_STATE_LEN];
	int			i;

	r[0] = add_voters(x[0], y[0]);
	put128(r, 1, get128(x, 1) + get128(y, 1));
	put128(r, 3, get128(x, 3) + get128(y, 3));
	for (i = 0; i < ET_STATE_LEN; i++)
		out[i] = Int64GetDatum(r[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, ET_STATE_LEN, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * expected_turnout final: {"voters", "expected", "sd", "low", "high"} with
 * the 95% normal interval, clipped to 0..voters.
 */
Datum
canvass_expected_turnout_final(PG_FUNCTION_ARGS)
{
	int64	   *s = state_values(PG_GETARG_ARRAYTYPE_P(0));
	double		e = (double) get128(s, 1) / ET_SCALE;
	double		v = (double) get128(s, 3) / ET_SCALE;
	double		sd = sqrt(v);
	double		lo = e - Z95 * sd,
				hi = e + Z95 * sd;
	JsonbParseState *ps = NULL;

	if (lo < 0)
		lo = 0;
	if (hi > (double) s[0])
		hi = (double) s[0];
	canvass_jsonb_begin_object(&ps, NULL);
	canvass_jsonb_int(&ps, "voters", s[0]);
	canvass_jsonb_number(&ps, "expected", e);
	canvass_jsonb_number(&ps, "sd", sd);
	canvass_jsonb_number(&ps, "low", lo);
	canvass_jsonb_number(&ps, "high", hi);
	PG_RETURN_DATUM(canvass_jsonb_result(&ps));
}

/* Checks expected votes: finite and not negative. */
static void
check_expected(double e)
{
	if (isnan(e) || isinf(e) || e < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expected votes must be a finite number of 0 or more"),
				 errdetail("The value is %g.", e),
				 errhint("Use the expected number of ballots, for example the \"expected\" of canvass.expected_turnout(...).")));
}

/* Numeric of a double, through its shortest decimal (0.3 is 0.3). */
static Datum
num(double v)
{
	return DirectFunctionCall1(float8_numeric, Float8GetDatum(v));
}

static Datum
num_int(int64 v)
{
	return NumericGetDatum(int64_to_numeric(v));
}

/*
 * win_number(expected_votes, rule, k, threshold): votes that are sure to
 * win, in exact decimal arithmetic on the shortest decimal forms:
 * 'majority' floor(E/2) + 1; 'top_k' floor(E/(k+1)) + 1; 'threshold'
 * floor(E * threshold) + 1 (more than the threshold share).
 */
Datum
canvass_win_number(PG_FUNCTION_ARGS)
{
	double		e;
	char	   *rule;
	int32		k;
	Datum		q;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	e = PG_GETARG_FLOAT8(0);
	rule = text_to_cstring(PG_GETARG_TEXT_PP(1));
	k = PG_GETARG_INT32(2);
	check_expected(e);
	if (strcmp(rule, "threshold") != 0 && !PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold is only used with rule 'threshold'"),
				 errdetail("The rule is '%s' and the threshold is %g.", rule, PG_GETARG_FLOAT8(3)),
				 errhint("Call win_number(expected, 'threshold', threshold => 0.30) for a runoff threshold.")));
	if (strcmp(rule, "top_k") != 0 && k != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k is only used with rule 'top_k'"),
				 errdetail("The rule is '%s' and k is %d.", rule, k),
				 errhint("Call win_number(expected, 'top_k', 2) for a top-two finish.")));
	if (strcmp(rule, "majority") == 0 || strcmp(rule, "top_k") == 0)
	{
		if (k < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("k must be 1 or more"),
					 errdetail("k is %d.", k),
					 errhint("k is the number of candidates who advance: 2 for a top-two primary.")));
		q = DirectFunctionCall2(numeric_div_trunc, num(e), num_int((int64) k + 1));
	}
	else if (strcmp(rule, "threshold") == 0)
	{
		double		t;

		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rule 'threshold' needs a threshold"),
					 errhint("Pass the share a candidate must exceed, for example threshold => 0.30 (North Carolina).")));
		t = PG_GETARG_FLOAT8(3);
		if (isnan(t) || !(t > 0 && t < 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("threshold must be greater than 0 and less than 1"),
					 errdetail("The threshold is %g.", t),
					 errhint("%s", t >= 1 && t <= 100 ? "Write a percentage as a share: 0.30 for 30%." : "A threshold is a share of the vote, such as 0.30 or 0.35.")));
		q = DirectFunctionCall1(numeric_floor,
								DirectFunctionCall2(numeric_mul, num(e), num(t)));
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown win_number rule \"%s\"", rule),
				 errhint("Use 'majority', 'top_k' or 'threshold'.")));
	q = DirectFunctionCall2(numeric_add, q, num_int(1));
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_int8, q));
}

/* vote_goal(expected_votes, target_share): ceil(E * share), in exact decimal. */
Datum
canvass_vote_goal(PG_FUNCTION_ARGS)
{
	double		e = PG_GETARG_FLOAT8(0);
	double		share = PG_GETARG_FLOAT8(1);
	Datum		q;

	check_expected(e);
	if (isnan(share) || !(share > 0 && share <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target share must be greater than 0 and at most 1"),
				 errdetail("The target share is %g.", share),
				 errhint("%s", share > 1 && share <= 100 ? "Write a percentage as a share: 0.52 for 52%." : "A target share is a share of the expected votes, such as 0.52.")));
	q = DirectFunctionCall1(numeric_ceil,
							DirectFunctionCall2(numeric_mul, num(e), num(share)));
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_int8, q));
}

/*
 * universe(support, turnout, support_low, support_high, turnout_likely,
 * turnout_high): 'base' (support >= support_high, turnout >= turnout_high),
 * 'gotv' (support >= support_high, turnout below turnout_high),
 * 'opposition' (support < support_low), 'persuasion' (support in between,
 * turnout >= turnout_likely), 'none' (in between, unlikely to vote).
 */
Datum
canvass_universe(PG_FUNCTION_ARGS)
{
	double		s = PG_GETARG_FLOAT8(0);
	double		t = PG_GETARG_FLOAT8(1);
	double		slo = PG_GETARG_FLOAT8(2);
	double		shi = PG_GETARG_FLOAT8(3);
	double		tlikely = PG_GETARG_FLOAT8(4);
	double		thi = PG_GETARG_FLOAT8(5);
	const char *u;

	check_unit(s, "support score");
	check_unit(t, "turnout score");
	check_unit(slo, "support_low");
	check_unit(shi, "support_high");
	check_unit(tlikely, "turnout_likely");
	check_unit(thi, "turnout_high");
	if (slo > shi || tlikely > thi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("universe bands are out of order"),
				 errdetail("support_low %g, support_high %g, turnout_likely %g, turnout_high %g.", slo, shi, tlikely, thi),
				 errhint("Bands need support_low <= support_high and turnout_likely <= turnout_high.")));
	if (s >= shi)
		u = t >= thi ? "base" : "gotv";
	else if (s < slo)
		u = "opposition";
	else
		u = t >= tlikely ? "persuasion" : "none";
	PG_RETURN_TEXT_P(cstring_to_text(u));
}

/*
 * net_votes(support, turnout, lift): expected net votes per contact,
 * min(lift, 1 - turnout) * (2 * support - 1): the contact raises the
 * probability of voting by lift, but not above 1.
 */
Datum
canvass_net_votes(PG_FUNCTION_ARGS)
{
	double		s = PG_GETARG_FLOAT8(0);
	double		t = PG_GETARG_FLOAT8(1);
	double		lift = PG_GETARG_FLOAT8(2);

	check_unit(s, "support score");
	check_unit(t, "turnout score");
	check_unit(lift, "lift");
	PG_RETURN_FLOAT8(fmin(lift, 1 - t) * (2 * s - 1));
}
