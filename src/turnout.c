/*
 * turnout.c
 *	  SQL-callable turnout targets: expected_turnout (aggregate), win_number,
 *	  vote_goal, universe, net_votes, and propensity from vote history
 *	  (propensity, votes_in_last, voted_dates) over core/propensity.c.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "core/propensity.h"
#include "geom_points.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_expected_turnout_trans);
PG_FUNCTION_INFO_V1(canvass_expected_turnout_combine);
PG_FUNCTION_INFO_V1(canvass_expected_turnout_final);
PG_FUNCTION_INFO_V1(canvass_win_number);
PG_FUNCTION_INFO_V1(canvass_vote_goal);
PG_FUNCTION_INFO_V1(canvass_universe);
PG_FUNCTION_INFO_V1(canvass_net_votes);
PG_FUNCTION_INFO_V1(canvass_propensity);
PG_FUNCTION_INFO_V1(canvass_votes_in_last);
PG_FUNCTION_INFO_V1(canvass_voted_dates);

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

/* Appends "name": v in shortest exact decimal. */
static void
append_field(StringInfo buf, const char *name, double v)
{
	char		s[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v == 0 ? 0 : v, s);
	appendStringInfo(buf, ", \"%s\": %s", name, s);
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
	StringInfoData buf;

	if (lo < 0)
		lo = 0;
	if (hi > (double) s[0])
		hi = (double) s[0];
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"voters\": " INT64_FORMAT, s[0]);
	append_field(&buf, "expected", e);
	append_field(&buf, "sd", sd);
	append_field(&buf, "low", lo);
	append_field(&buf, "high", hi);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
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

/*
 * Working memory per date of the history functions, besides their input:
 * a deconstructed element and its null flag (9 bytes) and its day number
 * (4) for each array; propensity adds the kinds' element, flag and match
 * (13), and the core PROPENSITY_BYTES_PER_DATE.  A voted date needs less
 * than a calendar date; both are counted at the calendar's cost.
 */
#define PROPENSITY_GLUE_BYTES (13 + 13 + PROPENSITY_BYTES_PER_DATE)
#define VOTES_IN_LAST_GLUE_BYTES (13 + PROPENSITY_BYTES_PER_DATE)

/*
 * Refuses calendars and vote histories whose working memory, bytes_each per
 * element of both arrays (voted may be NULL), would exceed canvass.max_memory.
 */
static void
check_history_memory(const char *fname, ArrayType *voted, ArrayType *elections,
					 double bytes_each)
{
	double		n = ArrayGetNItems(ARR_NDIM(elections), ARR_DIMS(elections));

	if (voted)
		n += ArrayGetNItems(ARR_NDIM(voted), ARR_DIMS(voted));
	canvass_check_memory(fname, n, "dates (calendar and votes)", bytes_each, 0,
						 "Pass one voter's history and the elections it can hold.");
}

/* Day numbers of a date[] (NULL elements dropped unless nulls_bad), in CurrentMemoryContext. */
static int32 *
date_array(ArrayType *a, int *n, bool nulls_bad, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				i,
				m = 0;
	int32	   *out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("The array has %d dimensions.", ARR_NDIM(a)),
				 errhint("Pass one array of dates per voter.")));
	deconstruct_array(a, DATEOID, sizeof(DateADT), true, TYPALIGN_INT,
					  &elems, &nulls, &nelems);
	out = palloc(sizeof(int32) * (nelems > 0 ? nelems : 1));
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
		{
			if (nulls_bad)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("%s must not contain NULL", what),
						 errdetail("Element %d is NULL.", i + 1),
						 errhint("List every election of the calendar with its date.")));
			continue;
		}
		out[m] = DatumGetDateADT(elems[i]);
		if (nulls_bad && DATE_NOT_FINITE(out[m]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must hold finite dates", what),
					 errdetail("Element %d is infinite.", i + 1),
					 errhint("List every election of the calendar with its date.")));
		m++;
	}
	*n = m;
	return out;
}

/* Raises the error of a duplicated calendar date. */
static void
duplicate_election(const int32 *elections, size_t bad)
{
	int			y,
				m,
				d;

	/* ISO format whatever the DateStyle, so the message is stable */
	j2date(elections[bad] + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("election calendar must not repeat a date"),
			 errdetail("Element %zu repeats %04d-%02d-%02d.", bad + 1, y, m, d),
			 errhint("List each election day once; a primary and a general on the same day count as one election.")));
}

