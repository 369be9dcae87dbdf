/*
 * propensity.c
 *	  SQL-callable propensity from vote history: propensity, votes_in_last
 *	  and voted_dates, over core/propensity.c.  Their forms taking dates as
 *	  text are in sql_args.c.
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
#include "support.h"
#include "memory_limit.h"

PG_FUNCTION_INFO_V1(canvass_propensity);
PG_FUNCTION_INFO_V1(canvass_votes_in_last);
PG_FUNCTION_INFO_V1(canvass_voted_dates);

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