/* Raises the error of working memory the core could not get. */
static void
history_out_of_memory(const char *fname, int nelections, int nvoted)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 errdetail("%s could not allocate its working memory for %d elections and %d voted dates.",
					   fname, nelections, nvoted),
			 errhint("Lower canvass.max_memory so that such input is refused before it is read.")));
}

/*
 * propensity(voted, registered, elections, kinds, target_kind, half_life,
 * other_kind_weight): see core/propensity.h.  NULL voted means no vote,
 * NULL registered means eligible for every election, NULL target_kind
 * weighs every kind alike.  NULL when no election counts.
 */
Datum
canvass_propensity(PG_FUNCTION_ARGS)
{
	int32	   *voted = NULL,
			   *elections;
	int			nvoted = 0,
				nelections,
				nkinds = 0,
				i;
	int32		registered = DATEVAL_NOBEGIN;
	int		   *same;
	double		half_life,
				other,
				score;
	size_t		bad;
	PropensityStatus st;
	char	   *target = NULL;
	Datum	   *kinds = NULL;
	bool	   *kind_nulls = NULL;
	ArrayType  *voted_a,
			   *elections_a,
			   *kinds_a;

	if (PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(5) || PG_ARGISNULL(6))
		PG_RETURN_NULL();
	/* each array detoasted once */
	voted_a = PG_ARGISNULL(0) ? NULL : PG_GETARG_ARRAYTYPE_P(0);
	elections_a = PG_GETARG_ARRAYTYPE_P(2);
	kinds_a = PG_GETARG_ARRAYTYPE_P(3);
	check_history_memory("propensity", voted_a, elections_a, PROPENSITY_GLUE_BYTES);
	if (voted_a)
		voted = date_array(voted_a, &nvoted, false, "voted dates");
	if (!PG_ARGISNULL(1))
		registered = PG_GETARG_DATEADT(1);
	elections = date_array(elections_a, &nelections, true, "election calendar");
	deconstruct_array(kinds_a, TEXTOID, -1, false, TYPALIGN_INT,
					  &kinds, &kind_nulls, &nkinds);
	if (ARR_NDIM(kinds_a) > 1 || nkinds != nelections)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("election kinds must match the election calendar"),
				 errdetail("The calendar has %d dates and the kinds array %d elements.", nelections, nkinds),
				 errhint("Give one kind per election, such as 'general', 'primary', 'runoff' or 'special'.")));
	if (!PG_ARGISNULL(4))
		target = text_to_cstring(PG_GETARG_TEXT_PP(4));
	same = palloc(sizeof(int) * (nelections > 0 ? nelections : 1));
	for (i = 0; i < nelections; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (target == NULL)
			same[i] = 1;
		else if (kind_nulls[i])
			same[i] = 0;
		else
		{
			text	   *kind = DatumGetTextPP(kinds[i]);

			same[i] = VARSIZE_ANY_EXHDR(kind) == strlen(target) &&
				memcmp(VARDATA_ANY(kind), target, strlen(target)) == 0;
			if ((Pointer) kind != DatumGetPointer(kinds[i]))
				pfree(kind);
		}
	}
	half_life = PG_GETARG_FLOAT8(5);
	other = PG_GETARG_FLOAT8(6);
	st = propensity_score(voted, (size_t) nvoted, registered,
						  elections, same, (size_t) nelections, half_life, other,
						  &score, &bad, canvass_check_interrupts, &canvass_core_palloc);
	switch (st)
	{
		case PROPENSITY_OK:
			PG_RETURN_FLOAT8(score);
		case PROPENSITY_NO_ELIGIBLE:
			PG_RETURN_NULL();
		case PROPENSITY_DUPLICATE_ELECTION:
			duplicate_election(elections, bad);
			break;
		case PROPENSITY_BAD_HALF_LIFE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("half-life must be a positive finite number of years"),
					 errdetail("The half-life is %g.", half_life),
					 errhint("4 years (one presidential cycle) halves the weight of an election each cycle back.")));
			break;
		case PROPENSITY_BAD_OTHER_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight of other election kinds must be a finite number of 0 or more"),
					 errdetail("The weight is %g.", other),
					 errhint("0 counts only elections of the target kind, 1 counts every kind alike.")));
			break;
		case PROPENSITY_NO_MEMORY:
			history_out_of_memory("propensity", nelections, nvoted);
			break;
	}
	elog(ERROR, "unexpected propensity status %d", (int) st);
	PG_RETURN_NULL();
}

/* votes_in_last(voted, elections, m): "n of the last m" elections voted. */
Datum
canvass_votes_in_last(PG_FUNCTION_ARGS)
{
	int32	   *voted = NULL,
			   *elections;
	int			nvoted = 0,
				nelections;
	int32		m;
	size_t		bad;
	int64		count;
	PropensityStatus st;
	ArrayType  *voted_a,
			   *elections_a;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	m = PG_GETARG_INT32(2);
	if (m < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("m must not be negative"),
				 errdetail("m is %d.", m),
				 errhint("m is the number of most recent elections to look at, for example 4 for \"4 of 4\" voters.")));
	/* each array detoasted once */
	voted_a = PG_ARGISNULL(0) ? NULL : PG_GETARG_ARRAYTYPE_P(0);
	elections_a = PG_GETARG_ARRAYTYPE_P(1);
	check_history_memory("votes_in_last", voted_a, elections_a, VOTES_IN_LAST_GLUE_BYTES);
	if (voted_a)
		voted = date_array(voted_a, &nvoted, false, "voted dates");
	elections = date_array(elections_a, &nelections, true, "election calendar");
	st = propensity_votes_in_last(voted, (size_t) nvoted, elections, (size_t) nelections,
								  (size_t) m, &count, &bad, canvass_check_interrupts,
								  &canvass_core_palloc);
	if (st == PROPENSITY_DUPLICATE_ELECTION)
		duplicate_election(elections, bad);
	else if (st != PROPENSITY_OK)
		history_out_of_memory("votes_in_last", nelections, nvoted);
	PG_RETURN_INT32((int32) count);
}

/*
 * Working memory of voted_dates per element of either array: a deconstructed
 * element and its null flag (9 bytes), a day number (4), an output Datum
 * (8) and the output array's date (4).
 */
#define VOTED_DATES_BYTES 25

/*
 * voted_dates(marks text[], elections date[]): the elections whose mark is
 * not NULL and not blank, for wide history layouts (Ohio marks a general
 * vote with X and a primary vote with the party letter).
 */
Datum
canvass_voted_dates(PG_FUNCTION_ARGS)
{
	ArrayType  *ma = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ea = PG_GETARG_ARRAYTYPE_P(1);
	int32	   *elections;
	int			nelections,
				nmarks,
				i,
				m = 0;
	Datum	   *marks;
	bool	   *mnulls;
	Datum	   *out;

	canvass_check_memory("voted_dates",
						 (double) ArrayGetNItems(ARR_NDIM(ma), ARR_DIMS(ma)) +
						 ArrayGetNItems(ARR_NDIM(ea), ARR_DIMS(ea)),
						 "marks and calendar dates", VOTED_DATES_BYTES, 0,
						 "Pass one voter's history marks and their election dates.");
	elections = date_array(ea, &nelections, true, "election calendar");
	deconstruct_array(ma, TEXTOID, -1, false, TYPALIGN_INT, &marks, &mnulls, &nmarks);
	if (ARR_NDIM(ma) > 1 || nmarks != nelections)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("history marks must match the election calendar"),
				 errdetail("The calendar has %d dates and the marks array %d elements.", nelections, nmarks),
				 errhint("List the history columns in the same order as their election dates.")));
	out = palloc(sizeof(Datum) * (nelections > 0 ? nelections : 1));
	for (i = 0; i < nmarks; i++)
	{
		text	   *t;
		char	   *p,
				   *end;

		CHECK_FOR_INTERRUPTS();
		if (mnulls[i])
			continue;
		t = DatumGetTextPP(marks[i]);
		p = VARDATA_ANY(t);
		end = p + VARSIZE_ANY_EXHDR(t);
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p < end)
			out[m++] = DateADTGetDatum(elections[i]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(out, m, DATEOID, sizeof(DateADT), true, TYPALIGN_INT));
}
